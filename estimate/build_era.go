package estimate

import "strings"

// Build era. The per-token latency t0 (speed.go tokenLatency) was fitted on
// the llama-bench tables of discussions #4167 (Metal, builds from 2023-11
// on) and #15013 (CUDA, 2025-08). Apple runs of 2026 builds
// (testdata/hard_cases.csv, group apple_multigpu_decode) decode faster than
// that t0 allows: on one M4 Pro, Llama-3.2-1B comes out 22 % and
// Llama-3.1-8B 14 % slow, and the gap shrinks as the model grows, which is
// the signature of a smaller fixed cost per token, not of more bandwidth.
// currentLatencyFactor scales t0 for current builds; Settings.LegacyBuild
// keeps the fitted value for the calibration tables.

// metalCurrentLatency was fitted together with the llama-server overhead
// of the e2e rows (accuracy_test.go serverTokenOverhead) on the fitting
// rows of hard_cases.csv: a grid over overhead {0, 0.4, 0.7, 1.0} ms and
// factor {0.2, 0.35, 0.5} puts the M4 Pro rows' median at 2.2 % with
// 0.7 ms and 0.35 (0.5 without the overhead). The 4 held-out M4 Pro rows
// were not used. t0 for a current Metal build: 5.13 × 0.35 = 1.8 ms per
// 32 layers. CUDA has no entry: on the 24 RTX 5070 fitting rows (2026
// build) any factor below 1 makes the median worse (6.0 % at 1, 9.6 % at
// 0.6, 14.7 % at 0.3), so the claim that current CUDA builds decode
// 10-15 % faster than t0 allows is not borne out there.
const metalCurrentLatency = 0.35

// metalUltraCurrentLatency: the Ultra chips (two Max dies joined by
// UltraFusion) kept most of their per-token cost in current builds. Fitted
// on the two Ultra rows of 2025-26 builds that were not held out
// (hard_cases.csv apple_multigpu_decode-34, an M1 Ultra with TinyLlama at
// build 7825, 0.89 of the legacy t0 to match; -35, an M2 Ultra with
// Qwen3-Coder-30B-A3B Q8_0 of 2025-08, 0.74): a grid in steps of 0.05
// minimising their mean |error| gives 0.9 (0.5 / 8.6 %). The M4 Pro's 0.35
// made them +87 / +30 % and the held-out M3 Ultra rows (-18..-25, a
// 2025-12 build) +19 to +41 %; with 0.9 those are −10 to +19 %. Why the
// Ultras keep their dispatch cost (a synchronisation across the two dies?)
// is not separated by these rows, nor whether single-die M1-M3 chips do
// (the one such row, an M1 Max, is held out and +49 % with 0.35).
const metalUltraCurrentLatency = 0.9

// metalApple78CurrentLatency: M1 and M2 chips (Apple GPU families 7 and 8)
// did not get the M4 Pro's cut; on current builds their per-token cost is
// the 2023 t0. M3 chips follow the M4 (an M3 Max within 1 %, an M3 Pro
// within 0-11 % at 0.35), so the cut belongs to family 9 (M3 and later),
// whose Metal features current builds use; which ones the rows do not say.
// Fitted together with the Max chips' dequantisation cost
// (apple_dequant.go) on the 25 fitting rows of M1 and M2 chips in
// hard_cases.csv (an M1 7-core and an M1 of two sources, an M1 Pro, an M1
// Max, an M2 Max 30-core laptop; 2026 builds): a grid over {0.35, 0.6, 1,
// 1.2} × the legacy t0 and that cost puts their median |error| lowest at 1
// (6.9 %; 56 % signed at 0.35). Two per-format tables not fitted on (an M1
// Pro of 2024 and an M2 Pro of 2026, testdata/apple_quant_decode.csv) are
// within 6 % with it (TestAppleDequantOnTables).
const metalApple78CurrentLatency = 1.0

// appleFamily78 reports an M1 or M2 chip name (the Ultras are clsMetalUltra).
func appleFamily78(name string) bool {
	n := strings.ToUpper(name)
	i := strings.Index(n, "APPLE M")
	if i < 0 || i+len("APPLE M") >= len(n) {
		return false
	}
	c := n[i+len("APPLE M")]
	end := i + len("APPLE M") + 1
	return (c == '1' || c == '2') && (end == len(n) || !isDigit(n[end]))
}

// buildLatencyFactor is the build-era factor of device ds's t0 (newDevSpeed
// stores it in devSpeed.buildFactor).
func buildLatencyFactor(ds *devSpeed) float64 {
	if ds.backend != "metal" {
		return 1
	}
	switch {
	case ds.cls == clsMetalUltra:
		return metalUltraCurrentLatency
	case appleFamily78(ds.name):
		return metalApple78CurrentLatency
	}
	return metalCurrentLatency
}

// currentLatencyFactor is the build-era factor of the first device a token
// runs on (used < 0: the CPU, 1).
func currentLatencyFactor(devs []devSpeed, used int) float64 {
	if used < 0 || used >= len(devs) {
		return 1
	}
	return devs[used].buildFactor
}

// unquantExpertPrefill: routed experts kept in BF16/F16 prefill far slower
// than their FLOPs say on ROCm and Vulkan. Quantised experts go through
// one grouped kernel (MMQ, mul_mat_id shaders); unquantised ones through a
// generic path (ggml-cuda/HIP: one GEMM per expert with its gather and
// scatter; Vulkan RADV on Strix Halo reports no bf16). Fitted on the BF16
// MoE rows of testdata/hard_cases.csv (kyuz0 Strix Halo llama-bench,
// gemma-4-26B-A4B, GLM-4.7-Flash, Qwen3.6-35B-A3B); CUDA and Metal have
// no such rows, so they keep 1.
const unquantExpertPrefill = 5.0

func unquantExpertCost(backend string) float64 { return onROCmOrVulkan(backend, unquantExpertPrefill) }

// onROCmOrVulkan is v on the two backends whose rows fitted these expert
// costs, else 1 (CUDA and Metal have no such rows).
func onROCmOrVulkan(backend string, v float64) float64 {
	if backend == "rocm" || backend == "vulkan" {
		return v
	}
	return 1
}

// vulkanBF16Prefill: BF16 weights prefill at about half the modelled rate
// under Vulkan on a device that reports no bf16 support (ggml_vulkan's
// device line "bf16: 0": RADV and AMDVLK on Strix Halo, both with fp16
// KHR_coopmat), where ggml-vulkan has no bf16 matrix-core path for them.
// The same machine and build under ROCm is 3.1× faster on two dense BF16
// models (kyuz0/amd-strix-halo-toolboxes at d1a34be, pp512:
// gemma-4-31B-it 428.07 vs 135.94 t/s, Ministral-3-14B-Instruct-2512
// 801.06 vs 255.05 t/s), while quantised models run at par (Llama-2-7B
// Q4_0 1545 vs 1338). The value itself is fitted on ONE row, the
// gemma-4-31B-it Vulkan fitting row of testdata/hard_cases.csv (prefill-07,
// estimate 266 → measured 136 t/s); Ministral-3-14B is not in the catalog,
// so its pair only confirms the ratio. The probe does not report Vulkan's
// bf16 flag, so every Vulkan device gets it; a device with bf16 support
// would be estimated too slow.
const vulkanBF16Prefill = 0.51

func bf16PrefillFactor(backend string) float64 {
	if backend == "vulkan" {
		return vulkanBF16Prefill
	}
	return 1
}

// kquantExpertPrefill: routed experts in k-quants or Q8_0 prefill slower
// under ROCm and Vulkan than the MXFP4 experts of gpt-oss, on which
// expertHalfRows and the igpu U were fitted. The third pass added every
// kyuz0 d1a34be pp512 log of a quantised catalog model on rocm-7_2_3 and
// vulkan_radv (hard_cases.csv prefill-20..39); with cost 1 the MoE ones
// (GLM-4.7-Flash, MiniMax-M2.7, Qwen3.5-122B-A10B, Qwen3.6-35B-A3B,
// gemma-4-26B-A4B) came out 27-68 % fast while the dense ones
// (gemma-4-31B, Qwen3.6-27B) were -18..+18 %. A grid over this cost {1,
// 1.5, 2, 2.5, 3} × igpu U {0.26, 0.28, 0.30, 0.32}, scored on the fitting
// rows of the prefill group only, was lowest at U 0.26 (unchanged) and 1.5
// (fitting median 12.7 %, flat from 1.5 to 1.75). Why these experts are
// slower (the k-quant mul_mat_id kernels against the MXFP4 ones, or the
// small expert matrices of these models: 512-1536 wide against 2880) is
// not separated by these rows. CUDA and Metal have no such rows and keep 1.
const kquantExpertPrefill = 1.5

func kquantExpertCost(backend string) float64 { return onROCmOrVulkan(backend, kquantExpertPrefill) }

const rocmDenseGain = 1.25

// rocmDensePrefill is rocmDenseGain on an integrated GPU under ROCm, else 1.
func rocmDensePrefill(ds *devSpeed) float64 {
	if ds.backend == "rocm" && ds.cls == clsIGPU {
		return rocmDenseGain
	}
	return 1
}
