package cli

import (
	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/plan"
	"github.com/fitcheck/fitcheck/report"
)

func newSchemaCommand(a *App) *cobra.Command {
	schemas := map[string][]byte{"document": report.Schema, "hw": report.HardwareSchema, "gpus": report.AcceleratorsSchema, "plan": plan.Schema}
	var planDoc bool
	cmd := &cobra.Command{
		Use:   "schema [document|hw|gpus|plan]",
		Short: "Print the JSON Schema of a --json output",
		Long: `Print the JSON Schema of a --json output: "document" (the default) for
fitcheck --json and fitcheck fit --json, "hw" for fitcheck hw --json, "gpus" for
fitcheck hw --list-gpus --json, "plan" (or --plan) for fitcheck plan --json.`,
		ValidArgs: []string{"document", "hw", "gpus", "plan"},
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case len(args) > 1:
				return usagef("schema takes at most one name (document, hw, gpus, plan)")
			case len(args) == 1 && schemas[args[0]] == nil:
				return usagef("schema %q: no such schema (document, hw, gpus, plan)", args[0])
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			name := "document"
			if len(args) == 1 {
				name = args[0]
			}
			if planDoc {
				name = "plan"
			}
			_, err := a.env.Stdout.Write(schemas[name])
			return err
		},
	}
	cmd.Flags().BoolVar(&planDoc, "plan", false, "the schema of the fitcheck plan document (as: schema plan)")
	return cmd
}
