package hwprobe

import (
	"slices"
	"testing"

	"github.com/shirou/gopsutil/v4/cpu"
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

// The clock is the highest one of the CPUs of the first CPU's model: on a
// big.LITTLE chip listing its little cores first, the little cluster's.
func TestMaxClockGHz(t *testing.T) {
	rk3588 := []cpu.InfoStat{
		{ModelName: "Cortex-A55", Mhz: 1800}, {ModelName: "Cortex-A55", Mhz: 1800},
		{ModelName: "Cortex-A76", Mhz: 2400}, {ModelName: "Cortex-A76", Mhz: 2352},
	}
	if g := maxClockGHz(rk3588); g == nil || *g != 1.8 {
		t.Errorf("RK3588: %v, want 1.8", g)
	}
	if g := maxClockGHz([]cpu.InfoStat{{ModelName: "Cortex-A72"}}); g != nil {
		t.Errorf("no cpufreq: %v, want nil", *g)
	}
	if g := maxClockGHz([]cpu.InfoStat{{ModelName: "x", Mhz: 1428.0}}); g == nil || *g != 1.428 {
		t.Errorf("Jetson Nano: %v", g)
	}
}

// --cpu-model replaces the probed model and drops its clock; --cpu-ghz sets one.
func TestCPUModelAndClockOverride(t *testing.T) {
	ghz := 2.0
	snap := Snapshot{CPU: CPU{Model: "AMD Ryzen 9 7950X", MaxGHz: &ghz, Source: SourceProbe}}
	s := ApplyOverrides(snap, Overrides{CPUModel: "Cortex-A76"})
	if s.CPU.Model != "Cortex-A76" || s.CPU.MaxGHz != nil || s.CPU.Source != SourceOverride {
		t.Errorf("--cpu-model: %+v", s.CPU)
	}
	s = ApplyOverrides(snap, Overrides{CPUModel: "Cortex-A76", CPUGHz: 2.4})
	if s.CPU.MaxGHz == nil || *s.CPU.MaxGHz != 2.4 || *snap.CPU.MaxGHz != 2.0 {
		t.Errorf("--cpu-ghz: %v (the probed snapshot must stay 2.0)", s.CPU.MaxGHz)
	}
}

// gopsutil's CPU list of a big.LITTLE chip becomes its clusters; one kind
// of core is none.
func TestCPUClusters(t *testing.T) {
	rk3588 := []cpu.InfoStat{
		{ModelName: "Cortex-A55", Mhz: 1800}, {ModelName: "Cortex-A55", Mhz: 1800}, {ModelName: "Cortex-A55", Mhz: 1800}, {ModelName: "Cortex-A55", Mhz: 1800},
		{ModelName: "Cortex-A76", Mhz: 2400}, {ModelName: "Cortex-A76", Mhz: 2400}, {ModelName: "Cortex-A76", Mhz: 2352}, {ModelName: "Cortex-A76", Mhz: 2352},
	}
	cs := cpuClusters(rk3588)
	if len(cs) != 3 || cs[0].Model != "Cortex-A55" || cs[0].Cores != 4 || *cs[1].MaxGHz != 2.4 || cs[2].Cores != 2 {
		t.Errorf("RK3588 clusters %+v", cs)
	}
	if cs := cpuClusters([]cpu.InfoStat{{ModelName: "Cortex-A76", Mhz: 2400}, {ModelName: "Cortex-A76", Mhz: 2400}}); cs != nil {
		t.Errorf("one kind of core: %+v", cs)
	}
	// A Cix P1 (/proc/cpuinfo of a Minisforum MS-R1, hrw/arm-socs-table
	// issue 134): gopsutil names part 0xd81 but calls 0xd80 "Undefined".
	a720 := cpu.InfoStat{VendorID: "ARM", Model: "0xd81", ModelName: "Cortex-A720", Mhz: 2600}
	a520 := cpu.InfoStat{VendorID: "ARM", Model: "0xd80", ModelName: "Undefined", Mhz: 1800}
	cs = cpuClusters([]cpu.InfoStat{a520, a720, a720})
	if len(cs) != 2 || cs[0].Model != "Cortex-A520" || cs[1].Model != "Cortex-A720" || cs[1].Cores != 2 {
		t.Errorf("Cix P1 clusters %+v", cs)
	}
	if got := coreName(cpu.InfoStat{VendorID: "ARM", Model: "0xfff", ModelName: "Undefined"}); got != "Undefined" {
		t.Errorf("an unknown part renamed: %q", got)
	}
}

func TestParseCPUClusters(t *testing.T) {
	cs, list, err := ParseCPUClusters("4x Cortex-A76@2.4 + 4x Cortex-A55")
	if err != nil || !list || len(cs) != 2 || cs[0].Model != "Cortex-A76" || cs[0].Cores != 4 || *cs[0].MaxGHz != 2.4 || cs[1].MaxGHz != nil {
		t.Errorf("list: %+v %v %v", cs, list, err)
	}
	if _, list, err := ParseCPUClusters("Cortex-A76"); list || err != nil {
		t.Errorf("a plain name read as a list (%v, %v)", list, err)
	}
	for _, bad := range []string{"4x Cortex-A76+Cortex-A55", "0x Cortex-A76+4x B", "4x @2.4+1x B", "4x A@99+1x B", "4x A@x"} {
		if _, _, err := ParseCPUClusters(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
