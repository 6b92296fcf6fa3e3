package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/internal/regularfile"
	"github.com/fitcheck/fitcheck/policy"
	"github.com/fitcheck/fitcheck/report"
)

// loadedPolicy is --policy once read: the policy, or why it could not be.
type loadedPolicy struct {
	p   *policy.Policy
	err error
}

// Policy reads --policy once; nil when the flag is not given. A policy file
// that cannot be read or is invalid is a runtime failure (exit 1), as a
// malformed catalog file is: the command line itself was well formed.
func (a *App) Policy() (*policy.Policy, error) {
	if a.flags.policyFile == "" {
		if a.given("policy") { // --policy "" must not silently judge nothing
			return nil, usagef("--policy: give a FILE")
		}
		return nil, nil
	}
	if a.policy == nil {
		p, err := readPolicy(a.flags.policyFile)
		if err == nil {
			err = a.checkPolicyLicences(p)
		}
		a.policy = &loadedPolicy{p, err}
	}
	return a.policy.p, a.policy.err
}

// readPolicy reads a policy file: regular files only (not a FIFO or a
// device that could block or never end), at most policy.MaxFileBytes.
func readPolicy(path string) (*policy.Policy, error) {
	data, err := regularfile.Read(path, policy.MaxFileBytes)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", path, err)
	}
	p, err := policy.Parse(data, catalog.ValidCountry)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", path, err)
	}
	return p, nil
}

// requirementMiss says why a requirement was not met.
func requirementMiss(r report.Requirement) string {
	if len(r.PolicyReasons) > 0 {
		return fmt.Sprintf("%s: fails the policy (%s)", r.Spec, strings.Join(r.PolicyReasons, "; "))
	}
	return fmt.Sprintf("%s: wanted %s, got %s", r.Spec, r.Want, r.Verdict)
}

// checkPolicyLicences rejects allow_licences ids the catalog does not know:
// a typo would otherwise fail every model without saying why.
func (a *App) checkPolicyLicences(p *policy.Policy) error {
	cat, err := a.Catalog()
	if err != nil {
		return err
	}
	for _, l := range p.AllowLicences {
		if !knownLicence(cat, l) {
			return fmt.Errorf("policy %s: allow_licences %q: no such licence in the catalog (%s)", a.flags.policyFile, l, licenceIDs(cat))
		}
	}
	return nil
}

// policyMark marks a failing model in the plain tables, as the TUI does.
func policyMark(p *report.PolicyCheck) string {
	if p != nil && !p.Pass {
		return "⊘ "
	}
	return ""
}

// writePolicyNote sums up the policy verdicts under the plain table.
func writePolicyNote(w io.Writer, doc report.Document) {
	failed, flagged, judged := 0, 0, false
	for _, m := range doc.Models {
		if m.Policy == nil {
			continue
		}
		judged = true
		switch {
		case !m.Policy.Pass:
			failed++
		case len(m.Policy.Flags) > 0:
			flagged++
		}
	}
	if judged {
		fmt.Fprintf(w, "\nPolicy: %d of %d models fail (⊘), %d pass with conditions to review; reasons in --json or the TUI.\n",
			failed, len(doc.Models), flagged)
	}
}

// writeModelPolicy is the policy verdict and guardrail facts of one model,
// under its licence line in `fitcheck fit`.
func writeModelPolicy(w io.Writer, m report.ModelInfo) {
	if p := m.Policy; p != nil {
		if p.Pass {
			fmt.Fprintln(w, "Policy: passes")
		} else {
			fmt.Fprintf(w, "Policy: ⊘ fails — %s\n", strings.Join(p.Reasons, "; "))
		}
		for _, f := range p.Flags {
			fmt.Fprintf(w, "  review: %s\n", f)
		}
	}
	g := m.Guardrails
	var facts []string
	if g.SafetyReport != nil {
		facts = append(facts, "safety report "+*g.SafetyReport)
	}
	for _, sm := range g.SafetyModels {
		facts = append(facts, "safety model "+sm.Name)
	}
	if g.AcceptableUsePolicy != nil {
		facts = append(facts, "use policy "+*g.AcceptableUsePolicy)
	}
	if len(facts) == 0 {
		facts = []string{"unknown"}
	}
	fmt.Fprintf(w, "Guardrails: %s\n", strings.Join(facts, " · "))
}
