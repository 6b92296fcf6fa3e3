package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestInstalledModelsAreMarkedAndFiltered(t *testing.T) {
	m := newTest(t, 120, 40)
	id := m.doc.Models[0].ID
	called := false
	m.cfg.Installed = func(context.Context) (map[string]bool, int, []string) {
		called = true
		return map[string]bool{strings.ToLower(id): true}, 3, []string{"/x: permission denied"}
	}
	// Discovery is a command run by Init, off the UI goroutine.
	var msg installedMsg
	if batch, ok := m.Init()().(tea.BatchMsg); ok {
		for _, c := range batch {
			if im, ok := c().(installedMsg); ok {
				msg = im
			}
		}
	}
	if !called || len(msg.ids) != 1 {
		t.Fatalf("Init did not list the installed models: %+v", msg)
	}
	m = update(m, msg)
	if !m.model(id).Installed || !strings.Contains(screenText(m), installedGlyph+" "+m.model(id).Name[:10]) {
		t.Errorf("installed model not marked:\n%s", screenText(m))
	}
	if !strings.Contains(strings.Join(m.doc.Warnings, "\n"), "permission denied") {
		t.Error("discovery warnings are not shown with the others")
	}
	m = gotoFacet(press(m, "f"), "Installed")
	m = press(m, "right")
	if rows := rowIDs(m); len(rows) != 1 || rows[0] != id {
		t.Errorf("installed filter shows %v", rows)
	}
	// The detail says what the download is.
	m = press(m, "esc", "enter")
	if !strings.Contains(screenText(m), "of weight files · a copy is on this machine") {
		t.Errorf("detail:\n%s", screenText(m))
	}
}
