package catalog

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"
)

// guardrailsJSON holds responsible-AI facts per publisher and per model
// family (safety/guardrails.json). It is keyed by organisation and family,
// not by model id, so models added to the catalog later inherit what their
// publisher released.
//
//go:embed safety/guardrails.json
var guardrailsJSON []byte

// SafetyModel is a companion safety classifier a publisher released
// (Llama Guard, ShieldGemma, Qwen3Guard, ...).
type SafetyModel struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// Guardrails are the responsible-AI facts known for one model. Empty
// fields are unknown: nothing was found in a source, which is not the same
// as "none exists".
type Guardrails struct {
	SafetyReport        string        `json:"safety_report,omitempty"`         // safety evaluation or red-teaming report
	SafetyModels        []SafetyModel `json:"safety_models,omitempty"`         // companion safety models from the same publisher
	AcceptableUsePolicy string        `json:"acceptable_use_policy,omitempty"` // acceptable-use / prohibited-use policy
	Sources             []string      `json:"sources,omitempty"`
}

// Known reports whether anything at all is on record.
func (g Guardrails) Known() bool {
	return g.SafetyReport != "" || len(g.SafetyModels) > 0 || g.AcceptableUsePolicy != ""
}

type guardrailOrg struct {
	Organisation string `json:"organisation"`
	Guardrails
}

type guardrailFamily struct {
	Organisation string `json:"organisation"`
	Family       string `json:"family"`
	Guardrails
}

// GuardrailTable is the parsed guardrails file.
type GuardrailTable struct {
	Comment       string            `json:"_comment,omitempty"`
	Organisations []guardrailOrg    `json:"organisations"`
	Families      []guardrailFamily `json:"families"`
}

var builtinGuardrails = sync.OnceValues(func() (*GuardrailTable, error) {
	return ParseGuardrails(guardrailsJSON)
})

// BuiltinGuardrails is the embedded guardrail table, parsed once.
func BuiltinGuardrails() (*GuardrailTable, error) { return builtinGuardrails() }

// ParseGuardrails decodes and checks a guardrails file: unknown keys are
// errors, every fact needs a source, URLs must be absolute https.
func ParseGuardrails(data []byte) (*GuardrailTable, error) {
	var t GuardrailTable
	if err := decodeStrict(data, &t); err != nil {
		return nil, fmt.Errorf("guardrails: %w", err)
	}
	check := func(where string, g Guardrails) error {
		if !g.Known() {
			return fmt.Errorf("guardrails: %s: no facts", where)
		}
		if len(g.Sources) == 0 {
			return fmt.Errorf("guardrails: %s: no sources", where)
		}
		urls := append([]string{g.SafetyReport, g.AcceptableUsePolicy}, g.Sources...)
		for _, m := range g.SafetyModels {
			if m.Name == "" {
				return fmt.Errorf("guardrails: %s: safety model without a name", where)
			}
			urls = append(urls, m.URL)
		}
		for _, u := range urls {
			if u != "" && !isHTTPS(u) {
				return fmt.Errorf("guardrails: %s: %q is not an https URL", where, u)
			}
		}
		return nil
	}
	for _, o := range t.Organisations {
		if err := check(o.Organisation, o.Guardrails); err != nil {
			return nil, err
		}
	}
	for _, f := range t.Families {
		if err := check(f.Organisation+" / "+f.Family, f.Guardrails); err != nil {
			return nil, err
		}
	}
	return &t, nil
}

// isHTTPS: guardrail facts cite https pages only.
func isHTTPS(u string) bool {
	return len(u) > len("https://x") && u[:8] == "https://"
}

// For returns what is known for m: the publisher's facts, overridden field
// by field by its family's, safety models and sources merged.
func (t *GuardrailTable) For(m *Model) Guardrails {
	var g Guardrails
	if t == nil || m == nil {
		return g
	}
	for _, o := range t.Organisations {
		if o.Organisation == m.Organisation {
			g = merge(g, o.Guardrails)
		}
	}
	for _, f := range t.Families {
		if f.Organisation == m.Organisation && f.Family == m.Family {
			g = merge(g, f.Guardrails)
		}
	}
	return g
}

func merge(a, b Guardrails) Guardrails {
	out := Guardrails{SafetyReport: a.SafetyReport, AcceptableUsePolicy: a.AcceptableUsePolicy,
		SafetyModels: slices.Clone(a.SafetyModels), Sources: slices.Clone(a.Sources)}
	if b.SafetyReport != "" {
		out.SafetyReport = b.SafetyReport
	}
	if b.AcceptableUsePolicy != "" {
		out.AcceptableUsePolicy = b.AcceptableUsePolicy
	}
	for _, sm := range b.SafetyModels {
		if !slices.Contains(out.SafetyModels, sm) {
			out.SafetyModels = append(out.SafetyModels, sm)
		}
	}
	for _, s := range b.Sources {
		if !slices.Contains(out.Sources, s) {
			out.Sources = append(out.Sources, s)
		}
	}
	return out
}
