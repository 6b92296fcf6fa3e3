package estimate

// faPrefillRate is the share of a device's FP16 peak (at its power limit)
// at which flash attention runs over the keys already in the cache when a
// ubatch is prefilled: those of Settings.CachedTokens (a follow-up turn,
// llama-bench -d) and those the prompt's earlier ubatches wrote; 0 where no
// pair measures it, and that attention runs at the class's matmul rate.
// Attention within a ubatch stays in the matmul rate, which the pp512
// rows (one ubatch) were fitted with.
//
// The rates come from published pairs of llama-bench pp N at depth 0 and
// at depth D on one device, build and model (testdata/fa_prefill_pairs_*.csv,
// collected in the thirteenth stop, none of them a hard_cases.csv row):
// the extra time per prompt token over the extra attention FLOPs
// (FITCHECK_FA=1 prints every pair). Per class, the median of the
// devices' medians, so one machine's many pairs do not decide it
// (TestFAPrefillRate holds the constants to the pairs):
//
//	cuda       0.665  RTX 3090 0.70, 4070 Ti SUPER 0.63, 4090 0.21, 5090 0.79
//	cuda-igpu  0.395  DGX Spark, llama.cpp's benches/dgx-spark.md (20 pairs)
//	rocm       0.28   RX 7900 XTX, PR #26284 (3 pairs)
//	igpu       0.12   Strix Halo: fitted, below
//	Intel under Vulkan 0.014: fitted per backend × vendor (vendor.go
//	           intelVulkanFAPrefill, faPrefillRateOf)
//
// Strix Halo's pairs (PRs #18749 and #18280, early-2026 builds, Llama-3.1-8B
// at pp512 d8192: 0.04 under ROCm, 0.04 and 0.07 under Vulkan) are slower
// than its 2026 builds run: with 0.04 the 17 fitting rows of
// kyuz0/amd-strix-halo-toolboxes (builds 9187/9193, pp2048 at depth 32k
// and 64k, gemma-4, gpt-oss-20b and Qwen3.6 under ROCm and Vulkan,
// hard_cases.csv prefill-2008..2046 even ids) came out at a median of
// -52 %. A grid over {0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.20, 0.26 (the
// class U: no change)} on those rows: median |error| 52.1, 34.6, 20.1,
// 10.5, 6.6, 14.9, 25.7, 35.9 %; 0.12 taken. Its 17 held-out rows (odd
// ids): 63.7 % at the class U, 12.5 % (signed +1.3 %) at 0.12.
//
// Against the matmul rate these classes charge prompt attention at (U ×
// the flash gain), the cached keys cost 2.1× (GeForce), 1.4× (DGX Spark),
// 1.7× (RDNA) and 2.2× (Strix Halo) more time. In the thirteenth stop one
// such rate applied to all of a prompt's attention moved group prefill
// from 8.04 to 8.78 % on its 285 depth-0 rows; charged on the cached keys
// only, and then also on the keys of earlier ubatches (to the flash
// kernel, a longer prompt's second ubatch is a first one after 512 cached
// tokens), group prefill went 10.31 % / 45.6 % → 10.22 % / 44.2 % (its
// 501 rows of the fifteenth stop 9.39 → 9.28 %, held out 11.25 → 10.97 %;
// DeepSeek-V4's long prompts on 8× RTX 3090 +17..+48 → +11..+17 %; an
// RTX 4070 Laptop's Ministral-3B pp4096 rows +2.5 → −7 %).
func faPrefillRate(c devClass) float64 {
	switch c {
	case clsCUDAConsumer:
		return 0.665
	case clsCUDAIntegrated:
		return 0.395
	case clsROCm:
		return 0.28
	case clsIGPU:
		return 0.12
	}
	return 0
}

// faPrefillRateOf is device ds's flash-attention rate over cached keys:
// its backend × vendor pair's where vendor.go fitted one, else its class's.
func faPrefillRateOf(ds *devSpeed) float64 {
	if ve := ds.vendor; ve != nil && ve.faPrefill > 0 {
		return ve.faPrefill
	}
	return faPrefillRate(ds.cls)
}
