package ui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// Golden snapshots of every screen (ANSI stripped) on the built-in catalog
// and a fixed what-if machine (one RTX 4090, 64 GiB RAM). They change when
// the catalog or the estimates change: look at the diff, then regenerate
// with `go test ./ui -update`.

// goldenTB names golden files flatly: testdata/<name>.golden.
type goldenTB struct {
	testing.TB
	name string
}

func (g goldenTB) Name() string { return g.name }

// selectID searches for a model id and leaves the cursor on it.
func selectID(t *testing.T, m Model, id string) Model {
	t.Helper()
	m = typeText(press(m, "/"), id)
	m = press(m, "enter")
	for range len(m.table.rows) {
		if m.selectedID() == id {
			return press(m, "esc") // clear the search; the cursor stays
		}
		m = press(m, "down")
	}
	t.Fatalf("model %s not found", id)
	return m
}

func TestGolden(t *testing.T) {
	cat := catalogtest.Builtin(t)
	base := New(Config{Catalog: cat, Models: cat.Models, Hardware: rtx4090(t),
		Settings: estimate.DefaultSettings(), Version: "test", ProfileDir: t.TempDir()})
	views := []struct {
		name string
		open func(*testing.T, Model) Model
	}{
		{"main", func(_ *testing.T, m Model) Model { return m }},
		{"detail", func(t *testing.T, m Model) Model {
			return press(selectID(t, m, "meta-llama/Llama-3.1-8B-Instruct"), "enter")
		}},
		{"whatif", func(_ *testing.T, m Model) Model { return press(m, "w") }},
		{"compare", func(t *testing.T, m Model) Model {
			for _, id := range []string{"meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen3-30B-A3B", "openai/gpt-oss-20b"} {
				m = press(selectID(t, m, id), "space")
			}
			return press(m, "c")
		}},
		{"help", func(_ *testing.T, m Model) Model { return press(m, "?") }},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		for _, v := range views {
			name := fmt.Sprintf("%s_%dx%d", v.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				m := v.open(t, sized(base, size[0], size[1]))
				golden.RequireEqual(goldenTB{t, name}, screenText(m))
			})
		}
	}
}
