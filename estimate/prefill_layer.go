package estimate

import "math"

// A prefill ubatch runs every layer's kernels once whatever the model's
// width: norms, RoPE, the attention kernel, quantising the activations,
// launches and synchronisation cost about the same on a small model as on
// a large one. So prefill time per ubatch is FLOPs / (U·peak) plus a fixed
// cost per layer, which matters only where the compute term is small: 1-4B
// models on fast GPUs.
//
// gpuPrefillLayerCost is that cost per layer and ubatch on every GPU
// backend; the CPU has none (its rows fit without it). How it was chosen:
//
//   - The calibration tables (LLaMA-2-7B on 79 Apple chips and 82 NVIDIA
//     cards, plus the ROCm/Vulkan rows of calibration_extra.csv) barely
//     separate it from U, since every row is one model: with U refitted per
//     class (calibration_test.go fitU subtracts the fixed part), the
//     leave-one-out prefill medians over 0 / 0.2 / 0.3 / 0.4 / 0.5 ms are
//     CUDA 10.7 / 10.0 / 10.4 / 11.1 / 12.3 % (p90 39.7 / 38.1 / 34.9 /
//     35.5 / 36.0), Metal 4.2 / 4.0 / 4.0 / 3.9 / 3.9, ROCm 23.2 / 20.1 /
//     18.6 / 17.0 / 15.5, Vulkan 22.9 / 23.6 / 24.0 / 24.4 / 24.8: flat up to
//     about 0.4 ms, worse for CUDA beyond.
//   - The small models of hard_cases.csv need it: gemma-2b on an RTX 3090
//     (prefill-48) +34 %, TinyLlama-1.1B under Vulkan on an RTX 4090 and
//     2080 Ti (prefill-41, -42) +24 / +14 %, on an M1 Ultra (prefill-44)
//     +16 %. On the group's fitting rows (79) the median / p90 over 0.2 /
//     0.3 / 0.4 / 0.5 / 0.6 ms is 6.5 / 30.1, 6.4 / 30.8, 6.5 / 31.1, 6.5 /
//     32.2, 6.5 / 32.3 % (without the cost and with the old U, 7.8 /
//     38.2): flat from 0.2 to 0.4, so they do not pin it either. 0.4 ms is
//     the largest value the CUDA calibration leaves flat; on all 102 rows
//     the group is 7.7 % / 29.5 % at 0.4, 7.9 / 30.5 % at 0.3 and 8.8 /
//     36.0 % without it.
//   - Held out (23 rows): 13.3 / 28.3 % without, 13.3 / 26.9 % with it
//     (TinyLlama pp4096 on the 2080 Ti, prefill-43, +40 -> +35 %;
//     gpt-oss-20b on a 3090, -47, -18 -> -8 %; gpt-oss-20b on an R9700,
//     -93, +14 -> +8 %; Qwen3.5-9B BF16 on a B70, -89, +17 -> +25 %).
//
// The per-class U of speed.go were refitted with it (TestFitSpeedConstants).
// What it does not explain: Llama-3.2-3B under Vulkan on NVIDIA cards runs
// 1.6-2.4x faster than modelled (prefill-40, -88) while TinyLlama on the
// same cards does not; TinyLlama at 4096 tokens stays +28-35 % (attention
// at depth).
const gpuPrefillLayerCost = 0.4e-3

// prefillLayerCost is the fixed prefill cost per layer and ubatch of a
// backend (seconds).
func prefillLayerCost(backend string) float64 {
	if backend != "cpu" && backend != "" {
		return gpuPrefillLayerCost
	}
	return 0
}

// fixedCostTokens: a ubatch larger than this saves no fixed cost. The
// fits saw only 512-token ubatches, and a cost per ubatch would make a
// -ub 2048 prefill of a 2048-token prompt pay a quarter of it: +25 % for
// LLaMA-8B on an RTX 4090. llama-bench's ubatch sweeps of one build show
// no such gain beyond 512 (pp2048 at -ub 512 / 1024 / 2048, t/s):
//   - PR #8495 (https://github.com/ggml-org/llama.cpp/pull/8495), PR
//     column: RTX 4090 Q5_K_S 11218 / 11099 / 10063; RTX 3090 Q3_K_S
//     3699 / 3789 / -;
//   - PR #7716, PR column: RTX 4090 Q5_0 5703 / 5876 / 5569, RTX 3090
//     Q5_0 2188 / 2267 / 2236;
//   - PR #8416, PR column: P40 Q3_K_S 707 / 677 / 656.
//
// Median gain from 512 to 1024: 1.02 (0.96-1.04, five rows), to 2048:
// 0.95 (0.90-1.02, four). Below 512 the cost stays per ubatch (the same
// tables lose 1-8 % from 512 to 256: 4090 Q5_K_S 10356, 3090 Q3_K_S 3470,
// P40 Q3_K_S 701).
const fixedCostTokens = 512

// prefillFixed is the fixed prefill time of `layers` ordinary layers on a
// device for a prompt of p tokens in ubatches of ub; a layer with more
// graph nodes costs its plan.layerLatencyScale times that (graph_nodes.go).
func prefillFixed(backend string, layers int, p, ub float64) float64 {
	n := max(math.Ceil(p/ub), math.Ceil(p/fixedCostTokens))
	return prefillLayerCost(backend) * float64(layers) * n
}
