package ui

import (
	"context"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/catalog"
)

// The "add model" prompt: a Hugging Face id typed on the main table is
// looked up (Config.LookupModel: the Hub or its cache) in a tea.Cmd, and
// the model joins the table, its Hub-derived fields marked unverified.

// modelLookedUpMsg carries the result of a lookup.
type modelLookedUpMsg struct {
	id    string
	model *catalog.Model
	err   error
}

// lookupModelCmd runs the lookup off the UI goroutine.
func lookupModelCmd(ctx context.Context, lookup func(context.Context, string) (*catalog.Model, error), id string) tea.Cmd {
	return func() tea.Msg {
		cm, err := lookup(ctx, id)
		return modelLookedUpMsg{id: id, model: cm, err: err}
	}
}

// openAddModel opens the prompt, or says why it cannot.
func (m Model) openAddModel() (Model, tea.Cmd) {
	if m.cfg.LookupModel == nil {
		m.setStatus("adding models is not available here")
		return m, nil
	}
	return m.openPrompt(promptAddModel, "")
}

// submitAddModel starts the lookup of id; the prompt closes and the status
// line says it is running.
func (m Model) submitAddModel(id string) (Model, tea.Cmd, bool) {
	id = strings.TrimSpace(id)
	if id == "" {
		return m, nil, false
	}
	if _, ok := m.catalog[id]; ok {
		m.selectModel(id)
		m.setStatus(id + " is already in the table")
		return m, nil, true
	}
	m.setStatus("looking up " + id + " …")
	return m, lookupModelCmd(m.ctx, m.cfg.LookupModel, id), true
}

// modelLookedUp adds a looked-up model to the table and selects it.
func (m Model) modelLookedUp(msg modelLookedUpMsg) Model {
	if msg.err != nil {
		m.setError(msg.err)
		return m
	}
	cm := msg.model
	if _, ok := m.catalog[cm.ID]; !ok {
		m.cfg.Models = append(slices.Clone(m.cfg.Models), cm)
		m.catalog[cm.ID] = cm
		m.rebuild()
	}
	if !m.selectModel(cm.ID) {
		m.setStatus("added " + cm.ID + ", hidden by the search or filters")
		return m
	}
	if len(cm.Unverified) > 0 {
		m.setStatus("added " + cm.ID + " from the Hugging Face Hub (unverified: enter shows what)")
	} else {
		m.setStatus("added " + cm.ID)
	}
	return m
}

// selectModel moves the table cursor to id; false when it is not shown.
func (m *Model) selectModel(id string) bool {
	i := slices.IndexFunc(m.table.rows, func(r int) bool { return m.doc.Models[r].ID == id })
	if i < 0 {
		return false
	}
	m.table.cursor = i
	return true
}
