package report

import (
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/policy"
)

// Guardrails are the responsible-AI facts on record for a model (see
// catalog/safety/guardrails.json). null means unknown: no source found,
// which is not the same as "none exists".
type Guardrails struct {
	SafetyReport        *string               `json:"safety_report"`         // safety evaluation or red-teaming report URL
	SafetyModels        []catalog.SafetyModel `json:"safety_models"`         // companion safety models from the publisher
	AcceptableUsePolicy *string               `json:"acceptable_use_policy"` // acceptable-use policy URL
	Sources             []string              `json:"sources"`
}

// PolicyCheck is the --policy verdict on a model.
type PolicyCheck struct {
	Pass    bool     `json:"pass"`
	Reasons []string `json:"reasons"` // why it fails (empty when it passes)
	Flags   []string `json:"flags"`   // conditions to review; they do not fail the model
}

func guardrailsOf(m *catalog.Model) Guardrails {
	t, err := catalog.BuiltinGuardrails()
	if err != nil { // the embedded table is checked by the catalog tests
		t = nil
	}
	g := t.For(m)
	out := Guardrails{SafetyReport: nonEmpty(g.SafetyReport), AcceptableUsePolicy: nonEmpty(g.AcceptableUsePolicy),
		SafetyModels: g.SafetyModels, Sources: nonNil(g.Sources)}
	if out.SafetyModels == nil {
		out.SafetyModels = []catalog.SafetyModel{}
	}
	return out
}

// PolicyFacts are the facts of a model the policy judges.
func PolicyFacts(m *ModelInfo) policy.Facts {
	f := policy.Facts{
		ID: m.ID, Origin: m.OriginCountry, Licence: m.Licence, CommercialUse: m.CommercialUse,
		Openness: m.Openness, ContextMax: m.ContextMax,
		HasSafetyReport:        m.Guardrails.SafetyReport != nil,
		HasSafetyModels:        len(m.Guardrails.SafetyModels) > 0,
		HasAcceptableUsePolicy: m.Guardrails.AcceptableUsePolicy != nil,
	}
	if m.CommercialConditions != nil {
		f.Conditions = *m.CommercialConditions
	}
	return f
}

// CheckPolicy judges one model; nil without a policy.
func CheckPolicy(p *policy.Policy, m *ModelInfo) *PolicyCheck {
	if p == nil {
		return nil
	}
	r := p.Evaluate(PolicyFacts(m))
	return &PolicyCheck{Pass: r.Pass, Reasons: r.Reasons(), Flags: r.Flags()}
}

// ApplyPolicy records the policy's verdict on every model of the document.
func (d *Document) ApplyPolicy(p *policy.Policy) {
	for i := range d.Models {
		d.Models[i].Policy = CheckPolicy(p, &d.Models[i].ModelInfo)
	}
}

// ApplyPolicy records the policy's verdict on every model of the listing.
func (d *CatalogDocument) ApplyPolicy(p *policy.Policy) {
	for i := range d.Models {
		d.Models[i].Policy = CheckPolicy(p, &d.Models[i])
	}
}
