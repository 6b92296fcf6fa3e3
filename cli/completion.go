package cli

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

// registerCompletions completes flag values from the accelerator database,
// the catalog and the quantization table (cobra's completion command
// generates the bash, zsh, fish and PowerShell scripts).
func registerCompletions(root *cobra.Command) {
	values := map[string]func() []string{
		"gpu":     gpuNames,
		"model":   modelNames,
		"require": modelNames,
		"quant": func() []string {
			var out []string
			for _, q := range estimate.Quants() {
				out = append(out, q.Name)
			}
			return out
		},
		"kv-type":  func() []string { return []string{"f16", "q8_0", "q4_0"} },
		"engine":   func() []string { return []string{estimate.EngineLlamaCpp, estimate.EngineVLLM} },
		"modality": func() []string { return []string{"text", "vision"} },
		"sort":     func() []string { return report.SortOrders },
	}
	for name, list := range values {
		_ = root.RegisterFlagCompletionFunc(name, func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return withPrefix(list(), prefix), cobra.ShellCompDirectiveNoFileComp
		})
	}
}

// withPrefix keeps the values that start with prefix, ignoring case, and
// spells the typed part as it was typed: shells keep only candidates that
// start with exactly what is on the command line, and fitcheck matches
// names ignoring case ("qwen3" completes to "qwen3-32B").
func withPrefix(values []string, prefix string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range values {
		if len(v) < len(prefix) || !strings.EqualFold(v[:len(prefix)], prefix) {
			continue
		}
		v = prefix + v[len(prefix):]
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// modelNames are the names --model, --require and fit accept: full ids,
// repo names without the organisation ("gpt-oss-20b") and display names.
func modelNames() []string {
	cat, err := catalog.Builtin()
	if err != nil {
		return nil
	}
	var out []string
	for _, m := range cat.Models {
		out = append(out, m.ID)
		if _, repo, ok := strings.Cut(m.ID, "/"); ok {
			out = append(out, repo)
		}
		out = append(out, m.Name)
	}
	return out
}

// gpuNames are the names --gpu accepts: database names, their tails
// without vendor and brand words ("RTX 4090" for "NVIDIA GeForce RTX
// 4090"), and aliases. Tails are offered only where the parser takes them.
func gpuNames() []string {
	var out []string
	for _, a := range hwprobe.ListAccelerators() {
		out = append(out, a.Name)
		words := strings.Fields(a.Name)
		for i := 1; i < len(words); i++ {
			tail := strings.Join(words[i:], " ")
			if !strings.ContainsAny(tail, "0123456789") {
				break
			}
			if _, err := hwprobe.ParseGPUSpec(tail); err == nil || errors.Is(err, hwprobe.ErrSizeNeeded) {
				out = append(out, tail)
			}
		}
		out = append(out, a.Aliases...)
	}
	return out
}
