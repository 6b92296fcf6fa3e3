package ui

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// maxCompare is how many models the compare view shows side by side.
const maxCompare = 4

// updateMain handles the keys of the model table.
func (m Model) updateMain(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	page := max(1, m.frame().bodyH-1)
	switch {
	case key.Matches(msg, k.Up):
		m.table.cursor = max(0, m.table.cursor-1)
	case key.Matches(msg, k.Down):
		m.table.cursor = max(0, min(len(m.table.rows)-1, m.table.cursor+1))
	case key.Matches(msg, k.PageUp):
		m.table.cursor = max(0, m.table.cursor-page)
	case key.Matches(msg, k.PageDown):
		m.table.cursor = max(0, min(len(m.table.rows)-1, m.table.cursor+page))
	case key.Matches(msg, k.Home):
		m.table.cursor = 0
	case key.Matches(msg, k.End):
		m.table.cursor = max(0, len(m.table.rows)-1)
	case key.Matches(msg, k.Open):
		if id := m.selectedID(); id != "" {
			m.openDetail(id)
		}
	case key.Matches(msg, k.Search):
		m, cmd := m.openPrompt(promptSearch, m.search)
		return m, cmd, true
	case key.Matches(msg, k.Sort):
		m.cycleSort()
	case key.Matches(msg, k.Reverse):
		m.table.desc = !m.table.desc
		m.refresh()
	case key.Matches(msg, k.Filter):
		m.overlay = overlayFilters
	case key.Matches(msg, k.Mark):
		m.toggleMark(m.selectedID())
	case key.Matches(msg, k.Compare):
		m.openCompare()
	case key.Matches(msg, k.AddModel):
		m, cmd := m.openAddModel()
		return m, cmd, true
	default:
		return m, nil, false
	}
	return m, nil, true
}

// cycleSort moves the sort to the next column, in that column's natural
// direction (names A→Z, speeds fastest first, ...). Columns a narrow
// terminal hides are sort keys too.
func (m *Model) cycleSort() {
	i := slices.IndexFunc(allColumns, func(c column) bool { return c.id == m.table.sort })
	m.sortBy(allColumns[(i+1)%len(allColumns)])
}

func (m *Model) sortBy(c column) {
	m.table.sort, m.table.desc = c.id, c.desc
	m.refresh()
	msg := "sorted by " + c.title
	w, _ := m.size()
	if shown, _ := tableColumns(w); !slices.ContainsFunc(shown, func(v column) bool { return v.id == c.id }) {
		msg += " (a column this narrow terminal hides; s for the next)"
	}
	m.setStatus(msg)
}

// toggleMark marks or unmarks a model for comparison.
func (m *Model) toggleMark(id string) {
	if id == "" {
		return
	}
	if i := slices.Index(m.marked, id); i >= 0 {
		m.marked = slices.Delete(slices.Clone(m.marked), i, i+1)
		m.setStatus(fmt.Sprintf("%d marked", len(m.marked)))
		return
	}
	if len(m.marked) >= maxCompare {
		m.setStatus(fmt.Sprintf("compare holds at most %d models: unmark one first", maxCompare))
		return
	}
	m.marked = append(slices.Clone(m.marked), id)
	if len(m.marked) >= 2 {
		m.setStatus(fmt.Sprintf("%d marked: c compares them", len(m.marked)))
	} else {
		m.setStatus("1 marked: mark another with space to compare")
	}
}

func (m Model) isMarked(id string) bool { return slices.Contains(m.marked, id) }

func (m *Model) openCompare() {
	if len(m.marked) < 2 {
		m.setStatus("mark 2 to 4 models with space, then press c")
		return
	}
	m.cmp = compareState{}
	if m.screen != screenCompare {
		m.push(screenCompare)
	}
}
