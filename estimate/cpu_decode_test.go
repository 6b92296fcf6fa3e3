package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestCPUDecodeBandwidth: the host decode rate is η·RAM when the cores can
// keep up, cores × the quantisation's core rate when they cannot, and the
// basis says which.
func TestCPUDecodeBandwidth(t *testing.T) {
	q := func(name string) Quant {
		x, ok := LookupQuant(name)
		if !ok {
			t.Fatalf("no quant %s", name)
		}
		return x
	}
	server := newCPUSpeed(&Hardware{RAMBandwidthGBps: 307.2, CPUCores: 52, CPUFeatures: []string{"avx2", "avx512f"}})
	for _, name := range []string{"BF16", "Q8_0", "Q4_K_M", "IQ2_M"} {
		bw, core := server.decodeBW(q(name))
		if core || math.Abs(bw-params[clsCPU].eta*307.2e9) > 1 {
			t.Errorf("52 cores, %s: %.1f GB/s core-bound %v, want η·RAM", name, bw/1e9, core)
		}
	}
	two := newCPUSpeed(&Hardware{RAMBandwidthGBps: 64, CPUCores: 2, CPUFeatures: []string{"avx2", "avx512f"}})
	bf16, _ := two.decodeBW(q("BF16"))
	q3, core := two.decodeBW(q("Q3_K_S"))
	if !core || q3 >= bf16 {
		t.Errorf("2 x86 cores: Q3_K_S %.1f GB/s (core-bound %v) should be core-bound and under BF16 %.1f", q3/1e9, core, bf16/1e9)
	}
	// k-quants: more bits per weight, more bytes a second (rows 06, 07).
	if q6, _ := two.decodeBW(q("Q6_K")); q6 <= q3 {
		t.Errorf("2 x86 cores: Q6_K %.1f GB/s not above Q3_K_S %.1f", q6/1e9, q3/1e9)
	}
	arm := newCPUSpeed(&Hardware{RAMBandwidthGBps: 400, CPUCores: 4, CPUFeatures: []string{"neon", "dotprod"}})
	if !arm.arm || server.arm {
		t.Fatal("ARM detection from the CPU features")
	}
	// ARM repacks Q4_0 at load: faster per core than Q5_0 (rows 29, 30, 34).
	q40, _ := arm.decodeBW(q("Q4_0"))
	q50, _ := arm.decodeBW(q("Q5_0"))
	if q40 <= q50 {
		t.Errorf("4 ARM cores: Q4_0 %.1f GB/s not above Q5_0 %.1f", q40/1e9, q50/1e9)
	}
	// Without dot products every int8 format decodes at one rate in
	// weights, so its bytes a second follow its bits per weight, and F16
	// at 0.96 billion weights a core (PR #8151's Cortex-A72).
	pi4 := newCPUSpeed(&Hardware{RAMBandwidthGBps: 12.8, CPUCores: 4, CPUFeatures: []string{"neon"}})
	q8, core8 := pi4.decodeBW(q("Q8_0"))
	q4k, core4 := pi4.decodeBW(q("Q4_K_M"))
	f16, _ := pi4.decodeBW(q("F16"))
	if !core4 || core8 || math.Abs(q4k-4*noDotCoreWeights*q("Q4_K_M").BPW/8) > 1 || math.Abs(f16-4*noDotCoreFloatWeights*2) > 1 {
		t.Errorf("Pi 4: Q8_0 %.2f GB/s (core-bound %v), Q4_K_M %.2f (%v), F16 %.2f", q8/1e9, core8, q4k/1e9, core4, f16/1e9)
	}
}

// TestCPUFlashAttentionDepth: on a CPU, flash attention decode slows with
// depth faster than the plain path (rows 37-40 of group cpu_decode), and
// does not change depth 0.
func TestCPUFlashAttentionDepth(t *testing.T) {
	cat := catalogtest.Builtin(t)
	m := hardModel(t, cat, "meta-llama/Llama-3.1-8B-Instruct")
	hw := Hardware{RAMUnknown: true, RAMBandwidthGBps: 64, CPUCores: 16, CPUFeatures: []string{"avx2", "avx512f"}}
	speed := func(fa bool, depth int) float64 {
		s := DefaultSettings()
		s.Context, s.PromptTokens, s.FlashAttention = 16384, depth, fa
		res, err := Estimate(m, "Q4_K_M", hw, s)
		if err != nil {
			t.Fatal(err)
		}
		return res.DecodeTPS
	}
	if a, b := speed(true, 0), speed(false, 0); math.Abs(a-b) > 1e-9*a {
		t.Errorf("depth 0: FA %.3f tok/s, no FA %.3f", a, b)
	}
	if a, b := speed(true, 12000), speed(false, 12000); a >= b {
		t.Errorf("depth 12000 on a CPU: FA %.2f tok/s not under no-FA %.2f", a, b)
	}
}
