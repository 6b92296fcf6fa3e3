package ui

import (
	"fmt"
	"strings"

	"github.com/fitcheck/fitcheck/report"
)

// policyMark prefixes a model's name in the table: ⊘ when it fails the
// --policy, nothing otherwise (and nothing without a policy), so the badge
// reads without colour.
func policyMark(rm *report.Model) string {
	if rm.Policy != nil && !rm.Policy.Pass {
		return "⊘ "
	}
	return ""
}

// policyFacet filters on the policy verdict (only offered with --policy).
func policyFacet() facet {
	return facet{title: "Policy", options: []option{{label: "any"},
		{label: "passes", match: func(rm *report.Model) bool { return rm.Policy == nil || rm.Policy.Pass }},
		{label: "passes, nothing to review", match: func(rm *report.Model) bool {
			return rm.Policy == nil || (rm.Policy.Pass && len(rm.Policy.Flags) == 0)
		}},
		{label: "fails", match: func(rm *report.Model) bool { return rm.Policy != nil && !rm.Policy.Pass }},
	}}
}

// policyAndGuardrailFields are the detail page's Policy and Guardrails
// lines; unknown guardrail facts say so.
func (m Model) policyAndGuardrailFields(rm *report.Model, field func(label, text string)) {
	st := m.styles
	if p := rm.Policy; p != nil {
		name := m.cfg.PolicyName
		if name != "" {
			name = " (" + name + ")"
		}
		switch {
		case !p.Pass:
			field("Policy", st.Error.Render("⊘ fails"+name+": "+strings.Join(p.Reasons, "; ")))
		default:
			field("Policy", "✓ passes"+name)
		}
		for _, f := range p.Flags {
			field("", st.Warning.Render("review: "+f))
		}
	}
	g := rm.Guardrails
	unknown := st.Muted.Render("unknown")
	report := unknown
	if g.SafetyReport != nil {
		report = *g.SafetyReport
	}
	field("Safety", "report      "+report)
	if len(g.SafetyModels) == 0 {
		field("", "models      "+unknown)
	}
	for i, sm := range g.SafetyModels {
		label := "            "
		if i == 0 {
			label = "models      "
		}
		field("", label+sm.Name+" "+st.Muted.Render(sm.URL))
	}
	aup := unknown
	if g.AcceptableUsePolicy != nil {
		aup = *g.AcceptableUsePolicy
	}
	field("", "use policy  "+aup)
}

// policyBadge is the header's policy summary: "⊘ 91 fail policy no CN",
// short "⊘ 91 fail" ("" without a policy).
func (m Model) policyBadge(short bool) string {
	if m.cfg.Policy == nil {
		return ""
	}
	failed := 0
	for i := range m.doc.Models {
		if p := m.doc.Models[i].Policy; p != nil && !p.Pass {
			failed++
		}
	}
	name := m.cfg.PolicyName
	if short {
		name = ""
	}
	if name != "" {
		name = " " + name
	}
	if failed == 0 {
		return m.styles.Muted.Render("✓ all pass policy" + name)
	}
	return m.styles.Error.Render(fmt.Sprintf("⊘ %d fail", failed)) + m.styles.Muted.Render(" policy"+name)
}
