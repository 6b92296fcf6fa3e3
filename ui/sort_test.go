package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/report"
)

func TestMemorySortFollowsTheShownFigure(t *testing.T) {
	// Every row shows (and sorts by) the total of its best quantization,
	// GPU and RAM together, whatever the verdict (issue 14, item 6).
	q := "Q4_K_M"
	onGPU := &report.Model{ModelInfo: report.ModelInfo{Name: "A"}, BestQuant: &q, BestVerdict: estimate.VerdictGPU,
		Estimates: []report.Estimate{{Quant: q, Verdict: estimate.VerdictGPU, GPUBytes: 10 << 30, RAMBytes: 10 << 30, TotalBytes: 20 << 30}}}
	partial := &report.Model{ModelInfo: report.ModelInfo{Name: "B"}, BestQuant: &q, BestVerdict: estimate.VerdictPartial,
		Estimates: []report.Estimate{{Quant: q, Verdict: estimate.VerdictPartial, GPUBytes: 8 << 30, RAMBytes: 7 << 30, TotalBytes: 15 << 30}}}
	if c := compareBy(colMemory, onGPU, partial); c <= 0 {
		t.Errorf("total 20 GiB vs 15 GiB: compareBy %d, want > 0", c)
	}

	// On screen: sorted by Memory, the column reads in order.
	m := newTest(t, 120, 40)
	for range len(allColumns) {
		if m.table.sort == colMemory {
			break
		}
		m = press(m, "s")
	}
	if m.table.sort != colMemory {
		t.Fatal("s never reached the Memory column")
	}
	var shown []int64
	for _, r := range m.table.rows {
		rm := &m.doc.Models[r]
		b, _, ok := shownMemory(rm)
		if !ok {
			continue
		}
		shown = append(shown, b)
		if !strings.Contains(screenText(m), report.Bytes(b)) && len(shown) < 10 {
			t.Errorf("%s: %s not on screen", rm.ID, report.Bytes(b))
		}
	}
	ordered := slices.IsSorted(shown)
	if m.table.desc {
		ordered = slices.IsSortedFunc(shown, func(a, b int64) int { return int(b>>20) - int(a>>20) })
	}
	if !ordered {
		t.Errorf("Memory column out of order (desc %v): %v", m.table.desc, shown)
	}
}
