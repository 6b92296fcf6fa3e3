package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/report"
)

// compareState is the compare screen's scroll offset.
type compareState struct{ offset int }

func (m Model) updateCompare(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.cmp.offset = max(0, m.cmp.offset-1)
	case key.Matches(msg, k.Down):
		m.cmp.offset = min(m.cmp.offset+1, m.compareMaxOffset())
	case key.Matches(msg, k.Clear):
		m.marked = nil
		m.pop()
		m.setStatus("marks cleared")
	case key.Matches(msg, k.Compare):
	default:
		return m, nil, false
	}
	return m, nil, true
}

// compareMaxOffset is the last scroll offset of the comparison: its two
// title lines, the fixed and cost rows, a blank line and the footnote.
func (m Model) compareMaxOffset() int {
	return max(0, len(compareRows)+len(m.costRows())+4-m.frame().bodyH)
}

// compareRow is one line of the comparison: a label and a value per model;
// better, when set, says which of two values is better (for highlighting).
type compareRow struct {
	label  string
	value  func(rm *report.Model, e *report.Estimate) string
	better func(a, b float64) bool
	num    func(rm *report.Model, e *report.Estimate) (float64, bool)
}

func higher(a, b float64) bool { return a > b }
func lower(a, b float64) bool  { return a < b }

var compareRows = []compareRow{
	{label: "Organisation", value: func(rm *report.Model, _ *report.Estimate) string { return rm.Organisation }},
	{label: "Origin", value: func(rm *report.Model, _ *report.Estimate) string { return rm.OriginCountry }},
	{label: "Licence", value: func(rm *report.Model, _ *report.Estimate) string {
		return commercialGlyph(rm.CommercialUse) + " " + rm.Licence
	}},
	{label: "Commercial", value: func(rm *report.Model, _ *report.Estimate) string { return commercialText(rm.CommercialUse) }},
	{label: "Released", value: func(rm *report.Model, _ *report.Estimate) string { return rm.ReleasedLabel() }},
	{label: "Input", value: func(rm *report.Model, _ *report.Estimate) string { return rm.Modality }},
	{label: "Parameters", value: func(rm *report.Model, _ *report.Estimate) string {
		if rm.MoE {
			return report.Params(rm.ParamsTotal) + " (" + report.Params(rm.ParamsActive) + " active)"
		}
		return report.Params(rm.ParamsTotal)
	}},
	{label: "Model context", value: func(rm *report.Model, _ *report.Estimate) string { return report.Tokens(rm.ContextMax) }},
	{label: "Quality (Q)", value: func(rm *report.Model, _ *report.Estimate) string {
		text, _ := qualityCell(rm) // the table's Q column: index, "—" unscored, "b" base model
		return text
	}, better: higher, num: func(rm *report.Model, _ *report.Estimate) (float64, bool) {
		if rm.Quality.Index == nil {
			return 0, false
		}
		return *rm.Quality.Index, true
	}},
	{label: "Quant", value: func(_ *report.Model, e *report.Estimate) string {
		if e == nil {
			return "—"
		}
		return e.Quant
	}},
	{label: "Verdict", value: func(rm *report.Model, e *report.Estimate) string { return verdictBadge(shownVerdict(rm, e), e, true) },
		better: lower, num: func(rm *report.Model, e *report.Estimate) (float64, bool) {
			return float64(verdictRank(shownVerdict(rm, e))), true
		}},
	{label: "Total memory", value: func(rm *report.Model, e *report.Estimate) string {
		return optBytes(e, func(e *report.Estimate) int64 { return e.TotalBytes })
	},
		better: lower, num: func(_ *report.Model, e *report.Estimate) (float64, bool) {
			return optNum(e, func(e *report.Estimate) float64 { return float64(e.TotalBytes) })
		}},
	{label: "On GPU / RAM", value: func(_ *report.Model, e *report.Estimate) string {
		if e == nil {
			return "—"
		}
		return report.Bytes(e.GPUBytes) + " / " + report.Bytes(e.RAMBytes)
	}},
	{label: "Decode tok/s", value: func(_ *report.Model, e *report.Estimate) string {
		return optTPS(e, func(e *report.Estimate) *float64 { return e.DecodeTPS })
	},
		better: higher, num: func(_ *report.Model, e *report.Estimate) (float64, bool) {
			return optPtr(e, func(e *report.Estimate) *float64 { return e.DecodeTPS })
		}},
	{label: "  range", value: func(_ *report.Model, e *report.Estimate) string {
		if e == nil || e.DecodeTPSLow == nil || e.DecodeTPSHigh == nil {
			return "—"
		}
		return report.TPS(e.DecodeTPSLow) + "–" + report.TPS(e.DecodeTPSHigh)
	}},
	{label: "Prefill tok/s", value: func(_ *report.Model, e *report.Estimate) string {
		if e == nil {
			return "—"
		}
		return rate(e.PrefillTPS)
	},
		better: higher, num: func(_ *report.Model, e *report.Estimate) (float64, bool) {
			return optPtr(e, func(e *report.Estimate) *float64 { return e.PrefillTPS })
		}},
	{label: "First token", value: func(_ *report.Model, e *report.Estimate) string {
		if e == nil {
			return "—"
		}
		return report.Seconds(e.TTFTSeconds)
	}, better: lower, num: func(_ *report.Model, e *report.Estimate) (float64, bool) {
		return optPtr(e, func(e *report.Estimate) *float64 { return e.TTFTSeconds })
	}},
	{label: "Max context", value: func(_ *report.Model, e *report.Estimate) string {
		if e == nil || e.MaxContext <= 0 {
			return "—"
		}
		return report.Tokens(e.MaxContext)
	}, better: higher, num: func(_ *report.Model, e *report.Estimate) (float64, bool) {
		return optNum(e, func(e *report.Estimate) float64 { return float64(e.MaxContext) })
	}},
}

func optBytes(e *report.Estimate, f func(*report.Estimate) int64) string {
	if e == nil {
		return "—"
	}
	return report.Bytes(f(e))
}

func optTPS(e *report.Estimate, f func(*report.Estimate) *float64) string {
	if e == nil {
		return "—"
	}
	return report.TPS(f(e))
}

func optNum(e *report.Estimate, f func(*report.Estimate) float64) (float64, bool) {
	if e == nil {
		return 0, false
	}
	return f(e), true
}

func optPtr(e *report.Estimate, f func(*report.Estimate) *float64) (float64, bool) {
	if e == nil || f(e) == nil {
		return 0, false
	}
	return *f(e), true
}

// compareView shows the marked models side by side at the quantization
// their table rows show; the best value of each measurable row is highlighted (bold).
func (m Model) compareView(w, h int) string {
	st := m.styles
	var models []*report.Model
	for _, id := range m.marked {
		if rm := m.model(id); rm != nil {
			models = append(models, rm)
		}
	}
	if len(models) == 0 {
		return "\n  " + st.Muted.Render("Nothing to compare: mark 2 to 4 models with space on the table.")
	}
	const labelW = 14
	colW := max(8, (w-labelW)/len(models)-1)
	est := make([]*report.Estimate, len(models))
	for i, rm := range models {
		est[i] = shownEstimate(rm) // the table's quantization: the same figures on both screens
	}
	var lines []string
	row := func(label string, cells []string) {
		var b strings.Builder
		b.WriteString(st.Label.Render(fit(label, labelW)))
		for _, c := range cells {
			b.WriteString(fit(c, colW) + " ")
		}
		lines = append(lines, b.String())
	}
	names := make([]string, len(models))
	ids := make([]string, len(models))
	for i, rm := range models {
		names[i] = st.Title.Render(truncate(rm.Name, colW))
		ids[i] = st.Muted.Render(truncate(rm.ID, colW))
	}
	row(fmt.Sprintf("%d models", len(models)), names)
	row("", ids)
	for _, r := range append(slices.Clip(compareRows), m.costRows()...) {
		best := -1
		if r.better != nil && len(models) > 1 {
			var bv float64
			for i, rm := range models {
				if v, ok := r.num(rm, est[i]); ok && (best < 0 || r.better(v, bv)) {
					best, bv = i, v
				}
			}
		}
		cells := make([]string, len(models))
		for i, rm := range models {
			v := truncate(r.value(rm, est[i]), colW)
			switch {
			case r.label == "Verdict":
				v = st.verdictStyle(shownVerdict(rm, est[i])).Render(v)
			case i == best:
				v = st.Marked.Render(v)
			}
			cells[i] = v
		}
		row(r.label, cells)
	}
	run := append([]string{"context " + report.Tokens(m.settings.Context), "KV " + m.settings.KVType, m.settings.Engine}, cliSettings(m.settings)...)
	lines = append(lines, "", st.Muted.Render(truncate("at the quantization the table shows for "+strings.Join(run, ", ")+
		" · bold: best of the row · x clears the marks", w)))
	off := max(0, min(m.cmp.offset, len(lines)-h))
	return strings.Join(lines[off:min(len(lines), off+h)], "\n")
}

// shownVerdict is the verdict of the estimate shown, the model's best
// verdict when none is.
func shownVerdict(rm *report.Model, e *report.Estimate) string {
	if e != nil {
		return e.Verdict
	}
	return rm.BestVerdict
}
