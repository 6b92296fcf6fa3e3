package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/report"
)

// barRows are the quantization rows of a model's detail page, ANSI
// stripped.
func barRows(m Model, rm *report.Model, w int) []string {
	lines, _ := m.detailContent(w)
	var rows []string
	for _, l := range lines {
		l = ansi.Strip(l)
		f := strings.Fields(strings.TrimPrefix(l, "›"))
		if len(f) > 0 && strings.Contains(l, "|") &&
			slices.ContainsFunc(rm.Estimates, func(e report.Estimate) bool { return e.Quant == f[0] }) {
			rows = append(rows, l)
		}
	}
	return rows
}

func TestBarSeparatorInOneColumn(t *testing.T) {
	// Mixtral at its 32k maximum and DeepSeek V3 need more than GPU + RAM at
	// some quantizations; with --cpu-moe the GPU part is nearly empty. The
	// "|" stays in one column; what is over budget is "×" within the bar.
	cpuMoE := estimate.DefaultSettings()
	cpuMoE.CPUMoE = true
	for name, s := range map[string]estimate.Settings{"defaults": estimate.DefaultSettings(), "cpu-moe": cpuMoE} {
		for _, w := range []int{80, 120, 200} {
			m := press(newWithSettings(t, s, w, 40), "+", "+", "+", "+")
			over := false
			for i := range m.doc.Models {
				rm := &m.doc.Models[i]
				m.detail = detailState{id: rm.ID}
				rows := barRows(m, rm, w)
				if len(rows) != len(rm.Estimates) {
					t.Fatalf("%s at %d: %s has %d bar rows for %d estimates", name, w, rm.ID, len(rows), len(rm.Estimates))
				}
				col := -1
				for _, r := range rows {
					c := textWidth(r[:strings.Index(r, "|")])
					if col < 0 {
						col = c
					}
					if c != col {
						t.Errorf("%s (%s, %d columns): separator at %d, want %d as on the first row:\n%s", rm.ID, name, w, c, col, strings.Join(rows, "\n"))
						break
					}
					over = over || strings.Contains(r, "×")
				}
				// Every row is as wide: the bar never grows past its column.
				for _, r := range rows {
					if textWidth(r) != textWidth(rows[0]) {
						t.Errorf("%s: rows of different widths:\n%s", rm.ID, strings.Join(rows, "\n"))
						break
					}
				}
			}
			if !over {
				t.Errorf("%s at %d: no row shows the over-budget marker", name, w)
			}
		}
	}
}

func TestBarHeaderSeparatorOverTheBars(t *testing.T) {
	m := newTest(t, 120, 40)
	m = press(selectID(t, m, "meta-llama/Llama-3.1-8B-Instruct"), "enter")
	lines := strings.Split(screenText(m), "\n")
	var head, row string
	for _, l := range lines {
		switch {
		case strings.Contains(l, "GPU | RAM") && strings.Contains(l, "Quant"):
			head = l
		case row == "" && head != "" && strings.ContainsAny(l, "█·"):
			row = l
		}
	}
	if head == "" || row == "" {
		t.Fatalf("no quantization table:\n%s", screenText(m))
	}
	if h, r := textWidth(head[:strings.Index(head, "|")]), textWidth(row[:strings.Index(row, "|")]); h != r {
		t.Errorf("title | at %d, bar | at %d:\n%s\n%s", h, r, head, row)
	}
}

func TestMemoryFiguresSayWhatTheyAre(t *testing.T) {
	// The table's Total, the detail and the comparison all show the total,
	// and say so (issue 14, item 6).
	m := newTest(t, 120, 40)
	id := "meta-llama/Llama-3.1-8B-Instruct"
	rm := m.model(id)
	e := bestEstimate(rm)
	if e.Verdict != estimate.VerdictGPU || e.GPUBytes == e.TotalBytes {
		t.Fatalf("fixture: %s is %s with GPU %d total %d", id, e.Verdict, e.GPUBytes, e.TotalBytes)
	}
	if b, _, _ := shownMemory(rm); b != e.TotalBytes {
		t.Errorf("table Total %d, want the total %d", b, e.TotalBytes)
	}
	d := press(selectID(t, m, id), "enter")
	text := screenText(d)
	if strings.Contains(text, "Memory") {
		t.Errorf("the detail still has an unlabelled Memory figure:\n%s", text)
	}
	for _, want := range []string{"Total", "total " + report.Bytes(e.TotalBytes), "GPU " + report.Bytes(e.GPUBytes)} {
		if !strings.Contains(text, want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	c := press(selectID(t, m, id), "space", "down", "space", "c")
	text = screenText(c)
	if !strings.Contains(text, "Total memory") || !strings.Contains(text, "On GPU / RAM") {
		t.Errorf("compare does not label its memory rows:\n%s", text)
	}
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "Memory ") {
			t.Errorf("compare has an unlabelled Memory row: %q", l)
		}
	}
}
