package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/report"
)

// facet is one filter of the filter panel: a list of options, the first
// of which ("any") lets everything through. ←/→ and typing move sel; space
// picks several options (picked), which then filter as "any of".
type facet struct {
	title   string
	options []option
	sel     int
	picked  []int // option indices picked with space, in picking order
}

type option struct {
	label string
	match func(*report.Model) bool // nil: everything
}

func (f facet) active() bool { return f.sel > 0 || len(f.picked) > 0 }

// matches reports whether a model passes the facet.
func (f facet) matches(rm *report.Model) bool {
	if len(f.picked) > 0 {
		return slices.ContainsFunc(f.picked, func(i int) bool { return f.options[i].match(rm) })
	}
	o := f.options[f.sel]
	return o.match == nil || o.match(rm)
}

// label is the facet's value in words: the picked options, else the
// selected one.
func (f facet) label() string {
	if len(f.picked) == 0 {
		return f.options[f.sel].label
	}
	names := make([]string, len(f.picked))
	for i, p := range f.picked {
		names[i] = f.options[p].label
	}
	return strings.Join(names, " or ")
}

// newFacets builds the filters; origins and families are the ones present
// in the selection.
func newFacets(models []*catalog.Model) []facet {
	origins := map[string]int{}
	families := map[string]bool{}
	for _, cm := range models {
		origins[cm.OriginCountry]++
		families[cm.Family] = true
	}
	anyOpt := option{label: "any"}

	origin := facet{title: "Origin", options: []option{anyOpt}}
	codes := make([]string, 0, len(origins))
	for c := range origins {
		codes = append(codes, c)
	}
	slices.SortFunc(codes, func(a, b string) int { return cmp.Or(cmp.Compare(origins[b], origins[a]), cmp.Compare(a, b)) })
	for _, c := range codes {
		origin.options = append(origin.options, option{label: c, match: func(rm *report.Model) bool { return rm.OriginCountry == c }})
	}

	family := facet{title: "Family", options: []option{anyOpt}}
	names := make([]string, 0, len(families))
	for f := range families {
		names = append(names, f)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) })
	for _, f := range names {
		family.options = append(family.options, option{label: f, match: func(rm *report.Model) bool { return rm.Family == f }})
	}

	size := func(label string, lo, hi float64) option {
		return option{label: label, match: func(rm *report.Model) bool {
			p := float64(rm.ParamsTotal)
			return p >= lo*1e9 && p < hi*1e9
		}}
	}
	verdictIn := func(label string, vs ...string) option {
		return option{label: label, match: func(rm *report.Model) bool { return slices.Contains(vs, rm.BestVerdict) }}
	}
	return []facet{
		origin,
		{title: "Licence", options: []option{anyOpt,
			{label: "commercial use allowed", match: func(rm *report.Model) bool {
				return rm.CommercialUse == catalog.CommercialYes || rm.CommercialUse == catalog.CommercialConditional
			}},
			{label: "commercial, no conditions", match: func(rm *report.Model) bool { return rm.CommercialUse == catalog.CommercialYes }},
			{label: "open source (OSI)", match: func(rm *report.Model) bool { return rm.Openness == catalog.OpenSource }},
			{label: "non-commercial only", match: func(rm *report.Model) bool { return rm.CommercialUse == catalog.CommercialNo }},
		}},
		family,
		{title: "Size", options: []option{anyOpt,
			size("under 4B", 0, 4), size("4B to 15B", 4, 15), size("15B to 40B", 15, 40),
			size("40B to 100B", 40, 100), size("over 100B", 100, 1e9),
		}},
		{title: "Modality", options: []option{anyOpt,
			{label: "text", match: func(rm *report.Model) bool { return rm.Modality == "text" }},
			{label: "vision", match: func(rm *report.Model) bool { return rm.Modality == "vision" }},
		}},
		{title: "Fits", options: []option{anyOpt,
			verdictIn("runs (GPU, partial or CPU)", estimate.VerdictGPU, estimate.VerdictPartial, estimate.VerdictCPU),
			verdictIn("uses the GPU (full or partial)", estimate.VerdictGPU, estimate.VerdictPartial),
			verdictIn("fully on the GPU", estimate.VerdictGPU),
		}},
		installedFacet(),
	}
}

// visible reports whether a model passes the search and every facet.
func (m Model) visible(rm *report.Model) bool {
	if m.search != "" && !m.searchMatches(rm) {
		return false
	}
	if m.selection != nil && !m.selection.IDs[rm.ID] {
		return false
	}
	for _, f := range m.facets {
		if !f.matches(rm) {
			return false
		}
	}
	return true
}

// searchMatches: every word of the search is in the catalog facts
// (catalog.SearchWordMatches: id, name, family, organisation, licence,
// origin, tags; case and separators ignored) or is the quantization the
// table shows for the model ("q4_k_m").
func (m Model) searchMatches(rm *report.Model) bool {
	cm := m.catalog[rm.ID]
	if cm == nil {
		return false
	}
	for _, w := range strings.Fields(m.search) {
		if catalog.SearchWordMatches(cm, w) {
			continue
		}
		if rm.BestQuant != nil && strings.Contains(catalog.NormalizeSearch(*rm.BestQuant), catalog.NormalizeSearch(w)) {
			continue
		}
		return false
	}
	return true
}

// activeFilters summarises the facets in use ("" when none).
func (m Model) activeFilters() string {
	var parts []string
	if m.selection != nil {
		parts = append(parts, m.selection.Label)
	}
	for _, f := range m.facets {
		if f.active() {
			parts = append(parts, strings.ToLower(f.title)+" "+f.label())
		}
	}
	return strings.Join(parts, ", ")
}

// setFacet selects option sel of facet i (wrapping) and re-filters.
func (m *Model) setFacet(i, sel int) {
	f := slices.Clone(m.facets)
	n := len(f[i].options)
	f[i].sel = ((sel % n) + n) % n
	if sel == 0 {
		f[i].picked = nil
	}
	m.facets = f
	m.refresh()
	m.toTop()
}

func (m Model) updateFilters(msg tea.KeyPressMsg) Model {
	k := m.keys
	if m.ftyping {
		return m.typeAhead(msg)
	}
	switch {
	case key.Matches(msg, k.Up):
		m.fcursor = max(0, m.fcursor-1)
	case key.Matches(msg, k.Down):
		m.fcursor = min(len(m.facets)-1, m.fcursor+1)
	case key.Matches(msg, k.Prev):
		m.setFacet(m.fcursor, m.facets[m.fcursor].sel-1)
	case key.Matches(msg, k.Next):
		m.setFacet(m.fcursor, m.facets[m.fcursor].sel+1)
	case msg.String() == "space":
		m.togglePick(m.fcursor)
	case key.Matches(msg, k.Search):
		m.ftyping, m.ftyped = true, ""
		m.setStatus("type the start of a " + strings.ToLower(m.facets[m.fcursor].title) + " value · enter or esc ends")
	case key.Matches(msg, k.Clear):
		m.selection = nil
		for i := range m.facets {
			m.setFacet(i, 0)
		}
	case key.Matches(msg, k.Back, k.Filter), msg.String() == "enter":
		m.overlay = overlayNone
	}
	return m
}

// typeAhead jumps to the first value of the focused facet that starts with
// what was typed after / ("qw" reaches Qwen among 120 families).
func (m Model) typeAhead(msg tea.KeyPressMsg) Model {
	switch {
	case msg.String() == "enter" || key.Matches(msg, m.keys.Back) && msg.String() != "backspace":
		m.ftyping = false
		return m
	case msg.String() == "backspace":
		if r := []rune(m.ftyped); len(r) > 0 {
			m.ftyped = string(r[:len(r)-1])
		}
	case msg.Text != "":
		m.ftyped += strings.ToLower(msg.Text)
	default:
		m.ftyping = false
		return m.updateFilters(msg) // arrows and the like act as usual
	}
	f := m.facets[m.fcursor]
	if i := slices.IndexFunc(f.options[1:], func(o option) bool {
		return strings.HasPrefix(strings.ToLower(o.label), m.ftyped)
	}); i >= 0 && m.ftyped != "" {
		m.setFacet(m.fcursor, i+1)
		m.setStatus("/" + m.ftyped + " → " + f.options[i+1].label)
	} else if m.ftyped != "" {
		m.setStatus("no " + strings.ToLower(f.title) + " starts with “" + m.ftyped + "”")
	}
	return m
}

// togglePick adds the selected option of facet i to its picked set, or
// takes it out: several values filter as "any of" (origin US or FR).
func (m *Model) togglePick(i int) {
	f := slices.Clone(m.facets)
	fc := &f[i]
	if fc.sel == 0 {
		m.setStatus("choose a value with ←/→ or by typing, then space picks it")
		return
	}
	if j := slices.Index(fc.picked, fc.sel); j >= 0 {
		fc.picked = slices.Delete(slices.Clone(fc.picked), j, j+1)
	} else {
		fc.picked = append(slices.Clone(fc.picked), fc.sel)
	}
	m.facets = f
	m.refresh()
	m.toTop()
}

// filterView is the filter panel.
func (m Model) filterView(w, h int) string {
	st := m.styles
	titleW := len("Command") + 2 // the widest title and a space ("Installed" touched its value)
	for _, f := range m.facets {
		titleW = max(titleW, textWidth(f.title)+1)
	}
	var lines []string
	if m.selection != nil {
		lines = append(lines, "  "+fit("Command", titleW)+st.Accent.Render(m.selection.Label), "")
	}
	for i, f := range m.facets {
		cursor := "  "
		if i == m.fcursor {
			cursor = "› "
		}
		val := "‹ " + f.options[f.sel].label + " ›"
		if len(f.picked) > 0 {
			val += " picked: " + f.label()
		}
		if f.active() {
			val = st.Accent.Render(val)
		}
		line := cursor + fit(f.title, titleW) + val
		if i == m.fcursor {
			line = cursor + st.Selected.Render(fit(f.title, titleW)) + val
		}
		lines = append(lines, line)
	}
	lines = append(lines, "",
		fmt.Sprintf("%d of %d models pass", len(m.table.rows), len(m.doc.Models)),
		// Wrapped to the box, not cut ("x clear al…" at 80 columns).
		st.Muted.Render(joinWrapped([]string{"↑/↓ choose", "←/→ change", "/ type a value", "space picks several", "x clear all", "esc close"},
			" · ", w-m.styles.Box.GetHorizontalFrameSize())))
	return m.box("Filters", strings.Join(lines, "\n"), w, h)
}

// joinWrapped joins items with sep, starting a new line before an item
// that would pass width.
func joinWrapped(items []string, sep string, width int) string {
	var b strings.Builder
	lineW := 0
	for i, it := range items {
		switch {
		case i == 0:
		case lineW+textWidth(sep)+textWidth(it) > width:
			b.WriteString("\n")
			lineW = 0
		default:
			b.WriteString(sep)
			lineW += textWidth(sep)
		}
		b.WriteString(it)
		lineW += textWidth(it)
	}
	return b.String()
}
