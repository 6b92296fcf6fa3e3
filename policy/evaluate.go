package policy

import (
	"fmt"
	"slices"
	"strings"
)

// Facts are what the policy judges about one model; the caller fills them
// from the catalog (empty = unknown).
type Facts struct {
	ID            string
	Origin        string // ISO 3166-1 alpha-2
	Licence       string // catalog licence id
	CommercialUse string // yes | conditional | no
	Conditions    string // the licence's conditions, in words
	Openness      string
	ContextMax    int
	// Guardrail facts on record.
	HasSafetyReport, HasSafetyModels, HasAcceptableUsePolicy bool
}

// Rule ids, stable: SARIF output and scripts refer to them.
const (
	RuleAllowOrigin = "allow-origin"
	RuleBlockOrigin = "block-origin"
	RuleLicence     = "allow-licence"
	RuleCommercial  = "require-commercial"
	RuleOpenness    = "openness"
	RuleCondition   = "flag-condition"
	RuleGuardrails  = "require-guardrails"
	RuleMinContext  = "min-context"
)

// Finding is one rule's verdict on a model.
type Finding struct {
	Rule    string
	Fail    bool // false: flagged for review, the model still passes
	Message string
}

// Result is the policy's verdict on one model.
type Result struct {
	Pass     bool
	Findings []Finding
}

// Reasons are the messages of the failed rules.
func (r Result) Reasons() []string { return r.messages(true) }

// Flags are the messages of the rules that ask for review.
func (r Result) Flags() []string { return r.messages(false) }

func (r Result) messages(fail bool) []string {
	out := []string{}
	for _, f := range r.Findings {
		if f.Fail == fail {
			out = append(out, f.Message)
		}
	}
	return out
}

// Evaluate judges one model.
func (p *Policy) Evaluate(f Facts) Result {
	var out []Finding
	fail := func(rule, format string, args ...any) {
		out = append(out, Finding{Rule: rule, Fail: true, Message: fmt.Sprintf(format, args...)})
	}
	flag := func(rule, format string, args ...any) {
		out = append(out, Finding{Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	origin := strings.ToUpper(f.Origin)
	switch {
	case slices.Contains(p.BlockOrigins, origin):
		fail(RuleBlockOrigin, "origin %s is blocked (block_origins)", origin)
	case len(p.AllowOrigins) > 0 && origin == "":
		fail(RuleAllowOrigin, "origin unknown; allow_origins lists %s", strings.Join(p.AllowOrigins, ", "))
	case len(p.AllowOrigins) > 0 && !slices.Contains(p.AllowOrigins, origin):
		fail(RuleAllowOrigin, "origin %s is not in allow_origins (%s)", origin, strings.Join(p.AllowOrigins, ", "))
	}
	if len(p.AllowLicences) > 0 && !slices.ContainsFunc(p.AllowLicences, func(l string) bool { return strings.EqualFold(l, f.Licence) }) {
		fail(RuleLicence, "licence %s is not in allow_licences (%s)", orUnknown(f.Licence), strings.Join(p.AllowLicences, ", "))
	}
	if p.RequireCommercial {
		switch f.CommercialUse {
		case "yes":
		case "conditional":
			flag(RuleCommercial, "commercial use only on conditions: %s", orUnknown(f.Conditions))
		case "no":
			fail(RuleCommercial, "licence %s does not allow commercial use (require_commercial)", orUnknown(f.Licence))
		default:
			fail(RuleCommercial, "commercial use unknown (require_commercial)")
		}
	}
	if len(p.Openness) > 0 && !slices.Contains(p.Openness, f.Openness) {
		fail(RuleOpenness, "openness %s is not in openness (%s)", orUnknown(f.Openness), strings.Join(p.Openness, ", "))
	}
	cond := strings.ToLower(f.Conditions)
	for _, phrase := range p.FlagConditions {
		if cond != "" && strings.Contains(cond, strings.ToLower(strings.TrimSpace(phrase))) {
			flag(RuleCondition, "licence condition matches %q: %s", phrase, f.Conditions)
		}
	}
	for _, g := range p.RequireGuardrails {
		switch {
		case g == SafetyReport && !f.HasSafetyReport:
			fail(RuleGuardrails, "no safety evaluation or red-teaming report on record (require_guardrails)")
		case g == SafetyModels && !f.HasSafetyModels:
			fail(RuleGuardrails, "no companion safety model on record (require_guardrails)")
		case g == AcceptableUsePolicy && !f.HasAcceptableUsePolicy:
			fail(RuleGuardrails, "no acceptable-use policy on record (require_guardrails)")
		}
	}
	if p.MinContext > 0 && f.ContextMax < p.MinContext {
		fail(RuleMinContext, "maximum context %d is below min_context %d", f.ContextMax, p.MinContext)
	}
	return Result{Pass: !slices.ContainsFunc(out, func(x Finding) bool { return x.Fail }), Findings: out}
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
