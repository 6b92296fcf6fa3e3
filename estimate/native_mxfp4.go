package estimate

import "strings"

// Consumer Blackwell GPUs (compute capability 12.x: GeForce RTX 50, RTX
// PRO Blackwell, DGX Spark's GB10) have a tensor-core instruction for
// 4-bit blocks (m16n8k64 with block scales), twice the int8 rate. llama.cpp
// PR #17906 ("CUDA: experimental native mxfp4 support for blackwell",
// merged 2025-12-24, build b7536) multiplies MXFP4 weights with it,
// quantising the activations to MXFP4 instead of Q8; ggml-cuda defines
// BLACKWELL_MMA_AVAILABLE from GGML_CUDA_CC_BLACKWELL (1200) up to Rubin,
// so the datacenter Blackwell parts (B200, compute capability 10.0) and
// Jetson Thor (11.0) keep the int8 path. Before that build, and on every
// other GPU, MXFP4 runs through the int8 MMQ kernels the CUDA rates were
// fitted on.

// hasFP4MMA tells a consumer Blackwell GPU from its name.
func hasFP4MMA(name string) bool {
	n := strings.ToUpper(name)
	return geforceSeries(n) == '5' || containsAny(n, "RTX PRO", "GB10", "DGX SPARK")
}

// fp4ExpertGain: how much faster the MXFP4 expert matmuls of a prefill
// ubatch run on the FP4 instruction than through the int8 path. PR
// #17906's description (am17an, first table, base c6f6e4f96 against the
// PR) gives gpt-oss-20b's whole prefill 1.26x at pp512 and 1.27x at
// pp1024..pp8192 (10560.64 → 13304.80 t/s at pp512; the card is not named
// in the stored copy, but fitcheck's estimate of the base column on an
// RTX 5090, 11092 t/s, is within 5 % of it). The expert matmuls are part
// of that time: a gain of 1.4 on them gives fitcheck's RTX 5090 estimate
// 1.269 / 1.265 / 1.250 at pp512 / 2048 / 8192 (TestNativeMXFP4 holds it
// there). DGX Spark's table in the same thread (ORippler, PR branch against
// the same base, hard_cases.csv prefill-1500..1517) gives 1.29x at pp512.
// With the gain, and those rows' builds marked, the chip's expert curve
// (cudaIntegratedExpertHalfRows/Peak) re-gridded on its fitting rows stays
// at (20, 0.7): mean |log error| 0.120 → 0.054; the chip's 22 held-out
// MoE rows (prefill-1220..1231 and the odd ids of 1501..1523) 9.2 % → 6.2 %
// median.
const fp4ExpertGain = 1.4

// nativeMXFP4Gain is the factor on the MXFP4 expert matmuls' rate on the
// first device ds: fp4ExpertGain on consumer Blackwell under a build
// with PR #17906, else 1.
func (r *run) nativeMXFP4Gain(ds *devSpeed) float64 {
	if ds == nil || ds.backend != "cuda" || !ds.fp4MMA || r.s.before(r.s.NoNativeMXFP4) {
		return 1
	}
	return fp4ExpertGain
}
