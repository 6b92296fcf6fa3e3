package plan

import (
	"math"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// TestCostArithmetic checks the formulas on round numbers worked by hand.
func TestCostArithmetic(t *testing.T) {
	power := 1000.0 // W
	p := Plan{Price: &Price{TotalUSD: 26298}, PowerW: &power, AggregateTPS: 1000, PrefillTPS: 10000}
	c := CostSettings{AmortizeYears: 3, Utilization: 0.5, ElectricityUSDPerKWh: 0.36}
	hosted := []HostedPrice{{Provider: "cheap", InputPerM: 0, OutputPerM: 0.05}, {Provider: "dear", InputPerM: 1, OutputPerM: 4}}
	lc := Cost(p, c, hosted, 1)
	// 26298 USD over 3 × 365.25 days = 24 USD/day = 1/3600 USD/s.
	if !near(lc.HardwareUSDPerDay, 24) {
		t.Errorf("hardware %v USD/day, want 24", lc.HardwareUSDPerDay)
	}
	// Busy second: 2/3600 hardware (utilisation 0.5) + 1 kW × 0.36 / 3600 = 2.36/3600 USD.
	if !near(lc.OutputUSDPerM, 2.36/3600/1000*1e6) || !near(lc.InputUSDPerM, 2.36/3600/10000*1e6) {
		t.Errorf("per M: in %v out %v", lc.InputUSDPerM, lc.OutputUSDPerM)
	}
	if !lc.PowerIncluded || !near(*lc.PowerUSDPerDay, 0.36*24*0.5) {
		t.Errorf("power %v", lc.PowerUSDPerDay)
	}
	// Per output token with one input token: 1/1000 + 1/10000 = 1.1 ms.
	// Power per output token: 0.36/3600 × 1.1e-3 = 1.1e-7 USD; the cheap
	// provider charges 5e-8: local never wins.
	if lc.BreakEven[0].OutputTokensPerDay != nil {
		t.Errorf("cheap provider: break-even %v, want never", *lc.BreakEven[0].OutputTokensPerDay)
	}
	// Dear: 5e-6 USD per output token with its input; margin 4.89e-6;
	// 24 USD/day ÷ 4.89e-6 = 4.908e6 output tokens/day, capacity 78.5e6.
	b := lc.BreakEven[1]
	if b.OutputTokensPerDay == nil || !near(*b.OutputTokensPerDay, 24/(5e-6-1.1e-7)) || !b.WithinCapacity || !near(*b.TokensPerDay, 2**b.OutputTokensPerDay) {
		t.Errorf("dear provider: %+v", b)
	}
	// Unknown power: hardware only, said so.
	p.PowerW = nil
	if lc := Cost(p, c, nil, 1); lc.PowerIncluded || lc.PowerUSDPerDay != nil || !near(lc.OutputUSDPerM, 2.0/3600/1000*1e6) {
		t.Errorf("without power: %+v", lc)
	}
	p.Price = nil
	if Cost(p, c, hosted, 1) != nil {
		t.Error("an unpriced plan got a cost")
	}
}

func TestHostedTableIsSourcedAndMatchesTheCatalog(t *testing.T) {
	cat := catalogtest.Builtin(t)
	rows := HostedTable()
	if len(rows) < 5 {
		t.Fatalf("%d hosted prices", len(rows))
	}
	for _, h := range rows {
		if m, err := cat.Find(h.ModelID); err != nil || m.ID != h.ModelID {
			t.Errorf("%s (%s): not a catalog id: %v", h.ModelID, h.Provider, err)
		}
		if h.OutputPerM <= 0 || h.InputPerM <= 0 || h.OutputPerM > 100 {
			t.Errorf("%s %s: %v/%v", h.ModelID, h.Provider, h.InputPerM, h.OutputPerM)
		}
	}
	// The acceptance figure.
	got := Hosted("openai/gpt-oss-120b", 1)
	var azure *HostedPrice
	for i := range got {
		if got[i].Provider == "Azure AI Foundry" {
			azure = &got[i]
		}
	}
	if azure == nil || azure.InputPerM != 0.15 || azure.OutputPerM != 0.60 || azure.Date != "2025-08" || !strings.Contains(azure.Source, "https://") {
		t.Errorf("gpt-oss-120b on Azure AI Foundry: %+v", azure)
	}
	if old, young := HostedTableDate(); old == "" || young < old {
		t.Errorf("table dates %q..%q", old, young)
	}
	if _, err := parseHosted("model_id,provider\nx,y\n"); err == nil {
		t.Error("a table without price columns parsed")
	}
	bad := "model_id,provider,provider_model,input_usd_per_m,output_usd_per_m,date,source,notes\n"
	for _, row := range []string{"a,b,c,x,1,2025-01,https://s,", "a,b,c,1,1,Jan,https://s,", "a,b,c,1,1,2025-01,nowhere,", "a,b,c,-1,1,2025-01,https://s,"} {
		if _, err := parseHosted(bad + row + "\n"); err == nil {
			t.Errorf("%q parsed", row)
		}
	}
}

func TestAnswerPricesEveryPricedPlan(t *testing.T) {
	m := model(t, "openai/gpt-oss-120b")
	a, err := Run(m, workload(1, 0, 8192, estimate.EngineLlamaCpp), DefaultCostSettings(), hwprobe.ListAccelerators())
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Costs.Hosted) < 2 || a.Costs.Settings.ElectricitySource == "" {
		t.Fatalf("costs %+v", a.Costs)
	}
	priced := 0
	for _, p := range a.Plans {
		if (p.Price != nil) != (p.Cost != nil) {
			t.Errorf("%s: price %v, cost %v", p.Hardware, p.Price, p.Cost)
		}
		if p.Cost != nil {
			priced++
			// A batched decode step is never shorter than prefilling as many
			// tokens (throughput.go), so output costs at least what input does;
			// equal where that floor binds (slow-prefill cards: GTX 16).
			if p.Cost.OutputUSDPerM < p.Cost.InputUSDPerM || len(p.Cost.BreakEven) != len(a.Costs.Hosted) {
				t.Errorf("%s: %+v", p.Hardware, p.Cost)
			}
		}
	}
	if priced == 0 {
		t.Error("no priced plan for gpt-oss-120b")
	}
}

func TestThroughputProperties(t *testing.T) {
	for _, id := range []string{"meta-llama/Llama-3.1-8B-Instruct", "openai/gpt-oss-20b", "Qwen/Qwen3-32B"} {
		m := model(t, id)
		args := Args{GPU: "2x RTX 4090", RAM: "64GiB"}
		hw, err := Hardware(args)
		if err != nil {
			t.Fatal(err)
		}
		var prevUser, prevAgg float64
		for _, users := range []int{1, 2, 4, 8, 16} {
			s := estimate.DefaultSettings()
			s.Parallel = users
			s.Context = 4096
			r, err := estimate.Estimate(m, "Q4_K_M", hw, s)
			if err != nil || r.Verdict != estimate.VerdictGPU {
				t.Fatalf("%s: %v %s", id, err, r.Verdict)
			}
			sp := Throughput(m, r, hw, s, users)
			if sp.PerUserTPS > r.DecodeTPS*(1+1e-12) {
				t.Errorf("%s x%d: per user %.2f above the single-stream %.2f", id, users, sp.PerUserTPS, r.DecodeTPS)
			}
			if users == 1 && !near(sp.PerUserTPS, r.DecodeTPS) && sp.PerUserTPS < r.DecodeTPS*0.98 {
				t.Errorf("%s: one user gets %.2f, the estimator says %.2f", id, sp.PerUserTPS, r.DecodeTPS)
			}
			if prevUser > 0 && (sp.PerUserTPS > prevUser*(1+1e-9) || sp.AggregateTPS < prevAgg) {
				t.Errorf("%s x%d: per user %.2f (was %.2f), total %.1f (was %.1f)", id, users, sp.PerUserTPS, prevUser, sp.AggregateTPS, prevAgg)
			}
			if sp.BurstTTFT < sp.TTFTSeconds || sp.TTFTSeconds < r.TTFTSeconds*0.999 {
				t.Errorf("%s x%d: TTFT %.3f burst %.3f estimator %.3f", id, users, sp.TTFTSeconds, sp.BurstTTFT, r.TTFTSeconds)
			}
			prevUser, prevAgg = sp.PerUserTPS, sp.AggregateTPS
		}
	}
}

func TestMachineDirection(t *testing.T) {
	cat := catalogtest.Builtin(t)
	hw, err := Hardware(Args{GPU: "RTX 4090", RAM: "64GiB"})
	if err != nil {
		t.Fatal(err)
	}
	w := workload(4, 15, 8192, estimate.EngineLlamaCpp)
	ans, err := Machine(cat.Models, hw, w, 5)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Meeting == 0 || len(ans.Largest) == 0 || len(ans.Fastest) == 0 || ans.OneMore == nil {
		t.Fatalf("%+v", ans)
	}
	for i := 1; i < len(ans.Largest); i++ {
		if ans.Largest[i].ParamsTotal > ans.Largest[i-1].ParamsTotal || ans.Fastest[i].PerUserTPS > ans.Fastest[i-1].PerUserTPS {
			t.Errorf("lists out of order: %+v / %+v", ans.Largest, ans.Fastest)
		}
	}
	for _, f := range ans.Fastest {
		if f.PerUserTPS < 15 {
			t.Errorf("%s: %.1f tok/s below the target", f.ModelID, f.PerUserTPS)
		}
	}
	om := ans.OneMore
	if om.Meeting < ans.Meeting || len(om.NewModels) == 0 || om.Largest.ParamsTotal < ans.Largest[0].ParamsTotal {
		t.Errorf("one more RTX 4090 should serve more: %+v", om)
	}
	// A unified-memory system has no "one more GPU".
	mac, _ := Hardware(Args{GPU: "M3 Ultra (80-core GPU)", RAM: "256GiB"})
	if ans, _ := Machine(cat.Models[:20], mac, w, 3); ans.OneMore != nil {
		t.Errorf("one more on a Mac: %+v", ans.OneMore)
	}
	if _, err := Machine(cat.Models, hw, workload(0, 1, 8192, estimate.EngineLlamaCpp), 3); err == nil {
		t.Error("zero users accepted")
	}
}

func TestHardwarePriceOfAWhatIfMachine(t *testing.T) {
	rows := hwprobe.ListAccelerators()
	gpus, err := hwprobe.ParseGPUSpec("2x RTX 4090")
	if err != nil {
		t.Fatal(err)
	}
	p, power, ok := HardwarePrice(gpus, rows)
	if !ok || p.TotalUSD != 3198 || p.Units != 2 || power == nil || *power != 900 {
		t.Errorf("2x RTX 4090: %+v %v %v", p, power, ok)
	}
	if _, _, ok := HardwarePrice(append(gpus, mustGPU(t, "H100")...), rows); ok {
		t.Error("a machine with an unpriced H100 got a price")
	}
	spark := mustGPU(t, "DGX Spark")
	if p, power, ok := HardwarePrice(spark, rows); !ok || p.TotalUSD != 3999 || power == nil || !strings.HasPrefix(p.What, "whole system") {
		t.Errorf("DGX Spark: %+v %v %v", p, power, ok)
	}
	hw, _ := Hardware(Args{GPU: "2x RTX 4090", RAM: "64GiB"})
	s := estimate.DefaultSettings()
	m := model(t, "Qwen/Qwen3-32B")
	r, _ := estimate.Estimate(m, "Q4_K_M", hw, s)
	lc := CostOn(m, r, hw, s, p, power, DefaultCostSettings(), Hosted(m.ID, 1), 1)
	if lc == nil || lc.OutputUSDPerM <= 0 || len(lc.BreakEven) == 0 {
		t.Errorf("cost on 2x RTX 4090: %+v", lc)
	}
}

func mustGPU(t *testing.T, spec string) []hwprobe.GPU {
	t.Helper()
	g, err := hwprobe.ParseGPUSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
