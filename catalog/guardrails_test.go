package catalog

import (
	"strings"
	"testing"
)

func TestBuiltinGuardrailsParseAndMatchCatalog(t *testing.T) {
	g, err := BuiltinGuardrails()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	orgs, fams := map[string]bool{}, map[string]bool{}
	for _, m := range cat.Models {
		orgs[m.Organisation] = true
		fams[m.Organisation+"/"+m.Family] = true
	}
	// A key that matches no model is a typo: its facts would never show.
	for _, o := range g.Organisations {
		if !orgs[o.Organisation] {
			t.Errorf("guardrails organisation %q matches no catalog model", o.Organisation)
		}
	}
	for _, f := range g.Families {
		if !fams[f.Organisation+"/"+f.Family] {
			t.Errorf("guardrails family %q / %q matches no catalog model", f.Organisation, f.Family)
		}
	}
}

func TestGuardrailsFor(t *testing.T) {
	g, err := BuiltinGuardrails()
	if err != nil {
		t.Fatal(err)
	}
	llama := g.For(&Model{Organisation: "Meta", Family: "Llama 3.3"})
	if !strings.Contains(llama.AcceptableUsePolicy, "llama3_3/USE_POLICY") || llama.SafetyReport == "" {
		t.Errorf("Llama 3.3: %+v", llama)
	}
	if len(llama.SafetyModels) == 0 || !strings.Contains(llama.SafetyModels[0].Name, "Llama Guard") {
		t.Errorf("Llama 3.3 safety models: %+v", llama.SafetyModels)
	}
	// Publisher facts reach a family the table does not list.
	qwen := g.For(&Model{Organisation: "Alibaba Cloud (Qwen team)", Family: "Qwen9"})
	if len(qwen.SafetyModels) == 0 || qwen.AcceptableUsePolicy != "" || qwen.SafetyReport != "" {
		t.Errorf("Qwen: %+v", qwen)
	}
	if none := g.For(&Model{Organisation: "Nobody", Family: "X"}); none.Known() {
		t.Errorf("unknown organisation got facts: %+v", none)
	}
}

func TestParseGuardrailsRejects(t *testing.T) {
	for name, in := range map[string]string{
		"unknown key": `{"organisations":[],"families":[],"extra":1}`,
		"no source":   `{"organisations":[{"organisation":"X","safety_report":"https://a.b/c"}],"families":[]}`,
		"http url":    `{"organisations":[{"organisation":"X","safety_report":"http://a.b/c","sources":["https://a.b"]}],"families":[]}`,
		"no facts":    `{"organisations":[{"organisation":"X","sources":["https://a.b"]}],"families":[]}`,
	} {
		if _, err := ParseGuardrails([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
