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
// of which ("any") lets everything through.
type facet struct {
	title   string
	options []option
	sel     int
}

type option struct {
	label string
	match func(*report.Model) bool // nil: everything
}

func (f facet) active() bool { return f.sel > 0 }

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
	if m.search != "" {
		cm := m.catalog[rm.ID]
		f := catalog.Filter{Search: m.search}
		if cm == nil || !f.Match(m.cfg.Catalog, cm) {
			return false
		}
	}
	for _, f := range m.facets {
		if o := f.options[f.sel]; o.match != nil && !o.match(rm) {
			return false
		}
	}
	return true
}

// activeFilters summarises the facets in use ("" when none).
func (m Model) activeFilters() string {
	var parts []string
	for _, f := range m.facets {
		if f.active() {
			parts = append(parts, strings.ToLower(f.title)+" "+f.options[f.sel].label)
		}
	}
	return strings.Join(parts, ", ")
}

// setFacet selects option sel of facet i (wrapping) and re-filters.
func (m *Model) setFacet(i, sel int) {
	f := slices.Clone(m.facets)
	n := len(f[i].options)
	f[i].sel = ((sel % n) + n) % n
	m.facets = f
	m.refresh()
}

func (m Model) updateFilters(msg tea.KeyPressMsg) Model {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.fcursor = max(0, m.fcursor-1)
	case key.Matches(msg, k.Down):
		m.fcursor = min(len(m.facets)-1, m.fcursor+1)
	case key.Matches(msg, k.Prev):
		m.setFacet(m.fcursor, m.facets[m.fcursor].sel-1)
	case key.Matches(msg, k.Next), msg.String() == "space":
		m.setFacet(m.fcursor, m.facets[m.fcursor].sel+1)
	case key.Matches(msg, k.Clear):
		for i := range m.facets {
			m.setFacet(i, 0)
		}
	case key.Matches(msg, k.Back, k.Filter, k.Quit), msg.String() == "enter":
		m.overlay = overlayNone
	}
	return m
}

// filterView is the filter panel.
func (m Model) filterView(w, h int) string {
	st := m.styles
	titleW := 9
	var lines []string
	for i, f := range m.facets {
		cursor := "  "
		if i == m.fcursor {
			cursor = "› "
		}
		val := "‹ " + f.options[f.sel].label + " ›"
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
		st.Muted.Render("↑/↓ choose · ←/→ change · x clear all · esc close"))
	return m.box("Filters", strings.Join(lines, "\n"), w, h)
}
