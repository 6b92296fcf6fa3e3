package cli

import (
	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/plan"
	"github.com/fitcheck/fitcheck/report"
)

func newSchemaCommand(a *App) *cobra.Command {
	var planDoc bool
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the --json document (--plan: of fitcheck plan --json)",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			schema := report.Schema
			if planDoc {
				schema = plan.Schema
			}
			_, err := a.env.Stdout.Write(schema)
			return err
		},
	}
	cmd.Flags().BoolVar(&planDoc, "plan", false, "the schema of the fitcheck plan document")
	return cmd
}
