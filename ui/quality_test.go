package ui

import (
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
	"github.com/fitcheck/fitcheck/report"
)

// cpu16 is a CPU-only machine with 16 GiB, as `--no-gpu --ram 16GiB`.
func cpu16(t testing.TB) hwprobe.Snapshot {
	t.Helper()
	base := rtx4090(t)
	return hwprobe.ApplyOverrides(base, hwprobe.Overrides{NoGPU: true, RAMBytes: 16 << 30})
}

func newBuiltinOn(t *testing.T, hw hwprobe.Snapshot) Model {
	t.Helper()
	cat := catalogtest.Builtin(t)
	return sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: hw,
		Settings: estimate.DefaultSettings(), Version: "test", ProfileDir: t.TempDir()}), 120, 40)
}

// Issue 14 item 17 and issue 16: the TUI's default order is "best that
// fits", so on a small CPU box the first row runs at a usable speed and
// shows the estimate it was ranked by.
func TestDefaultOrderIsBestThatFits(t *testing.T) {
	for name, hw := range map[string]hwprobe.Snapshot{"cpu16": cpu16(t), "rtx4090": rtx4090(t)} {
		m := newBuiltinOn(t, hw)
		if m.table.sort != colQuality || !m.table.desc {
			t.Fatalf("%s: default sort %v desc %v, want the Q column", name, m.table.sort, m.table.desc)
		}
		top := &m.doc.Models[m.table.rows[0]]
		e := shownEstimate(top)
		if e == nil || e.DecodeTPS == nil || *e.DecodeTPS < report.DefaultMinTPS || top.Quality.Index == nil || top.Quality.BaseModel {
			t.Fatalf("%s: first row %s shows %+v, quality %+v", name, top.ID, e, top.Quality)
		}
		// The first rows are in the order the piped table uses.
		picks, _ := report.Rank(&m.doc, report.SortBest, report.DefaultMinTPS)
		for i := range 10 {
			if got := m.doc.Models[m.table.rows[i]].ID; got != picks[i].Model.ID {
				t.Errorf("%s: row %d is %s, the ranking has %s", name, i, got, picks[i].Model.ID)
			}
		}
		row := strings.Split(screenText(m), "\n")[6]
		if !strings.Contains(row, e.Quant) || !strings.Contains(row, report.TPS(e.DecodeTPS)) {
			t.Errorf("%s: first row %q does not show the picked %s at %s tok/s", name, row, e.Quant, report.TPS(e.DecodeTPS))
		}
	}
}

func TestDetailListsScoresWithLinks(t *testing.T) {
	m := newBuiltinOn(t, rtx4090(t))
	m.openDetail("Qwen/Qwen3-32B")
	lines, _ := m.detailContent(200)
	page := strings.Join(lines, "\n")
	for _, want := range []string{"Quality", "index ", "Scores", "GPQA Diamond", "Qwen3_Technical_Report.pdf", "\x1b]8;;https://"} {
		if !strings.Contains(page, want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	m.openDetail("meta-llama/Llama-3.1-8B")
	lines, _ = m.detailContent(200)
	if !strings.Contains(strings.Join(lines, "\n"), "base model") {
		t.Error("a base model's detail does not say so")
	}
}

func TestWhatIfShowsOneMoreGPU(t *testing.T) {
	m := newBuiltinOn(t, rtx4090(t))
	m = press(m, "w")
	if m.upgrade == nil || m.upgrade.GPUsThen != 2 {
		t.Fatalf("upgrade %+v", m.upgrade)
	}
	screen := screenText(m)
	for _, want := range []string{"Best that fits", "With one more NVIDIA GeForce RTX 4090"} {
		if !strings.Contains(screen, want) {
			t.Errorf("what-if screen lacks %q", want)
		}
	}
}
