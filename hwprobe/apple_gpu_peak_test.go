package hwprobe

import (
	"math"
	"strings"
	"testing"
)

// TestAppleCoreRate checks the rule apple_gpu_peak.go derives binned
// chips' peaks by: within each generation the sourced rows' TFLOPS per GPU
// core agree to 2 %, and a derived row is its cores times their median.
func TestAppleCoreRate(t *testing.T) {
	var sourced []Accelerator
	for _, a := range ListAccelerators() {
		if a.FP16TFLOPs != nil && a.FP16Basis == "" {
			sourced = append(sourced, a)
		}
	}
	per := map[string][]float64{}
	for _, a := range sourced {
		if gen, cores, ok := appleGeneration(a.Name); ok {
			per[gen] = append(per[gen], *a.FP16TFLOPs/float64(cores))
		}
	}
	for _, gen := range []string{"M1", "M2", "M3"} {
		v := per[gen]
		if len(v) < 2 {
			t.Fatalf("%s: %d sourced rows, want at least 2 to check the per-core rule", gen, len(v))
		}
		lo, hi := v[0], v[0]
		for _, x := range v {
			lo, hi = min(lo, x), max(hi, x)
		}
		if hi > 1.02*lo {
			t.Errorf("%s: sourced TFLOPS per core range %.3f-%.3f, more than 2 %% apart", gen, lo, hi)
		}
	}
	want := map[string]float64{
		"Apple M2 Max (30-core GPU)": 30 * 0.358, // 13.6/38 and 27.2/76 (0.358) and 3.6/10 (0.360): median 0.358
		"Apple M4 Max (40-core GPU)": 40 * 0.41,  // one sourced M4 row, 4.1/10
		"Apple M1 Pro (14-core GPU)": 14 * 0.325,
	}
	byName := map[string]Accelerator{}
	for _, a := range ListAccelerators() {
		byName[a.Name] = a
	}
	for name, w := range want {
		a, ok := byName[name]
		if !ok || a.FP16TFLOPs == nil || a.FP16Basis == "" {
			t.Errorf("%s: no derived peak", name)
			continue
		}
		if math.Abs(*a.FP16TFLOPs-w) > 0.05 {
			t.Errorf("%s: %.2f TFLOPS, want %.2f", name, *a.FP16TFLOPs, w)
		}
		if !strings.Contains(a.FP16Basis, "GPU cores") {
			t.Errorf("%s: the derivation is not stated: %q", name, a.FP16Basis)
		}
	}
	if a, ok := byName["Apple M5 (10-core GPU)"]; !ok || a.FP16TFLOPs != nil {
		t.Errorf("M5: a generation without a sourced row must stay unknown, got %v", a.FP16TFLOPs)
	}
	if a, ok := byName["Apple M2 Max (38-core GPU)"]; !ok || a.FP16Basis != "" || *a.FP16TFLOPs != 13.6 {
		t.Error("a sourced figure must be kept as it is")
	}
}
