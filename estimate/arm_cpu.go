package estimate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// armCapacity is how many of the fitted Arm cores (four 128-bit pipes at
// 3 GHz, with dot products: the 32 FLOPs a cycle of newCPUSpeed) the
// threads of an Arm CPU add up to, whether its kernels run without int8
// dot products, and the basis note that says why. Each core takes its
// type's pipes (arm_cores.go) and its clock where known, one without dot
// products cpuNoDotFLOPS at its clock; a big.LITTLE chip's threads go to
// its fastest cores first, as llama.cpp's work chunks, taken by whichever
// thread is free, let a slow core hold back only its own share.
func armCapacity(hw *Hardware, featDot bool, threads int) (units float64, noDot bool, note string) {
	clusters := hw.CPUClusters
	if len(clusters) == 0 {
		clusters = []CPUCluster{{Model: hw.CPUModel, Cores: threads, GHz: hw.CPUMaxGHz}}
	}
	type coreRate struct {
		c    CPUCluster
		rate float64
		dot  bool
		note string
	}
	rates := make([]coreRate, len(clusters))
	for i, c := range clusters {
		r, dot, n := armCoreRate(c.Model, c.GHz, featDot)
		rates[i] = coreRate{c, r, dot, n}
	}
	// The kernels are the chip's: a core type without dot products makes
	// the whole chip run without them (Linux reports the common features).
	for _, r := range rates {
		noDot = noDot || !r.dot
	}
	slices.SortStableFunc(rates, func(a, b coreRate) int { return cmp.Compare(b.rate, a.rate) }) // fastest first
	left := threads
	var notes []string
	sep := ", "
	if len(clusters) > 1 {
		sep = " + "
	}
	for _, r := range rates {
		n := min(left, r.c.Cores)
		if n <= 0 {
			break
		}
		rate := r.rate
		if noDot && r.dot {
			rate, _, _ = armCoreRate(r.c.Model, r.c.GHz, false)
		}
		units += float64(n) * rate
		left -= n
		if len(clusters) > 1 {
			notes = append(notes, strconv.Itoa(n)+"x "+r.note)
		} else if r.note != "" {
			notes = append(notes, r.note)
		}
	}
	if left > 0 && len(rates) > 0 {
		// More threads than the clusters list: the extra ones as the slowest.
		units += float64(left) * rates[len(rates)-1].rate
	}
	note = strings.Join(notes, sep)
	if noDot {
		note = strings.TrimPrefix(note+", no int8 dot products", ", ")
	}
	if note != "" {
		note = " (" + note + ")"
	}
	return units, noDot, note
}

// armCoreRate is one core's prefill rate in units of the fitted Arm core,
// whether it has dot products, and what set the rate ("Cortex-A76: 2
// SIMD pipes, 2.40 GHz").
func armCoreRate(model string, ghz float64, featDot bool) (rate float64, dot bool, note string) {
	model = strings.TrimSpace(model)
	rate, dot = 1, featDot
	var parts []string
	core, known := armCoreOf(model)
	if known {
		dot = core.dotprod // the core's type is a fact; a --cpu-features list may be partial
	}
	if !dot {
		rate = cpuNoDotFLOPS
		switch {
		case model == noDotKernelCore:
			// Its rate is llama.cpp's kernel benchmark at a clock the
			// benchmark does not state: not scaled.
			rate = noDotKernelUnits()
			parts = append(parts, "kernel benchmark rate")
		case ghz > 0:
			rate *= ghz / cpuNoDotGHz
			parts = append(parts, fmtF(ghz, 2)+" GHz")
		}
		if known {
			parts = append([]string{model}, parts...)
		}
		return rate, false, strings.Join(parts, " ")
	}
	if pipes := core.simdPipes(); known && pipes > 0 {
		rate *= float64(pipes) / armFittedPipes
		unit := " SIMD pipes"
		if pipes == 1 {
			unit = " SIMD pipe"
		}
		parts = append(parts, strconv.Itoa(pipes)+unit)
	}
	if ghz > 0 {
		rate *= ghz / cpuClockGHz
		parts = append(parts, fmtF(ghz, 2)+" GHz")
	}
	if len(parts) == 0 {
		return rate, true, model
	}
	if model == "" {
		return rate, true, strings.Join(parts, ", ")
	}
	return rate, true, model + ": " + strings.Join(parts, ", ")
}
