package ui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/fitcheck/fitcheck/report"
)

// installedMsg carries the catalog ids with a copy on disk (lower case),
// found by Config.Installed in the background.
type installedMsg struct {
	ids      map[string]bool
	found    int // entries on disk, matched or not
	warnings []string
}

// installedCmd lists the model stores off the UI goroutine: headers only,
// milliseconds, but a slow disk or network mount must not freeze the table.
func installedCmd(ctx context.Context, list func(context.Context) (map[string]bool, int, []string)) tea.Cmd {
	return func() tea.Msg {
		ids, n, warnings := list(ctx)
		return installedMsg{ids: ids, found: n, warnings: warnings}
	}
}

func (m Model) installedListed(msg installedMsg) Model {
	m.installed = msg.ids
	m.installedWarnings = msg.warnings
	m.rebuild()
	if len(msg.ids) > 0 {
		n := len(msg.ids)
		m.setStatus(fmt.Sprintf("%d %s on this machine (↓ in the table; f filters them)", n, plural(n, "catalog model", "catalog models")))
	}
	return m
}

// installedFacet filters the table to the models with a copy on disk.
func installedFacet() facet {
	return facet{title: "Installed", options: []option{{label: "any"},
		{label: "on this machine", match: func(rm *report.Model) bool { return rm.Installed }},
	}}
}

// installedName marks a model with a copy on disk.
// installedGlyph marks a model with a copy on this machine (⌂: at home);
// ↓ after a name is the context clamp.
const installedGlyph = "⌂"

func installedName(rm *report.Model) string {
	if rm.Installed {
		return installedGlyph + " " + rm.Name
	}
	return rm.Name
}

// fileLine says what the quantization takes on disk beside what it takes
// in memory: llama.cpp loads a tied embedding twice (once for the input
// on the CPU, once as the output matrix on the GPU), so the weights in
// memory can exceed the file.
func fileLine(rm *report.Model, e *report.Estimate) string {
	s := report.Bytes(e.FileBytes) + " of weight files"
	if rm.Installed {
		s += " · a copy is on this machine (fitcheck installed)"
	}
	if d := e.WeightsBytes - e.FileBytes; d > 0 && e.Verdict != "no" {
		s += " · weights in memory " + report.Bytes(e.WeightsBytes) + " (+" + report.Bytes(d) + ": tied embedding loaded twice)"
	}
	return s
}
