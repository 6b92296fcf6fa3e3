package estimate

// Prefill constants fitted on hard_cases.csv (group prefill) in the
// fourth pass; kept apart from speed.go's table of calibration fits.
const (
	// pageableRAMShare: host→GPU copies of the experts --n-cpu-moe / -ot
	// =CPU keeps in RAM run at this share of the host RAM's peak
	// bandwidth, or the link's pinned rate where that is lower. llama.cpp
	// puts CPU layers of -ngl N in the GPU's pinned host buffer, but an
	// override to the CPU buffer type leaves them in the mmap'd file
	// (load_tensors maps only the default buffer type), and cudaMemcpy
	// from pageable memory is the CPU's memcpy into pinned staging: it
	// reads and writes every byte, so it follows the RAM.
	//
	// Fitted in the twentieth stop on the InsiderLLM records
	// (prefill-460..469, 2026 builds, every fourth held out): one RTX 3090
	// on PCIe 4.0 x16 beside DDR4-3000 (48 GB/s) and DDR4-2133 (34.1 GB/s),
	// whose pp512 at --n-cpu-moe 40 and 20 implies 21 and 15-16 GB/s:
	// 0.44 and 0.45 of the RAM. A grid over {0.40, 0.42, 0.44, 0.46, 0.48}
	// on its six fitting rows gives median |error| 7.1 / 3.9 / 2.2 / 4.5 /
	// 8.3 %; held out (prefill-462, -466) −17 / −1 % at the one rate of
	// before (16 GB/s, fitted in the ninth stop on the same records) →
	// +3 / −6 %. An RTX 3060 on PCIe 3.0 x16 (prefill-472..482) copies at
	// the link's pinned rate either way. A 2025 build beside DDR5 whose
	// RAM speed is not stated (prefill-64, RTX 4080, ik_llama.cpp
	// discussion 357) needed about 10.5 GB/s and moves +52 → +63 %.
	pageableRAMShare = 0.44

	// cudaExpertHalfRows: routed-expert matmuls under CUDA saturate far
	// later than on the integrated GPU expertHalfRows was fitted on: the
	// dense MMQ rate (clsCUDAConsumer U, int8 tensor cores) is high, the
	// mul_mat_id path with its gather, per-expert tiles and stream-k fix-up
	// is not. With 32 the RTX 3090 rows of hard_cases.csv came out
	// +193 % (DeepSeek-V2-Lite Q4_0, t = 48, prefill-65) and +135 %
	// (gemma-4-26B-A4B Q4_K_M, t = 32, prefill-66); they need h = 254 and
	// 160, and a grid over {32, 100, 150, 200, 250, 300} on the prefill
	// fitting rows was flat from 200 to 250 (p90 30.1 %); 200 is the
	// geometric mean of the two. gpt-oss-20b (prefill-47, held out) moves
	// from +103 % to −18 %.
	//
	// Refitted with cudaDeltaNetPrefillFlops (deltanet_prefill.go) when 36
	// CUDA rows of 2026 builds came in (prefill-390..425): 150. At 200 the
	// transformer MoE rows are right (signed median −1.8 %) and the
	// gated-delta-net MoE ones slow (−9 %: 256 experts, t = 16); at 150 the
	// former are +16.5 % and the latter +0.7 %. The joint median decides.
	//
	// Fourteenth stop: 150 → 40 with a ceiling, cudaExpertPeak. With t/(t+150)
	// a ubatch four times larger made every expert matmul up to 3.5x faster;
	// the sweeps measured show 1.1-1.5x for the whole prompt. Blind rows of
	// this stop (hard_cases.csv prefill-1200..1239, all held out): a Tesla P40
	// with Qwen3-30B-A3B at -ub 256..4096, 585 → 896 t/s, estimated 372 →
	// 1605; an RTX 4090 with gpt-oss-20b at -ub 1024..4096 slowing, 11078 →
	// 8951, estimated 14117 → 18963; and the gemma-4-26B-A4B sweep of an RTX
	// 3090 collected in the thirteenth (prefill-909..918, +8..+56 %). And
	// the Qwen3.5/3.6-35B-A3B rows (t = 16) sat 6-17 % slow on every GeForce
	// card while transformer MoE models (t = 32-64) sat fast. A curve that
	// saturates early (small h) below the dense rate (a ceiling under 1: the
	// gathered, tiled mul_mat_id path) answers both.
	//
	// The pair was chosen on the FITTING rows of group prefill only, holding
	// the efficiency at t = 32 (the transformer MoE rows at -ub 512) on a
	// ridge of 0.16-0.19 and moving h: median / p90 over the 138 fitting
	// rows, h 10 / 20 / 25 / 30 / 40 / 50 / 60 / 150: 6.8 / 5.9 / 5.3 / 6.0
	// / 5.7 / 5.7 / 6.9 / 7.4 %, p90 26.4-27.3 throughout; over the 42
	// fitting rows the curve moves, median 12.5 % at (150, 1) against 4.7 %
	// at (40, 0.394). 25-50 are one plateau; 40 sits in its middle. The
	// delta-net constant was re-gridded with it ({250, 325, 400} × h {40,
	// 60, 100, 150}) and stays at 400. What the held-out rows say (README,
	// the note of this stop): the sweeps above and the Qwen3.6 rows come
	// right, while DGX Spark's MoE rows at -ub 2048 turn 30-45 % slow (that
	// chip gains 2.3-2.9x from pp512 to pp2048 where GeForce cards gain
	// 1.1-1.5x), and the Qwen3.5 rows of builds before b8299's fused
	// delta-net prefill (prefill-900..908) turn +17..+31 %.
	cudaExpertHalfRows = 40.0
	cudaExpertPeak     = 0.394

	// cudaIntegratedExpertHalfRows, cudaIntegratedExpertPeak: the curve of
	// the integrated CUDA class (DGX Spark's GB10, Jetson). On DGX Spark
	// the routed experts reach a far larger share of the class's dense rate
	// than on GeForce cards: gpt-oss-120b at -ub 512 prefills 1160-1716 t/s
	// (llama.cpp PR #17906's Spark table, two December 2025 builds, flash
	// attention off and on) where the GeForce curve gives 474-525, 2.5-3x
	// too slow, while the same chip's dense rows fit the class U. A
	// GeForce card's expert overhead is a few tile passes at a high dense
	// rate; this chip's dense rate is a third of an RTX 3090's, and its
	// per-expert overhead is not a third as fast. Fitted on the 10 fitting
	// rows of that source and of ggerganov's b6767 gpt-oss-20b run
	// (prefill-1500..1524, even ids; the split by id parity was fixed
	// before any estimate): mean |log error| over h {10, 15, 20, 25, 30,
	// 40} × ceiling {0.55-0.9} is lowest, 0.220, at (15, 0.65) and (20,
	// 0.7); 0.7·t/(t+20) taken. Held out, the 23 MoE rows of the chip
	// (llama.cpp's benches/dgx-spark.md at b6918, prefill-1220..1231, and
	// the odd ids) go from a median |error| of 42 % to 11 %; its pp512 rows
	// at -ub 2048 stay +90..+185 %, first in a table whose warm-up is not
	// stated and half the same build's -ub 512 rate of PR #17906. No Jetson
	// row tests it. Nineteenth stop: the PR #17906 rows of its branch are
	// the native-MXFP4 path current builds run (native_mxfp4.go), those of
	// its base and the 2025 builds the int8 one; re-gridded so, the pair
	// stays.
	cudaIntegratedExpertHalfRows = 20.0
	cudaIntegratedExpertPeak     = 0.7
)
