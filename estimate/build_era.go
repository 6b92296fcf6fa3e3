package estimate

// Build era. The per-token latency t0 (speed.go tokenLatency) was fitted on
// the llama-bench tables of discussions #4167 (Metal, builds from 2023-11
// on) and #15013 (CUDA, 2025-08). Apple runs of 2026 builds
// (testdata/hard_cases.csv, group apple_multigpu_decode) decode faster than
// that t0 allows: on one M4 Pro, Llama-3.2-1B comes out 22 % and
// Llama-3.1-8B 14 % slow, and the gap shrinks as the model grows, which is
// the signature of a smaller fixed cost per token, not of more bandwidth.
// currentLatency scales t0 for current builds; Settings.LegacyBuild keeps
// the fitted value for the calibration tables.
var currentLatency = map[string]float64{
	// Fitted on the 10 fitting rows of the M4 Pro (llmfit community
	// bench, 2026 builds): 0.45, 0.5 and 0.55 give medians of 2.0, 2.4 and
	// 3.6 % and worst rows of 10.5, 9.0 and 7.5 %; 0.5 is between. The 4
	// held-out rows were not used (they come in within 5 %). t0 for a
	// current Metal build: 5.13 × 0.5 = 2.6 ms per 32 layers.
	"metal": metalCurrentLatency,
}

const metalCurrentLatency = 0.5

// currentLatencyFactor is the build-era factor of the backend of the
// first device a token runs on (used < 0: the CPU).
func currentLatencyFactor(devs []devSpeed, used int) float64 {
	if used < 0 || used >= len(devs) {
		return 1
	}
	if f, ok := currentLatency[devs[used].backend]; ok {
		return f
	}
	return 1
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

func unquantExpertCost(backend string) float64 {
	switch backend {
	case "rocm", "vulkan":
		return unquantExpertPrefill
	}
	return 1
}
