package ui

import (
	"fmt"
	"slices"
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
		{"Quant", 7, false, 0}, {"Bits", 5, true, 3}, {"Memory", 9, true, 0}, {"", 0, false, 0},
		{"Verdict", verdictShort, false, 0}, {"Max ctx", 7, true, 2}, {"tok/s", 6, true, 0},
		{"Range", 9, false, 4}, {"Prefill", 7, true, 5}, {"TTFT", 7, true, 5},
	}
	if w >= 110 {
		cols[4].width = verdictLong
	}
	const barMin, barMax = 12, 40
	need := func() int {
		n := markWidth + barMin + len(cols) - 1
		for _, c := range cols {
			n += c.width
		}
		return n
	}
	for need() > w {
		best := -1
		for i, c := range cols {
			if c.prio > 0 && (best < 0 || c.prio >= cols[best].prio) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		cols = slices.Delete(cols, best, best+1)
	}
	bar := max(4, min(barMax, barMin+w-need()))
	return cols, bar
}

// quantTable is every quantization with a stacked memory bar against the
// GPU and RAM budgets; it returns the selected row's line.
func (m Model) quantTable(rm *report.Model, w int) ([]string, int) {
	st := m.styles
	gpuCap, ramCap := m.budgets()
	cols, barW := quantColumns(w)
	s := m.settings
	head := fmt.Sprintf("Quantizations at context %s, KV %s, %s · budget GPU %s | RAM %s",
		report.Tokens(s.Context), s.KVType, s.Engine, gib(gpuCap), gib(ramCap))
	lines := []string{st.Heading.Render(truncate(head, w))}

	var hb strings.Builder
	hb.WriteString(strings.Repeat(" ", markWidth))
	for i, c := range cols {
		if i > 0 {
			hb.WriteByte(' ')
		}
		title, width := c.title, c.width
		if title == "" {
			title, width = "GPU | RAM", barW
			if gpuCap == 0 {
				title = "RAM"
			}
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
				b.WriteString(m.memoryBar(e, gpuCap, ramCap, barW))
				continue
			}
			text := quantCell(c.title, e, c.width >= verdictLong)
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
	lines = append(lines, "  "+truncate(legend, w-2))
	return lines, sel
}

func quantCell(title string, e *report.Estimate, long bool) string {
	switch title {
	case "Quant":
		return e.Quant
	case "Bits":
		return fmt.Sprintf("%.2f", e.BitsPerWeight)
	case "Memory":
		return report.Bytes(e.TotalBytes)
	case "Verdict":
		return verdictBadge(e.Verdict, e, long)
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

// memoryBar stacks an estimate's memory (weights, KV cache, compute +
// overhead) over the GPU budget (left of "|") and the RAM budget (right):
// GPU-resident bytes fill the GPU part, the rest the RAM part; what exceeds
// both budgets is "×".
func (m Model) memoryBar(e *report.Estimate, gpuCap, ramCap int64, w int) string {
	st := m.styles
	edge := 0
	if gpuCap > 0 {
		edge = 1
	}
	cells := w - edge
	if cells <= 0 {
		return strings.Repeat(" ", max(0, w))
	}
	scale := float64(max(gpuCap+ramCap, e.TotalBytes, 1))
	toCells := func(b int64) int { return int(float64(cells)*float64(b)/scale + 0.5) }
	gCells := min(toCells(gpuCap), cells)
	rCells := min(toCells(ramCap), cells-gCells)
	oCells := cells - gCells - rCells // room for what exceeds both budgets

	onGPU, inRAM := e.GPUBytes, e.RAMBytes
	if e.Verdict == estimate.VerdictNo || onGPU+inRAM == 0 {
		onGPU, inRAM = min(e.TotalBytes, gpuCap), max(0, e.TotalBytes-gpuCap)
	}
	gFill := min(toCells(onGPU), gCells)
	rFill := min(toCells(inRAM), rCells+oCells)
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
	for i := range gCells {
		if i < gFill {
			b.WriteString(part())
		} else {
			b.WriteString(st.BarFree.Render("·"))
		}
	}
	if edge > 0 {
		b.WriteString(st.BarEdge.Render("|"))
	}
	for i := range rCells {
		if i < rFill {
			b.WriteString(part())
		} else {
			b.WriteString(st.BarFree.Render("·"))
		}
	}
	for i := range oCells {
		if rCells+i < rFill {
			b.WriteString(st.BarOver.Render("×"))
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// rate is a token rate, in thousands from 10k on ("12.8k").
func rate(v *float64) string {
	if v != nil && *v >= 10000 {
		return fmt.Sprintf("%.1fk", *v/1000)
	}
	return report.TPS(v)
}
