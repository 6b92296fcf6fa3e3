package ui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/estimate/finetune"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
	"github.com/fitcheck/fitcheck/report"
)

const tuneModel = "meta-llama/Llama-3.1-8B-Instruct"

// openTuneOf opens the fine-tune screen of a model from its detail.
func openTuneOf(t *testing.T, m Model, id string) Model {
	t.Helper()
	m = press(selectID(t, m, id), "enter")
	if m.screen != screenDetail || m.detail.id != id {
		t.Fatalf("detail of %s did not open (screen %v, id %q)", id, m.screen, m.detail.id)
	}
	m = press(m, "t")
	if m.screen != screenFinetune {
		t.Fatalf("t on the detail: screen %v, want the fine-tune screen", m.screen)
	}
	return m
}

// Golden snapshots of the fine-tune screen, as TestGolden: Llama 3.1 8B on
// one RTX 4090 with the default settings (`go test ./ui -update`).
func TestGoldenFinetune(t *testing.T) {
	cat := catalogtest.Builtin(t)
	base := New(Config{Catalog: cat, Models: cat.Models, Hardware: rtx4090(t),
		Settings: estimate.DefaultSettings(), Version: "test", ProfileDir: t.TempDir()})
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		name := fmt.Sprintf("finetune_%dx%d", size[0], size[1])
		t.Run(name, func(t *testing.T) {
			m := openTuneOf(t, sized(base, size[0], size[1]), tuneModel)
			golden.RequireEqual(goldenTB{t, name}, screenText(m))
		})
	}
}

// tuneWant is the estimator's answer for the screen's settings and
// hardware, computed apart from the screen.
func tuneWant(t *testing.T, m Model) []finetune.Result {
	t.Helper()
	hw, _ := report.EstimateHardware(m.hardware(), m.assumeIdle)
	rs, err := finetune.Estimate(m.catalog[tuneModel], hw.GPUs, m.tune.s)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// tuneRowOf is the screen line of a method's row in the first table.
func tuneRowOf(t *testing.T, text, method string) string {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if f := strings.Fields(strings.TrimLeft(l, " ★")); len(f) > 1 && f[0] == methodLabel(method) && strings.ContainsAny(l, "█▓▒×·") {
			return l
		}
	}
	t.Fatalf("no row for %s in\n%s", method, text)
	return ""
}

// checkTuneRows checks every method's row shows the estimator's peak,
// verdict and longest sequence.
func checkTuneRows(t *testing.T, m Model, when string) {
	t.Helper()
	text := screenText(m)
	for _, r := range tuneWant(t, m) {
		row := tuneRowOf(t, text, r.Method)
		verdict := "✗ no"
		if r.Verdict == finetune.Fits {
			verdict = "● fits"
		}
		for _, want := range []string{gib(r.PeakBytes), verdict, countOrDash(r.MaxSeqLen, report.Tokens)} {
			if !strings.Contains(row, want) {
				t.Errorf("%s: %s row %q lacks %q", when, r.Method, row, want)
			}
		}
	}
}

func TestTuneKeys(t *testing.T) {
	m := openTuneOf(t, newTest(t, 120, 40), tuneModel)
	text := screenText(m)
	for _, want := range []string{"Fine-tuning Llama 3.1 8B Instruct", "1 × NVIDIA GeForce RTX 4090", "Weights",
		"Adapters+grads+opt", "Activations", "Logits", "Max seq", "Max batch", "tok/s", "★ LoRA", "sequence 2k (>/<)"} {
		if !strings.Contains(text, want) {
			t.Errorf("fine-tune screen lacks %q:\n%s", want, text)
		}
	}
	checkTuneRows(t, m, "defaults")
	// The acceptance case of issue 13: full does not fit a 4090, LoRA and QLoRA do.
	for _, c := range []struct{ method, verdict string }{{finetune.Full, "✗ no"}, {finetune.LoRA, "● fits"}, {finetune.QLoRA, "● fits"}} {
		if row := tuneRowOf(t, text, c.method); !strings.Contains(row, c.verdict) {
			t.Errorf("%s on an RTX 4090: %q, want %q", c.method, row, c.verdict)
		}
	}

	// Every edit changes its setting and the numbers follow at once.
	edits := []struct {
		key   string
		check func(finetune.Settings) bool
	}{
		{">", func(s finetune.Settings) bool { return s.SeqLen == 4096 }},
		{"<", func(s finetune.Settings) bool { return s.SeqLen == 2048 }},
		{"b", func(s finetune.Settings) bool { return s.Batch == 2 }},
		{"B", func(s finetune.Settings) bool { return s.Batch == 1 }},
		{"c", func(s finetune.Settings) bool { return s.Checkpointing == finetune.CkptUnsloth }},
		{"c", func(s finetune.Settings) bool { return s.Checkpointing == finetune.CkptNone }},
		{"o", func(s finetune.Settings) bool { return s.Optimizer == finetune.AdamW8bit }},
		{"r", func(s finetune.Settings) bool { return s.LoRARank == 32 }},
		{"R", func(s finetune.Settings) bool { return s.LoRARank == 16 }},
		{"a", func(s finetune.Settings) bool { return s.LoRATargets == "attn" }},
		{"p", func(s finetune.Settings) bool { return s.Precision == "fp16" }},
		{"z", func(s finetune.Settings) bool { return s.Sharding == finetune.ShardFSDP }},
	}
	for _, e := range edits {
		before := screenText(m)
		m = press(m, e.key)
		if !e.check(m.tune.s) {
			t.Errorf("key %s: settings %+v", e.key, m.tune.s)
		}
		if screenText(m) == before {
			t.Errorf("key %s: the screen did not change", e.key)
		}
		checkTuneRows(t, m, "after "+e.key)
	}
	// A longer sequence needs more memory.
	m = press(m, "c") // back to full checkpointing
	peak := tuneWant(t, m)[1].PeakBytes
	m = press(m, ">")
	if got := tuneWant(t, m)[1].PeakBytes; got <= peak {
		t.Errorf("LoRA peak %d at twice the sequence, want more than %d", got, peak)
	}
	// esc goes back to the same model's detail.
	m = press(m, "esc")
	if m.screen != screenDetail || m.detail.id != tuneModel {
		t.Errorf("esc: screen %v id %q, want the detail of %s", m.screen, m.detail.id, tuneModel)
	}
}

// Settings a method refuses show the estimator's message on the screen,
// and the other methods keep their rows.
func TestTuneRefusedSettings(t *testing.T) {
	m := openTuneOf(t, newTest(t, 120, 40), tuneModel)
	m = press(m, "p", "p") // fp32
	text := screenText(m)
	if m.tune.s.Precision != "fp32" || !strings.Contains(text, "QLoRA computes in 16-bit") {
		t.Errorf("QLoRA in fp32: want the estimator's message:\n%s", text)
	}
	tuneRowOf(t, text, finetune.Full)
	tuneRowOf(t, text, finetune.LoRA)

	// Unsloth's checkpointing with sharding: every method refuses it.
	m = press(m, "p", "c", "z") // bf16, unsloth, fsdp
	text = screenText(m)
	if !strings.Contains(text, "Unsloth's offloaded checkpointing is single-GPU") {
		t.Errorf("unsloth with fsdp: want the estimator's message:\n%s", text)
	}
}

func TestTuneNoGPU(t *testing.T) {
	m := openTuneOf(t, newTest(t, 120, 40), tuneModel)
	m = press(m, "w", "n", "esc") // what-if: no GPU, back to the fine-tune screen
	if m.screen != screenFinetune {
		t.Fatalf("screen %v after the what-if screen, want fine-tune", m.screen)
	}
	if text := screenText(m); !strings.Contains(text, "Fine-tuning needs a GPU") {
		t.Errorf("no GPU:\n%s", text)
	}
}

// The sequence key stops at the model's context.
func TestTuneSequenceBound(t *testing.T) {
	m := openTuneOf(t, newTest(t, 120, 40), tuneModel)
	ctx := m.catalog[tuneModel].Arch.ContextLength
	for range 20 {
		m = press(m, ">")
	}
	if m.tune.s.SeqLen != ctx {
		t.Errorf("sequence %d after many ×2, want the context %d", m.tune.s.SeqLen, ctx)
	}
	for range 40 {
		m = press(m, "<", "B", "R")
	}
	if s := m.tune.s; s.SeqLen != minTuneSeqLen || s.Batch != 1 || s.LoRARank != 1 {
		t.Errorf("after many ÷2: %+v", s)
	}
}

// Every line of the page fits the terminal before the frame clamps it.
func TestTuneLayoutWidths(t *testing.T) {
	for _, w := range []int{80, 120, 200} {
		m := openTuneOf(t, newTest(t, w, 40), "meta-llama/Llama-3.3-70B-Instruct")
		for _, keys := range [][]string{nil, {"p", "p"}, {"c", "z"}} {
			m := press(m, keys...)
			for i, l := range m.tuneContent(w) {
				if textWidth(l) > w {
					t.Errorf("width %d, keys %v: line %d is %d cells: %q", w, keys, i, textWidth(l), l)
				}
			}
		}
	}
}

// t is free on the detail screen, and the fine-tune keys do not shadow a
// key that works on every screen.
func TestTuneKeysFree(t *testing.T) {
	k := DefaultKeyMap()
	everywhere := append(k.settingsKeys(), k.WhatIf, k.Warnings, k.Help, k.Quit, k.Export, k.Back)
	detail := append([]key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Copy, k.Plan, k.Mark, k.Compare}, everywhere...)
	for _, b := range detail {
		for _, kk := range b.Keys() {
			if kk == "t" {
				t.Errorf("t is also %q on the detail screen", b.Help().Desc)
			}
		}
	}
	for _, tb := range k.tuneHelpGroup().bindings {
		if tb.Help().Key == k.Idle.Help().Key {
			continue // listed on purpose: it changes the budget
		}
		for _, tk := range tb.Keys() {
			for _, b := range everywhere {
				for _, kk := range b.Keys() {
					if kk == tk {
						t.Errorf("fine-tune key %q (%s) shadows %q", tk, tb.Help().Desc, b.Help().Desc)
					}
				}
			}
		}
	}
	m := openTuneOf(t, newTest(t, 120, 40), tuneModel)
	if !strings.Contains(screenText(m), "sequence ×2") {
		t.Error("the footer does not show the fine-tune keys")
	}
	m = press(m, "esc")
	if !strings.Contains(screenText(m), "t fine-tune") {
		t.Error("the detail footer does not list t")
	}
}

// Scrolling stays within the page, and the page can be scrolled to its end.
func TestTuneScroll(t *testing.T) {
	m := openTuneOf(t, newTest(t, 80, 24), tuneModel)
	m = press(m, "p", "p", "z") // fp32 and fsdp: more rows of notes
	f := m.frame()
	n := len(m.tuneLines(f.width, f.bodyH))
	for range n + 5 {
		m = press(m, "down")
	}
	if want := max(0, n-f.bodyH); m.tune.offset != want {
		t.Errorf("offset %d after scrolling past the end, want %d", m.tune.offset, want)
	}
	m = press(m, "home")
	if m.tune.offset != 0 || !strings.Contains(screenText(m), "Fine-tuning Llama") {
		t.Errorf("home: offset %d", m.tune.offset)
	}
}

// BenchmarkTuneView is the fine-tune screen's work per frame: the three
// estimates (each with its searches for the longest sequence and largest
// batch), and the whole frame with the header.
func BenchmarkTuneView(b *testing.B) {
	cat := catalogtest.Builtin(b)
	m := sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: rtx4090(b),
		Settings: estimate.DefaultSettings(), Version: "bench"}), 120, 40)
	m.detail.id = tuneModel
	m.openTune()
	hw, _ := report.EstimateHardware(m.hardware(), false)
	b.Run("estimate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _, _ = m.tuneEstimate(m.catalog[tuneModel], hw.GPUs)
		}
	})
	b.Run("frame", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = m.View()
		}
	})
}

func TestGPUCounts(t *testing.T) {
	d := func(n string) estimate.Device { return estimate.Device{Name: n} }
	for _, c := range []struct {
		gpus []estimate.Device
		want string
	}{
		{[]estimate.Device{d("L40S"), d("L40S")}, "2 × L40S"},
		{[]estimate.Device{d("RTX 4090"), d("RTX 3090"), d("RTX 4090")}, "2 × RTX 4090 + 1 × RTX 3090"},
	} {
		if got := gpuCounts(c.gpus); got != c.want {
			t.Errorf("gpuCounts: %q, want %q", got, c.want)
		}
	}
}
