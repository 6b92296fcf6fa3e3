package estimate

import "strings"

// Current llama.cpp builds repack more weight formats for the CPU than the
// December 2024 build the per-format rates of cpu_prefill.go were fitted
// on (b4384, which repacked Q4_0 and IQ4_NL only): at load they interleave
// the rows of a weight matrix so that one int8 dot-product or matrix
// instruction serves several output rows (ggml-cpu/repack.cpp,
// ggml_repack_get_optimal_repack_type, ggml-org/ggml@d99724f2). Each PR
// measured prompt processing with the repack on and off on one build and
// machine (testdata/cpu_repack.csv, whose .md gives the tables); the gains
// below are the median of a PR's pp rows:
//
//	Arm, i8mm     Q4_K 1.64 (#16739, M4 Max, 1.53-1.67), Q5_K 2.10 (#18860),
//	              Q6_K 2.12 (#18888, M4, 2.09-2.21), Q8_0 3.57 (#18096, M4 Max,
//	              3.50-3.72); a Q4_K_M file gains 1.18 more when its Q6_K
//	              tensors repack (#18888: 1.10-1.21 on an M4 and an Exynos 2400)
//	Arm, dotprod  Q4_K 1.91 (#17494, an M4 Max built without i8mm,
//	              1.88-1.94), Q5_K 1.95 (#19356, that M4 Max and a
//	              Raspberry Pi 5, 1.86-2.27), Q6_K 2.87 (#19360, the same
//	              two, 2.60-3.15); Q8_0's dotprod table (#18096, a Pi 5)
//	              and Q6_K inside Q4_K_M were not readable: no gain
//	x86           MXFP4 1.21 (#19738, AVX2, 1.20-1.23), Q2_K on AVX-512
//	              1.255 (#14373's summary, "~25.5%"); Q4_K's AVX2 repack
//	              (#12332) was not readable: no gain
//
// The PRs merged from November 2025 (#16739, b7070 is its author's repack
// build) to February 2026. Settings.OldCPURepack estimates a build before
// them. Without dot products nothing repacks.
const (
	repackI8mmQ4K   = 1.64
	repackI8mmQ5K   = 2.10
	repackI8mmQ6K   = 2.12
	repackI8mmQ8    = 3.57
	repackI8mmQ4KM  = 1.18 // the Q6_K tensors of a Q4_K_M file, on top of Q4_K's gain
	repackDotQ4K    = 1.91
	repackDotQ5K    = 1.95
	repackDotQ6K    = 2.87
	repackAVX2MXFP4 = 1.21
	repackAVX512Q2K = 1.255
)

// repackGain is what current builds' repacked GEMMs add to quant's CPU
// prefill rate (cpuQuantPrefill) on this CPU.
func (c *cpuSpeed) repackGain(quant string) float64 {
	q := strings.ToUpper(quant)
	switch c.isa() {
	case isaARM:
		k4, k5, k6, q8 := repackDotQ4K, repackDotQ5K, repackDotQ6K, 1.0
		if c.i8mm {
			k4, k5, k6, q8 = repackI8mmQ4K, repackI8mmQ5K, repackI8mmQ6K, repackI8mmQ8
		}
		switch {
		case q == "Q4_K_M" && c.i8mm:
			return k4 * repackI8mmQ4KM
		case strings.HasPrefix(q, "Q4_K"):
			return k4
		case strings.HasPrefix(q, "Q5_K"):
			return k5
		case strings.HasPrefix(q, "Q6_K"):
			return k6
		case q == "Q8_0":
			return q8
		}
	case isaX86:
		switch {
		case strings.HasPrefix(q, "MXFP4"):
			return repackAVX2MXFP4
		case strings.HasPrefix(q, "Q2_K") && c.avx512:
			return repackAVX512Q2K
		}
	}
	return 1
}
