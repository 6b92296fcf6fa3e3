package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// helpView is the full help of the current screen: the key map's groups
// laid out in as many columns as fit, then the legend of the glyphs.
func (m Model) helpView(w, h int) string {
	st := m.styles
	lines := m.helpLines(w)
	room := max(1, h-st.Box.GetVerticalFrameSize()-1)
	title := "Keys · esc closes · q quits"
	if len(lines) > room {
		// Too tall for the terminal: scroll, and say so in the title.
		off := max(0, min(m.helpOffset, len(lines)-room))
		title = fmt.Sprintf("Keys · ↑↓ scroll (%d–%d of %d) · esc closes · q quits", off+1, off+room, len(lines))
		lines = lines[off : off+room]
	}
	return m.box(title, strings.Join(lines, "\n"), w, h)
}

// helpMaxOffset is the last scroll position of the help overlay.
func (m Model) helpMaxOffset() int {
	f := m.frame()
	return max(0, len(m.helpLines(f.width))-max(1, f.bodyH-m.styles.Box.GetVerticalFrameSize()-1))
}

// helpLines is the content of the help overlay at width w.
func (m Model) helpLines(w int) []string {
	st := m.styles
	var blocks []string
	for _, g := range m.helpFor().full {
		keyW := 0
		for _, b := range g.bindings {
			keyW = max(keyW, textWidth(b.Help().Key))
		}
		lines := []string{st.Heading.Render(g.title)}
		for _, b := range g.bindings {
			if !b.Enabled() {
				continue
			}
			lines = append(lines, st.Accent.Render(fit(b.Help().Key, keyW))+"  "+b.Help().Desc)
		}
		blocks = append(blocks, strings.Join(lines, "\n"))
	}
	inner := max(10, w-st.Box.GetHorizontalFrameSize())
	var rows []string
	var row []string
	rowW := 0
	for _, b := range blocks {
		bw := maxLineWidth(b) + 3
		if rowW+bw > inner && len(row) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, rowW = nil, 0
		}
		row = append(row, lipgloss.NewStyle().PaddingRight(3).Render(b))
		rowW += bw
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	legend := []string{
		"",
		"● full GPU  ◐ partial (layers on the GPU/all)  ○ CPU only  ✗ does not fit",
		"licence ✓ commercial use  ~ with conditions  ⊖ non-commercial  ◆ marked",
		"bars █ weights  ▓ KV cache  ▒ compute+overhead  · free  | GPU|RAM  × over",
		"Total: the memory a quantization takes, GPU and RAM together (weights, KV cache, compute)",
		"◐ MoE n/m: the routed experts of n of the m layers in RAM (--n-cpu-moe)",
		"↓ after a name: estimated at the model's maximum context, below the setting",
		"⌂ before a name: a copy is on this machine   ⊘ before a name: fails --policy",
		"MoE parameters: total/A active   keys on every screen: settings, w ! X ? esc q",
	}
	content := strings.Join(rows, "\n") + "\n" + st.Muted.Render(ansi.Wrap(strings.Join(legend, "\n"), inner, " "))
	return strings.Split(content, "\n")
}

// warningsView lists what the probe and the estimates could not determine.
func (m Model) warningsView(w, h int) string {
	st := m.styles
	inner := max(10, w-st.Box.GetHorizontalFrameSize()-2)
	var lines []string
	if len(m.doc.Warnings) == 0 {
		lines = append(lines, "No warnings: every probe answered.")
	}
	for _, warn := range m.doc.Warnings {
		wrapped := strings.Split(ansi.Wrap(warn, inner, " "), "\n")
		for i, l := range wrapped {
			if i == 0 {
				lines = append(lines, st.Warning.Render("!")+" "+l)
			} else {
				lines = append(lines, "  "+l)
			}
		}
	}
	if m.probing {
		lines = append(lines, "", st.Muted.Render("The hardware probe is still running."))
	}
	return m.box("Warnings · esc closes", strings.Join(lines, "\n"), w, h)
}
