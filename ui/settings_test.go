package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/report"
)

// newWithSettings is the fixture model with run settings as the CLI would
// give them.
func newWithSettings(t *testing.T, s estimate.Settings, w, h int) Model {
	t.Helper()
	cat := fixtureCatalog(t)
	return sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: rtx4090(t), Settings: s,
		Version: "test", ProfileDir: t.TempDir()}), w, h)
}

// anyFits reports whether some model runs at all: an invalid setting makes
// every estimate "does not fit".
func anyFits(m Model) bool {
	return slices.ContainsFunc(m.doc.Models, func(rm report.Model) bool { return rm.BestVerdict != estimate.VerdictNo })
}

func TestKVTypeCycleUnderVLLM(t *testing.T) {
	m := press(newTest(t, 120, 40), "e")
	if m.settings.Engine != estimate.EngineVLLM {
		t.Fatalf("e gives engine %q", m.settings.Engine)
	}
	var kv []string
	for range 4 {
		m = press(m, "K")
		kv = append(kv, m.doc.Settings.KVCacheType)
		if !anyFits(m) {
			t.Errorf("vLLM with KV %s: no model fits", m.settings.KVType)
		}
	}
	if !slices.Equal(kv, []string{"q8_0", "f16", "q8_0", "f16"}) {
		t.Errorf("k under vLLM cycles %v, want f16 and q8_0 only", kv)
	}

	// Back to llama.cpp, q4_0, then vLLM again: the cache becomes q8_0 and
	// the status line says why.
	m = press(m, "e", "K", "K")
	if m.settings.KVType != "q4_0" || m.settings.Engine != estimate.EngineLlamaCpp {
		t.Fatalf("llama.cpp k k: KV %s engine %s, want q4_0", m.settings.KVType, m.settings.Engine)
	}
	m = press(m, "e")
	if m.settings.KVType != "q8_0" || m.doc.Settings.KVCacheType != "q8_0" {
		t.Errorf("switching to vLLM with q4_0: KV %s (doc %s), want q8_0", m.settings.KVType, m.doc.Settings.KVCacheType)
	}
	if !strings.Contains(m.status, "q8_0") || !strings.Contains(m.status, "no q4_0") {
		t.Errorf("status %q does not say the KV cache moved to q8_0", m.status)
	}
	if !anyFits(m) {
		t.Error("after switching to vLLM no model fits")
	}

	// Settings the CLI could never give are mended too.
	s := estimate.DefaultSettings()
	s.Engine, s.KVType = estimate.EngineVLLM, "q4_0"
	if m := newWithSettings(t, s, 120, 40); m.settings.KVType != "q8_0" || !anyFits(m) {
		t.Errorf("vLLM + q4_0 from the config: KV %s", m.settings.KVType)
	}
}

func TestHalvingKeysNeverRaise(t *testing.T) {
	// The CLI allows --context 256 and --prompt-tokens 1, below the keys'
	// minimums: - and [ leave them alone.
	s := estimate.DefaultSettings()
	s.Context, s.PromptTokens = 256, 1
	m := newWithSettings(t, s, 120, 40)
	m = press(m, "-")
	if m.settings.Context != 256 {
		t.Errorf("- on a 256 context gives %d", m.settings.Context)
	}
	m = press(m, "[")
	if m.settings.PromptTokens != 1 {
		t.Errorf("[ on a 1-token prompt gives %d", m.settings.PromptTokens)
	}
	// + and ] go up to the keys' steps.
	m = press(m, "+", "]")
	if m.settings.Context != 512 || m.settings.PromptTokens != 64 {
		t.Errorf("+ ]: context %d prompt %d, want 512 and 64", m.settings.Context, m.settings.PromptTokens)
	}

	// The prompt never exceeds the context: ] stops at it, - takes it down.
	m = newTest(t, 120, 40)
	for range 10 {
		m = press(m, "]")
	}
	if m.settings.PromptTokens != m.settings.Context {
		t.Errorf("] stops at prompt %d, want the context %d", m.settings.PromptTokens, m.settings.Context)
	}
	for range 6 {
		m = press(m, "-")
		if s := m.doc.Settings; s.PromptTokens > s.Context {
			t.Errorf("context %d below prompt %d", s.Context, s.PromptTokens)
		}
	}
	if m.settings.Context != minContext || m.settings.PromptTokens != minContext || !anyFits(m) {
		t.Errorf("after halving: context %d prompt %d", m.settings.Context, m.settings.PromptTokens)
	}
	m = press(m, "-")
	if m.settings.Context != minContext {
		t.Errorf("- below the minimum: %d", m.settings.Context)
	}
}

func TestContextBoundIsTheCLIs(t *testing.T) {
	m := newTest(t, 120, 40)
	for range 20 {
		m = press(m, "+")
	}
	// + stops at the largest maximum of any model shown (issue 14, item 7)…
	if want := m.contextCeiling(); want >= 1<<24 || m.settings.Context != want || m.doc.Settings.Context != want {
		t.Errorf("context ceiling %d (doc %d), want the largest model maximum %d", m.settings.Context, m.doc.Settings.Context, want)
	}
	if !strings.Contains(m.status, "no model shown takes more") {
		t.Errorf("+ at the ceiling says %q, want why nothing changes", m.status)
	}
	// …while the CLI's bound still holds for a given --context.
	s := estimate.DefaultSettings()
	s.Context = 1 << 24
	if m := newWithSettings(t, s, 120, 40); m.settings.Context != 1<<24 {
		t.Errorf("--context 16777216 became %d", m.settings.Context)
	}
}

// runLine is the header's settings line.
func runLine(m Model) string {
	for _, l := range strings.Split(screenText(m), "\n") {
		if strings.HasPrefix(l, "Run ") {
			return l
		}
	}
	return ""
}

// detailLine is the line of the detail page that starts with prefix.
func detailLine(m Model, prefix string) string {
	for _, l := range strings.Split(screenText(m), "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

func TestCommandLineOnlySettingsShown(t *testing.T) {
	s := estimate.DefaultSettings()
	s.CPUMoE, s.Parallel, s.FlashAttention = true, 4, false
	want := []string{"experts in RAM", "4 parallel", "no flash-attn"}

	m := newWithSettings(t, s, 200, 60)
	for _, w := range want {
		if !strings.Contains(runLine(m), w) {
			t.Errorf("Run line lacks %q: %q", w, runLine(m))
		}
	}
	m = press(selectID(t, m, "Qwen/Qwen3-30B-A3B"), "enter")
	head := detailLine(m, "Quantizations at")
	for _, w := range want {
		if !strings.Contains(head, w) {
			t.Errorf("detail heading lacks %q: %q", w, head)
		}
	}

	// Narrow terminals keep the line within the width, dropping the least
	// important parts first: the context and the CLI-only settings stay.
	for _, w := range []int{80, 100, 120} {
		m := newWithSettings(t, s, w, 30)
		line := runLine(m)
		if textWidth(line) > w || !strings.Contains(line, "context 8k") || !strings.Contains(line, "experts in RAM") {
			t.Errorf("Run line at %d columns: %q", w, line)
		}
		m = press(selectID(t, m, "Qwen/Qwen3-30B-A3B"), "enter")
		head := detailLine(m, "Quantizations at")
		if textWidth(head) > w || !strings.Contains(head, "experts in RAM") {
			t.Errorf("detail heading at %d columns: %q", w, head)
		}
	}

	// Defaults add nothing; llama.cpp-only settings go under vLLM.
	if line := runLine(newTest(t, 200, 60)); strings.Contains(line, "parallel") || strings.Contains(line, "flash") || strings.Contains(line, "experts") {
		t.Errorf("default Run line shows CLI-only settings: %q", line)
	}
	m = press(newWithSettings(t, s, 200, 60), "e")
	if line := runLine(m); strings.Contains(line, "experts in RAM") || strings.Contains(line, "flash-attn") || !strings.Contains(line, "4 parallel") {
		t.Errorf("vLLM Run line: %q", line)
	}
}

func TestDetailShowsTheContextUsed(t *testing.T) {
	// Mixtral's maximum is 32k: at 128k its estimates are for 32k.
	m := press(newTest(t, 160, 50), "+", "+", "+", "+")
	m = press(selectID(t, m, "mistralai/Mixtral-8x7B-Instruct-v0.1"), "enter")
	if head := detailLine(m, "Quantizations at"); !strings.Contains(head, "context 32k (model maximum; 128k requested)") {
		t.Errorf("detail heading: %q", head)
	}
	m = press(m, "-", "-", "-", "-")
	if head := detailLine(m, "Quantizations at"); !strings.HasPrefix(head, "Quantizations at context 8k, ") {
		t.Errorf("detail heading at 8k: %q", head)
	}
}
