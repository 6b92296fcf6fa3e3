package estimate

import "strings"

// CPU decode per quantisation: a core does not only stream weights, it
// dequantises them and dots them with the activations, and how many bytes
// of weights one core gets through a second depends on the block format
// and the instruction set. With few threads decode is bound by that rate,
// not by RAM: Llama-3.1-8B on a Ryzen-7950X with 2 threads runs BF16 at
// 4.05 tok/s (RAM-bound) but Q3_K_S at 8.80 tok/s, 1.4× and not 4.7× the
// BF16 speed (hard_cases.csv, group cpu_decode). Decode of the host part
// then streams at min(η·RAM, cores × cpuCoreRate(quant)).
//
// The rates below are in GB/s of weights per core, read off the fitting
// rows of group cpu_decode: mainline llama.cpp (build 4384) tg128 of
// LLaMA-3.1-8B in https://github.com/ikawrakow/ik_llama.cpp/discussions/164,
// x86 on a Ryzen-7950X (AVX-512, 2 threads), ARM on an Apple M2 Max (NEON,
// 3-4 threads): rate = per-token weight bytes × measured tok/s / threads.
// The held-out rows (04, 08, 12, 16, 20, 24, 28, 32, 36) were not used.

// cpuCoreRate is the decode rate of one core in GB/s of weights of quant q.
func cpuCoreRate(q Quant, arm bool) float64 {
	switch {
	case isFloatQuant(q):
		// 16-bit floats: a plain convert and FMA. x86 row 01 is RAM-bound
		// at 2 threads (61 GB/s of 64), so 30.5 is a lower bound there;
		// ARM row 10: 29.6.
		if arm {
			return 29.6
		}
		return 30.5
	case q.Name == "Q8_0":
		// x86 row 02: 19.8 (mainline's AVX-512 Q8_0 dot is the slow one);
		// ARM row 11 (3 threads, int8 sdot): 37.4.
		if arm {
			return 37.4
		}
		return 19.8
	case isIQuantLowBit(q.Name):
		// Grid-coded i-quants below 4 bpw (lookup tables per 8 weights):
		// x86 rows 18, 19, 21 (IQ3_XXS 6.4, IQ2_XXS 6.1, IQ2_M 7.1: median
		// 6.4); ARM rows 22, 23 (IQ3_XXS 4.8, IQ2_M 4.6).
		if arm {
			return 4.7
		}
		return 6.4
	case q.Name == "Q4_0" || q.Name == "IQ4_NL" && arm:
		// Q4_0 has its own fast dot on x86 (row 03: 24.6); on ARM llama.cpp
		// repacks Q4_0 and IQ4_NL into 4x4 interleaved rows at load (row
		// 34, IQ4_NL: 25.9).
		if arm {
			return 25.9
		}
		return 24.6
	case isLegacyBlock(q.Name):
		// The other 32-weight single-scale blocks (Q4_1, Q5_0, Q5_1, x86
		// IQ4_NL; MXFP4 has the same layout and is assumed alike): x86 row
		// 35 (Q5_0: 13.9), ARM rows 29 and 30 (Q5_0 at 2 and 4 threads:
		// 16.8, 16.2).
		if arm {
			return 16.5
		}
		return 13.9
	}
	// k-quants (and IQ4_XS, a k-quant super-block with a non-linear grid):
	// on x86 the rate grows with the bits per weight, a fixed unpacking
	// cost per weight plus the bytes: 5.86 + 2.69·bpw through rows 07
	// (Q3_K_S, 3.44 bpw: 15.1) and 06 (Q6_K, 6.56 bpw: 23.5); rows 05
	// (Q5_K_S: 19.7, line 20.6) and 09 (IQ4_XS: 17.0, line 17.3) agree. ARM
	// rows 13-15 (Q4_K_S 19.4, Q6_K 18.0, Q5_K_S 16.1) show no trend:
	// their median, 18.0.
	if arm {
		return 18.0
	}
	return 5.86 + 2.69*q.BPW
}

// isFloatQuant: unquantised weights (BF16, F16, F32), which the CPU
// converts and multiplies in floating point.
func isFloatQuant(q Quant) bool {
	return q.Format == FormatFloat || q.Name == "BF16" || q.Name == "F16" || q.Name == "F32"
}

// isIQuantLowBit: i-quants of under 4 bits (IQ1_*, IQ2_*, IQ3_*).
func isIQuantLowBit(name string) bool {
	return strings.HasPrefix(name, "IQ1_") || strings.HasPrefix(name, "IQ2_") || strings.HasPrefix(name, "IQ3_")
}

// isLegacyBlock: the 32-weight single-scale block formats.
func isLegacyBlock(name string) bool {
	switch name {
	case "Q4_1", "Q5_0", "Q5_1", "IQ4_NL", "MXFP4", "MXFP4_MOE":
		return true
	}
	return false
}

// decodeBW is the host's decode bandwidth in bytes/s for quant q, and
// whether the cores (not RAM) bound it.
func (c *cpuSpeed) decodeBW(q Quant) (float64, bool) {
	if c.cores <= 0 {
		return c.bw, false
	}
	rate := cpuCoreRate(q, c.arm)
	if c.noDot {
		rate = cpuCoreRateNoDot(q)
	}
	core := float64(c.cores) * rate * 1e9
	if core < c.ramBW {
		return core, true
	}
	return c.ramBW, false
}

// cpuFADecodeFLOPS: the attention FLOPs one core gets through a second in
// mainline llama.cpp's CPU flash-attention decode. Its per-KV-row path is
// far from the matmul rate: Qwen3-30B-A3B on a Ryzen-7950X (16 threads,
// K/V q8_0) decodes 8.4-9.0 µs slower per token of depth with -fa against
// 2.6 µs without (ik_llama.cpp discussion #357, April 2025 build). Fitted
// through the origin on the extra time per token of rows 37 and 38 (depth
// 4096 and 15872: 6.5 µs per depth token beyond the modelled KV reads =
// 786k attention FLOPs per depth token / 16 cores / 7.6 GFLOPS); row 28
// (depth 8192, held out) checks it.
const cpuFADecodeFLOPS = 7.6e9

// flashAttnDecodeTime is the extra decode time per token of flash
// attention run on the host over hostAttnFlops.
func (c *cpuSpeed) flashAttnDecodeTime(hostAttnFlops float64) float64 {
	return hostAttnFlops / (float64(max(c.cores, 1)) * cpuFADecodeFLOPS)
}

// An Arm core without int8 dot products (a Raspberry Pi 4's Cortex-A72)
// decodes far below the NEON rates above, which an M2 Max's dot-product
// cores set. llama.cpp's own kernel benchmark on a Pi 4 measured one
// core's vec_dot, the kernel decode runs per weight row, at 9.51 (Q8_0),
// 9.26 (Q4_K) and 9.79 (Q2_K) GB/s of float32-equivalent values, i.e. 2.38,
// 2.32 and 2.45 billion weights a second whatever the format, and F16 at
// 3.84, 0.96 billion (test-quantize-perf --op vec_dot_q,
// https://github.com/ggml-org/llama.cpp/pull/8151; the Pi's clock, 1.5 or
// 1.8 GHz, is not stated). The emulated dot product costs the same per
// weight in every int8 format; the i-quants, not measured there, are taken
// at the k-quants' rate. Nothing is fitted; the clock is not scaled.
const (
	noDotCoreWeights      = 2.38e9 // the median of Q8_0, Q4_K, Q2_K
	noDotCoreFloatWeights = 0.96e9 // F16
)

// cpuCoreRateNoDot is one such core's decode rate in GB/s of weights of q.
func cpuCoreRateNoDot(q Quant) float64 {
	w := noDotCoreWeights
	if isFloatQuant(q) {
		w = noDotCoreFloatWeights
	}
	return w * q.BPW / 8 / 1e9
}

// noDotDecodeBand is the stated decode range of such a core: the p90 of
// |estimate/measured − 1| over the 39 decode rows of a Raspberry Pi 4 and
// a Jetson Nano (hard_cases.csv cpu_decode-100..138, all held out), +115 %.
// It moves no estimate, only the lower end of the range a user is shown:
// every one of those rows is slower than estimated (+17..+159 %): the Pi 4 decodes at about
// 3.6 GB/s of its 12.8 GB/s LPDDR4 in every format, its memory controller
// reaching a third of the peak where the CPU η (0.65) was fitted on
// desktops and servers; a measured bandwidth (fitcheck hw --measure)
// replaces the peak and that η (ram_basis.go).
const noDotDecodeBand = 1.15
