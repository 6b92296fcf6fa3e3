package cli

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/policy"
	"github.com/fitcheck/fitcheck/report"
)

func newPolicyCommand(a *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Check models against a selection policy (--policy FILE)",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var format string
	check := &cobra.Command{
		Use:   "check",
		Short: "Judge the selected models against --policy; SARIF for CI",
		Long: `Judge the selected models (--model, or the catalog filters; all models by default)
against the policy in --policy FILE, and print the verdicts as a table, the catalog
JSON document with a "policy" object per model, or SARIF 2.1.0 for code-scanning
tools. Flagged licence conditions are warnings; failed rules are errors.

Exit codes: 0 when every checked model passes, 3 when one fails, 1 when the policy
file cannot be read or is invalid (unknown keys included), 2 for usage errors.`,
		Example: `  fitcheck policy check --policy policy.yaml --model Qwen/Qwen3-32B
  fitcheck policy check --policy policy.yaml --format sarif > fitcheck.sarif`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if a.flags.policyFile == "" {
				return usagef("policy check needs --policy FILE")
			}
			if a.flags.json { // --json is everywhere else the way to ask for JSON
				if cmd.Flags().Changed("format") && format != "json" {
					return usagef("--json and --format %s contradict each other", format)
				}
				format = "json"
			}
			if err := a.refuseFlags("policy check", nil, []string{"fits", "require"}); err != nil {
				return err
			}
			if format != "text" && format != "json" && format != "sarif" {
				return usagef("--format %q: must be text, json or sarif", format)
			}
			cat, models, err := a.Selection()
			if err != nil {
				return err
			}
			pol, err := a.Policy()
			if err != nil {
				return err
			}
			doc := report.Catalog(cat, models, a.Version())
			doc.ApplyPolicy(pol)
			switch format {
			case "sarif":
				err = a.writeJSON(sarifOf(a, pol, doc))
			case "json":
				err = a.writeJSON(doc)
			default:
				err = writePolicyTable(a, doc)
			}
			if err != nil {
				return err
			}
			return policyOutcome(doc)
		},
	}
	check.Flags().StringVar(&format, "format", "text", "output: text, json (the catalog document with verdicts) or sarif (SARIF 2.1.0)")
	cmd.AddCommand(check)
	return cmd
}

func sarifOf(a *App, pol *policy.Policy, doc report.CatalogDocument) policy.SARIFLog {
	var judged []policy.Judged
	for i := range doc.Models {
		judged = append(judged, policy.Judged{ModelID: doc.Models[i].ID, Result: pol.Evaluate(report.PolicyFacts(&doc.Models[i]))})
	}
	uri := filepath.ToSlash(a.flags.policyFile)
	if filepath.IsAbs(a.flags.policyFile) {
		uri = (&url.URL{Scheme: "file", Path: uri}).String()
	}
	return policy.SARIF(a.Version(), uri, judged)
}

func writePolicyTable(a *App, doc report.CatalogDocument) error {
	w := a.env.Stdout
	t := newTable(w)
	row(t, "MODEL", "ORIGIN", "LICENCE", "POLICY", "WHY")
	failed := 0
	for _, m := range doc.Models {
		verdict, why := "pass", strings.Join(m.Policy.Flags, "; ")
		if !m.Policy.Pass {
			verdict, why = "FAIL", strings.Join(m.Policy.Reasons, "; ")
			failed++
		}
		row(t, m.ID, m.OriginCountry, m.Licence, verdict, why)
	}
	if err := t.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d of %d models fail the policy\n", failed, len(doc.Models))
	return nil
}

// policyOutcome is exit 3 when a checked model fails.
func policyOutcome(doc report.CatalogDocument) error {
	var failed []string
	for _, m := range doc.Models {
		if m.Policy != nil && !m.Policy.Pass {
			failed = append(failed, m.ID)
		}
	}
	if len(failed) == 0 {
		return nil
	}
	if len(failed) > 5 {
		failed = append(failed[:5], fmt.Sprintf("and %d more", len(failed)-5))
	}
	return requirementError{"policy not met by " + strings.Join(failed, ", ")}
}
