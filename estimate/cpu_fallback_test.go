package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestFallbackShares checks that a model whose hidden size 256 does not
// divide (Qwen2.5-0.5B: 896) has most of its layer weights in the
// fallback types, one whose hidden size it divides none, and that the CPU
// then prefills at the fallback types' rates: a "Q4_K_M" file of the
// former runs Q5_0's kernel, not Q4_K's repacked GEMM.
func TestFallbackShares(t *testing.T) {
	cat := catalogtest.Builtin(t)
	shares := func(id, quant string) fallbackShares {
		t.Helper()
		p, err := newPlan(cat.ByID(id))
		if err != nil {
			t.Fatal(err)
		}
		q, _ := LookupQuant(quant)
		var w weights
		p.computeWeights(&q, EngineLlamaCpp, true, false, &w, nil)
		return w.fellBack
	}
	total := func(s fallbackShares) (sum float64) {
		for _, v := range s {
			sum += v
		}
		return sum
	}
	at := func(ty ggmlType) int { return fallbackOf(func(f fallbackTarget) bool { return f.t == ty }) }
	qwen := shares("Qwen/Qwen2.5-0.5B-Instruct", "Q4_K_M")
	if s := qwen[at(tQ5_0)]; s < 0.5 {
		t.Errorf("Qwen2.5-0.5B Q4_K_M: %.2f of the layer weights in Q5_0, want most", s)
	}
	if s := shares("Qwen/Qwen2.5-0.5B-Instruct", "Q3_K_M"); s[at(tIQ4_NL)] == 0 && s[at(tQ4_0)] == 0 {
		t.Errorf("Qwen2.5-0.5B Q3_K_M: no IQ4_NL/Q4_0 fallbacks: %v", s)
	}
	for _, c := range []struct{ id, quant string }{
		{"meta-llama/Llama-3.2-1B-Instruct", "Q4_K_M"}, // hidden 2048
		{"Qwen/Qwen2.5-0.5B-Instruct", "Q8_0"},         // a 32-weight base type never falls back
	} {
		if s := total(shares(c.id, c.quant)); s != 0 {
			t.Errorf("%s %s: %.2f fell back, want none", c.id, c.quant, s)
		}
	}

	pi5 := Hardware{CPUCores: 4, CPUFeatures: []string{"neon", "dotprod"}, CPUModel: "Cortex-A76"}
	c := newCPUSpeed(&pi5)
	if got, want := c.cpuPrefillRate("Q4_K_M", fallbackShares{}, true), cpuQuantPrefill("Q4_K_M", isaARM)*c.repackGain("Q4_K_M"); math.Abs(got/want-1) > 1e-12 {
		t.Errorf("no fallback: rate %v, want the file type's %v", got, want)
	}
	var allQ5, halfQ5 fallbackShares
	allQ5[at(tQ5_0)], halfQ5[at(tQ5_0)] = 1, 0.5
	if got, want := c.cpuPrefillRate("Q4_K_M", allQ5, true), cpuQuantPrefill("Q5_0", isaARM); math.Abs(got/want-1) > 1e-12 {
		t.Errorf("every tensor in Q5_0: rate %v, want Q5_0's %v", got, want)
	}
	half := c.cpuPrefillRate("Q4_K_M", halfQ5, true)
	if lo, hi := cpuQuantPrefill("Q5_0", isaARM), c.cpuPrefillRate("Q4_K_M", fallbackShares{}, true); half <= lo || half >= hi {
		t.Errorf("half in Q5_0: rate %v, want between %v and %v", half, lo, hi)
	}
}

// TestFallbackTensor checks which file tensors count as fallbacks, and
// that a file's counts that cannot be right are refused.
func TestFallbackTensor(t *testing.T) {
	for _, c := range []struct {
		file, typ string
		ncols     int64
		want      bool
	}{
		{"Q4_K_M", "Q5_0", 896, true},
		{"Q4_K_M", "Q5_0", 4864, false}, // 256 divides the rows: chosen, not a fallback
		{"Q4_K_M", "Q4_K", 896, false},  // not a fallback type
		{"Q8_0", "Q8_0", 896, false},    // the file's own 32-weight type
		{"Q4_0", "Q8_0", 896, false},    // a 32-weight file type never falls back
		{"IQ3_M", "IQ4_NL", 1152, true},
		{"nonsense", "Q5_0", 896, false},
	} {
		if got := FallbackTensor(c.file, c.typ, c.ncols); got != c.want {
			t.Errorf("FallbackTensor(%s, %s, %d) = %v", c.file, c.typ, c.ncols, got)
		}
	}
	for _, ft := range []FileTensors{
		{FallbackElems: map[string]int64{"Q4_K": 10}, LayerElems: 100},
		{FallbackElems: map[string]int64{"Q5_0": 200}, LayerElems: 100},
		{FallbackElems: map[string]int64{"Q5_0": -1}, LayerElems: 100},
	} {
		if _, err := fileFallbackShares(&ft); err == nil {
			t.Errorf("accepted %v of %d", ft.FallbackElems, ft.LayerElems)
		}
	}
	s, err := fileFallbackShares(&FileTensors{FallbackElems: map[string]int64{"Q5_0": 60, "Q8_0": 20}, LayerElems: 100})
	at := func(ty ggmlType) int { return fallbackOf(func(f fallbackTarget) bool { return f.t == ty }) }
	if err != nil || s[at(tQ5_0)] != 0.6 || s[at(tQ8_0)] != 0.2 {
		t.Errorf("shares %v (%v)", s, err)
	}
}
