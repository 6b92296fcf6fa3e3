package estimate

import (
	"math"
	"strings"
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
	neon := Hardware{CPUCores: 8, CPUFeatures: []string{"neon", "dotprod"}, RAMBandwidthGBps: 400}
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
		if a, b := cpuQuantPrefill(order[i-1], isaX86), cpuQuantPrefill(order[i], isaX86); a >= b {
			t.Errorf("x86: %s %.2f should be below %s %.2f", order[i-1], a, order[i], b)
		}
	}
	if cpuQuantPrefill("IQ4_NL", isaARM) != cpuRepackPrefill || cpuQuantPrefill("Q4_0", isaX86) != 1 {
		t.Error("Q4_0/IQ4_NL repack rates wrong")
	}
	if cpuQuantPrefill("IQ1_M", isaX86) != cpuIQ2Prefill || cpuQuantPrefill("IQ4_XS", isaX86) != cpuKQuantPrefill {
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

// An Arm CPU without int8 dot products (a Raspberry Pi 4's Cortex-A72)
// prefills at cpuNoDotFLOPS of one with them and repacks nothing; the
// core's type decides over a partial --cpu-features list, and Apple cores
// always have them. Before the fifteenth stop both ran alike, and a Pi 4
// came out 5-35x too fast (hard_cases.csv prefill-1416..1449).
func TestNoDotPrefill(t *testing.T) {
	dot := Hardware{CPUCores: 4, CPUFeatures: []string{"neon", "dotprod"}}
	nodot := Hardware{CPUCores: 4, CPUFeatures: []string{"neon"}}
	d, n := newCPUSpeed(&dot), newCPUSpeed(&nodot)
	if d.noDot || !n.noDot {
		t.Fatalf("noDot: with dotprod %v, without %v", d.noDot, n.noDot)
	}
	if r := n.flops / d.flops; math.Abs(r-cpuNoDotFLOPS) > 1e-12 {
		t.Errorf("no-dot/dot FLOPs %.3f, want %.3f", r, cpuNoDotFLOPS)
	}
	// A Cortex-A72 prefills at the kernel benchmark's weights a second
	// per core, whatever its clock: FLOPs × utilisation / 2 per weight.
	for _, ghz := range []float64{0, 1.5, 1.8} {
		a72 := Hardware{CPUCores: 4, CPUFeatures: []string{"neon"}, CPUModel: "Cortex-A72", CPUMaxGHz: ghz}
		s := newCPUSpeed(&a72)
		if w := s.flops * params[clsCPU].util / 2 / 4; math.Abs(w/noDotCoreWeights-1) > 1e-9 || !strings.Contains(s.note, "kernel benchmark") {
			t.Errorf("Cortex-A72 at %g GHz: %.3g weights/s a core (%q), want %.3g", ghz, w, s.note, noDotCoreWeights)
		}
	}
	if cpuQuantPrefill("Q4_0", isaARMNoDot) != 1 || cpuQuantPrefill("IQ4_NL", isaARMNoDot) != cpuIQ4NLPrefill {
		t.Error("Q4_0/IQ4_NL repacked without dot products")
	}
	if cpuQuantPrefill("Q6_K", isaARMNoDot) != 1 || cpuQuantPrefill("F16", isaARMNoDot) != cpuNoDotFloat || cpuQuantPrefill("IQ2_XS", isaARMNoDot) != cpuIQ2Prefill {
		t.Error("without dot products the k-quants take Q8_0's rate, F16 the A72's 0.40, the i-quants the NEON table's")
	}
	for q, want := range map[string]float64{"IQ3_M": cpuNoDotIQ3, "IQ3_XS": cpuNoDotIQ3, "Q5_0": cpuNoDotQ5, "Q5_1": cpuNoDotQ5, "Q5_K_M": cpuNoDotQ5} {
		if got := cpuQuantPrefill(q, isaARMNoDot); got != want {
			t.Errorf("without dot products %s runs at %v of Q8_0, want the Pi 4 sweep's %v", q, got, want)
		}
	}
	for _, c := range []struct {
		model    string
		features []string
		noDot    bool
	}{
		{"Cortex-A72", []string{"neon", "dotprod"}, true}, // the core's type wins
		{"Neoverse-N1", []string{"neon"}, false},
		{"Apple M2 Max", []string{"neon"}, false},
		{"Cortex-A72", []string{"avx2"}, false}, // not an Arm feature list: x86
	} {
		hw := Hardware{CPUCores: 4, CPUFeatures: c.features, CPUModel: c.model}
		if got := newCPUSpeed(&hw).noDot; got != c.noDot {
			t.Errorf("%s %v: noDot %v, want %v", c.model, c.features, got, c.noDot)
		}
	}
}

// TestCPUAttentionAtCacheRate: on the CPU the attention over cached keys
// costs, with flash attention off, its FLOPs at the cache type's rate
// (cpuAttnPrefillRate: an F16 cache's float rate, a Q8_0 cache's 8-bit
// one, whatever the weights) plus the scores' passes through memory; with
// it on, its FLOPs at ggml-cpu's flash-attention rate per core: the tiled
// kernel's on x86 and on Arm, the per-row one on builds before b8057.
func TestCPUAttentionAtCacheRate(t *testing.T) {
	p, err := newPlan(sizeModels["llama3-8b"])
	if err != nil {
		t.Fatal(err)
	}
	hw := Hardware{CPUCores: 16, CPUFeatures: []string{"avx2"}, RAMBytes: 64 << 30, RAMBandwidthGBps: 400}
	arm := hw
	arm.CPUFeatures, arm.CPUModel = []string{"neon", "dotprod", "i8mm"}, "Neoverse-V2"
	extra := float64(p.pairFlops) * float64(p.counts[attnFull]) * (sumMinCtxFrom(4096, 1024, attnFull, 0) - sumMinCtx(1024, attnFull, 0))
	kqExtra := float64(p.counts[attnFull]) * (p.nonFlashKQBytes(attnFull, 4096, 1024, false) - p.nonFlashKQBytes(attnFull, 0, 1024, false))
	cost := func(hw Hardware, kv string, flash, old bool, oneRow ...bool) float64 {
		t.Helper()
		s := DefaultSettings()
		s.Context, s.PromptTokens, s.KVType, s.FlashAttention, s.OldCPUFlashAttn = 8192, 1024, kv, flash, old
		s.OneRowCPUFlashAttn = len(oneRow) > 0 && oneRow[0]
		fresh := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", hw, s)
		s.CachedTokens = 4096
		after := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", hw, s)
		return 1024/after.PrefillTPS - 1024/fresh.PrefillTPS
	}
	c := newCPUSpeed(&hw)
	for _, kv := range []struct {
		name string
		rate float64
	}{{"f16", cpuFloatPrefill}, {"q8_0", 1}} {
		want := extra/(params[clsCPU].util*kv.rate*c.flops) + kqExtra/c.bw
		if got := cost(hw, kv.name, false, false); math.Abs(got/want-1) > 0.01 {
			t.Errorf("flash attention off, %s cache: 4096 cached keys cost %.3f s of CPU prefill, want %.3f (at %.2f of Q8_0)", kv.name, got, want, kv.rate)
		}
	}
	for _, f := range []struct {
		what string
		hw   Hardware
		old  bool
		rate float64
		kv   string
	}{
		{"x86", hw, false, cpuTiledFAx86, "f16"}, {"Arm", arm, false, cpuTiledFAArm, "f16"}, {"x86, 2025 build", hw, true, cpuFADecodeFLOPS, "f16"},
		// A quantised cache never takes the tiled kernel.
		{"Arm", arm, false, cpuFADecodeFLOPS, "q8_0"}, {"x86", hw, false, cpuFADecodeFLOPS, "q4_0"},
	} {
		want := extra / (16 * f.rate)
		if got := cost(f.hw, f.kv, true, f.old); math.Abs(got/want-1) > 0.01 {
			t.Errorf("flash attention on, %s, %s cache: 4096 cached keys cost %.3f s of CPU prefill, want %.3f (%.1f GFLOPS a core)", f.what, f.kv, got, want, f.rate/1e9)
		}
	}
	// Before PR #19012 an F16 cache ran the one-row kernel at its own,
	// slower rate; a q8_0 cache at decode's.
	for _, f := range []struct {
		kv   string
		rate float64
	}{{"f16", cpuOneRowFloatFA}, {"q8_0", cpuFADecodeFLOPS}} {
		want := extra / (16 * f.rate)
		if got := cost(hw, f.kv, true, false, true); math.Abs(got/want-1) > 0.01 {
			t.Errorf("flash attention on, a build before PR #19012, %s cache: 4096 cached keys cost %.3f s of CPU prefill, want %.3f (%.2f GFLOPS a core)", f.kv, got, want, f.rate/1e9)
		}
	}
}

// TestArmFloatWeights: 16-bit float weights on a non-Apple Arm core with
// dot products take cpuFloatArmLinux; an Apple core and x86 keep the
// shared float rate, and so does attention over an F16 cache; F16 weights
// on a core without dot products take cpuNoDotF16Weights.
func TestArmFloatWeights(t *testing.T) {
	a76 := Hardware{CPUCores: 4, CPUFeatures: []string{"neon", "dotprod"}, CPUModel: "Cortex-A76"}
	m2 := Hardware{CPUCores: 8, CPUFeatures: []string{"neon", "dotprod"}, CPUModel: "Apple M2 Max"}
	x86 := Hardware{CPUCores: 8, CPUFeatures: []string{"avx2"}}
	for _, c := range []struct {
		hw   Hardware
		want float64
	}{{a76, cpuFloatArmLinux}, {m2, cpuFloatPrefill}, {x86, cpuFloatPrefill}} {
		s := newCPUSpeed(&c.hw)
		for _, q := range []string{"F16", "BF16"} {
			if got := s.cpuPrefillRate(q, fallbackShares{}, true); got != c.want {
				t.Errorf("%s %s: rate %v, want %v", c.hw.CPUModel, q, got, c.want)
			}
		}
		if got := s.cpuAttnPrefillRate(tF16); got != cpuFloatPrefill {
			t.Errorf("%s: attention over an F16 cache at %v, want %v", c.hw.CPUModel, got, cpuFloatPrefill)
		}
	}
	// A core without dot products: F16 weights take tinyBLAS's F16 × F32
	// tiles, BF16 weights and attention the vec_dot rate.
	a72 := newCPUSpeed(&Hardware{CPUCores: 4, CPUFeatures: []string{"neon"}, CPUModel: "Cortex-A72"})
	for _, c := range []struct {
		got, want float64
		what      string
	}{
		{a72.quantPrefill("F16"), cpuNoDotF16Weights, "F16 weights"},
		{a72.quantPrefill("BF16"), cpuNoDotFloat, "BF16 weights"},
		{a72.cpuAttnPrefillRate(tF16), cpuNoDotFloat, "attention over an F16 cache"},
	} {
		if c.got != c.want {
			t.Errorf("Cortex-A72 %s: rate %v, want %v", c.what, c.got, c.want)
		}
	}
}
