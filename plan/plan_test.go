package plan

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

func model(t testing.TB, id string) *catalog.Model {
	t.Helper()
	m, err := catalogtest.Builtin(t).Find(id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func workload(users int, tps float64, ctx int, engine string) Workload {
	s := estimate.DefaultSettings()
	s.Context = ctx
	s.Engine = engine
	return Workload{Users: users, TPS: tps, Settings: s}
}

// TestPlansHoldUpInTheForwardEstimator is the acceptance check: every plan,
// rebuilt from the --gpu/--ram arguments it prints and estimated again with
// the same settings and --parallel USERS, fits fully on the accelerators
// and meets every target — over many models and workloads, both engines,
// single GPUs, whole systems and multi-node plans.
func TestPlansHoldUpInTheForwardEstimator(t *testing.T) {
	cases := []struct {
		model  string
		users  int
		tps    float64
		ttft   float64
		ctx    int
		engine string
		quant  string
	}{
		{"meta-llama/Llama-3.3-70B-Instruct", 8, 20, 0, 8192, estimate.EngineLlamaCpp, ""},
		{"meta-llama/Llama-3.3-70B-Instruct", 32, 15, 2, 8192, estimate.EngineVLLM, ""},
		{"openai/gpt-oss-120b", 1, 0, 0, 8192, estimate.EngineLlamaCpp, ""},
		{"openai/gpt-oss-120b", 16, 30, 0, 16384, estimate.EngineVLLM, ""},
		{"openai/gpt-oss-20b", 4, 50, 1, 32768, estimate.EngineLlamaCpp, ""},
		{"Qwen/Qwen3-32B", 64, 10, 0, 4096, estimate.EngineVLLM, "AWQ"},
		{"Qwen/Qwen3-32B", 2, 25, 0, 8192, estimate.EngineLlamaCpp, "Q8_0"},
		{"deepseek-ai/DeepSeek-V3", 4, 10, 0, 8192, estimate.EngineVLLM, ""},
		{"deepseek-ai/DeepSeek-V3", 1, 5, 0, 4096, estimate.EngineLlamaCpp, ""},
		{"meta-llama/Llama-3.1-8B-Instruct", 100, 20, 0, 4096, estimate.EngineVLLM, ""},
		{"meta-llama/Llama-3.1-8B-Instruct", 1, 60, 0.5, 8192, estimate.EngineLlamaCpp, ""},
		{"mistralai/Mistral-Large-Instruct-2411", 4, 10, 0, 32768, estimate.EngineLlamaCpp, ""},
		{"meta-llama/Llama-4-Scout-17B-16E-Instruct", 8, 20, 0, 8192, estimate.EngineVLLM, ""},
		{"google/gemma-3-27b-it", 16, 15, 0, 8192, estimate.EngineLlamaCpp, ""},
	}
	rows := hwprobe.ListAccelerators()
	checked, multiNode, unified := 0, 0, 0
	for _, c := range cases {
		m := model(t, c.model)
		w := workload(c.users, c.tps, c.ctx, c.engine)
		w.TTFT, w.Quant = c.ttft, c.quant
		res, err := Search(m, w, rows)
		if err != nil {
			t.Fatalf("%s: %v", c.model, err)
		}
		if len(res.Plans) == 0 {
			t.Errorf("%s %+v: no plan (%v)", c.model, c, res.Unmet)
			continue
		}
		s := res.Workload.Settings
		if s.Parallel != c.users {
			t.Fatalf("settings parallel %d, want %d", s.Parallel, c.users)
		}
		for _, p := range res.Plans {
			hw, err := Hardware(p.Args)
			if err != nil {
				t.Fatalf("%s on %s: args do not parse: %v", c.model, p.Hardware, err)
			}
			r, err := estimate.Estimate(m, p.Quant, hw, s)
			if err != nil {
				t.Fatal(err)
			}
			sp := Throughput(m, r, hw, s, c.users)
			switch {
			case r.Verdict != estimate.VerdictGPU:
				t.Errorf("%s on %s (%v): forward verdict %s", c.model, p.Hardware, p.Args, r.Verdict)
			case sp.PerUserTPS < c.tps || r.DecodeTPS < c.tps:
				t.Errorf("%s on %s: forward %.2f tok/s per user (single stream %.2f), target %g", c.model, p.Hardware, sp.PerUserTPS, r.DecodeTPS, c.tps)
			case c.ttft > 0 && (sp.TTFTSeconds > c.ttft || r.TTFTSeconds > c.ttft):
				t.Errorf("%s on %s: forward TTFT %.2f s, target %g", c.model, p.Hardware, sp.TTFTSeconds, c.ttft)
			case sp.Capacity < float64(c.users):
				t.Errorf("%s on %s: holds %.1f sequences, want %d", c.model, p.Hardware, sp.Capacity, c.users)
			case math.Abs(sp.PerUserTPS-p.PerUserTPS) > 1e-9*p.PerUserTPS || p.Quant != r.Quant:
				t.Errorf("%s on %s: plan says %.3f tok/s, forward %.3f", c.model, p.Hardware, p.PerUserTPS, sp.PerUserTPS)
			case c.quant != "" && p.Quant != c.quant:
				t.Errorf("%s: asked for %s, plan uses %s", c.model, c.quant, p.Quant)
			}
			if p.Nodes > 1 {
				multiNode++
				if len(p.Commands) < 3 {
					t.Errorf("%s on %s: multi-node plan without per-node commands: %q", c.model, p.Hardware, p.Commands)
				}
			}
			if strings.HasPrefix(p.Topology, "one system") {
				unified++
			}
			checked++
		}
	}
	if checked < 200 || multiNode == 0 || unified == 0 {
		t.Errorf("checked %d plans (%d multi-node, %d whole systems): the table should cover more", checked, multiNode, unified)
	}
	t.Logf("%d plans re-checked, %d multi-node, %d whole systems", checked, multiNode, unified)
}

func TestPlansAreRankedByPriceUnpricedLast(t *testing.T) {
	res, err := Search(model(t, "meta-llama/Llama-3.3-70B-Instruct"), workload(8, 20, 8192, estimate.EngineLlamaCpp), hwprobe.ListAccelerators())
	if err != nil {
		t.Fatal(err)
	}
	seenUnpriced := false
	last := 0.0
	for _, p := range res.Plans {
		if p.Price == nil {
			seenUnpriced = true
			continue
		}
		if seenUnpriced {
			t.Fatalf("%s is priced but listed after an unpriced plan", p.Hardware)
		}
		if p.Price.TotalUSD < last {
			t.Fatalf("%s at %v listed after a dearer plan (%v)", p.Hardware, p.Price.TotalUSD, last)
		}
		last = p.Price.TotalUSD
		if p.Price.Source == "" || p.Price.Date == "" || p.Price.TotalUSD != p.Price.UnitUSD*float64(p.Price.Units) {
			t.Errorf("%s: price %+v", p.Hardware, p.Price)
		}
	}
	if last == 0 || !seenUnpriced {
		t.Errorf("want priced and unpriced plans, got last price %v, unpriced %v", last, seenUnpriced)
	}
	// A budget keeps only priced plans within it.
	w := workload(8, 20, 8192, estimate.EngineLlamaCpp)
	w.Budget = 4000
	res2, _ := Search(model(t, "meta-llama/Llama-3.3-70B-Instruct"), w, hwprobe.ListAccelerators())
	for _, p := range res2.Plans {
		if p.Price == nil || p.Price.TotalUSD > 4000 {
			t.Errorf("budget 4000: %s kept (%+v)", p.Hardware, p.Price)
		}
	}
	if len(res2.Plans) == 0 || res2.OverBudget == 0 {
		t.Errorf("budget: %d plans, %d over budget", len(res2.Plans), res2.OverBudget)
	}
}

func TestVendorAndGPUCountLimits(t *testing.T) {
	w := workload(4, 10, 8192, estimate.EngineLlamaCpp)
	w.Vendor, w.MaxGPUs = "amd", 2
	res, err := Search(model(t, "Qwen/Qwen3-32B"), w, hwprobe.ListAccelerators())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Plans) == 0 {
		t.Fatal("no AMD plan")
	}
	for _, p := range res.Plans {
		if p.Vendor != "AMD" || p.GPUsPerNode*p.Nodes > 2 {
			t.Errorf("%s: vendor %s, %d GPUs", p.Hardware, p.Vendor, p.GPUsPerNode*p.Nodes)
		}
	}
}

func TestBadWorkloadsAreUsageErrors(t *testing.T) {
	m := model(t, "openai/gpt-oss-20b")
	for _, c := range []struct {
		mod  func(*Workload)
		want string
	}{
		{func(w *Workload) { w.Users = 0 }, "--users 0"},
		{func(w *Workload) { w.Users = -3 }, "--users"},
		{func(w *Workload) { w.TPS = -1 }, "--tps"},
		{func(w *Workload) { w.TPS = math.NaN() }, "--tps"},
		{func(w *Workload) { w.TTFT = math.Inf(1) }, "--ttft"},
		{func(w *Workload) { w.Budget = -5 }, "--budget"},
		{func(w *Workload) { w.Vendor = "Nvidea" }, "--vendor"},
		{func(w *Workload) { w.MaxGPUs = 1000 }, "--max-gpus"},
		{func(w *Workload) { w.Quant = "Q9_X" }, "Q9_X"},
		{func(w *Workload) { w.Quant = "AWQ" }, "does not run on llama.cpp"},
		{func(w *Workload) { w.Settings.Context = 0 }, "context"},
	} {
		w := workload(2, 10, 8192, estimate.EngineLlamaCpp)
		c.mod(&w)
		_, err := Search(m, w, hwprobe.ListAccelerators())
		if !errors.Is(err, ErrWorkload) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want an ErrWorkload naming %q, got %v", c.want, err)
		}
	}
	for _, c := range []CostSettings{{AmortizeYears: 0, Utilization: 0.5}, {AmortizeYears: 3, Utilization: 0},
		{AmortizeYears: 3, Utilization: 1.5}, {AmortizeYears: 3, Utilization: 0.5, ElectricityUSDPerKWh: -1}} {
		if err := c.Check(); !errors.Is(err, ErrWorkload) {
			t.Errorf("%+v: want an error, got %v", c, err)
		}
	}
}

func TestImpossibleTargetsSayWhatIsReachable(t *testing.T) {
	m := model(t, "meta-llama/Llama-3.3-70B-Instruct")
	res, err := Search(m, workload(8, 100000, 8192, estimate.EngineLlamaCpp), hwprobe.ListAccelerators())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Plans) != 0 || res.Unmet == nil || res.Unmet.BestPerUserTPS == nil {
		t.Fatalf("want no plan and a best reachable speed, got %d plans, %+v", len(res.Plans), res.Unmet)
	}
	if !strings.Contains(res.Unmet.Message, "best reachable is") || *res.Unmet.BestPerUserTPS <= 20 || *res.Unmet.BestPerUserTPS >= 100000 {
		t.Errorf("message %q, best %v", res.Unmet.Message, *res.Unmet.BestPerUserTPS)
	}
	// The best reachable speed is reachable: asking for it gives a plan.
	res2, _ := Search(m, workload(8, *res.Unmet.BestPerUserTPS*0.999, 8192, estimate.EngineLlamaCpp), hwprobe.ListAccelerators())
	if len(res2.Plans) == 0 {
		t.Errorf("the best reachable %.1f tok/s is not reachable", *res.Unmet.BestPerUserTPS)
	}
	w := workload(1, 0, 8192, estimate.EngineLlamaCpp)
	w.TTFT = 1e-6
	res3, _ := Search(m, w, hwprobe.ListAccelerators())
	if res3.Unmet == nil || res3.Unmet.BestTTFT == nil || !strings.Contains(res3.Unmet.Message, "time to first token") {
		t.Errorf("impossible TTFT: %+v", res3.Unmet)
	}
	// Too big for everything: says so.
	w4 := workload(1, 0, 8192, estimate.EngineLlamaCpp)
	w4.MaxGPUs, w4.Vendor = 1, "Intel"
	res4, _ := Search(model(t, "deepseek-ai/DeepSeek-V3"), w4, hwprobe.ListAccelerators())
	if res4.Unmet == nil || res4.Unmet.Fits || !strings.Contains(res4.Unmet.Message, "does not fit") {
		t.Errorf("too big: %+v", res4.Unmet)
	}
}
