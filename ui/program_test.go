package ui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// TestProgramRuns drives the model through a real tea.Program (renderer,
// input parser, commands) without a terminal: the probe command runs in the
// background and q ends the program.
func TestProgramRuns(t *testing.T) {
	cat := fixtureCatalog(t)
	probed := make(chan struct{})
	cfg := Config{Catalog: cat, Models: cat.Models, ProfileDir: t.TempDir(),
		Probe: func(context.Context) hwprobe.Snapshot {
			defer close(probed)
			return rtx4090(t)
		}}
	in, keys := io.Pipe()
	var out bytes.Buffer
	p := tea.NewProgram(New(cfg), tea.WithInput(in), tea.WithOutput(&out), tea.WithWindowSize(100, 30),
		tea.WithoutSignals(), tea.WithColorProfile(colorprofile.Ascii))
	done := make(chan tea.Model, 1)
	go func() {
		final, err := p.Run()
		if err != nil {
			t.Errorf("program: %v", err)
		}
		done <- final
	}()
	select {
	case <-probed:
	case <-time.After(5 * time.Second):
		t.Fatal("the probe command never ran")
	}
	if _, err := io.WriteString(keys, "/qwen"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if _, err := io.WriteString(keys, "\r\x03"); err != nil { // enter, ctrl+c
		t.Fatal(err)
	}
	select {
	case final := <-done:
		m := final.(Model)
		if m.probing {
			t.Error("the probe result never reached the model")
		}
		if m.search != "qwen" || len(m.table.rows) != 4 {
			t.Errorf("search %q with %d rows, want qwen with 4", m.search, len(m.table.rows))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ctrl+c did not end the program")
	}
	if !strings.Contains(out.String(), "Qwen3 30B A3B") {
		t.Error("the program never drew the table")
	}
}
