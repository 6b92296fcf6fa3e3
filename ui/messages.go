package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// probeDoneMsg carries the hardware the background probe found.
type probeDoneMsg struct{ snap hwprobe.Snapshot }

// probeCmd runs the probe off the UI goroutine.
func probeCmd(ctx context.Context, probe func(context.Context) hwprobe.Snapshot) tea.Cmd {
	return func() tea.Msg { return probeDoneMsg{snap: probe(ctx)} }
}
