package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles is the one semantic style sheet of the TUI. It is rebuilt when the
// terminal reports its background colour. Every meaning also has a glyph or
// a word, so nothing depends on colour alone (NO_COLOR strips colours but
// keeps bold and reverse).
type Styles struct {
	Title    lipgloss.Style // app name
	Muted    lipgloss.Style // secondary text
	Label    lipgloss.Style // "CPU", "RAM", "GPU" labels
	Value    lipgloss.Style // figures in the header
	Accent   lipgloss.Style // highlights, key names
	WhatIf   lipgloss.Style // the what-if badge
	Warning  lipgloss.Style
	Error    lipgloss.Style
	Selected lipgloss.Style // the row under the cursor (reverse: visible without colour)
	Marked   lipgloss.Style // compare marks
	Heading  lipgloss.Style // section headings
	Box      lipgloss.Style // overlays
	BoxTitle lipgloss.Style

	TableHeader lipgloss.Style
	SortedCol   lipgloss.Style

	Verdict    map[string]lipgloss.Style // by estimate verdict
	Commercial map[string]lipgloss.Style // by licence commercial-use answer

	BarWeights lipgloss.Style
	BarKV      lipgloss.Style
	BarCompute lipgloss.Style
	BarUsed    lipgloss.Style // memory other processes use
	BarFree    lipgloss.Style
	BarOver    lipgloss.Style // beyond capacity
	BarEdge    lipgloss.Style // the GPU | RAM boundary

	Help help.Styles
}

// palette holds the semantic colours for one background.
type palette struct {
	muted, accent, good, warn, cpu, bad, badgeFG, badgeBG, kv, compute, border color.Color
}

func paletteFor(dark bool) palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return palette{
		muted:   ld(c("#6c6c6c"), c("#8a8a8a")),
		accent:  ld(c("#1d4ed8"), c("#7aa2f7")),
		good:    ld(c("#15803d"), c("#9ece6a")),
		warn:    ld(c("#b45309"), c("#e0af68")),
		cpu:     ld(c("#0e7490"), c("#7dcfff")),
		bad:     ld(c("#b91c1c"), c("#f7768e")),
		badgeFG: ld(c("#ffffff"), c("#1a1b26")),
		badgeBG: ld(c("#7c3aed"), c("#bb9af7")),
		kv:      ld(c("#a16207"), c("#e0af68")),
		compute: ld(c("#7c3aed"), c("#bb9af7")),
		border:  ld(c("#a8a8a8"), c("#565f89")),
	}
}

// NewStyles builds the style sheet for a dark or light background.
func NewStyles(dark bool) Styles {
	p := paletteFor(dark)
	s := lipgloss.NewStyle()
	st := Styles{
		Title:       s.Bold(true).Foreground(p.accent),
		Muted:       s.Foreground(p.muted),
		Label:       s.Bold(true),
		Value:       s,
		Accent:      s.Foreground(p.accent),
		WhatIf:      s.Bold(true).Reverse(true).Foreground(p.badgeBG),
		Warning:     s.Foreground(p.warn).Bold(true),
		Error:       s.Foreground(p.bad).Bold(true),
		Selected:    s.Reverse(true).Bold(true),
		Marked:      s.Foreground(p.accent).Bold(true),
		Heading:     s.Bold(true).Foreground(p.accent),
		Box:         s.Border(lipgloss.RoundedBorder()).BorderForeground(p.border).Padding(0, 1),
		BoxTitle:    s.Bold(true).Foreground(p.accent),
		TableHeader: s.Bold(true).Underline(true),
		SortedCol:   s.Bold(true).Underline(true).Foreground(p.accent),
		Verdict: map[string]lipgloss.Style{
			"gpu":     s.Foreground(p.good).Bold(true),
			"partial": s.Foreground(p.warn).Bold(true),
			"cpu":     s.Foreground(p.cpu),
			"no":      s.Foreground(p.bad),
		},
		Commercial: map[string]lipgloss.Style{
			"yes":         s.Foreground(p.good),
			"conditional": s.Foreground(p.warn),
			"no":          s.Foreground(p.bad),
		},
		BarWeights: s.Foreground(p.accent),
		BarKV:      s.Foreground(p.kv),
		BarCompute: s.Foreground(p.compute),
		BarUsed:    s.Foreground(p.warn),
		BarFree:    s.Foreground(p.muted),
		BarOver:    s.Foreground(p.bad).Bold(true),
		BarEdge:    s.Bold(true),
		Help:       help.DefaultStyles(dark),
	}
	return st
}

// verdictStyle is the style of a verdict, plain for unknown verdicts.
func (s Styles) verdictStyle(v string) lipgloss.Style {
	if st, ok := s.Verdict[v]; ok {
		return st
	}
	return lipgloss.NewStyle()
}
