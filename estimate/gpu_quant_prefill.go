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
// it on its Q6_K tensors (weights.mmqExtra): a Q6_K file on nearly all of
// its layer weights, a Q4_K_M or Q5_K_M file on the attn_v and ffn_down
// tensors llama.cpp's quantizer gives more bits. Fitted on the four fitting rows:
// measured / estimated at 1 (0.71, 0.66, 0.79, 0.81) has median 0.75. On
// the 32 CUDA fitting rows of group prefill a grid over {1, 0.85, 0.8,
// 0.75, 0.7} gives median / p90 12.2 / 39.5, 10.9 / 33.3, 9.3 / 27.6, 9.7 /
// 22.3 and 9.9 / 22.2 %. Held out: prefill-425 (Qwen3-Coder-30B Q6_K on the
// same card, +43.6 → +17.6 %) and the RTX 4070 Laptop's partial-offload
// Q6_K rows (prefill-346, -347: +19.9 / +14.4 → −8.8 / −8.1 %).
//
// All four fitting rows are of one Blackwell card. Whether older cards pay
// as much is not pinned down: in a 2024 RTX 4090 table (PR #8416, pp2048 at
// -ub 512, testdata/cuda_quant_prefill.csv) Q6_K ran at 0.925 of Q4_K_S
// (10200 against 11032 t/s), and the table has no Q4_0 row. The factor
// applies to every CUDA card; the two held-out Ada rows above overshoot by
// 8-9 %.
const cudaQ6KPrefillEff = 0.75

// The 2- and 3-bit formats whose MMQ tile loaders unpack grids or several
// scales run slower too. Their rates are read off llama.cpp's own per-type
// llama-bench tables (testdata/cuda_quant_prefill.csv, every value with its
// pull request), the same model in every row of a table, at -ub 512:
//   - Q2_K: 0.773 of Q5_0 on an RTX 4090 (PR #8062, pp2048: 8108 against
//     10492 t/s); fitcheck prefills Q5_0 at Q4_0's rate;
//   - IQ2_S: 0.764 and IQ3_XXS: 0.843 of Q4_K_S on an RTX 4090 in a 2026
//     build (PR #24127, pp512); IQ4_NL 0.995 and IQ1_S 0.965 there, so
//     those keep 1. IQ2_M files are IQ2_S tensors with more bits in places.
//
// None was fitted on hard_cases.csv. The group prefill rows they touch were
// collected before and are held out (three Q2_K files on an RTX 3090 and
// 4090 were +34 to +38 % fast, prefill-438, -444, -454).
const (
	cudaQ2KPrefillEff    = 0.773
	cudaIQ2SPrefillEff   = 0.764
	cudaIQ3XXSPrefillEff = 0.843
)

// cudaSlowMMQ lists the formats whose matmuls prefill below Q4_0's rate
// under CUDA, with ggml's name for each (a GGUF header's type names).
var cudaSlowMMQ = [...]struct {
	t    ggmlType
	name string
	rate float64
}{
	{tQ6_K, "Q6_K", cudaQ6KPrefillEff},
	{tQ2_K, "Q2_K", cudaQ2KPrefillEff},
	{tIQ2_S, "IQ2_S", cudaIQ2SPrefillEff},
	{tIQ3_XXS, "IQ3_XXS", cudaIQ3XXSPrefillEff},
}

// cudaMMQRate is tensor type t's prefill matmul rate under CUDA relative to
// Q4_0's (1: as fast, or not measured).
func cudaMMQRate(t ggmlType) float64 {
	for _, f := range cudaSlowMMQ {
		if f.t == t {
			return f.rate
		}
	}
	return 1
}

// mmqExtra is the extra CUDA prefill time of n elements of type t, in
// elements at Q4_0's rate.
func mmqExtra(t ggmlType, n int64) float64 {
	return float64(n) * (1/cudaMMQRate(t) - 1)
}

// CUDAPrefillExtra is the extra prefill cost under CUDA of a GGUF tensor
// type named as ggml names it ("Q6_K", "IQ2_S"): 1/rate − 1, 0 for a type
// that prefills at Q4_0's rate. FileTensors.MMQExtra is its element-weighted
// mean over a file's layer matrices.
func CUDAPrefillExtra(typeName string) float64 {
	for _, f := range cudaSlowMMQ {
		if f.name == typeName {
			return 1/f.rate - 1
		}
	}
	return 0
}

// mmqPrefillCost multiplies the prefill cost of a file's layer matmuls on
// first device d (nil: the CPU): extra is weights.mmqExtra, the
// element-weighted mean of 1/rate − 1. The Q2_K and i-quant rates were
// measured on an Ada card, whose MMQ runs on int8 tensor cores; Pascal's
// runs on dp4a, a different kernel whose per-type costs no source here
// measures, so there only the Q6_K share pays (q6Extra, its part of extra:
// Q6_K's factor was chosen on CUDA rows of every generation).
func mmqPrefillCost(d *devSpeed, extra, q6Extra float64) float64 {
	if d == nil || d.backend != "cuda" {
		return 1
	}
	if d.cls == clsCUDANoTensor || d.cls == clsCUDATuringNoTensor || d.cls == clsCUDANoDP4A {
		extra = q6Extra
	}
	return 1 + max(extra, 0)
}
