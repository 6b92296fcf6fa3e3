package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
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

// requireShell makes `fitcheck completion tcsh` (or no shell) a usage error:
// cobra's completion command printed its help and exited 0, so a script
// writing it to a completion file got help text and no warning.
func requireShell(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("completion needs a shell: bash, zsh, fish or powershell")
			}
			return usagef("completion %q: the shells are bash, zsh, fish and powershell", args[0])
		}
	}
}
