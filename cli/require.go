package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

// requirement is a parsed --require MODEL[@QUANT][:VERDICT].
type requirement struct {
	spec  string
	model *catalog.Model
	quant string // "" = any
	want  string // gpu | partial | cpu
}

// verdictRank orders verdicts from best (0) to worst.
var verdictRank = map[string]int{
	estimate.VerdictGPU: 0, estimate.VerdictPartial: 1, estimate.VerdictCPU: 2, estimate.VerdictNo: 3,
}

func (a *App) parseRequirements(cat *catalog.Catalog) ([]requirement, error) {
	var out []requirement
	for _, spec := range a.flags.requires {
		r := requirement{spec: spec, want: estimate.VerdictCPU}
		rest := strings.TrimSpace(spec)
		if i := strings.LastIndexByte(rest, ':'); i >= 0 {
			r.want = strings.ToLower(rest[i+1:])
			rest = rest[:i]
			if _, ok := verdictRank[r.want]; !ok || r.want == estimate.VerdictNo {
				return nil, usagef("--require %q: verdict %q must be gpu, partial or cpu", spec, r.want)
			}
		}
		if i := strings.LastIndexByte(rest, '@'); i >= 0 {
			q, err := a.quant(fmt.Sprintf("--require %q: quantization", spec), rest[i+1:])
			if err != nil {
				return nil, err
			}
			r.quant, rest = q.Name, rest[:i]
		}
		m, err := a.findModel(cat, rest)
		var ue usageError
		if errors.As(err, &ue) {
			return nil, usageError{fmt.Errorf("--require %q: %w", spec, ue.err)}
		} else if err != nil {
			return nil, fmt.Errorf("--require %q: %w", spec, err)
		}
		r.model = m
		out = append(out, r)
	}
	return out, nil
}

// checkRequirements estimates each required model on the same hardware and
// settings (regardless of the selection flags) and records the outcome.
func (a *App) checkRequirements(snap hwprobe.Snapshot, cat *catalog.Catalog, reqs []requirement, doc *report.Document) error {
	opts, err := a.Options()
	if err != nil {
		return err
	}
	opts.FitsOnly = false
	for _, r := range reqs {
		opts.Quants = nil
		if r.quant != "" {
			opts.Quants = []string{r.quant}
		}
		one := report.Build(snap, cat, []*catalog.Model{r.model}, opts)
		out := report.Requirement{Spec: r.spec, ModelID: r.model.ID, Want: r.want, Verdict: estimate.VerdictNo}
		if r.quant != "" {
			q := r.quant
			out.Quant = &q
		}
		for _, e := range one.Models[0].Estimates {
			if verdictRank[e.Verdict] < verdictRank[out.Verdict] {
				q := e.Quant
				out.Verdict, out.BestWith = e.Verdict, &q
			}
		}
		out.Met = verdictRank[out.Verdict] <= verdictRank[r.want]
		doc.Requirements = append(doc.Requirements, out)
	}
	return nil
}

// requirementsOutcome is the error (exit 3) for unmet requirements.
func requirementsOutcome(reqs []report.Requirement) error {
	var unmet []string
	for _, r := range reqs {
		if !r.Met {
			unmet = append(unmet, fmt.Sprintf("%s: wanted %s, got %s", r.Spec, r.Want, r.Verdict))
		}
	}
	if len(unmet) == 0 {
		return nil
	}
	return requirementError{"requirement not met: " + strings.Join(unmet, "; ")}
}
