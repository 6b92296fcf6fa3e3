package estimate

// CPU prefill's attention. With flash attention on (llama-server's and
// llama-bench's default where the backend supports it), ggml-cpu runs its
// own kernel, far from the matmul rate; off, the scores go through the
// float matmuls and are materialised as without flash attention on a GPU.
//
// The kernel changed in early 2026. Before, it handled one query row at a
// time, re-reading the keys and values for each (llama.cpp PR #19012:
// "it essentially uses a vector kernel"); decode still does, and its rate
// there, cpuFADecodeFLOPS per core, is taken for those builds. PR #19012
// (January 2026) tiled it for prompt processing and PR #19422 (build
// b8057) gave the tiles a SIMD GEMM micro-kernel. Settings.OldCPUFlashAttn
// marks builds before b8057.

// cpuTiledFAx86: the attention FLOPs one x86 core runs a second in the
// tiled kernel. PR #19422's table (64-core EPYC, gpt-oss-20b, column
// 'opt-fa-micro-gemm'): pp512 after 1024 .. 32768 cached tokens takes
// 0.19 .. 3.44 s longer than at 0 (237.96 → 91.62 t/s), for 12 full-
// attention layers × 64 heads × 64 × 4 FLOPs per query-key pair; a fit
// through the origin of that extra time on the extra FLOPs gives 950
// GFLOPS, 14.8 a core (the deepest points, 929-960, weigh most). Fitted
// on that table, not on hard_cases.csv rows.
const cpuTiledFAx86 = 14.8e9

// cpuTiledFAArm: the same on an Arm core. Issue #27086 reports flash
// attention costing Neoverse-V2 hosts 2-5x their prefill at 512-8192
// tokens on a mid-2026 build; the kernel's micro-kernel is float32 SIMD
// ("a f16 version for hardware that supports it" is future work in
// #19422). Fitted on that three FA-on llama-bench rows
// (hard_cases.csv prefill-2213/2215/2217, fitting rows; Qwen2.5-1.5B with
// an f16 cache on 16 Graviton4 cores, 512-8192-token prompts): median
// |error| 4.4 / 2.2 / 4.1 / 4.9 / 7.8 % at 2.4 / 2.5 / 2.6 / 2.7 / 2.8
// GFLOPS a core. A q8_0 cache runs it 1.5-2.2x faster on the same cores
// (StephenSook/gravitonkv, held-out rows prefill-2201..2212); no fitting
// row measures that, so every cache type takes this rate.
const cpuTiledFAArm = 2.5e9

// faPrefillRate is the attention FLOPs a core runs a second in the
// host's flash attention during prefill; old: a build before b8057.
func (c *cpuSpeed) faPrefillRate(old bool) float64 {
	switch {
	case old:
		return cpuFADecodeFLOPS
	case c.arm:
		return cpuTiledFAArm
	}
	return cpuTiledFAx86
}
