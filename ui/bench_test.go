package ui

import (
	"fmt"
	"testing"
	"time"

	"github.com/fitcheck/fitcheck/estimate"
)

func fullConfig(b testing.TB) Config {
	cat := builtinCatalog(b)
	return Config{Catalog: cat, Models: cat.Models, Hardware: rtx4090(b), Settings: estimate.DefaultSettings(), Version: "bench"}
}

// BenchmarkViewMain renders the main view of the whole built-in catalog
// (target: under 5 ms).
func BenchmarkViewMain(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		b.Run(sizeName(size[0], size[1]), func(b *testing.B) {
			m := sized(New(fullConfig(b)), size[0], size[1])
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkRebuild is one settings change: every estimate of the catalog
// recomputed, filtered and sorted.
func BenchmarkRebuild(b *testing.B) {
	m := sized(New(fullConfig(b)), 120, 40)
	b.ReportAllocs()
	for b.Loop() {
		m = press(m, "K")
	}
}

// BenchmarkFirstFrame is New plus the first View (target: under 150 ms).
func BenchmarkFirstFrame(b *testing.B) {
	cfg := fullConfig(b)
	for b.Loop() {
		_ = sized(New(cfg), 120, 40).View()
	}
}

// TestFirstFrameFast: the table is on screen well within 150 ms of New,
// even on a slow CI machine under the race detector.
func TestFirstFrameFast(t *testing.T) {
	cfg := fullConfig(t)
	start := time.Now()
	m := sized(New(cfg), 120, 40)
	_ = m.View()
	if d := time.Since(start); d > 150*time.Millisecond && !raceEnabled {
		t.Errorf("first frame took %v, want under 150ms", d)
	}
	if len(m.doc.Models) != len(cfg.Models) {
		t.Errorf("first frame estimated %d models, want %d", len(m.doc.Models), len(cfg.Models))
	}
}

// TestViewMainFast: rendering the main view of the whole catalog stays
// under 5 ms (the average of 20 frames at 200x60, the largest golden size).
func TestViewMainFast(t *testing.T) {
	if raceEnabled {
		t.Skip("timing is meaningless under the race detector")
	}
	m := sized(New(fullConfig(t)), 200, 60)
	const frames = 20
	start := time.Now()
	for range frames {
		_ = m.View()
	}
	if avg := time.Since(start) / frames; avg > 5*time.Millisecond {
		t.Errorf("main view takes %v per frame, want under 5ms", avg)
	}
}

func sizeName(w, h int) string { return fmt.Sprintf("%dx%d", w, h) }
