package ui

import (
	"strings"
	"testing"
)

func TestUndoWhatIfOneStepAtATime(t *testing.T) {
	m := press(newTest(t, 120, 40), "w", "u")
	if !strings.Contains(m.status, "nothing to undo") {
		t.Errorf("u with no edit: status %q", m.status)
	}
	gpus := func(m Model) int { return len(m.hardware().GPUs) }
	ram := func(m Model) int64 { return m.hardware().Memory.TotalBytes }

	m = press(m, "tab", "a", "a") // two more RTX 4090
	m = press(m, "r", "ctrl+u")
	m = typeText(m, "16GiB")
	m = press(m, "enter", "n") // 16 GiB RAM, then no GPU
	if gpus(m) != 0 || ram(m) != 16<<30 {
		t.Fatalf("after the edits: %d GPUs, RAM %d", gpus(m), ram(m))
	}
	for i, want := range []struct {
		gpus int
		ram  int64
	}{{3, 16 << 30}, {3, 64 << 30}, {2, 64 << 30}, {1, 64 << 30}} {
		m = press(m, "u")
		if gpus(m) != want.gpus || ram(m) != want.ram {
			t.Errorf("undo %d: %d GPUs, RAM %d; want %d GPUs, RAM %d", i+1, gpus(m), ram(m), want.gpus, want.ram)
		}
		if !strings.Contains(m.status, "undone") {
			t.Errorf("undo %d: status %q", i+1, m.status)
		}
	}
	if m.whatIf.active() || m.simulated() != newTest(t, 120, 40).simulated() {
		t.Error("undoing every edit did not restore the starting hardware")
	}
	if m = press(m, "u"); !strings.Contains(m.status, "nothing to undo") {
		t.Errorf("u past the first edit: status %q", m.status)
	}

	// The stack is bounded.
	for range undoDepth + 5 {
		m = press(m, "a")
	}
	if len(m.undo) != undoDepth {
		t.Errorf("%d states remembered, want %d", len(m.undo), undoDepth)
	}

	// The key map says what u and U do.
	if d := m.keys.Undo.Help().Desc; !strings.Contains(d, "undo") || strings.Contains(d, "all") {
		t.Errorf("u is described as %q", d)
	}
	if d := m.keys.Reset.Help().Desc; !strings.Contains(d, "reset") {
		t.Errorf("U is described as %q", d)
	}
}

func TestUndoProfileLoadRestoresTheBudget(t *testing.T) {
	m := press(newTest(t, 120, 40), "w", "g")
	m = typeText(m, "2x RTX 3090")
	m = press(m, "enter", "i") // 4090 + 2× 3090, total memory
	m = press(m, "s")
	m = typeText(m, "box")
	m, cmd := withCmd(m, keyMsg("enter"))
	m = deliver(t, m, cmd)
	m = press(m, "U", "i")
	if len(m.hardware().GPUs) != 1 || m.assumeIdle {
		t.Fatal("U i did not go back to the starting machine and budget")
	}
	m, cmd = withCmd(m, keyMsg("o"))
	m = deliver(t, m, cmd)
	m, cmd = withCmd(m, keyMsg("enter"))
	m = deliver(t, m, cmd)
	if len(m.hardware().GPUs) != 3 || !m.assumeIdle {
		t.Fatalf("profile: %d GPUs, idle %v", len(m.hardware().GPUs), m.assumeIdle)
	}
	m = press(m, "u")
	if len(m.hardware().GPUs) != 1 || m.assumeIdle {
		t.Errorf("undoing the profile: %d GPUs, idle %v; want 1 GPU, free memory", len(m.hardware().GPUs), m.assumeIdle)
	}
}

func TestUndoStackNotShared(t *testing.T) {
	// Models are values: two edits from one state must not overwrite each
	// other's history.
	base := press(newTest(t, 120, 40), "w", "tab", "a", "a", "u")
	a := press(base, "n")
	b := press(base, "d")
	if a.undo[len(a.undo)-1].label != "no GPU" {
		t.Errorf("history of a was overwritten: %q", a.undo[len(a.undo)-1].label)
	}
	if got := b.undo[len(b.undo)-1].label; !strings.HasPrefix(got, "removed") {
		t.Errorf("history of b: %q", got)
	}
}
