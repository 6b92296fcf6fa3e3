package policy

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func iso(c string) bool { return len(c) == 2 && c != "XX" }

func TestParseYAMLAndJSONAlike(t *testing.T) {
	y := `
name: EU bank
block_origins: [cn]
require_commercial: true
flag_conditions: ["monthly active users"]
require_guardrails: [acceptable_use_policy]
min_context: 32768
`
	j := `{"name":"EU bank","block_origins":["CN"],"require_commercial":true,
	"flag_conditions":["monthly active users"],"require_guardrails":["acceptable_use_policy"],"min_context":32768}`
	py, err := Parse([]byte(y), iso)
	if err != nil {
		t.Fatal(err)
	}
	pj, err := Parse([]byte(j), iso)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(py)
	b, _ := json.Marshal(pj)
	if string(a) != string(b) {
		t.Errorf("YAML and JSON differ:\n%s\n%s", a, b)
	}
	if !slices.Equal(py.BlockOrigins, []string{"CN"}) {
		t.Errorf("origins not upper-cased: %v", py.BlockOrigins)
	}
}

func TestParseRejects(t *testing.T) {
	for name, in := range map[string]string{
		"unknown key":       "block_origin: [CN]\n",
		"bad country":       "block_origins: [XX]\n",
		"allow and block":   "allow_origins: [CN]\nblock_origins: [CN]\n",
		"bad openness":      "openness: [closed]\n",
		"bad guardrail":     "require_guardrails: [halo]\n",
		"guardrails number": "require_guardrails: 3\n",
		"negative context":  "min_context: -1\n",
		"empty":             "",
		"not a mapping":     "- a\n- b\n",
		"malformed":         "block_origins: [CN\n",
		"two JSON values":   `{"min_context":1} {"min_context":2}`,
	} {
		if _, err := Parse([]byte(in), iso); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := Parse(make([]byte, MaxFileBytes+1), iso); err == nil {
		t.Error("oversized policy accepted")
	}
}

func TestRequireGuardrailsTrueMeansAll(t *testing.T) {
	p, err := Parse([]byte("require_guardrails: true\n"), iso)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.RequireGuardrails) != 3 {
		t.Fatalf("got %v", p.RequireGuardrails)
	}
	r := p.Evaluate(Facts{HasSafetyModels: true})
	if r.Pass || len(r.Reasons()) != 2 {
		t.Errorf("want two missing facts, got %+v", r)
	}
}

func TestEvaluate(t *testing.T) {
	p, err := Parse([]byte(`
block_origins: [CN]
allow_licences: [apache-2.0, llama3.3, mit]
require_commercial: true
openness: [open-source, open-weights]
flag_conditions: [monthly active users]
min_context: 32768
`), iso)
	if err != nil {
		t.Fatal(err)
	}
	qwen := Facts{ID: "Qwen/Qwen3-32B", Origin: "CN", Licence: "apache-2.0", CommercialUse: "yes", Openness: "open-source", ContextMax: 40960}
	llama := Facts{ID: "meta-llama/Llama-3.3-70B-Instruct", Origin: "US", Licence: "llama3.3", CommercialUse: "conditional",
		Conditions: "licence from Meta needed above 700M monthly active users", Openness: "open-weights", ContextMax: 131072}
	nc := Facts{ID: "x/nc", Origin: "FR", Licence: "cc-by-nc-4.0", CommercialUse: "no", Openness: "research-only", ContextMax: 4096}

	r := p.Evaluate(qwen)
	if r.Pass || !slices.Equal(r.Reasons(), []string{"origin CN is blocked (block_origins)"}) {
		t.Errorf("qwen: %+v", r)
	}
	r = p.Evaluate(llama)
	if !r.Pass || len(r.Flags()) != 2 || len(r.Reasons()) != 0 {
		t.Errorf("llama: conditional licence must pass with its conditions flagged: %+v", r)
	}
	r = p.Evaluate(nc)
	rules := []string{}
	for _, f := range r.Findings {
		rules = append(rules, f.Rule)
	}
	if r.Pass || !slices.Equal(rules, []string{RuleLicence, RuleCommercial, RuleOpenness, RuleMinContext}) {
		t.Errorf("nc: %v %+v", rules, r)
	}
	// Unknown origin does not satisfy an allow list.
	allow, _ := Parse([]byte("allow_origins: [US]\n"), iso)
	if allow.Evaluate(Facts{}).Pass {
		t.Error("unknown origin passed allow_origins")
	}
	// No rules: everything passes.
	none, _ := Parse([]byte("name: nothing\n"), iso)
	if !none.Evaluate(nc).Pass {
		t.Error("a policy without rules failed a model")
	}
}

func TestSARIF(t *testing.T) {
	p, _ := Parse([]byte("block_origins: [CN]\nrequire_commercial: true\n"), iso)
	log := SARIF("test", "policy.yaml", []Judged{
		{"Qwen/Qwen3-32B", p.Evaluate(Facts{Origin: "CN", CommercialUse: "yes"})},
		{"meta-llama/Llama-3.3-70B-Instruct", p.Evaluate(Facts{Origin: "US", CommercialUse: "conditional", Conditions: "MAU cap"})},
		{"openai/gpt-oss-20b", p.Evaluate(Facts{Origin: "US", CommercialUse: "yes"})},
	})
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("%+v", log)
	}
	res := log.Runs[0].Results
	if len(res) != 2 || res[0].Level != "error" || res[1].Level != "warning" {
		t.Fatalf("results: %+v", res)
	}
	if !strings.Contains(res[0].Message.Text, "origin CN is blocked") || res[0].Locations[0].LogicalLocations[0].Name != "Qwen/Qwen3-32B" {
		t.Errorf("result 0: %+v", res[0])
	}
	rules := log.Runs[0].Tool.Driver.Rules
	if rules[res[0].RuleIndex].ID != res[0].RuleID {
		t.Errorf("ruleIndex %d does not point at %s", res[0].RuleIndex, res[0].RuleID)
	}
}
