package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/fitcheck/fitcheck/report"
)

// Regression tests of a walk through the TUI (notes/qa2.md).

// The last rows of the comparison (hosted API price, the footnote) are
// reachable by scrolling on a small terminal.
func TestCompareScrollsToTheEnd(t *testing.T) {
	m := press(newTest(t, 80, 24), "space", "down", "space", "c")
	if m.screen != screenCompare {
		t.Fatal("c did not open the comparison")
	}
	for range 40 {
		m = press(m, "down")
	}
	text := screenText(m)
	for _, want := range []string{"API $/M out", "at the quantization the table shows"} {
		if !strings.Contains(text, want) {
			t.Errorf("scrolled to the end, the comparison lacks %q:\n%s", want, text)
		}
	}
}

// The title bar names the plan and fine-tune screens, not only the
// detail they were opened from.
func TestBreadcrumbNamesPlanAndTune(t *testing.T) {
	m := press(newTest(t, 120, 40), "enter")
	name := m.model(m.detail.id).Name
	if got := m.breadcrumb(); got != "detail: "+name {
		t.Fatalf("detail breadcrumb %q", got)
	}
	if got := press(m, "p").breadcrumb(); got != "detail: "+name+" › plan" {
		t.Errorf("plan breadcrumb %q", got)
	}
	if got := press(m, "t").breadcrumb(); got != "detail: "+name+" › fine-tune" {
		t.Errorf("fine-tune breadcrumb %q", got)
	}
}

// X on the plan screen exports the planned model, as on its detail, not
// the first 40 rows of the table behind it.
func TestExportFromPlanIsTheModel(t *testing.T) {
	m := press(newTest(t, 120, 40), "enter", "p")
	if m.screen != screenPlan {
		t.Fatal("p did not open the plan")
	}
	if ids, _ := m.exportModels(); len(ids) != 1 || ids[0] != m.detail.id {
		t.Errorf("export from the plan of %s: %v", m.detail.id, ids)
	}
}

// A partial MoE verdict keeps its numbers in the table at every width
// (cut to the column it read "◐ experts of 47…" and "◐ MoE 4…"), and the
// help explains them.
func TestMoEVerdictNotCut(t *testing.T) {
	e := &report.Estimate{Verdict: "partial", GPULayers: 63, TotalLayers: 63, CPUMoELayers: 47}
	for _, c := range []struct {
		width int
		want  string
	}{{verdictLong, "◐ MoE 47/62"}, {40, "◐ experts of 47/62 layers in RAM"}, {verdictShort, "◐ MoE"}} {
		if got := verdictCell("partial", e, c.width); got != c.want {
			t.Errorf("width %d: %q, want %q", c.width, got, c.want)
		}
	}
	dense := &report.Estimate{Verdict: "partial", GPULayers: 28, TotalLayers: 40}
	if got := verdictCell("partial", dense, verdictShort); got != "◐ 28/40" {
		t.Errorf("dense partial at %d: %q", verdictShort, got)
	}
	m := press(newTest(t, 120, 40), "?")
	if !strings.Contains(screenText(m), "MoE n/m") {
		t.Error("the help does not explain ◐ MoE n/m")
	}
}

// The help's legend explains every mark a name can carry.
func TestHelpExplainsNameMarks(t *testing.T) {
	text := screenText(press(newTest(t, 120, 40), "?"))
	for _, g := range []string{"↓ after a name", "⌂ before a name", "⊘ before a name"} {
		if !strings.Contains(text, g) {
			t.Errorf("the help does not explain %q", g)
		}
	}
}

// The filter panel keeps a space between every title and its value, and
// its key hint is whole at 80 columns.
func TestFilterPanelAt80(t *testing.T) {
	text := screenText(press(newTest(t, 80, 24), "f"))
	for _, want := range []string{"Installed ‹", "esc close"} {
		if !strings.Contains(text, want) {
			t.Errorf("filter panel lacks %q:\n%s", want, text)
		}
	}
}

// With the filter panel open the footer lists the panel's keys, not the
// table's (s, w, enter do nothing there).
func TestFilterPanelFooter(t *testing.T) {
	lines := strings.Split(screenText(press(newTest(t, 120, 40), "f")), "\n")
	footer := lines[len(lines)-1]
	if strings.Contains(footer, "s sort") || !strings.Contains(footer, "x clear all") {
		t.Errorf("footer with the filter panel open: %q", footer)
	}
}

// At 80 columns the plan table keeps its cost columns: the fixed layout
// was 101 columns wide and cut "$/M in" and "$/M out" off.
func TestPlanTableAt80KeepsCosts(t *testing.T) {
	m := newTest(t, 80, 24)
	m = pressUntilModel(t, m, "meta-llama/Llama-3.1-8B-Instruct")
	m = step(t, press(m, "enter"), keyMsg("p"))
	if len(m.plan.ans.Plans) == 0 {
		t.Fatal("no plan")
	}
	text := screenText(m)
	p := m.plan.ans.Plans[0]
	for _, want := range []string{"$/M out", fmt.Sprintf("$%.3f", p.Cost.OutputUSDPerM), "TTFT"} {
		if !strings.Contains(text, want) {
			t.Errorf("80-column plan lacks %q:\n%s", want, text)
		}
	}
	for _, l := range strings.Split(text, "\n") {
		if textWidth(l) > 80 {
			t.Errorf("line wider than 80: %q", l)
		}
	}
}

// i (free/total memory) does nothing to a plan: the plan's help does not
// list it, and pressing it says why rather than flipping the header.
func TestPlanIgnoresIdleKeySaysWhy(t *testing.T) {
	m := newTest(t, 120, 40)
	m = pressUntilModel(t, m, "meta-llama/Llama-3.1-8B-Instruct")
	m = step(t, press(m, "enter"), keyMsg("p"))
	idle := m.assumeIdle
	m = press(m, "i")
	if m.assumeIdle != idle || !strings.Contains(m.status, "plan sizes new hardware") {
		t.Errorf("i on the plan: idle %v→%v, status %q", idle, m.assumeIdle, m.status)
	}
	if strings.Contains(screenText(press(m, "?")), "free/total memory") {
		t.Error("the plan's help lists i")
	}
}

// At 80 columns the detail's footer shows its own screens' keys (p, t)
// before the arrows, and every screen's footer keeps q quit.
func TestFootersAt80(t *testing.T) {
	m := newTest(t, 80, 24)
	m = pressUntilModel(t, m, "meta-llama/Llama-3.1-8B-Instruct")
	m = press(m, "enter")
	footer := func(m Model) string { l := strings.Split(screenText(m), "\n"); return l[len(l)-1] }
	if f := footer(m); !strings.Contains(f, "p plan") || !strings.Contains(f, "t fine-tune") || !strings.Contains(f, "q quit") {
		t.Errorf("detail footer at 80: %q", f)
	}
	if f := footer(press(m, "t")); !strings.Contains(f, "q quit") {
		t.Errorf("fine-tune footer at 80: %q", f)
	}
	if f := footer(step(t, m, keyMsg("p"))); !strings.Contains(f, "q quit") {
		t.Errorf("plan footer at 80: %q", f)
	}
}

// The legend under the table is whole at 80 columns, its ↓ note included.
func TestLegendWholeAt80(t *testing.T) {
	m := newTest(t, 80, 24)
	if m.clampNote(m.settings.Context) == "" {
		t.Skip("no model of the fixture is below the default context")
	}
	if l := ansi.Strip(m.contextLine()); textWidth(l) > 80 || !strings.Contains(l, "↓ at max ctx") {
		t.Errorf("legend at 80: %q (%d)", l, textWidth(l))
	}
}

// With a policy at 80 columns the title keeps the program's name, the
// screen and the policy count: the right side shortens first.
func TestTitleAt80WithPolicy(t *testing.T) {
	m := sized(newPolicyTest(t), 80, 24)
	m.doc.Warnings = []string{"one", "two"}
	title := strings.Split(screenText(press(m, "enter")), "\n")[0]
	for _, want := range []string{"fitcheck test › detail:", "fail", "! 2"} {
		if !strings.Contains(title, want) {
			t.Errorf("title at 80 lacks %q: %q", want, title)
		}
	}
	if textWidth(title) > 80 {
		t.Errorf("title wider than 80: %q", title)
	}
}

// A status message longer than the terminal is wrapped onto the help
// line, not cut ("…forbi…").
func TestLongStatusWraps(t *testing.T) {
	m := newTest(t, 80, 24)
	msg := "foo/bar: offline: it is not in the cache, and HF_HUB_OFFLINE or --offline forbids asking the Hub"
	m.status, m.statusErr = msg, true
	lines := strings.Split(screenText(m), "\n")
	got := strings.Join(lines[len(lines)-2:], " ")
	if !strings.Contains(got, "forbids asking the Hub") {
		t.Errorf("footer: %q", got)
	}
}

// Where the best quantization crawls (CPU only), the table shows a faster
// one that is usable; the detail opens on it and the comparison shows it,
// so the three screens agree on quant, memory and speed.
func TestTableDetailCompareAgreeOnQuant(t *testing.T) {
	hw := rtx4090(t)
	hw.GPUs = nil
	m := newBuiltinOn(t, hw)
	var id string
	for i := range m.doc.Models {
		rm := &m.doc.Models[i]
		if s, b := shownEstimate(rm), bestEstimate(rm); s != nil && b != nil && s.Quant != b.Quant {
			id = rm.ID
			break
		}
	}
	if id == "" {
		t.Skip("no model whose usable pick differs from its best quantization")
	}
	m = pressUntilModel(t, m, id)
	shown := shownEstimate(m.model(id))
	d := press(m, "enter")
	if d.detail.quant != shown.Quant {
		t.Errorf("%s: table shows %s, the detail opens on %s", id, shown.Quant, d.detail.quant)
	}
	c := press(m, "space", "down", "space", "c")
	text := screenText(c)
	if !strings.Contains(text, shown.Quant) || !strings.Contains(text, report.TPS(shown.DecodeTPS)) {
		t.Errorf("%s: the comparison lacks the table's %s at %s tok/s:\n%s", id, shown.Quant, report.TPS(shown.DecodeTPS), text)
	}
}

// The plan's ranking moves with end/home and the wheel, as every list
// does (they did nothing there).
func TestPlanEndHomeWheel(t *testing.T) {
	m := newTest(t, 120, 40)
	m = pressUntilModel(t, m, "meta-llama/Llama-3.1-8B-Instruct")
	m = step(t, press(m, "enter"), keyMsg("p"))
	n := len(m.plan.ans.Plans)
	if n < 3 {
		t.Skipf("%d plans", n)
	}
	if m = press(m, "end"); m.plan.cursor != n-1 {
		t.Errorf("end: cursor %d of %d", m.plan.cursor, n)
	}
	if m = press(m, "home"); m.plan.cursor != 0 {
		t.Errorf("home: cursor %d", m.plan.cursor)
	}
	if m = update(m, tea.MouseWheelMsg{Button: tea.MouseWheelDown}); m.plan.cursor == 0 {
		t.Error("the wheel does not move the plan's selection")
	}
}

// On the fine-tune screen the inference settings keys say why they do
// nothing there instead of changing the table's settings unseen.
func TestTuneIgnoresRunSettings(t *testing.T) {
	m := press(newTest(t, 120, 40), "enter", "t")
	before := m.settings
	for _, k := range []string{"+", "-", "]", "[", "K", "e"} {
		m = press(m, k)
		if m.settings != before || !strings.Contains(m.status, "fine-tuning has its own") {
			t.Errorf("%s on the fine-tune screen: settings %+v, status %q", k, m.settings, m.status)
		}
	}
}

// The comparison shows the table's Q column, the number "best that fits"
// ranks by.
func TestCompareShowsQuality(t *testing.T) {
	m := newBuiltinOn(t, rtx4090(t))
	a, b := m.model(m.selectedID()), m.model(m.doc.Models[m.table.rows[1]].ID)
	c := press(m, "space", "down", "space", "c")
	text := screenText(c)
	qa, _ := qualityCell(a)
	qb, _ := qualityCell(b)
	if !strings.Contains(text, "Quality (Q)") || !strings.Contains(text, qa) || !strings.Contains(text, qb) {
		t.Errorf("comparison lacks the quality row %s / %s:\n%s", qa, qb, text)
	}
}
