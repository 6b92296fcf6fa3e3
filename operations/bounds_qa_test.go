package operations

import (
	"testing"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/plan"
)

// The schemas promise the CLI's bounds: an agent told users <= 100000 got a
// 400 at 5000. Each plan bound must be exactly what plan accepts.
func TestPlanBoundsAreTheCLIs(t *testing.T) {
	ops := map[string]Operation{}
	for _, op := range All() {
		ops[op.Name] = op
	}
	max := func(op, name string) float64 {
		for _, p := range ops[op].Params {
			if p.Name == name && p.Max != nil {
				return *p.Max
			}
		}
		t.Fatalf("%s has no bounded %s", op, name)
		return 0
	}
	workload := func(mod func(*plan.Workload, float64), v float64) error {
		w := plan.Workload{Users: 1, Settings: estimate.DefaultSettings()}
		mod(&w, v)
		_, err := w.Normalize()
		return err
	}
	for _, c := range []struct {
		name string
		mod  func(*plan.Workload, float64)
	}{
		{"users", func(w *plan.Workload, v float64) { w.Users = int(v) }},
		{"max_gpus", func(w *plan.Workload, v float64) { w.MaxGPUs = int(v) }},
		{"max_nodes", func(w *plan.Workload, v float64) { w.MaxNodes = int(v) }},
	} {
		m := max("plan", c.name)
		if workload(c.mod, m) != nil || workload(c.mod, m+1) == nil {
			t.Errorf("%s: schema maximum %g is not plan's", c.name, m)
		}
	}
	if m := max("tune", "epochs"); m != 1000 { // finetune.Settings.Check: 0 to 1000
		t.Errorf("epochs: schema maximum %g, tune accepts at most 1000", m)
	}
	m := max("plan", "electricity_price")
	cs := plan.DefaultCostSettings()
	cs.ElectricityUSDPerKWh = m
	ok := cs.Check()
	cs.ElectricityUSDPerKWh = m * 1.01
	if ok != nil || cs.Check() == nil {
		t.Errorf("electricity_price: schema maximum %g is not plan's", m)
	}
}

// plan and machine_plan do not offer parallel: the CLI refuses it there (a
// plan runs --users sequences).
func TestPlansOfferNoParallel(t *testing.T) {
	for _, op := range All() {
		if op.Name != "plan" && op.Name != "machine_plan" {
			continue
		}
		for _, p := range op.Params {
			if p.Name == "parallel" {
				t.Errorf("%s offers parallel", op.Name)
			}
		}
	}
}
