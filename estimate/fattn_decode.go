package estimate

import "strings"

// Decode attention under llama.cpp's CUDA flash attention (issue 10).
//
// At one token per step llama.cpp picks its flash-attention kernel by GPU,
// KV cache type and grouped-query ratio (ggml-cuda/fattn.cu,
// ggml_cuda_get_best_fattn_kernel):
//   - a quantised cache (q8_0, q4_0) goes to the "vec" kernel on Turing and
//     newer (and on Pascal); Volta uses it only for GQA ratios up to 2;
//   - an F16 cache goes to the vec kernel on Ada and newer unless the GQA
//     ratio exceeds 4 and the cache holds 8192 cells or more; Turing and
//     Ampere run F16 through the tensor-core kernel.
//
// The vec kernel gives each query head its own thread blocks, and each
// block streams the K and V of its head's KV head (fattn-vec.cuh: the K/V
// pointers advance by head / gqa_ratio). So with G query heads per KV head
// the cache is read G times per token, the repeats from L2 as far as the
// window the blocks stream together fits there (vecRepeatMiss). The tensor-core kernel packs
// the G heads of a group into one tile and reads the cache once, which is
// what the speed model assumed everywhere before.

// cudaArch is an NVIDIA GPU generation as far as the kernel choice and
// CUDA graphs (cuda_graphs.go) care.
type cudaArch uint8

const (
	archUnknown cudaArch = iota
	archMaxwell
	archPascal
	archVolta
	archTuring
	archAmpere
	archAda // Ada, Hopper, Blackwell: compute capability 8.9 and up
)

// cudaArchOf tells the generation from a device name (nvidia-smi's, or the
// accelerator table's); archUnknown when the name does not say.
func cudaArchOf(name string) cudaArch {
	n := strings.ToUpper(name)
	has := func(s ...string) bool { return containsAny(n, s...) }
	switch {
	case has("V100", "TITAN V"):
		return archVolta
	case has("QUADRO RTX", "TITAN RTX"): // before the "RTX 50…" test: Quadro RTX 5000 is Turing
		return archTuring
	case has("H100", "H200", "H800", "GH200", "B100", "B200", "B300", "GB200", "GB10", "SPARK", "THOR", "L40", "L4 ", " ADA", "RTX PRO") ||
		strings.HasSuffix(n, " L4") || rtxSeries(n, "40") || rtxSeries(n, "50"):
		return archAda
	case has("A100", "A800", "A30", "A40", "A10", "A16", "A2 ", "RTX A", "ORIN") || rtxSeries(n, "30"):
		return archAmpere
	case has("QUADRO RTX", "TITAN RTX", "T4", "GTX 16") || rtxSeries(n, "20"):
		return archTuring
	case isMaxwell(n): // before Pascal's test: GTX TITAN X is Maxwell
		return archMaxwell
	case has("GTX 10", "P100", "P40", "P4 ", "TESLA P", "TITAN X", "QUADRO P"):
		return archPascal
	}
	return archUnknown
}

// vecKernelGQA returns the grouped-query ratio G whose heads the vec kernel
// reads the cache for one by one on device ds, or 0 when the batch-1
// decode step runs the tensor-core kernel (one read). nKV is the cache
// length the kernel sees (the depth). CUDA only: the other backends'
// kernels have no measurements here.
func vecKernelGQA(ds *devSpeed, quantKV, flashAttn bool, gqa int, nKV int64) int {
	if ds.backend != "cuda" || !flashAttn || gqa < 2 {
		return 0
	}
	arch := ds.arch
	vec := false
	switch {
	case quantKV:
		vec = arch != archVolta || gqa <= 2
	case arch == archAda:
		vec = !(gqa > 4 && nKV >= 8192)
	}
	if !vec {
		return 0
	}
	return gqa
}

// vecWindow bounds what the vec kernel's blocks stream of one layer's cache
// while the blocks of the other heads of a group follow them: a repeat
// hits L2 when that window, or the whole layer's cache if smaller, fits.
// Chosen on the fitting rows of hard_cases.csv (32 / 48 / 64 / 96 / 128
// MiB: offload_decode median 10.5 / 10.9 / 10.3 / 10.8 / 11.4 %). With it
// the RTX 3090 q8_0 sweep (depth_decode-36..40: 8.0 reads of the cache per
// token from 8K to 32K) comes out at 7.96 (TestVecRepeatMiss), and an RTX
// 4070 Ti SUPER (48 MiB L2) at 2-3 reads to 261k (offload_decode-179..196).
const vecWindow = 64 << 20

// vecRepeatMiss is the share of the G−1 repeated reads of one layer's
// cache (layerKV bytes) that miss an L2 cache of l2 bytes and go to DRAM.
// An unknown L2 (cudaL2 0) is not guessed: no repeat is charged.
func vecRepeatMiss(l2, layerKV float64) float64 {
	w := min(layerKV, vecWindow)
	if l2 <= 0 || w <= l2 {
		return 0
	}
	return 1 - l2/w
}

// cudaL2 is the L2 cache the vec kernel's repeats can hit: the card's own
// (gpu_l2.go), or for a card the table has no source for, the median of
// the sourced cards of its generation there (Pascal 2 MiB of 5 cards,
// Turing 4 of 8, Ampere 5 of 13, Ada/Hopper/Blackwell 48 of 17; Volta has
// one, the V100's 6). 0 when neither is known.
func cudaL2(name string, arch cudaArch) float64 {
	if b := gpuL2Bytes(name); b > 0 {
		return float64(b)
	}
	switch arch {
	case archPascal:
		return 2 * mib
	case archVolta:
		return 6 * mib
	case archTuring:
		return 4 * mib
	case archAmpere:
		return 5 * mib
	case archAda:
		return 48 * mib
	}
	return 0
}
