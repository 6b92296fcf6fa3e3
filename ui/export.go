package ui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/htmlreport"
	"github.com/fitcheck/fitcheck/report"
)

// exportLimit keeps an exported report a shortlist.
const exportLimit = 40

type reportExportedMsg struct {
	path    string
	models  int
	clipped int // models left out beyond exportLimit
	err     error
}

// exportModels are what X exports: the compare set on the compare screen,
// the open model on the detail, plan and fine-tune screens, else the marked models, else the
// table as filtered and sorted (at most exportLimit).
func (m Model) exportModels() (ids []string, clipped int) {
	switch {
	case (m.screen == screenDetail || m.screen == screenPlan || m.screen == screenFinetune) && m.detail.id != "":
		return []string{m.detail.id}, 0
	case len(m.marked) > 0:
		return slices.Clone(m.marked), 0
	}
	for _, r := range m.table.rows {
		ids = append(ids, m.doc.Models[r].ID)
	}
	if len(ids) > exportLimit {
		return ids[:exportLimit], len(ids) - exportLimit
	}
	return ids, 0
}

// exportCmd writes the report of the current view as HTML in the export
// directory. The estimates are rebuilt in the command for the exported
// models alone, with the hardware and settings on screen.
func (m Model) exportCmd() tea.Cmd {
	ids, clipped := m.exportModels()
	if len(ids) == 0 {
		return func() tea.Msg { return reportExportedMsg{err: fmt.Errorf("nothing to export: no model in view")} }
	}
	var models []*catalog.Model
	for _, id := range ids {
		if cm := m.catalog[id]; cm != nil {
			models = append(models, cm)
		}
	}
	hw, cat, cfg := m.hw.Clone(), m.cfg.Catalog, m.cfg
	opts := report.Options{Version: cfg.Version, Settings: m.settings, AssumeIdle: m.assumeIdle}
	return func() tea.Msg {
		doc := report.Build(hw, cat, models, opts)
		doc.ApplyPolicy(cfg.Policy)
		now := time.Now()
		in := htmlreport.Input{Options: []htmlreport.Option{{Label: machineSummary(hw), Doc: doc}},
			Generated: now, PolicyName: cfg.PolicyName}
		var buf bytes.Buffer
		if err := htmlreport.HTML(&buf, in); err != nil {
			return reportExportedMsg{err: err}
		}
		dir := cfg.ExportDir
		if dir == "" {
			dir = "."
		}
		path := filepath.Join(dir, "fitcheck-report-"+now.Format("20060102-150405")+".html")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return reportExportedMsg{err: err}
		}
		return reportExportedMsg{path: path, models: len(models), clipped: clipped}
	}
}

func (m Model) reportExported(msg reportExportedMsg) Model {
	switch {
	case msg.err != nil:
		m.setError(fmt.Errorf("export: %w", msg.err))
	case msg.clipped > 0:
		m.setStatus(fmt.Sprintf("report of the first %d models (%d more left out; mark models with space to choose) written to %s", msg.models, msg.clipped, msg.path))
	default:
		m.setStatus(fmt.Sprintf("report of %d %s written to %s", msg.models, plural(msg.models, "model", "models"), msg.path))
	}
	return m
}
