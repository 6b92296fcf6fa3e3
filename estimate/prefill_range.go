package estimate

import "math/bits"

// Prefill range. Decode carries a range (DecodeTPSLow..High) sized by each
// class's p90 error; prefill had only a point, although its published
// measurements spread wider, and unevenly: within about -29..+37 % on a
// GeForce card (the low end set by runs of August 2025 builds, whose MoE
// prefill was 1.4-1.5x slower on large cards: testdata/hard_cases_moeera.md),
// down to a tenth of the estimate on an Intel Arc under
// Vulkan, whose builds and drivers moved its prompt speed several-fold
// (testdata/intel_vulkan_era.md). A user sizing a time to first token
// needs to see that spread where it is wide.
//
// The range is where the measurements of hard_cases.csv's prefill group
// fell around the estimate: the 5th and 95th percentiles (nearest rank) of
// measured / estimated over the group's fitting rows whose estimate ran on
// devices of one spread class. Apple GPUs add the Metal rows of the
// calibration tables (testdata/calibration_speed.csv and _extra.csv), on
// which their prefill rate was fitted, to their 8 fitting rows here. The
// GPUs of classes with too few rows of their own (ROCm, Vulkan on AMD and
// NVIDIA, SYCL: 10 fitting rows together, whose 95th percentile is then
// their largest ratio) take the spread of every fitting GPU row.
// TestPrefillRangeCoverage recomputes them and checks the held-out rows
// against the range.

// prefillSpread is a 90 % interval of measured / estimated prefill.
type prefillSpread struct{ lo, hi float64 }

// spreadClass groups devices whose prefill estimates err alike. A bit
// set of them (Result.prefillSpreads) records which an estimate used.
type spreadClass uint8

const (
	spreadCUDA        spreadClass = 1 << iota // discrete NVIDIA under CUDA
	spreadCUDAUnified                         // GB10, Jetson: CUDA on one LPDDR5X pool
	spreadIGPU                                // AMD integrated GPUs: Strix Halo (ROCm, Vulkan)
	spreadIntelVulkan                         // Intel Arc and Intel iGPUs under Vulkan
	spreadMetal                               // Apple GPUs under Metal
	spreadGPU                                 // every other GPU (ROCm, Vulkan on AMD and NVIDIA, SYCL): all GPU rows' spread
	spreadCPU                                 // the CPU prefills (no GPU, or one memory pool)
	spreadNone                                // no range is stated (an Arm CPU without dot products: estimate.go)
)

// minSpreadRows: fewer fitting rows than this would make percentiles the
// extremes of a handful of runs; a class of its own needs at least this
// many.
const minSpreadRows = 10

// spread is the class's interval: percentiles of measured / estimated on
// the fitting rows of group prefill (go test ./estimate -run
// PrefillRangeCoverage -v prints them with their row counts, and fails
// when one drifts by more than 0.02). spreadGPU is every fitting GPU row's.
func (c spreadClass) spread() prefillSpread {
	table := [...]prefillSpread{ // in the order of the classes' bits
		{0.83, 1.29}, // spreadCUDA
		{0.88, 1.08}, // spreadCUDAUnified
		{0.82, 1.36}, // spreadIGPU
		{0.16, 1.38}, // spreadIntelVulkan
		{0.87, 1.10}, // spreadMetal
		{0.66, 1.37}, // spreadGPU
		{0.64, 1.40}, // spreadCPU
	}
	if i := bits.TrailingZeros8(uint8(c)); i < len(table) {
		return table[i]
	}
	return table[bits.TrailingZeros8(uint8(spreadGPU))]
}

// spreadOf is the spread class of a device's prefill.
func spreadOf(ds *devSpeed) spreadClass {
	switch {
	case ds.backend == "vulkan" && gpuVendor(ds.name) == "intel": // discrete or integrated
		return spreadIntelVulkan
	case ds.cls == clsIGPU:
		return spreadIGPU
	case ds.cls == clsCUDAIntegrated:
		return spreadCUDAUnified
	case ds.backend == "metal":
		return spreadMetal
	case ds.backend == "cuda":
		return spreadCUDA
	}
	return spreadGPU
}

// prefillRange is the interval of an estimate that used the spread
// classes in set, the widest of theirs; ok is false when one of them
// states no range.
func prefillRange(set spreadClass) (s prefillSpread, ok bool) {
	if set == 0 || set&spreadNone != 0 {
		return s, false
	}
	s = prefillSpread{lo: 1, hi: 1}
	for c := spreadClass(1); c < spreadNone; c <<= 1 {
		if set&c != 0 {
			v := c.spread()
			s.lo, s.hi = min(s.lo, v.lo), max(s.hi, v.hi)
		}
	}
	return s, true
}
