package cli

import (
	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/report"
)

func newSchemaCommand(a *App) *cobra.Command {
	schemas := map[string][]byte{"document": report.Schema, "hw": report.HardwareSchema, "gpus": report.AcceleratorsSchema}
	return &cobra.Command{
		Use:   "schema [document|hw|gpus]",
		Short: "Print the JSON Schema of a --json output",
		Long: `Print the JSON Schema of a --json output: "document" (the default) for
fitcheck --json and fitcheck fit --json, "hw" for fitcheck hw --json, "gpus" for
fitcheck hw --list-gpus --json.`,
		ValidArgs: []string{"document", "hw", "gpus"},
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case len(args) > 1:
				return usagef("schema takes at most one name (document, hw, gpus)")
			case len(args) == 1 && schemas[args[0]] == nil:
				return usagef("schema %q: no such schema (document, hw, gpus)", args[0])
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			name := "document"
			if len(args) == 1 {
				name = args[0]
			}
			_, err := a.env.Stdout.Write(schemas[name])
			return err
		},
	}
}
