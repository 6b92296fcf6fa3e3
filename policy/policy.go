// Package policy is an organisation's model-selection policy: which
// origins, licences, openness levels and guardrails are acceptable, and
// which licence conditions need a human look. It is pure: it parses bytes
// handed to it and judges the facts handed to it; reading the file is the
// caller's job.
package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"sigs.k8s.io/yaml"
)

// MaxFileBytes caps a policy file: a real one is a few hundred bytes.
const MaxFileBytes = 1 << 20

// Policy is one policy file. Every rule is optional; an empty list means
// "no rule", not "nothing allowed".
type Policy struct {
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`

	AllowOrigins  []string `json:"allow_origins,omitempty"`  // ISO 3166-1 alpha-2: only these
	BlockOrigins  []string `json:"block_origins,omitempty"`  // ISO 3166-1 alpha-2: never these
	AllowLicences []string `json:"allow_licences,omitempty"` // catalog licence ids: only these
	// RequireCommercial: the licence must allow commercial use; a
	// conditional licence passes, and its conditions are flagged.
	RequireCommercial bool     `json:"require_commercial,omitempty"`
	Openness          []string `json:"openness,omitempty"` // open-source | open-weights | research-only: only these
	// FlagConditions are phrases (case-insensitive) that, found in a
	// licence's conditions, flag the model for review without failing it
	// (e.g. "monthly active users" for MAU caps).
	FlagConditions    []string    `json:"flag_conditions,omitempty"`
	RequireGuardrails Requirement `json:"require_guardrails,omitempty"`
	MinContext        int         `json:"min_context,omitempty"` // the model's maximum context, in tokens
}

// Guardrail facts a policy can require.
const (
	SafetyReport        = "safety_report"
	SafetyModels        = "safety_models"
	AcceptableUsePolicy = "acceptable_use_policy"
)

// Openness levels, as the catalog's licence table names them.
var opennessLevels = []string{"open-source", "open-weights", "research-only"}

// Requirement is require_guardrails: true (all three facts), false, or a
// list of the facts required.
type Requirement []string

// UnmarshalJSON accepts a boolean or a list of fact names.
func (r *Requirement) UnmarshalJSON(b []byte) error {
	var all bool
	if err := json.Unmarshal(b, &all); err == nil {
		*r = nil
		if all {
			*r = Requirement{SafetyReport, SafetyModels, AcceptableUsePolicy}
		}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("require_guardrails: want true, false or a list of %s, %s, %s", SafetyReport, SafetyModels, AcceptableUsePolicy)
	}
	for _, s := range list {
		if s != SafetyReport && s != SafetyModels && s != AcceptableUsePolicy {
			return fmt.Errorf("require_guardrails: unknown fact %q (want %s, %s or %s)", s, SafetyReport, SafetyModels, AcceptableUsePolicy)
		}
	}
	*r = list
	return nil
}

// Parse reads a policy from YAML or JSON (JSON is YAML, so one path reads
// both). Unknown keys and invalid values are errors: a typo in a policy
// must not silently allow everything. validCountry checks ISO codes.
func Parse(data []byte, validCountry func(string) bool) (*Policy, error) {
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("larger than %d bytes", MaxFileBytes)
	}
	js := data
	if t := bytes.TrimSpace(data); len(t) == 0 || t[0] != '{' { // JSON objects go to the JSON decoder as they are
		var err error
		if js, err = yaml.YAMLToJSON(data); err != nil {
			return nil, err
		}
	}
	if bytes.Equal(bytes.TrimSpace(js), []byte("null")) {
		return nil, errors.New("empty policy")
	}
	var p Policy
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "json: ")) // the input may have been YAML
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the policy")
	}
	return &p, p.validate(validCountry)
}

func (p *Policy) validate(validCountry func(string) bool) error {
	for i, c := range p.AllowOrigins {
		p.AllowOrigins[i] = strings.ToUpper(strings.TrimSpace(c))
	}
	for i, c := range p.BlockOrigins {
		p.BlockOrigins[i] = strings.ToUpper(strings.TrimSpace(c))
	}
	for _, c := range slices.Concat(p.AllowOrigins, p.BlockOrigins) {
		if validCountry != nil && !validCountry(c) {
			return fmt.Errorf("origin %q: not an ISO 3166-1 alpha-2 country code", c)
		}
	}
	for _, c := range p.AllowOrigins {
		if slices.Contains(p.BlockOrigins, c) {
			return fmt.Errorf("origin %s is both allowed and blocked", c)
		}
	}
	for _, o := range p.Openness {
		if !slices.Contains(opennessLevels, o) {
			return fmt.Errorf("openness %q: want one of %s", o, strings.Join(opennessLevels, ", "))
		}
	}
	for _, f := range p.FlagConditions {
		if strings.TrimSpace(f) == "" {
			return errors.New("flag_conditions: empty phrase")
		}
	}
	if p.MinContext < 0 || p.MinContext > 1<<26 {
		return fmt.Errorf("min_context %d: want 0 to %d tokens", p.MinContext, 1<<26)
	}
	return nil
}
