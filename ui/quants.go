package ui

import (
	"fmt"
	"strings"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/report"
)

// The quantization table of the detail screen: every quantization of a
// model with its memory stacked against the GPU and RAM budgets.

// qcol is a column of the quantization table; the one without a title is
// the memory bar.
type qcol struct {
	title string
	width int
	right bool
	prio  int // dropped first when narrow (0: kept)
}

// quantColumns lays out the quantization table; the bar takes what is left.
func quantColumns(w int) ([]qcol, int) {
	cols := []qcol{
		{"Quant", 7, false, 0}, {"Bits", 5, true, 3}, {"Total", 9, true, 0}, {"", 0, false, 0},
		{"Verdict", verdictShort, false, 0}, {"Max ctx", 7, true, 2}, {"tok/s", 6, true, 0},
		{"Range", 9, false, 4}, {"Prefill", 7, true, 5}, {"TTFT", 7, true, 5},
	}
	if w >= 110 {
		cols[4].width = verdictLong
	}
	const barMin, barMax = 12, 40
	need := func(cols []qcol) int {
		n := markWidth + barMin + len(cols) - 1
		for _, c := range cols {
			n += c.width
		}
		return n
	}
	cols = dropByPrio(cols, func(c qcol) int { return c.prio }, func(cols []qcol) bool { return need(cols) <= w })
	bar := max(4, min(barMax, barMin+w-need(cols)))
	return cols, bar
}

// quantTable is every quantization with a stacked memory bar against the
// GPU and RAM budgets; it returns the selected row's line.
func (m Model) quantTable(rm *report.Model, w int) ([]string, int) {
	st := m.styles
	gpuCap, ramCap := m.budgets()
	cols, barW := quantColumns(w)
	lines := []string{st.Heading.Render(m.quantHeading(rm, gpuCap, ramCap, w))}
	bar := newBarLayout(gpuCap, ramCap, barW)

	var hb strings.Builder
	hb.WriteString(strings.Repeat(" ", markWidth))
	for i, c := range cols {
		if i > 0 {
			hb.WriteByte(' ')
		}
		title, width := c.title, c.width
		if title == "" {
			title, width = bar.title(), barW
		}
		if c.right {
			hb.WriteString(st.TableHeader.Render(fitRight(title, width)))
		} else {
			hb.WriteString(st.TableHeader.Render(fit(title, width)))
		}
	}
	lines = append(lines, hb.String())

	q := m.detailQuant(rm)
	sel := 0
	for i := range rm.Estimates {
		e := &rm.Estimates[i]
		var b strings.Builder
		for j, c := range cols {
			if j > 0 {
				b.WriteByte(' ')
			}
			if c.title == "" {
				b.WriteString(m.memoryBar(e, bar))
				continue
			}
			text := quantCell(c.title, e, c.width)
			if c.right {
				text = fitRight(text, c.width)
			} else {
				text = fit(text, c.width)
			}
			if c.title == "Verdict" && i != q {
				text = st.verdictStyle(e.Verdict).Render(text)
			}
			if i == q {
				text = st.Selected.Render(text)
			}
			b.WriteString(text)
		}
		cursor := "  "
		if i == q {
			cursor = "› "
			sel = len(lines)
		}
		lines = append(lines, cursor+b.String())
	}
	legend := st.BarWeights.Render("█") + " weights  " + st.BarKV.Render("▓") + " KV cache  " +
		st.BarCompute.Render("▒") + " compute + overhead  " + st.BarFree.Render("·") + " free  " +
		st.BarEdge.Render("|") + " GPU | RAM  " + st.BarOver.Render("×") + " over budget"
	if textWidth(legend) > w-2 { // whole at 80 columns, not "× over budg…"
		legend = st.BarWeights.Render("█") + " weights " + st.BarKV.Render("▓") + " KV " +
			st.BarCompute.Render("▒") + " compute+overhead " + st.BarFree.Render("·") + " free " +
			st.BarEdge.Render("|") + " GPU|RAM " + st.BarOver.Render("×") + " over budget"
	}
	lines = append(lines, "  "+truncate(legend, w-2))
	return lines, sel
}

// quantHeading is "Quantizations at context 8k, KV f16, llama.cpp, …
// · budget GPU 24.0 GiB | RAM 64.0 GiB": every setting the figures depend
// on. On a narrow screen the budget (the header shows it too) goes first.
func (m Model) quantHeading(rm *report.Model, gpuCap, ramCap int64, w int) string {
	s := m.settings
	parts := []settingItem{{text: "Quantizations at context " + contextLabel(rm, s.Context)}, {text: "KV " + s.KVType}, {text: s.Engine}}
	for _, c := range cliSettings(s) {
		parts = append(parts, settingItem{text: c, prio: 1})
	}
	budget := settingItem{text: fmt.Sprintf("budget GPU %s | RAM %s", gib(gpuCap), gib(ramCap)), prio: 2}
	join := func(items []settingItem) string {
		var settings []string
		tail := ""
		for _, it := range items {
			if it == budget {
				tail = " · " + it.text
				continue
			}
			settings = append(settings, it.text)
		}
		return strings.Join(settings, ", ") + tail
	}
	items := dropToFit(append(parts, budget), func(items []settingItem) bool { return textWidth(join(items)) <= w })
	return truncate(join(items), w)
}

func quantCell(title string, e *report.Estimate, width int) string {
	switch title {
	case "Quant":
		return e.Quant
	case "Bits":
		return fmt.Sprintf("%.2f", e.BitsPerWeight)
	case "Total":
		return report.Bytes(e.TotalBytes)
	case "Verdict":
		return verdictCell(e.Verdict, e, width)
	case "Max ctx":
		if e.MaxContext <= 0 {
			return "—"
		}
		return report.Tokens(e.MaxContext)
	case "tok/s":
		return report.TPS(e.DecodeTPS)
	case "Range":
		if e.DecodeTPSLow == nil || e.DecodeTPSHigh == nil {
			return ""
		}
		return report.TPS(e.DecodeTPSLow) + "–" + report.TPS(e.DecodeTPSHigh)
	case "Prefill":
		return rate(e.PrefillTPS)
	case "TTFT":
		return report.Seconds(e.TTFTSeconds)
	}
	return ""
}

// budgets are the GPU and RAM bytes the estimates may use: free memory, or
// total with "assume idle" (same rule as report.EstimateHardware).
func (m Model) budgets() (gpu, ram int64) {
	hw, _ := report.EstimateHardware(m.hardware(), m.assumeIdle)
	for _, g := range hw.GPUs {
		gpu += g.MemoryBytes
	}
	return gpu, hw.RAMBytes
}

// contextLabel is the context the estimates of a model are for: the
// requested one, or the model's maximum when that is smaller
// ("4k (model maximum; 8k requested)").
func contextLabel(rm *report.Model, requested int) string {
	used := rm.ContextUsed
	switch {
	case used <= 0 || used == requested:
		return report.Tokens(requested)
	case used < requested:
		return report.Tokens(used) + " (model maximum; " + report.Tokens(requested) + " requested)"
	}
	return report.Tokens(used) + " (" + report.Tokens(requested) + " requested)"
}

// barLayout is the fixed geometry of the memory bars of one quantization
// table: the GPU budget left of "|", the RAM budget right of it, scaled to
// their sum. Every row uses the same layout, so the "|" sits in one column;
// what a row needs beyond a budget is drawn as "×" inside that budget's
// part, never past it.
type barLayout struct {
	gpuCap, ramCap int64
	gCells, rCells int // cells of the GPU and RAM parts
	edge           int // 1 when there is a GPU part and its "|"
}

func newBarLayout(gpuCap, ramCap int64, w int) barLayout {
	l := barLayout{gpuCap: max(gpuCap, 0), ramCap: max(ramCap, 0)}
	if l.gpuCap > 0 {
		l.edge = 1
	}
	cells := max(0, w-l.edge)
	total := l.gpuCap + l.ramCap
	switch {
	case total == 0 || cells == 0:
		l.rCells = cells
	case l.gpuCap == 0:
		l.rCells = cells
	case l.ramCap == 0:
		l.gCells = cells
	default:
		l.gCells = int(float64(cells)*float64(l.gpuCap)/float64(total) + 0.5)
		l.gCells = max(1, min(cells-1, l.gCells)) // both budgets keep a cell
		l.rCells = cells - l.gCells
	}
	return l
}

// title is the bar column's title, its "|" over the bars' "|" when the
// GPU part has room for "GPU".
func (l barLayout) title() string {
	if l.edge == 0 {
		return "RAM"
	}
	if l.gCells == 3 {
		return "GPU|RAM"
	}
	const title = "GPU | RAM" // "|" at cell 4
	return strings.Repeat(" ", max(0, min(l.gCells-4, l.gCells+l.edge+l.rCells-len(title)))) + title
}

// memoryBar stacks an estimate's memory (weights, KV cache, compute +
// overhead) on a bar layout: GPU-resident bytes fill the GPU part, the
// rest the RAM part. When a part's bytes exceed its budget, the part is
// full and its last cells are "×", as many as the share of its bytes that
// is over.
func (m Model) memoryBar(e *report.Estimate, l barLayout) string {
	st := m.styles
	onGPU, inRAM := e.GPUBytes, e.RAMBytes
	if e.Verdict == estimate.VerdictNo || onGPU+inRAM == 0 {
		// Nothing was placed: fill the GPU first, the rest goes to RAM.
		onGPU, inRAM = min(e.TotalBytes, l.gpuCap), max(0, e.TotalBytes-l.gpuCap)
	}
	if l.gCells == 0 { // no GPU part: everything is drawn against RAM
		onGPU, inRAM = 0, onGPU+inRAM
	}
	if l.rCells == 0 {
		onGPU, inRAM = onGPU+inRAM, 0
	}
	gFill, gOver := partCells(onGPU, l.gpuCap, l.gCells)
	rFill, rOver := partCells(inRAM, l.ramCap, l.rCells)
	filled := max(1, gFill+rFill)
	n := 0
	part := func() string { // the n-th filled cell shows weights, KV cache or compute
		at := float64(e.TotalBytes) * (float64(n) + 0.5) / float64(filled)
		n++
		switch {
		case at < float64(e.WeightsBytes):
			return st.BarWeights.Render("█")
		case at < float64(e.WeightsBytes+e.KVCacheBytes):
			return st.BarKV.Render("▓")
		}
		return st.BarCompute.Render("▒")
	}
	var b strings.Builder
	draw := func(cells, fill, over int) {
		for i := range cells {
			switch {
			case i < fill:
				b.WriteString(part())
			case i < fill+over:
				b.WriteString(st.BarOver.Render("×"))
			default:
				b.WriteString(st.BarFree.Render("·"))
			}
		}
	}
	draw(l.gCells, gFill, gOver)
	if l.edge > 0 {
		b.WriteString(st.BarEdge.Render("|"))
	}
	draw(l.rCells, rFill, rOver)
	return b.String()
}

// partCells splits a bar part of n cells for used bytes against a budget:
// fill cells of memory and over cells of "×" (at least one when anything is
// over); fill+over <= n.
func partCells(used, budget int64, n int) (fill, over int) {
	if n <= 0 || used <= 0 {
		return 0, 0
	}
	if used <= budget {
		return min(n, int(float64(n)*float64(used)/float64(budget)+0.5)), 0
	}
	over = max(1, min(n, int(float64(n)*float64(used-budget)/float64(used)+0.5)))
	return n - over, over
}

// rate is a token rate, in thousands from 10k on ("12.8k").
func rate(v *float64) string {
	if v != nil && *v >= 10000 {
		return fmt.Sprintf("%.1fk", *v/1000)
	}
	return report.TPS(v)
}
