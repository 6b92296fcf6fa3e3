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
		m.toTop()
		m.setStatus(m.sortStatus())
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
		for i, b := range k.SortBy {
			if key.Matches(msg, b) {
				m.sortByKey(allColumns[i])
				return m, nil, true
			}
		}
		return m, nil, false
	}
	return m, nil, true
}

// cycleSort moves the sort to the next column on screen, in that
// column's natural direction (names A→Z, speeds fastest first, ...): a
// column the terminal hides would only shuffle the rows.
func (m *Model) cycleSort() {
	shown := m.shownColumns()
	i := slices.IndexFunc(shown, func(c column) bool { return c.id == m.table.sort })
	m.sortBy(shown[(i+1)%len(shown)])
}

// sortByKey sorts by the column whose direct key was pressed: its natural
// direction first, reversed when pressed again.
func (m *Model) sortByKey(c column) {
	if !slices.ContainsFunc(m.shownColumns(), func(v column) bool { return v.id == c.id }) {
		m.setStatus(c.title + " is not shown at this width: widen the terminal to sort by it")
		return
	}
	if c.id == m.table.sort {
		m.table.desc = !m.table.desc
		m.refresh()
		m.toTop()
		m.setStatus(m.sortStatus())
		return
	}
	m.sortBy(c)
}

// shownColumns are the table columns at the current width.
func (m Model) shownColumns() []column {
	w, _ := m.size()
	cols, _ := tableColumns(w)
	return cols
}

// sortBy sorts by a column in its natural direction and shows the top of
// the new order: following the selected row would make a re-sort look
// like nothing happened.
func (m *Model) sortBy(c column) {
	m.table.sort, m.table.desc = c.id, c.desc
	m.refresh()
	m.toTop()
	m.setStatus(m.sortStatus())
}

// sortStatus says what the table is sorted by and how to change it.
func (m Model) sortStatus() string {
	c := allColumns[slices.IndexFunc(allColumns, func(c column) bool { return c.id == m.table.sort })]
	dir := "ascending"
	if m.table.desc {
		dir = "descending"
	}
	return fmt.Sprintf("sorted by %s, %s · s next column · S reverse · %s sorts by it directly", c.title, dir, c.key)
}

// toTop puts the cursor on the first row and scrolls to it.
func (m *Model) toTop() { m.table.cursor, m.table.offset = 0, 0 }

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
