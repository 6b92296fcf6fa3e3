package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/fitcheck/fitcheck/plan"
)

func planSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(plan.Schema)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("plan.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("plan.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPlanJSONHasHostedPriceAndLocalCosts is the acceptance check
// for gpt-oss-120b, validated against the published schema.
func TestPlanJSONHasHostedPriceAndLocalCosts(t *testing.T) {
	code, out, errOut := run(t, "plan", "openai/gpt-oss-120b", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := planSchema(t).Validate(v); err != nil {
		t.Fatalf("plan document does not match plan/schema.json: %v", err)
	}
	var d plan.Document
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.SchemaVersion != "1.1" || len(d.Plans) == 0 {
		t.Fatalf("schema %s, %d plans", d.SchemaVersion, len(d.Plans))
	}
	found := false
	for _, h := range d.Costs.Hosted {
		if h.Provider == "Azure AI Foundry" && h.InputPerM == 0.15 && h.OutputPerM == 0.60 && strings.HasPrefix(h.Source, "https://") && h.Date != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("no Azure AI Foundry $0.15/$0.60 with source in %+v", d.Costs.Hosted)
	}
	for _, p := range d.Plans {
		if p.Price != nil && (p.Cost == nil || p.Cost.InputUSDPerM <= 0 || p.Cost.OutputUSDPerM <= 0) {
			t.Errorf("%s: priced but no local cost per M tokens", p.Hardware)
		}
	}
}

// TestPlanArgsReproduceWithFit feeds a plan's printed flags back to
// `fitcheck fit` (the forward estimator through the CLI): full GPU at the
// plan's quantization, and at least the target speed per stream.
func TestPlanArgsReproduceWithFit(t *testing.T) {
	code, out, errOut := run(t, "plan", "meta-llama/Llama-3.3-70B-Instruct", "--users", "8", "--tps", "20", "--context", "8192", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var d plan.Document
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	priced := 0
	for i, p := range d.Plans {
		if p.Price != nil {
			priced++
		}
		if i >= 6 {
			break
		}
		args := append([]string{"fit", d.Model.ID, "--json", "--quant", p.Quant}, p.Flags...)
		code, out, errOut := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d %s", args, code, errOut)
		}
		var doc struct {
			Models []struct {
				Estimates []struct {
					Quant     string  `json:"quant"`
					Verdict   string  `json:"verdict"`
					DecodeTPS float64 `json:"decode_tps"`
				} `json:"estimates"`
			} `json:"models"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Models) != 1 || len(doc.Models[0].Estimates) != 1 {
			t.Fatalf("%v: %v %s", args, err, out)
		}
		e := doc.Models[0].Estimates[0]
		if e.Verdict != "gpu" || e.DecodeTPS < 20 || e.DecodeTPS < p.PerUserTPS {
			t.Errorf("%s: fit says %s at %.1f tok/s; plan %.1f per user", p.Hardware, e.Verdict, e.DecodeTPS, p.PerUserTPS)
		}
	}
	if priced == 0 {
		t.Error("no priced plan for Llama-3.3-70B, 8 users at 20 tok/s")
	}
}

func TestPlanBadWorkloadsExit2(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "gpt-oss-20b", "--users", "0"}, "--users 0"},
		{[]string{"plan", "gpt-oss-20b", "--tps", "-5"}, "--tps"},
		{[]string{"plan", "gpt-oss-20b", "--ttft", "-1"}, "--ttft"},
		{[]string{"plan", "gpt-oss-20b", "--vendor", "Nvidea"}, "--vendor"},
		{[]string{"plan", "gpt-oss-20b", "--utilization", "0"}, "--utilization"},
		{[]string{"plan", "gpt-oss-20b", "--amortize-years", "-1"}, "--amortize-years"},
		{[]string{"plan", "gpt-oss-20b", "--max-nodes", "0"}, "--max-nodes"},
		{[]string{"plan", "gpt-oss-20b@Q9"}, "Q9"},
		{[]string{"plan", "no-such-model"}, "no-such-model"},
		{[]string{"plan"}, "exactly one MODEL"},
		{[]string{"plan", "a", "b"}, "exactly one MODEL"},
	} {
		code, out, errOut := run(t, c.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q (want %q)", c.args, code, out, errOut, c.want)
		}
	}
}

func TestPlanImpossibleTargetSaysTheBestReachable(t *testing.T) {
	code, out, _ := run(t, "plan", "meta-llama/Llama-3.3-70B-Instruct", "--users", "8", "--tps", "50000")
	if code != 0 || !strings.Contains(out, "best reachable is") {
		t.Errorf("exit %d: %s", code, out)
	}
	code, out, _ = run(t, "plan", "meta-llama/Llama-3.3-70B-Instruct", "--tps", "50000", "--json")
	var d plan.Document
	if code != 0 || json.Unmarshal([]byte(out), &d) != nil || d.Unmet == nil || d.Unmet.BestPerUserTPS == nil || len(d.Plans) != 0 {
		t.Errorf("exit %d: %s", code, out)
	}
}

func TestPlanTableAndMachine(t *testing.T) {
	code, out, errOut := run(t, "plan", "meta-llama/Llama-3.3-70B-Instruct", "--users", "8", "--tps", "20")
	if code != 0 || !strings.Contains(out, "REPRODUCE") || !strings.Contains(out, "Groq") || !strings.Contains(out, "check: fitcheck fit") {
		t.Errorf("exit %d: %s %s", code, out, errOut)
	}
	code, out, errOut = run(t, "plan", "--machine", "--gpu", "RTX 4090", "--ram", "64GiB", "--users", "2", "--tps", "20")
	if code != 0 || !strings.Contains(out, "Largest") || !strings.Contains(out, "With one more NVIDIA GeForce RTX 4090") {
		t.Errorf("machine: exit %d: %s %s", code, out, errOut)
	}
	code, out, _ = run(t, "plan", "--machine", "--gpu", "RTX 4090", "--ram", "64GiB", "--json")
	if v, err := jsonschema.UnmarshalJSON(strings.NewReader(out)); err != nil || planSchema(t).Validate(v) != nil {
		t.Errorf("machine document does not match plan/schema.json: %v %v", err, planSchema(t).Validate(v))
	}
	var d struct {
		Machine plan.MachineAnswer `json:"machine"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &d) != nil || d.Machine.Meeting == 0 {
		t.Errorf("machine json: exit %d %s", code, out)
	}
}
