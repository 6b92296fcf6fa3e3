package estimate

import (
	"math"
	"testing"
)

func TestAppleCoreDetection(t *testing.T) {
	for model, want := range map[string]bool{
		"Apple M2 Max":                        true,
		" Apple M4":                           true,
		"AMD Ryzen 9 7950X 16-Core Processor": false,
		"Cortex-A720":                         false,
		"":                                    false,
	} {
		if got := isAppleCore(model); got != want {
			t.Errorf("isAppleCore(%q) = %v, want %v", model, got, want)
		}
	}
}

// An Apple M-series CPU prefills faster than a NEON CPU of the same core
// count; the model string alone (an x86 CPU) changes nothing, and decode
// bandwidth is not touched.
func TestAppleCorePrefillRate(t *testing.T) {
	neon := Hardware{CPUCores: 8, CPUFeatures: []string{"neon"}, RAMBandwidthGBps: 400}
	apple := neon
	apple.CPUModel = "Apple M2 Max"
	a, n := newCPUSpeed(&apple), newCPUSpeed(&neon)
	if r := a.flops / n.flops; r < appleCorePrefill-1e-9 || r > appleCorePrefill+1e-9 {
		t.Errorf("Apple/NEON prefill FLOPs ratio %.3f, want %.2f", r, appleCorePrefill)
	}
	if a.bw != n.bw {
		t.Errorf("decode bandwidth changed: %g vs %g", a.bw, n.bw)
	}
	x86 := Hardware{CPUCores: 8, CPUFeatures: []string{"avx2"}, CPUModel: "Apple M2 Max"}
	plain := Hardware{CPUCores: 8, CPUFeatures: []string{"avx2"}}
	if newCPUSpeed(&x86).flops != newCPUSpeed(&plain).flops {
		t.Error("the Apple factor applied to a CPU without NEON")
	}
}

// The grid i-quants decode slower than the k-quants, which decode slower
// than the 32-weight blocks; ARM repacks Q4_0 and IQ4_NL.
func TestCPUQuantPrefillOrder(t *testing.T) {
	// x86 as the Ryzen 9 7950X rows of ik_llama.cpp discussion 164 order
	// them: its Q2_K and Q5_0 dot products beat Q4_K's (IQ4_NL ties Q2_K).
	order := []string{"IQ3_S", "IQ2_XXS", "Q6_K", "Q4_K_M", "Q5_0", "Q2_K", "Q8_0"}
	for i := 1; i < len(order); i++ {
		if a, b := cpuQuantPrefill(order[i-1], false), cpuQuantPrefill(order[i], false); a >= b {
			t.Errorf("x86: %s %.2f should be below %s %.2f", order[i-1], a, order[i], b)
		}
	}
	if cpuQuantPrefill("IQ4_NL", true) != cpuRepackPrefill || cpuQuantPrefill("Q4_0", false) != 1 {
		t.Error("Q4_0/IQ4_NL repack rates wrong")
	}
	if cpuQuantPrefill("IQ1_M", false) != cpuIQ2Prefill || cpuQuantPrefill("IQ4_XS", false) != cpuKQuantPrefill {
		t.Error("IQ1 should share the IQ2 rate, IQ4_XS the k-quant one")
	}
}

// The fixed per-layer prefill cost applies on GPU backends, per ubatch of
// up to fixedCostTokens: a larger ubatch saves none of it.
func TestPrefillFixedCost(t *testing.T) {
	for _, b := range []string{"metal", "cuda", "rocm", "vulkan", "sycl"} {
		for _, c := range []struct{ p, ub, n float64 }{
			{1024, 512, 2}, {1024, 256, 4}, {1000, 512, 2}, // per ubatch
			{2048, 2048, 4}, {2048, 1024, 4}, // per 512 tokens
			{100, 2048, 1}, {1, 512, 1}, // a short prompt: one
		} {
			if got, want := prefillFixed(b, 32, c.p, c.ub), 32*c.n*gpuPrefillLayerCost; math.Abs(got-want) > 1e-15 {
				t.Errorf("%s, %v tokens at -ub %v: %g, want %g", b, c.p, c.ub, got, want)
			}
		}
	}
	for _, b := range []string{"cpu", ""} {
		if got := prefillFixed(b, 32, 1024, 512); got != 0 {
			t.Errorf("%s: %g, want 0", b, got)
		}
	}
}
