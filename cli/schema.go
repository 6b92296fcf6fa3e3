package cli

import (
	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/report"
)

func newSchemaCommand(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the --json document",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := a.env.Stdout.Write(report.Schema)
			return err
		},
	}
}
