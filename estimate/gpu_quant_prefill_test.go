package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestMMQExtra checks the layers' extra CUDA prefill cost that llama.cpp's
// quantizer rules give each file type, and the cost CUDA prefill pays.
func TestMMQExtra(t *testing.T) {
	cat := catalogtest.Builtin(t)
	m := hardModel(t, cat, "meta-llama/Llama-3.1-8B-Instruct")
	extra := func(quant string) float64 {
		_, w := plainFile(t, m, quant)
		if w.q6Extra > w.mmqExtra+1e-12 {
			t.Errorf("%s: Q6_K part %v above the whole %v", quant, w.q6Extra, w.mmqExtra)
		}
		return w.mmqExtra
	}
	q6 := 1/cudaQ6KPrefillEff - 1
	for _, c := range []struct {
		quant  string
		lo, hi float64
	}{
		{"Q6_K", q6, q6},               // every layer matrix
		{"Q4_0", 0, 0},                 // no K-quant upgrades
		{"Q8_0", 0, 0},                 //
		{"BF16", 0, 0},                 //
		{"Q4_K_M", 0.1 * q6, 0.3 * q6}, // Q6_K attn_v and ffn_down of half the layers
		{"Q5_K_M", 0.1 * q6, 0.3 * q6},
		// Q2_K: Q2_K matrices but for the Q3_K/Q4_K attn_v and ffn_down
		{"Q2_K", 0.5 * (1/cudaQ2KPrefillEff - 1), 1/cudaQ2KPrefillEff - 1},
		{"IQ2_M", 0.5 * (1/cudaIQ2SPrefillEff - 1), 1/cudaIQ2SPrefillEff - 1}, // IQ2_S matrices
	} {
		if s := extra(c.quant); s < c.lo-1e-9 || s > c.hi+1e-9 {
			t.Errorf("%s: extra CUDA prefill cost %.3f, want %.3f-%.3f", c.quant, s, c.lo, c.hi)
		}
	}
	for name, want := range map[string]float64{"Q6_K": q6, "Q2_K": 1/cudaQ2KPrefillEff - 1, "IQ2_S": 1/cudaIQ2SPrefillEff - 1,
		"IQ3_XXS": 1/cudaIQ3XXSPrefillEff - 1, "Q4_K": 0, "Q8_0": 0, "F16": 0, "": 0} {
		if got := CUDAPrefillExtra(name); math.Abs(got-want) > 1e-12 {
			t.Errorf("CUDAPrefillExtra(%q) = %v, want %v", name, got, want)
		}
	}
	if got := mmqPrefillCost(&devSpeed{backend: "cuda", cls: clsCUDAConsumer}, q6, q6); math.Abs(got-1/cudaQ6KPrefillEff) > 1e-12 {
		t.Errorf("CUDA cost of a Q6_K file %v, want %v", got, 1/cudaQ6KPrefillEff)
	}
	q2 := 1/cudaQ2KPrefillEff - 1
	if got := mmqPrefillCost(&devSpeed{backend: "cuda", cls: clsCUDATuring}, q2, 0); math.Abs(got-1/cudaQ2KPrefillEff) > 1e-12 {
		t.Errorf("Turing cost of a Q2_K file %v, want %v", got, 1/cudaQ2KPrefillEff)
	}
	// Pascal (dp4a MMQ) pays the Q6_K part only.
	if got := mmqPrefillCost(&devSpeed{backend: "cuda", cls: clsCUDANoTensor}, q2+0.1, 0.1); math.Abs(got-1.1) > 1e-12 {
		t.Errorf("Pascal cost %v, want 1.1 (the Q6_K part)", got)
	}
	for _, d := range []*devSpeed{nil, {backend: "vulkan", cls: clsVulkan}, {backend: "rocm", cls: clsROCm}, {backend: "metal", cls: clsMetal}} {
		if got := mmqPrefillCost(d, q6, q6); got != 1 {
			t.Errorf("%+v: cost %v, want 1 (measured on CUDA only)", d, got)
		}
	}

	// The same on the prefill rate: a Q6_K file of the model on an RTX
	// 5090 prefills slower than its Q8_0 file, though by less than the
	// factor: attention's FLOPs do not change with the weights' format.
	hw := Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 80, CPUCores: 16,
		GPUs: []Device{{Name: "NVIDIA GeForce RTX 5090", Backend: "cuda", MemoryBytes: 32 << 30, TotalBytes: 32 << 30, BandwidthGBps: 1792, FP16TFLOPs: 210}}}
	s := DefaultSettings()
	s.PromptTokens = 512
	pp := map[string]float64{}
	for _, q := range []string{"Q6_K", "Q8_0"} {
		r, err := Estimate(m, q, hw, s)
		if err != nil || r.PrefillTPS <= 0 {
			t.Fatalf("%s: %v, prefill %v", q, err, r.PrefillTPS)
		}
		pp[q] = r.PrefillTPS
	}
	if ratio := pp["Q6_K"] / pp["Q8_0"]; ratio > 0.9 || ratio < cudaQ6KPrefillEff {
		t.Errorf("Q6_K / Q8_0 prefill on CUDA %.3f, want between %.2f and 0.9", ratio, cudaQ6KPrefillEff)
	}
}

// TestMMQRatesFromTables recomputes the Q2_K and i-quant rates from the
// llama-bench rows of testdata/cuda_quant_prefill.csv they were read off:
// the same table, ubatch 512, the PR branch's column.
func TestMMQRatesFromTables(t *testing.T) {
	rows := readCSV(t, "testdata/cuda_quant_prefill.csv")
	tps := func(table, quant string) float64 {
		for _, r := range rows {
			if r["table"] == table && r["quant"] == quant && r["ubatch"] == "512" && r["column"] == "PR" {
				return atof(r["tps"])
			}
		}
		t.Fatalf("no %s row of table %s at ubatch 512", quant, table)
		return 0
	}
	for _, c := range []struct {
		name, table, quant, ref string
		rate                    float64
	}{
		{"Q2_K", "t8062-4090", "Q2_K", "Q5_0", cudaQ2KPrefillEff},
		{"IQ2_S", "t24127-4090", "IQ2_S", "Q4_K_S", cudaIQ2SPrefillEff},
		{"IQ3_XXS", "t24127-4090", "IQ3_XXS", "Q4_K_S", cudaIQ3XXSPrefillEff},
	} {
		if got := tps(c.table, c.quant) / tps(c.table, c.ref); math.Abs(got-c.rate) > 0.001 {
			t.Errorf("%s: the table gives %.4f of %s, the constant is %.3f", c.name, got, c.ref, c.rate)
		}
	}
}
