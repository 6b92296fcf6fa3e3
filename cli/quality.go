package cli

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

// The "best that fits" flags: --sort, --min-tps and --one-more-gpu.

// order validates --sort.
func (a *App) order() (string, error) {
	o := strings.ToLower(strings.TrimSpace(a.flags.sort))
	if o == "" {
		return report.SortBest, nil
	}
	if !slices.Contains(report.SortOrders, o) {
		return "", usagef("--sort %q: must be one of %s", a.flags.sort, strings.Join(report.SortOrders, ", "))
	}
	return o, nil
}

// minTPS validates --min-tps.
func (a *App) minTPS() (float64, error) {
	v := a.flags.minTPS
	if math.IsNaN(v) || v <= 0 || v > 100000 {
		return 0, usagef("--min-tps %g: must be a decode speed in tokens/s above 0", v)
	}
	return v, nil
}

// withOneMoreGPU fills doc.OneMoreGPU when --one-more-gpu asks: the same
// selection estimated with one more of the first GPU.
func (a *App) withOneMoreGPU(snap hwprobe.Snapshot, cat *catalog.Catalog, models []*catalog.Model, doc *report.Document) error {
	if !a.flags.oneMoreGPU {
		return nil
	}
	more, err := oneMoreGPU(snap)
	if err != nil {
		doc.Warnings = append(doc.Warnings, "--one-more-gpu: "+err.Error())
		return nil
	}
	opts, err := a.Options()
	if err != nil {
		return err
	}
	then := report.Build(more, cat, models, opts)
	doc.OneMoreGPU = report.CompareUpgrade(doc, &then, snap.GPUs[0].Name, doc.Settings.MinDecodeTPS)
	return nil
}

// oneMoreGPU is snap with a copy of its first GPU added.
func oneMoreGPU(snap hwprobe.Snapshot) (hwprobe.Snapshot, error) {
	if len(snap.GPUs) == 0 {
		return snap, fmt.Errorf("no GPU to add one more of (name one with --gpu)")
	}
	g := snap.GPUs[0]
	if g.UnifiedMemory || g.Integrated {
		return snap, fmt.Errorf("%s shares system memory; one more of it is another machine, not an upgrade", g.Name)
	}
	g.UUID, g.PCIBusID, g.Source = "", "", "what-if: one more "+g.Name
	if g.MemoryFreeBytes != nil { // the added card is idle
		total := g.MemoryTotalBytes
		g.MemoryFreeBytes = &total
	}
	snap.GPUs = append(slices.Clone(snap.GPUs), g)
	return snap, nil
}

// writeOneMoreGPU is the table's line for --one-more-gpu.
func writeOneMoreGPU(w io.Writer, u *report.Upgrade, minTPS float64) {
	if u == nil {
		return
	}
	label := func(p *report.UpgradePick) string {
		if p == nil {
			return fmt.Sprintf("no scored model at ≥ %s tok/s", trimFloat(minTPS))
		}
		idx := "—"
		if p.Index != nil {
			idx = fmt.Sprintf("%.0f", *p.Index)
		}
		return fmt.Sprintf("%s %s (quality %s, %s tok/s)", p.ModelID, p.Quant, idx, report.TPS(p.DecodeTPS))
	}
	fmt.Fprintf(w, "\nOne more %s (%d → %d GPUs):\n  now:  %s\n  then: %s\n", u.GPU, u.GPUsNow, u.GPUsThen, label(u.Now), label(u.Then))
	if u.IndexGain != nil {
		fmt.Fprintf(w, "  quality index %+.1f\n", *u.IndexGain)
	}
}

func trimFloat(v float64) string { return strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0") }

// qualityColumn is the table's quality column for an order: the facet's
// index for a facet order, the overall index otherwise.
func qualityColumn(order string) (head string, cell func(report.Quality) string) {
	facet := map[string]func(report.Quality) *report.FacetIndex{
		report.SortCoding:    func(q report.Quality) *report.FacetIndex { return q.Facets.Coding },
		report.SortReasoning: func(q report.Quality) *report.FacetIndex { return q.Facets.Reasoning },
		report.SortChat:      func(q report.Quality) *report.FacetIndex { return q.Facets.Chat },
	}[order]
	if facet == nil {
		return "QUALITY", qualityLabel
	}
	return strings.ToUpper(order), func(q report.Quality) string {
		if f := facet(q); f != nil {
			return fmt.Sprintf("%.0f/%d", f.Index, f.Basis)
		}
		return "—"
	}
}

// qualityLabel is the table's QUALITY cell: index and basis, "base" for
// base models, "—" without a usable score.
func qualityLabel(q report.Quality) string {
	switch {
	case q.Index == nil && q.BaseModel:
		return "base"
	case q.Index == nil:
		return "—"
	case q.BaseModel:
		return fmt.Sprintf("%.0f/%d base", *q.Index, q.Basis)
	}
	return fmt.Sprintf("%.0f/%d", *q.Index, q.Basis)
}

// writeQualityLine is the fit view's summary: index, basis and facets.
func writeQualityLine(w io.Writer, q report.Quality) {
	fmt.Fprintf(w, "Quality: %s", qualityText(q))
	if q.BaseModel {
		fmt.Fprint(w, " — base model: pretrained only, rarely what you want to chat with")
	}
	fmt.Fprintln(w)
}

func qualityText(q report.Quality) string {
	if q.Index == nil {
		if len(q.Scores) > 0 {
			return "no index (its benchmarks have too few catalog models to compare)"
		}
		return "no published score in fitcheck's data"
	}
	s := fmt.Sprintf("index %.0f of 100 on %d benchmarks", *q.Index, q.Basis)
	for _, f := range []struct {
		name string
		fi   *report.FacetIndex
	}{{"coding", q.Facets.Coding}, {"reasoning", q.Facets.Reasoning}, {"chat", q.Facets.Chat}} {
		if f.fi != nil {
			s += fmt.Sprintf(" · %s %.0f (%d)", f.name, f.fi.Index, f.fi.Basis)
		}
	}
	return s
}

// writeScores lists every published score of a model with its source.
func writeScores(w io.Writer, q report.Quality) error {
	if len(q.Scores) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nPublished scores:")
	t := newTable(w)
	row(t, "  BENCHMARK", "VALUE", "KIND", "DATE", "VARIANT", "SOURCE")
	for _, s := range q.Scores {
		v := trimFloat2(s.Value)
		if s.Unit != "%" {
			v += " " + s.Unit
		}
		variant := "—"
		if s.Variant != nil {
			variant = *s.Variant
		}
		row(t, "  "+s.BenchmarkName, v, s.Kind, s.Date, variant, s.Source)
	}
	return t.Flush()
}

func trimFloat2(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}
