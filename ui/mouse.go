package ui

import (
	tea "charm.land/bubbletea/v2"
)

// wheelStep is how many rows one wheel notch moves.
const wheelStep = 3

// updateWheel scrolls the list or page under the screen.
func (m Model) updateWheel(msg tea.MouseWheelMsg) Model {
	if m.overlay != overlayNone || m.prompt.active() && m.prompt.kind != promptSearch {
		return m
	}
	d := 0
	switch msg.Button {
	case tea.MouseWheelUp:
		d = -wheelStep
	case tea.MouseWheelDown:
		d = wheelStep
	default:
		return m
	}
	switch m.screen {
	case screenMain:
		m.table.cursor = max(0, min(len(m.table.rows)-1, m.table.cursor+d))
	case screenDetail:
		lines, _ := m.detailContent(m.frame().width)
		m.detail.offset = max(0, min(len(lines)-m.frame().bodyH, m.detail.offset+d))
	case screenWhatIf:
		m.wi.cursor = max(0, min(len(m.accelerators())-1, m.wi.cursor+d))
	case screenCompare:
		m.cmp.offset = max(0, min(m.compareMaxOffset(), m.cmp.offset+d))
	case screenFinetune:
		m.tuneScroll(d)
	case screenPlan:
		m.plan.cursor = max(0, min(len(m.plan.ans.Plans)-1, m.plan.cursor+d))
	}
	return m
}

// updateClick: on the table a click on a column title sorts by it, a click
// on a row selects it and a click on the selected row opens it; on the
// what-if screen a click picks a database row or a machine GPU.
func (m Model) updateClick(msg tea.MouseClickMsg) Model {
	if msg.Button != tea.MouseLeft || m.overlay != overlayNone || m.prompt.active() {
		return m
	}
	f := m.frame()
	y := msg.Y - f.bodyTop
	switch m.screen {
	case screenMain:
		if y == 0 {
			if c, ok := columnAt(f.width, msg.X); ok {
				m.sortByKey(c)
			}
			return m
		}
		i := m.table.offset + y - 1
		if y < 1 || i >= len(m.table.rows) {
			return m
		}
		if i == m.table.cursor {
			m.openDetail(m.selectedID())
		} else {
			m.table.cursor = i
		}
	case screenDetail:
		// A click on a quantization row selects it.
		rm := m.model(m.detail.id)
		if rm == nil || y < 0 {
			return m
		}
		lines, sel := m.detailContent(f.width)
		first := sel - m.detailQuant(rm)                        // line of the first quantization row
		off := max(0, min(m.detail.offset, len(lines)-f.bodyH)) // as detailView scrolls
		if i := off + y - first; i >= 0 && i < len(rm.Estimates) {
			m.detail.quant = rm.Estimates[i].Quant
		}
	case screenWhatIf:
		lw := max(20, f.width*11/20)
		if msg.X < lw {
			m.wi.focus = paneDatabase
			if i := m.wi.offset + y - 1; y >= 1 && i < len(m.accelerators()) {
				m.wi.cursor = i
			}
		} else {
			m.wi.focus = paneMachine
		}
	}
	return m
}

// columnAt is the table column under screen column x.
func columnAt(w, x int) (column, bool) {
	cols, gap := tableColumns(w)
	pos := markWidth
	for _, c := range cols {
		if x >= pos && x < pos+c.width+gap {
			return c, true
		}
		pos += c.width + gap
	}
	return column{}, false
}
