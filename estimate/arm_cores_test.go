package estimate

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestArmCoreTable holds armCoreOf to testdata/arm_cores.csv, the sourced
// table it was written from: every Cortex and Neoverse row's dot-product
// flag and FMA pipe count (empty: 0, not sourced).
func TestArmCoreTable(t *testing.T) {
	n := 0
	for _, r := range readCSV(t, "testdata/arm_cores.csv") {
		name := r["core"]
		if !strings.HasPrefix(name, "Cortex-") && !strings.HasPrefix(name, "Neoverse-") {
			continue // Apple and Qualcomm cores: hwprobe reports no such name on Linux
		}
		n++
		got, ok := armCoreOf(name)
		if !ok {
			t.Errorf("%s: not in armCoreOf", name)
			continue
		}
		pipes := 0
		if s := r["asimd_fma_pipes_128"]; s != "" {
			var err error
			if pipes, err = strconv.Atoi(s); err != nil {
				t.Fatalf("%s: pipes %q", name, s)
			}
		}
		if name == "Cortex-X925" {
			pipes = 0 // one secondary source (arm_cores.md): armCoreOf leaves it unknown
		}
		sdot := 0
		if s := r["sdot_per_cycle"]; s != "" {
			var err error
			if sdot, err = strconv.Atoi(s); err != nil {
				t.Fatalf("%s: sdot %q", name, s)
			}
		}
		want := armCore{dotprod: r["dotprod"] == "yes", fmaPipes: pipes, sdot: sdot}
		if got != want {
			t.Errorf("%s: armCoreOf = %+v, table %+v", name, got, want)
		}
	}
	if n < 25 {
		t.Errorf("only %d Cortex/Neoverse rows read", n)
	}
	if _, ok := armCoreOf("AMD Ryzen 9 7950X 16-Core Processor"); ok {
		t.Error("an x86 model matched an Arm core")
	}
}

// A Cortex-A76 (two pipes) at 2.4 GHz prefills at 0.5 × 0.8 of the
// four-pipe 3 GHz Arm rate; a core without dot products scales from the
// Jetson Nano's clock; an Apple core and an x86 CPU ignore the clock, and
// an unknown Arm core keeps the four-pipe rate.
func TestArmPipesAndClock(t *testing.T) {
	flops := func(model string, ghz float64, features ...string) float64 {
		hw := Hardware{CPUCores: 4, CPUFeatures: features, CPUModel: model, CPUMaxGHz: ghz}
		return newCPUSpeed(&hw).flops
	}
	ref := flops("", 0, "neon", "dotprod")
	for _, c := range []struct {
		model    string
		ghz      float64
		features []string
		want     float64
	}{
		{"Cortex-A76", 2.4, []string{"neon", "dotprod"}, 0.5 * 2.4 / 3},
		{"Cortex-A76", 0, []string{"neon", "dotprod"}, 0.5},
		{"Neoverse-V2", 3.0, []string{"neon", "dotprod", "i8mm"}, 1},
		{"Cortex-X925", 0, []string{"neon", "dotprod"}, 1}, // pipes not used: one secondary source
		{"Cortex-A57", 1.43, []string{"neon"}, cpuNoDotFLOPS},
		{"Cortex-A72", 1.8, []string{"neon"}, noDotKernelUnits()}, // a kernel benchmark at an unstated clock: not scaled
		{"Cortex-A72", 0, []string{"neon"}, noDotKernelUnits()},
		{"Apple M4", 4.4, []string{"neon", "dotprod"}, appleCorePrefill},
		{"Cortex-A720", 2.6, []string{"neon", "dotprod"}, 0.5 * 2.6 / 3}, // 2 pipes measured (cpufp on a Cix P1)
		{"Cortex-A715", 2.6, []string{"neon", "dotprod"}, 2.6 / 3},       // pipes not sourced: the fitted core's
	} {
		if r := flops(c.model, c.ghz, c.features...) / ref; math.Abs(r-c.want) > 1e-9 {
			t.Errorf("%s at %g GHz: %.4f of the reference rate, want %.4f", c.model, c.ghz, r, c.want)
		}
	}
	x86 := func(ghz float64) float64 {
		hw := Hardware{CPUCores: 8, CPUFeatures: []string{"avx2"}, CPUMaxGHz: ghz}
		return newCPUSpeed(&hw).flops
	}
	if x86(5.7) != x86(0) {
		t.Error("an x86 CPU's clock changed its rate: x86 rates were fitted without clocks")
	}
}

// A big.LITTLE chip adds its cores' rates, its threads going to the fast
// cores first: an RK3588 (4x Cortex-A76 at 2.4 GHz, 4x Cortex-A55 at 1.8,
// one SDOT a cycle) is 2.2 fitted cores at 8 threads and 1.6 at 4, where
// taking all 8 as its first CPU's type would make 8 of them; a core type
// without dot products takes the whole chip off them.
func TestArmCapacityBigLittle(t *testing.T) {
	rk := Hardware{CPUFeatures: []string{"neon", "dotprod"}, CPUModel: "Cortex-A55", CPUMaxGHz: 1.8,
		CPUClusters: []CPUCluster{{"Cortex-A55", 4, 1.8}, {"Cortex-A76", 4, 2.4}}}
	for _, c := range []struct {
		threads int
		want    float64
	}{{8, 4*0.5*0.8 + 4*0.25*0.6}, {4, 4 * 0.5 * 0.8}, {2, 2 * 0.5 * 0.8}, {10, 4*0.5*0.8 + 6*0.25*0.6}} {
		units, noDot, note := armCapacity(&rk, true, c.threads)
		if math.Abs(units-c.want) > 1e-9 || noDot {
			t.Errorf("RK3588 at %d threads: %.3f fitted cores (noDot %v), want %.3f", c.threads, units, noDot, c.want)
		}
		if c.threads == 8 && note != " (4x Cortex-A76: 2 SIMD pipes, 2.40 GHz + 4x Cortex-A55: 1 SIMD pipe, 1.80 GHz)" {
			t.Errorf("note %q", note)
		}
	}
	rk3399 := Hardware{CPUFeatures: []string{"neon"}, CPUClusters: []CPUCluster{{"Cortex-A72", 2, 1.8}, {"Cortex-A53", 4, 1.4}}}
	if units, noDot, _ := armCapacity(&rk3399, false, 6); !noDot || math.Abs(units-(2*noDotKernelUnits()+cpuNoDotFLOPS*4*1.4/cpuNoDotGHz)) > 1e-9 {
		t.Errorf("RK3399: %.4f units, noDot %v", units, noDot)
	}
	one := Hardware{CPUFeatures: []string{"neon", "dotprod"}, CPUModel: "Cortex-A76", CPUMaxGHz: 2.4}
	if units, _, _ := armCapacity(&one, true, 4); math.Abs(units-4*0.5*0.8) > 1e-9 {
		t.Errorf("one cluster: %.3f", units)
	}
}
