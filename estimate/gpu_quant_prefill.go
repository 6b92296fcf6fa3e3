package estimate

// Prefill per GGUF quantisation under CUDA (issue 10).
//
// CUDA's prefill rate was calibrated on Q4_0 files (discussion #15013), and
// its quantised matmuls (MMQ) run near that rate for most formats: Q8_0
// prefills as fast as Q4_0 on an RTX 3090 in 2025 builds (PR #12767: 4932
// against 5069 t/s pp512; PR #12135: 5073 against 5061, LLaMA 8B). Q6_K
// does not. On one RTX 5090, in three builds and two sources (hard_cases.csv
// prefill-394, -395, -402, -424), Q6_K files came out 23-52 % fast where
// Q8_0 files of the same tables were −22 to +30 %: the 6-bit format
// unpacks its low and high bits and 16-weight scales for every tile.
//
// cudaQ6KPrefillEff is Q6_K's matmul rate relative to Q4_0's. A file pays
// it on its Q6_K share (weights.q6Share): a Q6_K file on nearly all of its
// layer weights, a Q4_K_M or Q5_K_M file on the attn_v and ffn_down tensors
// llama.cpp's quantizer gives more bits. Fitted on the four fitting rows:
// measured / estimated at 1 (0.71, 0.66, 0.79, 0.81) has median 0.75. On
// the 32 CUDA fitting rows of group prefill a grid over {1, 0.85, 0.8,
// 0.75, 0.7} gives median / p90 12.2 / 39.5, 10.9 / 33.3, 9.3 / 27.6, 9.7 /
// 22.3 and 9.9 / 22.2 %. Held out: prefill-425 (Qwen3-Coder-30B Q6_K on the
// same card, +43.6 → +17.6 %) and the RTX 4070 Laptop's partial-offload
// Q6_K rows (prefill-346, -347: +19.9 / +14.4 → −8.8 / −8.1 %).
//
// All four fitting rows are of one Blackwell card. Whether older cards pay
// as much is not pinned down: in a 2024 RTX 3090 table (PR #8062, pp2048
// at -ub 512) Q6_K ran at Q5_K_S's rate (3596 against 3532 t/s), and the
// table has no Q4_0 row to compare with. The factor applies to every CUDA
// card; the two held-out Ada rows above overshoot by 8-9 %.
const cudaQ6KPrefillEff = 0.75

// mmqPrefillCost multiplies the prefill cost of a file's layer matmuls.
func mmqPrefillCost(backend string, q6Share float64) float64 {
	if backend != "cuda" || q6Share <= 0 {
		return 1
	}
	return 1 + q6Share*(1/cudaQ6KPrefillEff-1)
}
