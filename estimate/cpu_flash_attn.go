package estimate

// CPU prefill's attention. With flash attention on (llama-server's and
// llama-bench's default where the backend supports it), ggml-cpu runs its
// own kernel, far from the matmul rate; off, the scores go through the
// float matmuls and are materialised as without flash attention on a GPU.
//
// The kernel changed in early 2026. Before, it handled one query row at a
// time, re-reading the keys and values for each (llama.cpp PR #19012:
// "it essentially uses a vector kernel"); decode still does. PR #19012
// (January 2026, after b7821) tiled it for prompt processing and PR
// #19422 (build b8057) gave the tiles a SIMD GEMM micro-kernel. The tiles
// take F16/F32 caches only: a q8_0 cache runs the one-row kernel in every
// build, at decode's rate (cpuFADecodeFLOPS). Settings.OneRowCPUFlashAttn
// and OldCPUFlashAttn mark the two older eras (cpuFAKernel).

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

// cpuFAKernelKind names the kernel ggml-cpu runs a prompt's flash
// attention with.
type cpuFAKernelKind int

const (
	faTiledGEMM   cpuFAKernelKind = iota // tiles with PR #19422's GEMM micro-kernel (b8057 on)
	faTiled                              // tiles, vector dot products (PR #19012 to b8057)
	faOneRowQuant                        // one query row at a time, a quantised cache (every build)
	faOneRowFloat                        // one query row at a time, an F16/F32 cache (to b7821)
)

// cpuFAKernel is the kernel for a cache of types k, v on the estimated
// build.
func (s *Settings) cpuFAKernel(k, v ggmlType) cpuFAKernelKind {
	switch {
	case !tiledFACache(k, v):
		return faOneRowQuant
	case s.before(s.OneRowCPUFlashAttn):
		return faOneRowFloat
	case s.before(s.OldCPUFlashAttn):
		return faTiled
	}
	return faTiledGEMM
}

// cpuOneRowFloatFA: the attention FLOPs one core runs a second in the
// one-row kernel over an F16 cache, where every key is a ggml_vec_dot_f16
// and every value a conversion to F32 (a q8_0 cache instead runs the
// 8-bit dot products, at cpuFADecodeFLOPS). PR #19012's table, column
// a14b960bc (the one-row kernel; 64-core EPYC, gpt-oss-20b pp512 after
// 0 .. 16384 cached tokens: 237.25 → 25.12 t/s): the extra time over the
// extra FLOPs of its 12 full-attention layers falls from 307 GFLOPS at
// 1024 cached tokens to 91 at 16384 (the keys and values of a layer
// outgrow the caches, each query row re-reading them); a fit through the
// origin, which the deepest points weigh most, gives 100 GFLOPS, 1.56 a
// core. The PR branch's column of the same table (the tiled kernel
// before its micro-kernel) gives 8.1-8.7 a core at 8192-16384 cached
// tokens, which faTiled charges at cpuFADecodeFLOPS (7.6).
const cpuOneRowFloatFA = 1.56e9

// faPrefillRate is the attention FLOPs a core runs a second in the
// host's flash attention during prefill with kernel k.
func (c *cpuSpeed) faPrefillRate(k cpuFAKernelKind) float64 {
	switch {
	case k == faOneRowFloat:
		return cpuOneRowFloatFA
	case k != faTiledGEMM:
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
