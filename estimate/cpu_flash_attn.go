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
// GFLOPS a core. Only F16/F32 caches take this kernel (tiledFACache);
// a q8_0 cache runs the one-row kernel, 1.5-2.2x faster on these cores
// (StephenSook/gravitonkv, held-out rows prefill-2202..2212 even ids:
// -44..-68 % at this rate, -1..-6 % at the one-row rate).
const cpuTiledFAArm = 2.5e9

// faPrefillRate is the attention FLOPs a core runs a second in the
// host's flash attention during prefill; oneRow: the one-row kernel (a
// build before b8057, or a cache the tiled kernel does not take).
func (c *cpuSpeed) faPrefillRate(oneRow bool) float64 {
	switch {
	case oneRow:
		return cpuFADecodeFLOPS
	case c.arm:
		return cpuTiledFAArm
	}
	return cpuTiledFAx86
}

// tiledFACache reports whether ggml-cpu's tiled flash-attention kernel
// takes a cache of these types: F16 or F32 keys, values of the same type
// (ggml-cpu ops.cpp, ggml_compute_forward_flash_attn_ext_f16: use_tiled
// needs kv_is_f32_or_f16 && k->type == v->type). A q8_0 or q4_0 cache
// runs the one-row kernel in every build, at decode's rate.
func tiledFACache(k, v ggmlType) bool {
	return (k == tF16 || k == tF32) && k == v
}
