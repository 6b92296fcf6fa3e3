package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/report"
)

func newModelsCommand(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "models",
		Short: "List the model catalog: licence, origin, size, architecture",
		Long: `List the catalog (built-in, plus the user catalog and --catalog FILE) with licence,
commercial-use terms, origin and size. The selection flags (--origin, --licence,
--commercial, --family, --org, --search, --min-params, --max-params, --modality)
filter it. With --json the list uses the same model fields as the full document,
without estimates.`,
		Example: `  fitcheck models --origin FR,US --commercial
  fitcheck models --family qwen3 --max-params 40B --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, f := range []string{"fits", "quant", "require"} {
				if a.given(f) {
					return usagef("--%s applies to estimates; `fitcheck models` lists the catalog without them (use `fitcheck --%s ...`)", f, f)
				}
			}
			cat, models, err := a.Selection()
			if err != nil {
				return err
			}
			doc := report.Catalog(cat, models, a.Version())
			pol, err := a.Policy()
			if err != nil {
				return err
			}
			doc.ApplyPolicy(pol)
			if a.flags.json {
				return a.writeJSON(doc)
			}
			return writeModels(a, doc)
		},
	}
}

func writeModels(a *App, doc report.CatalogDocument) error {
	w := a.env.Stdout
	t := newTable(w)
	row(t, "MODEL", "ORGANISATION", "ORIGIN", "PARAMS", "CONTEXT", "RELEASED", "LICENCE")
	for _, m := range doc.Models {
		row(t, policyMark(m.Policy)+m.ID, m.Organisation, m.OriginCountry, paramsLabel(m), report.Tokens(m.ContextMax), m.ReleasedLabel(), licenceLabel(m))
	}
	if err := t.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d models\n", len(doc.Models))
	return nil
}
