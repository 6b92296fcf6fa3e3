package hwprobe

import (
	"slices"
	"testing"
)

func TestCPUFeaturesOverride(t *testing.T) {
	f, err := ParseCPUFeatures("AVX2, avx512f avx2")
	if err != nil || !slices.Equal(f, []string{"avx2", "avx512f"}) {
		t.Fatalf("parse: %v %v", f, err)
	}
	if _, err := ParseCPUFeatures("avx9"); err == nil {
		t.Error("unknown feature accepted")
	}
	if f, err := ParseCPUFeatures("none"); err != nil || len(f) != 0 {
		t.Errorf("none: %v %v", f, err)
	}
	if _, err := ParseCPUFeatures(" , "); err == nil {
		t.Error("empty list accepted")
	}
	s := WhatIf(Overrides{NoGPU: true, RAMBytes: 64 << 30, Cores: 16, CPUFeatures: []string{"avx512f"}})
	if !slices.Equal(s.CPU.Features, []string{"avx512f"}) {
		t.Errorf("what-if features %v", s.CPU.Features)
	}
	// Without --cpu-features a what-if CPU keeps this machine's (and says so).
	s = WhatIf(Overrides{NoGPU: true, RAMBytes: 64 << 30, Cores: 16})
	if !slices.Equal(s.CPU.Features, cpuFeatures()) || !slices.ContainsFunc(s.Warnings, func(w string) bool {
		return w == "what-if CPU features not given (--cpu-features): this machine's are assumed"
	}) {
		t.Errorf("what-if without features: %v %v", s.CPU.Features, s.Warnings)
	}
}
