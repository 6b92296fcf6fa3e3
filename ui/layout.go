package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Frame: header (hardware + settings), body (the screen), footer (status
// line + short help). Every line is clamped to the terminal width and the
// frame to its height, so nothing wraps or scrolls the alt screen.

const (
	footerHeight  = 2
	defaultWidth  = 80
	defaultHeight = 24
)

// size is the terminal size, with a sane default before the first
// WindowSizeMsg.
func (m Model) size() (int, int) {
	w, h := m.width, m.height
	if w <= 0 {
		w = defaultWidth
	}
	if h <= 0 {
		h = defaultHeight
	}
	return w, h
}

// frame is the geometry of one rendered screen, shared by View and the
// mouse handler. Overlays keep the header, so the hardware and settings
// stay in view; the help scrolls when it needs more room.
type frame struct {
	width, height int
	header        string
	bodyTop       int // first body line
	bodyH         int
	footer        bool
}

func (m Model) frame() frame {
	w, h := m.size()
	header := m.headerView(w)
	hh := lineCount(header)
	return frame{width: w, height: h, header: header, bodyTop: hh, bodyH: max(0, h-hh-footerHeight), footer: true}
}

// minWidth and minHeight are the smallest terminal fitcheck draws in: the
// header, a table header, two rows and the footer.
const (
	minWidth  = 40
	minHeight = 10
)

func (m Model) render() string {
	if w, h := m.size(); w < minWidth || h < minHeight {
		msg := fmt.Sprintf("terminal too small: %d×%d; fitcheck needs %d×%d (q quits)", w, h, minWidth, minHeight)
		return clamp(ansi.Wrap(msg, max(1, w), " "), max(1, w), max(1, h))
	}
	f := m.frame()
	body := m.bodyView(f.width, f.bodyH)
	var b strings.Builder
	if f.bodyTop > 0 {
		b.WriteString(f.header)
		b.WriteByte('\n')
	}
	b.WriteString(fixHeight(body, f.bodyH))
	if f.footer {
		b.WriteByte('\n')
		b.WriteString(m.footerView(f.width))
	}
	return clamp(b.String(), f.width, f.height)
}

// bodyView is the current screen, or the overlay on top of it.
func (m Model) bodyView(w, h int) string {
	if h <= 0 {
		return ""
	}
	switch m.overlay {
	case overlayHelp:
		return m.helpView(w, h)
	case overlayWarnings:
		return m.warningsView(w, h)
	case overlayFilters:
		return m.filterView(w, h)
	case overlayProfiles:
		return m.profilesView(w, h)
	}
	switch m.screen {
	case screenDetail:
		return m.detailView(w, h)
	case screenWhatIf:
		return m.whatIfView(w, h)
	case screenCompare:
		return m.compareView(w, h)
	case screenPlan:
		return m.planView(w, h)
	case screenFinetune:
		return m.tuneView(w, h)
	}
	return m.tableView(w, h)
}

// lineCount is the number of lines of s.
func lineCount(s string) int { return strings.Count(s, "\n") + 1 }

// fixHeight pads or cuts s to exactly h lines.
func fixHeight(s string, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// clamp cuts every line to w cells and the text to h lines.
func clamp(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}

// fit pads s with spaces or truncates it (with "…") to exactly w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := ansi.StringWidth(s)
	if n > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-n)
}

// fitRight is fit, aligned right.
func fitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := ansi.StringWidth(s)
	if n > w {
		return ansi.Truncate(s, w, "…")
	}
	return strings.Repeat(" ", w-n) + s
}

// truncate cuts s to at most w cells, with "…" when cut.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// spread puts left and right on one line of width w, right-aligned right;
// the left part is cut first when both do not fit.
func spread(left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw+1 > w {
		if rw+1 >= w {
			return truncate(left, w)
		}
		left = truncate(left, w-rw-1)
		lw = ansi.StringWidth(left)
	}
	return left + strings.Repeat(" ", max(1, w-lw-rw)) + right
}

// box draws an overlay box with a title, its content cut to fit w×h, and
// centres it in w×h.
func (m Model) box(title, content string, w, h int) string {
	st := m.styles.Box
	fw, fh := st.GetHorizontalFrameSize(), st.GetVerticalFrameSize()
	innerW := max(1, min(w-fw, maxLineWidth(content)))
	innerW = max(innerW, min(w-fw, ansi.StringWidth(title)))
	lines := strings.Split(content, "\n")
	maxLines := max(1, h-fh-1)
	if len(lines) > maxLines {
		lines = append(lines[:maxLines-1], m.styles.Muted.Render("…"))
	}
	for i, l := range lines {
		lines[i] = fit(l, innerW)
	}
	body := m.styles.BoxTitle.Render(truncate(title, innerW)) + "\n" + strings.Join(lines, "\n")
	out := st.Width(innerW + fw).Render(body)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, out)
}

func maxLineWidth(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n = max(n, ansi.StringWidth(l))
	}
	return n
}

// meter is a used/total bar of w cells: "█" for used, "░" for free.
func (m Model) meter(used, total int64, w int) string {
	if w <= 0 {
		return ""
	}
	if total <= 0 {
		return m.styles.BarFree.Render(strings.Repeat("·", w))
	}
	u := int(float64(w)*float64(used)/float64(total) + 0.5)
	u = min(max(u, 0), w)
	if used > 0 && u == 0 {
		u = 1
	}
	return m.styles.BarUsed.Render(strings.Repeat("█", u)) + m.styles.BarFree.Render(strings.Repeat("░", w-u))
}

// textWidth is the display width of s, ignoring ANSI sequences.
func textWidth(s string) int { return ansi.StringWidth(s) }
