package cli

import (
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
		"gpu": func() []string {
			var out []string
			for _, a := range hwprobe.ListAccelerators() {
				out = append(out, a.Name)
			}
			return out
		},
		"model":   modelIDs,
		"require": modelIDs,
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

func modelIDs() []string {
	cat, err := catalog.Builtin()
	if err != nil {
		return nil
	}
	ids := make([]string, 0, len(cat.Models))
	for _, m := range cat.Models {
		ids = append(ids, m.ID)
	}
	return ids
}

// withPrefix keeps the values that start with prefix, ignoring case.
func withPrefix(values []string, prefix string) []string {
	var out []string
	for _, v := range values {
		if strings.HasPrefix(strings.ToLower(v), strings.ToLower(prefix)) {
			out = append(out, v)
		}
	}
	return out
}
