package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/quality"
	"github.com/fitcheck/fitcheck/report"
)

// The quality column ("Q") and the detail's quality section. Sorting by
// the Q column is the "best that fits" order of the piped table
// (report.CompareBest): usable speed first, then quality index, then speed.

// qualityData is the catalog's scores and their index: they depend only on
// the catalog, so the TUI computes them once, not on every rebuild.
type qualityData struct {
	scores *catalog.ScoreSet
	index  *quality.Index
	byID   map[string]report.Quality
}

// shownEstimate is the estimate a table row shows: the one the "best that
// fits" ranking picked when it runs at the usable speed (a lower
// quantization can be usable where the best one crawls), else the best
// quantization (nil when nothing fits).
func shownEstimate(rm *report.Model) *report.Estimate {
	if p, ok := rm.RankPick(); ok && p.Usable {
		return p.Estimate
	}
	return bestEstimate(rm)
}

// initialTable sorts the table as --sort asks: best and quality by the Q
// column (the best-that-fits order), the others by their column.
func initialTable(order string) tableState {
	switch order {
	case report.SortSpeed:
		return tableState{sort: colTPS, desc: true}
	case report.SortSize:
		return tableState{sort: colVerdict}
	case report.SortDate:
		return tableState{sort: colReleased, desc: true}
	case report.SortName:
		return tableState{sort: colName}
	}
	return tableState{sort: colQuality, desc: true}
}

// qualityCell is the Q column: the index, "b" for a base model without one,
// "—" when unknown. muted: a base model, or a pick too slow to be usable.
func qualityCell(rm *report.Model) (text string, muted bool) {
	q := rm.Quality
	switch {
	case q.Index == nil && q.BaseModel:
		return "b", true
	case q.Index == nil:
		return "—", true
	}
	p, ok := rm.RankPick()
	return fmt.Sprintf("%.0f", *q.Index), q.BaseModel || !ok || !p.Usable
}

// compareQuality orders two models worst first (the column sorts
// descending): models that do not fit, then the "best that fits" order
// reversed.
func compareQuality(a, b *report.Model) int {
	pa, oka := a.RankPick()
	pb, okb := b.RankPick()
	switch {
	case !oka && !okb:
		return cmp.Compare(indexOrMinus(a), indexOrMinus(b))
	case !oka:
		return -1
	case !okb:
		return 1
	}
	return report.CompareBest(pb, pa)
}

func indexOrMinus(m *report.Model) float64 {
	if m.Quality.Index == nil {
		return -1
	}
	return *m.Quality.Index
}

// qualitySummary is the detail's quality line: the index with its facets,
// and whether the model is a base model or too slow here.
func (m Model) qualitySummary(rm *report.Model, w int) []string {
	st := m.styles
	q := rm.Quality
	var out []string
	field := func(label, text string) { out = append(out, m.wrapField(label, text, w)...) }
	var head string
	switch {
	case q.Index != nil:
		head = fmt.Sprintf("index %.0f of 100, on %d benchmarks", *q.Index, q.Basis)
		for _, f := range []struct {
			name string
			fi   *report.FacetIndex
		}{{"coding", q.Facets.Coding}, {"reasoning", q.Facets.Reasoning}, {"chat", q.Facets.Chat}} {
			if f.fi != nil {
				head += fmt.Sprintf(" · %s %.0f (%d)", f.name, f.fi.Index, f.fi.Basis)
			}
		}
	case len(q.Scores) > 0:
		head = "no index: these benchmarks have too few catalog models to compare"
	default:
		head = "no published score in fitcheck's data"
	}
	if q.BaseModel {
		head += st.Warning.Render(" · base model: pretrained only, rarely what you want to chat with")
	}
	field("Quality", head)
	if p, ok := rm.RankPick(); ok && !p.Usable {
		field("", st.Warning.Render(fmt.Sprintf("slower than %s tok/s here: ranked after the usable models", trimNum(rm.MinTPS()))))
	}
	return out
}

// scoreLines lists every published score with its source as a terminal
// hyperlink (OSC 8), so a long URL stays one clickable line instead of
// wrapping mid-path.
func (m Model) scoreLines(rm *report.Model, w int) []string {
	st := m.styles
	var out []string
	field := func(label, text string) { out = append(out, m.wrapField(label, text, w)...) }
	for i, s := range rm.Quality.Scores {
		unit := s.Unit
		if unit != "%" {
			unit = " " + unit
		}
		line := fmt.Sprintf("%s %s%s · %s · %s", s.BenchmarkName, trimNum(s.Value), unit, s.Kind, s.Date)
		if s.Variant != nil {
			line += " · " + *s.Variant
		}
		label := ""
		if i == 0 {
			label = "Scores"
		}
		field(label, line)
		link := truncate(s.Source, max(10, w-detailLabelW-2))
		out = append(out, strings.Repeat(" ", detailLabelW+2)+ansi.SetHyperlink(s.Source)+st.Muted.Render(link)+ansi.ResetHyperlink())
	}
	return out
}

func trimNum(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// oneMoreGPU compares the best model that fits now with the best with one
// more of the first GPU: one extra report.Build, only while the what-if
// screen is open. nil without a GPU, or with a unified-memory one.
func (m *Model) oneMoreGPU() *report.Upgrade {
	hw := m.hw
	if len(hw.GPUs) == 0 || hw.GPUs[0].UnifiedMemory || hw.GPUs[0].Integrated {
		return nil
	}
	g := hw.GPUs[0]
	g.UUID, g.PCIBusID = "", ""
	if g.MemoryFreeBytes != nil {
		total := g.MemoryTotalBytes
		g.MemoryFreeBytes = &total
	}
	hw.GPUs = append(slices.Clone(hw.GPUs), g)
	then := report.Build(hw, m.cfg.Catalog, m.cfg.Models, report.Options{
		Version: m.cfg.Version, Settings: m.settings, AssumeIdle: m.assumeIdle, MinTPS: m.cfg.MinTPS,
		Scores: m.quality.scores, Quality: m.quality.index, Qualities: m.quality.byID, Estimator: m.est,
	})
	return report.CompareUpgrade(&m.doc, &then, g.Name, then.Settings.MinDecodeTPS)
}

// upgradeLines is the what-if pane's "best that fits" and "one more GPU"
// lines.
func (m Model) upgradeLines() []string {
	st := m.styles
	brief := func(p *report.UpgradePick) string {
		if p == nil {
			return st.Muted.Render("no scored model at a usable speed")
		}
		idx := "—"
		if p.Index != nil {
			idx = fmt.Sprintf("%.0f", *p.Index)
		}
		return fmt.Sprintf("%s · Q %s · %s · %s tok/s", p.Name, idx, p.Quant, report.TPS(p.DecodeTPS))
	}
	out := []string{st.Label.Render("Best that fits"), "  " + brief(report.TopPick(&m.doc, m.doc.Settings.MinDecodeTPS))}
	if u := m.upgrade; u != nil {
		label := fmt.Sprintf("With one more %s", u.GPU)
		out = append(out, st.Label.Render(label), "  "+brief(u.Then))
		if u.IndexGain != nil {
			out = append(out, "  "+st.Muted.Render(fmt.Sprintf("quality index %+.0f", *u.IndexGain)))
		}
	}
	return out
}
