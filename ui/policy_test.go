package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/policy"
)

func newPolicyTest(t *testing.T) Model {
	t.Helper()
	pol, err := policy.Parse([]byte("name: no CN\nblock_origins: [CN]\n"), catalog.ValidCountry)
	if err != nil {
		t.Fatal(err)
	}
	cat := fixtureCatalog(t)
	return sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: rtx4090(t), Settings: estimate.DefaultSettings(),
		Version: "test", ProfileDir: t.TempDir(), Policy: pol, PolicyName: pol.Name, ExportDir: t.TempDir()}), 120, 40)
}

func TestPolicyBadgeFilterAndDetail(t *testing.T) {
	m := newPolicyTest(t)
	cn := 0
	for _, rm := range m.doc.Models {
		if rm.OriginCountry == "CN" {
			cn++
			if rm.Policy == nil || rm.Policy.Pass || rm.Policy.Reasons[0] != "origin CN is blocked (block_origins)" {
				t.Errorf("%s: %+v", rm.ID, rm.Policy)
			}
		}
	}
	if cn == 0 {
		t.Fatal("the fixture has no CN model")
	}
	// One badge per failing row, plus the header's "⊘ N fail policy no CN".
	screen := screenText(m)
	if n := strings.Count(screen, "⊘ "); n != cn+1 {
		t.Errorf("screen shows %d ⊘ badges, want %d rows + the header", n, cn)
	}
	if !strings.Contains(screen, fmt.Sprintf("⊘ %d fail policy no CN", cn)) {
		t.Errorf("header lacks the policy badge:\n%s", screen)
	}
	// The policy facet keeps only the failing models.
	m = press(gotoFacet(press(m, "f"), "Policy"), "left", "esc")
	if len(m.table.rows) != cn {
		t.Errorf("policy fails: %d rows, want %d", len(m.table.rows), cn)
	}
	for _, id := range rowIDs(m) {
		if m.model(id).OriginCountry != "CN" {
			t.Errorf("policy-fails filter kept %s", id)
		}
	}
	m = press(m, "enter")
	var pages string // the detail scrolls: licence and policy come after the quantizations
	for range 10 {
		pages += screenText(m)
		m = press(m, "pgdown")
	}
	if s := pages; !strings.Contains(s, "⊘ fails (no CN): origin CN is blocked (block_origins)") || !strings.Contains(s, "Safety") {
		t.Errorf("detail lacks the policy verdict or guardrails:\n%s", s)
	}
}

func TestExportWritesAReport(t *testing.T) {
	m := newPolicyTest(t)
	m = press(m, "space", "down", "space") // mark two models
	m, cmd := withCmd(m, keyMsg("X"))
	if cmd == nil {
		t.Fatal("X gave no command")
	}
	msg, ok := cmd().(reportExportedMsg)
	if !ok || msg.err != nil {
		t.Fatalf("export: %#v", msg)
	}
	m = update(m, tea.Msg(msg))
	if msg.models != 2 || !strings.Contains(m.status, msg.path) {
		t.Errorf("status %q, %d models", m.status, msg.models)
	}
	if filepath.Dir(msg.path) != m.cfg.ExportDir {
		t.Errorf("written to %s", msg.path)
	}
	b, err := os.ReadFile(msg.path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `<html lang="en">`) || strings.Contains(string(b), "<script") {
		t.Error("not the self-contained report")
	}
}
