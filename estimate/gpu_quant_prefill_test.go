package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
)

// TestQ6KShare checks the layers' Q6_K share that llama.cpp's quantizer
// rules give each file type, and the cost CUDA prefill pays on it.
func TestQ6KShare(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m := hardModel(t, cat, "meta-llama/Llama-3.1-8B-Instruct")
	share := func(quant string) float64 {
		_, w := plainFile(t, m, quant)
		return w.q6Share
	}
	for _, c := range []struct {
		quant  string
		lo, hi float64
	}{
		{"Q6_K", 1, 1},       // every layer matrix
		{"Q4_0", 0, 0},       // no K-quant upgrades
		{"Q8_0", 0, 0},       //
		{"BF16", 0, 0},       //
		{"Q4_K_M", 0.1, 0.3}, // attn_v and ffn_down of half the layers
		{"Q5_K_M", 0.1, 0.3},
	} {
		if s := share(c.quant); s < c.lo-1e-9 || s > c.hi+1e-9 {
			t.Errorf("%s: Q6_K share %.3f, want %.2f-%.2f", c.quant, s, c.lo, c.hi)
		}
	}
	if got := mmqPrefillCost("cuda", 1); math.Abs(got-1/cudaQ6KPrefillEff) > 1e-12 {
		t.Errorf("CUDA cost of a Q6_K file %v, want %v", got, 1/cudaQ6KPrefillEff)
	}
	for _, b := range []string{"vulkan", "rocm", "metal", "cpu"} {
		if got := mmqPrefillCost(b, 1); got != 1 {
			t.Errorf("%s: cost %v, want 1 (fitted on CUDA only)", b, got)
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
