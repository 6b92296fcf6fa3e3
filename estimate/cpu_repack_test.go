package estimate

import (
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
)

// Current builds repack Q6_K for an Arm core with i8mm: a Neoverse-V2's
// Q6_K prefill rises by the measured 2.12x over a build before the repacks,
// a Q4_K_M file by Q4_K's gain and its Q6_K tensors', and nothing changes
// without dot products or on a format nothing repacks. Before the
// fifteenth stop current builds were estimated as the 2024 one, and
// Graviton 3/4 and Grace rows (hard_cases.csv prefill-1700..1719) came out
// 2x too slow.
func TestCPURepackGain(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m := hardModel(t, cat, "meta-llama/Llama-3.1-8B-Instruct")
	grace := Hardware{RAMUnknown: true, RAMBandwidthGBps: 500, CPUCores: 16,
		CPUFeatures: []string{"neon", "dotprod", "i8mm"}, CPUModel: "Neoverse-V2"}
	prefill := func(hw Hardware, quant string, old bool) float64 {
		s := DefaultSettings()
		s.PromptTokens, s.OldCPURepack = 512, old
		res, err := Estimate(m, quant, hw, s)
		if err != nil {
			t.Fatal(err)
		}
		return res.PrefillTPS
	}
	for _, c := range []struct {
		quant string
		gain  float64
	}{{"Q6_K", repackI8mmQ6K}, {"Q4_K_M", repackI8mmQ4K * repackI8mmQ4KM}, {"Q8_0", repackI8mmQ8}, {"Q3_K_M", 1}} {
		if r := prefill(grace, c.quant, false) / prefill(grace, c.quant, true); r < 0.97*c.gain || r > 1.001*c.gain {
			t.Errorf("Neoverse-V2 %s: current/old prefill %.2f, want about %.2f", c.quant, r, c.gain)
		}
	}
	dot := grace
	dot.CPUFeatures, dot.CPUModel = []string{"neon", "dotprod"}, "Cortex-A76"
	cpu := newCPUSpeed(&dot)
	if g := cpu.repackGain("Q6_K"); g != repackDotQ6K {
		t.Errorf("dotprod Q6_K gain %.2f, want %.2f", g, repackDotQ6K)
	}
	if g := cpu.repackGain("Q8_0"); g != 1 {
		t.Errorf("dotprod Q8_0 gain %.2f: its table was not readable, so none", g)
	}
	pi4 := Hardware{CPUCores: 4, CPUFeatures: []string{"neon"}, CPUModel: "Cortex-A72"}
	if c := newCPUSpeed(&pi4); c.repackGain("Q6_K") != 1 || c.repackGain("Q4_K_M") != 1 {
		t.Error("a core without dot products repacks nothing")
	}
	x86 := Hardware{CPUCores: 16, CPUFeatures: []string{"avx2", "avx512f"}}
	avx2 := Hardware{CPUCores: 16, CPUFeatures: []string{"avx2"}}
	if a, b := newCPUSpeed(&x86), newCPUSpeed(&avx2); a.repackGain("Q2_K") != repackAVX512Q2K || b.repackGain("Q2_K") != 1 || b.repackGain("MXFP4") != repackAVX2MXFP4 {
		t.Error("x86 repack gains: Q2_K on AVX-512 only, MXFP4 on AVX2")
	}
}
