package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/report"
)

// colID names a table column; every column is also a sort key.
type colID int

const (
	colName colID = iota
	colOrg
	colFamily
	colOrigin
	colLicence
	colParams
	colQuant
	colMemory
	colTPS
	colVerdict
	colReleased
	colContext
	colModality
	colQuality
)

// column is one table column laid out for a width.
type column struct {
	id      colID
	title   string
	width   int
	right   bool   // numbers align right
	prio    int    // narrow terminals drop the highest prio first; 0 is never dropped
	desc    bool   // natural sort direction: biggest first
	key     string // the key that sorts by this column (shown in help)
	narrow  int    // width of a compact form narrow terminals use first (0: none)
	short   string // title of the compact form
	compact bool   // laid out in its compact form
}

// columns in display order, at their minimum useful widths. A column is a
// line here, a case in compareBy and one in cell: the sort keys, help and
// the layout follow from this list.
var allColumns = []column{
	{id: colName, title: "Model", width: nameWant, key: "N"},
	{id: colQuality, title: "Q", width: 3, right: true, prio: 3, desc: true, key: "B"},
	{id: colOrg, title: "Organisation", width: 14, prio: 5, key: "O"},
	{id: colFamily, title: "Family", width: 12, prio: 7, key: "Y"},
	{id: colOrigin, title: "From", width: 4, prio: 3, key: "F"},
	{id: colLicence, title: "Licence", width: 13, prio: 2, key: "L", narrow: 3, short: "Lic"},
	{id: colParams, title: "Params", width: 11, right: true, prio: 2, desc: true, key: "P", narrow: 6},
	{id: colQuant, title: "Quant", width: 6, prio: 1, key: "Q"},
	{id: colMemory, title: "Total", width: 8, right: true, prio: 1, key: "M"},
	{id: colTPS, title: "tok/s", width: 6, right: true, prio: 1, desc: true, key: "T"},
	{id: colVerdict, title: "Verdict", width: verdictShort, key: "V"},
	{id: colReleased, title: "Date", width: 8, prio: 6, desc: true, key: "D"},
	{id: colContext, title: "Ctx", width: 6, right: true, prio: 6, desc: true, key: "C"},
	{id: colModality, title: "Input", width: 7, prio: 8, key: "I"},
}

const (
	markWidth    = 2  // cursor + compare mark
	nameMin      = 14 // the model name shrinks to this before important columns go
	nameWant     = 26 // "Mixtral 8x7B Instruct v0.1": the name keeps this before others shrink
	nameMax      = 40
	verdictShort = 8  // "◐ 28/40"
	verdictLong  = 16 // "◐ partial 28/40"
)

// tableColumns lays the columns out for a terminal width. The model name
// comes first: until the row fits with the whole name, the least useful
// optional columns go, the verdict shortens ("◐ 28/40"), the organisation
// goes, the licence shows its glyph only and the parameters their total,
// the origin goes; only then the name shrinks, then important columns go.
// Spare room widens the name, licence, organisation and family, then the
// gaps.
func tableColumns(w int) (cols []column, gap int) {
	cols = slices.Clone(allColumns)
	avail := w - markWidth
	need := func() int {
		n := len(cols) - 1
		for _, c := range cols {
			n += c.width
		}
		return n
	}
	fits := func() bool { return need() <= avail }
	drop := func(minPrio int) bool {
		best := -1
		for i, c := range cols {
			if c.prio >= minPrio && (best < 0 || c.prio >= cols[best].prio) {
				best = i
			}
		}
		if best < 0 {
			return false
		}
		cols = slices.Delete(cols, best, best+1)
		return true
	}
	index := func(id colID) int { return slices.IndexFunc(cols, func(c column) bool { return c.id == id }) }
	setCompact := func(id colID, on bool) {
		if i := index(id); i >= 0 && cols[i].narrow > 0 && cols[i].compact != on {
			cols[i].compact = on
			if on {
				cols[i].width = cols[i].narrow
			} else {
				cols[i].width = allColumns[slices.IndexFunc(allColumns, func(c column) bool { return c.id == id })].width
			}
		}
	}
	verdictWidth := func(w int) { cols[index(colVerdict)].width = w }

	verdictWidth(verdictLong)
	for !fits() && drop(6) {
	}
	if !fits() {
		verdictWidth(verdictShort)
	}
	for !fits() && drop(5) {
	}
	for _, id := range []colID{colLicence, colParams} {
		if !fits() {
			setCompact(id, true)
		}
	}
	for !fits() && drop(3) {
	}
	if over := need() - avail; over > 0 {
		cols[0].width = max(nameMin, cols[0].width-over)
	}
	for !fits() && drop(1) {
	}
	// Give back what was taken too eagerly, most useful first.
	for _, id := range []colID{colParams, colLicence} {
		if i := index(id); i >= 0 && cols[i].compact {
			setCompact(id, false)
			if !fits() {
				setCompact(id, true)
			}
		}
	}
	if i := index(colVerdict); avail-need() >= verdictLong-verdictShort && cols[i].width < verdictLong && cols[0].width >= nameWant {
		verdictWidth(verdictLong)
	}
	extra := avail - need()
	grow := func(id colID, limit int) {
		for i := range cols {
			if cols[i].id == id && !cols[i].compact && extra > 0 && cols[i].width < limit {
				d := min(extra, limit-cols[i].width)
				cols[i].width += d
				extra -= d
			}
		}
	}
	grow(colName, 30)
	grow(colLicence, 18)
	grow(colName, nameMax)
	grow(colOrg, 20)
	grow(colFamily, 18)
	grow(colLicence, 26)
	gap = 1
	if extra >= len(cols)-1 {
		gap = 2
	}
	return cols, gap
}

// nameCut reports whether the table at width w is narrow enough to cut
// model names.
func nameCut(w int) bool {
	cols, _ := tableColumns(w)
	return cols[0].width < nameWant
}

// tableView is the model table: a header line and the visible rows.
func (m Model) tableView(w, h int) string {
	r := m.tableRenderer(w)
	lines := make([]string, 0, h)
	lines = append(lines, r.header(m.table.sort, m.table.desc))
	if len(m.table.rows) == 0 {
		lines = append(lines, "", "  "+m.styles.Muted.Render(m.emptyMessage()))
		return strings.Join(lines, "\n")
	}
	end := min(len(m.table.rows), m.table.offset+h-1)
	for i := m.table.offset; i < end; i++ {
		rm := &m.doc.Models[m.table.rows[i]]
		lines = append(lines, r.row(rm, i == m.table.cursor, m.isMarked(rm.ID)))
	}
	return strings.Join(lines, "\n")
}

// tableRenderer holds what every row needs, so rendering a row copies
// nothing big.
type tableRenderer struct {
	st      *Styles
	cols    []column
	gap     string
	pending bool // hardware not known yet
	context int  // the context setting: rows of models with a smaller maximum are marked
	// Cell styles as bare escape sequences: a row is a few concatenations
	// instead of a lipgloss render per cell (the table renders every frame).
	muted, marked paint
	verdict       map[string]paint
	commercial    map[string]paint
}

func (m *Model) tableRenderer(w int) tableRenderer {
	cols, gap := tableColumns(w)
	st := &m.styles
	r := tableRenderer{st: st, cols: cols, gap: strings.Repeat(" ", gap), pending: m.pendingHardware(), context: m.settings.Context,
		muted: paintOf(st.Muted), marked: paintOf(st.Marked),
		verdict: map[string]paint{}, commercial: map[string]paint{}}
	for k, v := range st.Verdict {
		r.verdict[k] = paintOf(v)
	}
	for k, v := range st.Commercial {
		r.commercial[k] = paintOf(v)
	}
	return r
}

// paint is a single-line style reduced to the escape sequences around its
// text.
type paint struct{ pre, post string }

func paintOf(s lipgloss.Style) paint {
	const probe = "\ue000" // a private-use rune no style changes
	out := s.Render(probe)
	i := strings.Index(out, probe)
	if i < 0 {
		return paint{}
	}
	return paint{pre: out[:i], post: out[i+len(probe):]}
}

func (p paint) Render(s string) string {
	if p.pre == "" && p.post == "" {
		return s
	}
	return p.pre + s + p.post
}

func (m Model) emptyMessage() string {
	switch {
	case len(m.doc.Models) == 0:
		return "The catalog selection is empty."
	case m.search != "":
		return "No model matches “" + m.search + "”: esc clears the search, f changes the filters."
	default:
		return "No model passes the filters: f changes them, x in the filter panel clears them."
	}
}

func (r tableRenderer) header(sort colID, desc bool) string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", markWidth))
	for i, c := range r.cols {
		if i > 0 {
			b.WriteString(r.gap)
		}
		title := c.title
		if c.compact && c.short != "" {
			title = c.short
		}
		st := r.st.TableHeader
		if c.id == sort {
			arrow := "▲"
			if desc {
				arrow = "▼"
			}
			if c.right {
				title = arrow + truncate(title, c.width-1)
			} else {
				title = truncate(title, c.width-1) + arrow
			}
			st = r.st.SortedCol
		}
		if c.right {
			b.WriteString(st.Render(fitRight(title, c.width)))
		} else {
			b.WriteString(st.Render(fit(title, c.width)))
		}
	}
	return b.String()
}

// row renders one model. The selected row is plain text in reverse video
// with a "›" cursor, so it stays visible without colour.
func (r tableRenderer) row(rm *report.Model, selected, marked bool) string {
	var b strings.Builder
	if selected {
		b.WriteString("›")
	} else {
		b.WriteString(" ")
	}
	if marked {
		b.WriteString(r.marked.Render("◆"))
	} else {
		b.WriteString(" ")
	}
	e := shownEstimate(rm)
	var line strings.Builder
	for j, c := range r.cols {
		if j > 0 {
			line.WriteString(r.gap)
		}
		text, style := r.cell(c, rm, e)
		if c.right {
			text = fitRight(text, c.width)
		} else {
			text = fit(text, c.width)
		}
		if !selected && style != nil {
			text = style.Render(text)
		}
		line.WriteString(text)
	}
	if selected {
		return b.String() + r.st.Selected.Render(line.String())
	}
	return b.String() + line.String()
}

// cell is the text of one cell and its paint (nil: plain).
func (r tableRenderer) cell(c column, rm *report.Model, e *report.Estimate) (string, *paint) {
	muted := &r.muted
	switch c.id {
	case colName:
		if rm.ContextUsed > 0 && rm.ContextUsed < r.context {
			// The model's maximum context is below the setting: its row is
			// estimated at that maximum, and says so.
			return policyMark(rm) + truncate(installedName(rm), c.width-2) + " " + clampMark, nil
		}
		return policyMark(rm) + installedName(rm), nil
	case colOrg:
		return rm.Organisation, nil
	case colFamily:
		return rm.Family, muted
	case colOrigin:
		return rm.OriginCountry, nil
	case colLicence:
		p := r.commercial[rm.CommercialUse]
		if c.compact {
			return commercialGlyph(rm.CommercialUse), &p
		}
		return commercialGlyph(rm.CommercialUse) + " " + rm.Licence, &p
	case colParams:
		if c.compact {
			return report.Params(rm.ParamsTotal), nil
		}
		return paramsText(rm), nil
	case colQuant:
		switch {
		case r.pending:
			return "…", muted
		case e == nil:
			return "—", muted
		}
		return e.Quant, nil
	case colMemory:
		switch {
		case r.pending:
			return "…", muted
		}
		switch b, fits, ok := shownMemory(rm); {
		case !ok || b == 0: // no estimate, or none possible (vLLM without a GPU)
			return "—", muted
		case !fits:
			return report.Bytes(b), muted
		default:
			return report.Bytes(b), nil
		}
	case colTPS:
		if r.pending || e == nil {
			return "—", muted
		}
		return report.TPS(e.DecodeTPS), nil
	case colVerdict:
		if r.pending {
			return "…", muted
		}
		v := rm.BestVerdict
		if e != nil {
			v = e.Verdict
		}
		p := r.verdict[v]
		return verdictCell(v, e, c.width), &p
	case colReleased:
		return rm.ReleasedLabel(), muted
	case colContext:
		return report.Tokens(rm.ContextMax), muted
	case colModality:
		return rm.Modality, muted
	case colQuality:
		if r.pending {
			return "…", muted
		}
		if text, dim := qualityCell(rm); dim {
			return text, muted
		} else {
			return text, nil
		}
	}
	return "", nil
}

// pendingHardware is true while the probe runs and nothing is known yet
// about the machine: verdicts would all say "does not fit".
func (m Model) pendingHardware() bool {
	hw := m.hardware()
	return m.probing && hw.Memory.TotalBytes == 0 && len(hw.GPUs) == 0
}

// clampMark follows the name of a model estimated at its maximum context
// because the context setting is larger.
const clampMark = "↓"

// verdictGlyphs make verdicts readable without colour.
var verdictGlyphs = map[string]string{
	estimate.VerdictGPU:     "●",
	estimate.VerdictPartial: "◐",
	estimate.VerdictCPU:     "○",
	estimate.VerdictNo:      "✗",
}

// verdictBadge is "● full GPU", "◐ partial 28/40", "○ CPU only", "✗ does
// not fit"; short: "● GPU", "◐ 28/40", "○ CPU", "✗ no fit".
// verdictCell is the verdict badge for a column width: the long form when
// it fits, else the short one, else its glyph and kind. Cut to the width,
// "◐ experts of 47/62 layers in RAM" and "◐ MoE 47/62" lost the numbers
// that matter ("◐ experts of 47…", "◐ MoE 4…").
func verdictCell(verdict string, e *report.Estimate, width int) string {
	if b := verdictBadge(verdict, e, true); width >= verdictLong && textWidth(b) <= width {
		return b
	}
	b := verdictBadge(verdict, e, false)
	if textWidth(b) > width {
		if g, kind, ok := strings.Cut(b, " "); ok {
			b = g + " " + strings.Fields(kind)[0] // "◐ MoE"
		}
	}
	return b
}

func verdictBadge(verdict string, e *report.Estimate, long bool) string {
	g, ok := verdictGlyphs[verdict]
	if !ok {
		g = "?"
	}
	gl, tl, cm := 0, 0, 0
	if e != nil {
		gl, tl, cm = e.GPULayers, e.TotalLayers, e.CPUMoELayers
	}
	if long {
		return g + " " + report.VerdictLabel(verdict, gl, tl, cm)
	}
	switch verdict {
	case estimate.VerdictGPU:
		return g + " GPU"
	case estimate.VerdictPartial:
		if gl >= tl && cm > 0 {
			return g + " MoE " + strconv.Itoa(cm) + "/" + strconv.Itoa(tl-1) // --n-cpu-moe: experts of cm layers in RAM
		}
		if gl >= tl {
			return g + " MoE/RAM" // --cpu-moe: all layers offloaded, experts in RAM
		}
		return g + " " + strconv.Itoa(gl) + "/" + strconv.Itoa(tl)
	case estimate.VerdictCPU:
		return g + " CPU"
	}
	return g + " no fit"
}

// nonCommercialGlyph marks a licence without commercial use: not ✗, which
// means "does not fit" in the Verdict column.
const nonCommercialGlyph = "⊖"

// commercialGlyph marks what a licence says about commercial use.
func commercialGlyph(c string) string {
	switch c {
	case catalog.CommercialYes:
		return "✓"
	case catalog.CommercialConditional:
		return "~"
	case catalog.CommercialNo:
		return nonCommercialGlyph
	}
	return "?"
}

// paramsText is the parameter count; "total/Aactive" for MoE models, the
// active count rounded to fit ("46.7B/A13B", "30.5B/A3.3B").
func paramsText(rm *report.Model) string {
	if rm.MoE && rm.ParamsActive > 0 && rm.ParamsActive != rm.ParamsTotal {
		a := float64(rm.ParamsActive) / 1e9
		active := fmt.Sprintf("%.0fB", a)
		switch {
		case a < 1:
			active = fmt.Sprintf("%.0fM", a*1000)
		case a < 9.95:
			active = fmt.Sprintf("%.1fB", a)
		}
		return report.Params(rm.ParamsTotal) + "/A" + active
	}
	return report.Params(rm.ParamsTotal)
}

// bestEstimate is the estimate at the model's best quantization (nil when
// nothing fits).
func bestEstimate(rm *report.Model) *report.Estimate {
	if rm.BestQuant == nil {
		return nil
	}
	for i := range rm.Estimates {
		if rm.Estimates[i].Quant == *rm.BestQuant {
			return &rm.Estimates[i]
		}
	}
	return nil
}

// smallestEstimate is the estimate needing the least memory: what a model
// that does not fit would need at best.
func smallestEstimate(rm *report.Model) *report.Estimate {
	var best *report.Estimate
	for i := range rm.Estimates {
		if best == nil || rm.Estimates[i].TotalBytes < best.TotalBytes {
			best = &rm.Estimates[i]
		}
	}
	return best
}
