package estimate

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// Current builds repack Q6_K for an Arm core with i8mm: a Neoverse-V2's
// Q6_K prefill rises by the measured 2.12x over a build before the repacks,
// a Q4_K_M file by Q4_K's gain and its Q6_K tensors', and nothing changes
// without dot products or on a format nothing repacks. Before the
// fifteenth stop current builds were estimated as the 2024 one, and
// Graviton 3/4 and Grace rows (hard_cases.csv prefill-1700..1719) came out
// 2x too slow.
func TestCPURepackGain(t *testing.T) {
	cat := catalogtest.Builtin(t)
	m := hardModel(t, cat, "meta-llama/Llama-3.1-8B-Instruct")
	grace := Hardware{RAMUnknown: true, RAMBandwidthGBps: 500, CPUCores: 16,
		CPUFeatures: []string{"neon", "dotprod", "i8mm"}, CPUModel: "Neoverse-V2"}
	prefill := func(hw Hardware, quant string, old bool) float64 {
		s := DefaultSettings()
		// A short prompt without flash attention: its attention, which
		// runs at the cache's rate and is never repacked
		// (cpuAttnPrefillRate), is under 1 % of the time, so the ratio is
		// the matmuls' gain.
		s.PromptTokens, s.OldCPURepack, s.FlashAttention = 64, old, false
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

// TestCPURepackTable holds each repack gain to the median of its PR's
// prompt-processing rows in testdata/cpu_repack.csv, the on/off tables it
// was read from (Q2_K on AVX-512 rests on #14373's summary sentence and is
// not in the table).
func TestCPURepackTable(t *testing.T) {
	gains := map[string][]float64{} // "PR format isa_path"
	for _, r := range readCSV(t, "testdata/cpu_repack.csv") {
		if !strings.HasPrefix(r["test"], "pp") {
			continue
		}
		g, err := strconv.ParseFloat(r["speedup"], 64)
		if err != nil {
			t.Fatalf("speedup %q", r["speedup"])
		}
		k := r["pr"] + " " + r["format"] + " " + r["isa_path"]
		gains[k] = append(gains[k], g)
	}
	for k, want := range map[string]float64{
		"16739 Q4_K i8mm": repackI8mmQ4K, "18860 Q5_K i8mm": repackI8mmQ5K, "18888 Q6_K i8mm": repackI8mmQ6K,
		"18096 Q8_0 i8mm": repackI8mmQ8, "18888 Q6_K (tensors inside a Q4_K_M mix) i8mm": repackI8mmQ4KM,
		"17494 Q4_K dotprod": repackDotQ4K, "19356 Q5_K dotprod": repackDotQ5K, "19360 Q6_K dotprod": repackDotQ6K,
		"19738 MXFP4 avx2": repackAVX2MXFP4,
	} {
		v := gains[k]
		if len(v) == 0 {
			t.Errorf("%s: no pp rows in the table", k)
			continue
		}
		slices.Sort(v)
		med := (v[(len(v)-1)/2] + v[len(v)/2]) / 2
		if math.Abs(med-want) > 0.006 {
			t.Errorf("%s: median %.3f of %d rows, constant %.3f", k, med, len(v), want)
		}
	}
}
