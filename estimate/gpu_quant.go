package estimate

import "strings"

// Batch-1 GPU decode per GGUF quantisation (issue 10).
//
// The decode model streams a file's bytes at η_class·BW, with η fitted on
// Q4_0 (CUDA #15013) and Q4_0/Q8_0/F16 (Metal #4167) rows. Single-token
// decode goes through llama.cpp's mat-vec kernels (CUDA MMVQ), and some
// formats do more work per byte there than Q4_0 does: the grid-coded
// i-quants (IQ1_*, IQ2_*, IQ3_*) decode each group of weights through a
// codebook lookup. On a GPU whose integer throughput is low relative to its
// bandwidth this, not memory, sets the pace, so those files reach a smaller
// fraction of the bandwidth than Q4_0.
//
// gpuQuantDecodeEff is that fraction relative to Q4_0 on the same GPU: the
// multiplier on η for the file's bytes. The evidence is in
// testdata/gpu_quant_decode.csv (ratio = (tg × size)_format / (tg × size)_Q4_0,
// gpu_quant_test.go refits and checks it); a format, backend or GPU
// generation without rows there gets 1.
//
// The effect depends on the GPU generation, not only on the backend: in
// one table (PR #8215, same build, model and author) the same IQ files
// reach 0.39-0.50 of peak bandwidth on an RTX 3090 and 0.67-0.76 on an
// RTX 4090, while Q4_0 reaches 0.65 and 0.71 (discussion #15013). So the
// factor is keyed by architecture within CUDA (gpuQuantBackend).

// Fitted factors (median of the non-held-out rows of the group; spread =
// min-max of those rows). Ratios use the row's printed size and tg.
const (
	// GeForce RTX 30 (Ampere, GA10x), grid i-quants: rows gq-02 (IQ1_M,
	// 0.596) and gq-03 (IQ2_S, 0.689) of gpu_quant_decode.csv, RTX 3090,
	// https://github.com/ggml-org/llama.cpp/pull/8215 against the RTX 3090
	// Q4_0 row of https://github.com/ggml-org/llama.cpp/discussions/15013
	// (gq-01). Held out: gq-04 (IQ3_XXS, 0.775).
	ampereGridEff = 0.64

	// Tesla V100 (Volta), Q2_K and Q3_K files: rows gq-10 (Q2_K, 0.730) and
	// gq-11 (Q3_K_S, 0.606), https://github.com/ggml-org/llama.cpp/pull/28912
	// (b10830) against the V100 Q4_0 row of discussion #15013 (gq-09).
	voltaK23Eff = 0.67
)

// GeForce RTX 40 (Ada) grid i-quants get no factor: rows gq-06 (IQ1_M,
// 0.955) and gq-07 (IQ2_S, 1.069) of the same PR #8215 table give 1.01,
// which the cross-build reference (gq-05) cannot tell from 1. Held out:
// gq-08 (IQ3_XXS, 1.080).

// quantKernel groups file types by the mat-vec kernel of their base tensor
// type (quantTable.base; the mixtures' other tensors are a minority).
type quantKernel uint8

const (
	kernOther quantKernel = iota
	kernGrid              // IQ1_S/M, IQ2_XXS/XS/S, IQ3_XXS/S: codebook (grid) lookups
	kernK23               // Q2_K, Q3_K: 16-weight sub-blocks with 2-3 bit scales and masks
)

func gpuQuantKernel(q Quant) quantKernel {
	if q.Format != FormatGGUF {
		return kernOther
	}
	switch q.base {
	case tIQ1_S, tIQ1_M, tIQ2_XXS, tIQ2_XS, tIQ2_S, tIQ3_XXS, tIQ3_S:
		return kernGrid
	case tQ2_K, tQ3_K:
		return kernK23
	}
	return kernOther
}

// gpuQuantBackend refines a speed-model backend key ("cuda", "rocm", ...)
// by the GPU architecture where gpuQuantDecodeEff has rows for it:
// "cuda/ampere" (GeForce RTX 30), "cuda/ada" (GeForce RTX 40),
// "cuda/volta" (V100, Titan V). Anything else is returned unchanged.
func gpuQuantBackend(backend, name string) string {
	if backend != "cuda" {
		return backend
	}
	n := strings.ToUpper(name)
	switch {
	case strings.Contains(n, "V100") || strings.Contains(n, "TITAN V"):
		return "cuda/volta"
	case strings.Contains(n, "QUADRO") || strings.Contains(n, " ADA") || strings.Contains(n, "RTX A"):
		// Workstation parts (Quadro RTX, RTX A…, RTX … Ada) share the
		// series digits but have no rows.
		return backend
	case rtxSeries(n, "30"):
		return "cuda/ampere"
	case rtxSeries(n, "40"):
		return "cuda/ada"
	}
	return backend
}

// rtxSeries reports whether a GPU name holds "RTX <series><digit><digit>",
// e.g. "RTX 3080" for series "30".
func rtxSeries(name, series string) bool { return followedByDigits(name, "RTX "+series, 2) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// gpuQuantDecodeEff returns the multiplier on η for batch-1 decode of a
// GGUF file of quantisation quant on a GPU of the given backend key
// (gpuQuantBackend's result). 1 where testdata/gpu_quant_decode.csv has no
// rows for the combination.
func gpuQuantDecodeEff(q Quant, backend string) float64 {
	k := gpuQuantKernel(q)
	switch {
	case backend == "cuda/ampere" && k == kernGrid:
		return ampereGridEff
	case backend == "cuda/volta" && k == kernK23:
		return voltaK23Eff
	}
	return 1
}
