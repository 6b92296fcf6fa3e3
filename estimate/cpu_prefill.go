package estimate

import "strings"

// CPU prefill by weight format. llama.cpp's CPU matmuls for quantised
// weights quantise the activations to 8 bits and run integer dot products
// block by block, so their rate depends on how cheaply a block unpacks:
// the 32-weight blocks of Q8_0 and Q4_0 go fastest, the 256-weight
// super-blocks of the k- and i-quants (6-bit scales, split high bits) cost
// more per weight, and 16-bit floats run the float path. Mainline llama.cpp
// llama-bench pp512 of LLaMA-3.1-8B-Instruct on a Ryzen 9 7950X (16
// threads, AVX-512) and an M2 Max CPU (8 threads, NEON), build 4384
// (https://github.com/ikawrakow/ik_llama.cpp/discussions/164,
// hard_cases.csv prefill-49..62), relative to Q8_0 on the same CPU; only
// the fitting rows were used (prefill-51, -55 and -59 are held out):
//
//	Q4_K        0.73 (x86 108.40 / 147.92)
//	Q3/Q5/Q6_K  0.51 (median of x86 Q6_K 0.56, Q3_K_S 0.58, Q5_K_S 0.51 and
//	                  ARM Q6_K 0.49, Q3_K_S 0.46)
//	BF16, F16   0.53 (x86 BF16 78.58 / 147.92, ARM F16 28.96 / 54.54)
//	Q4_0 on ARM 2.10 (114.63 / 54.54: llama.cpp repacks Q4_0 and IQ4_NL into
//	                  interleaved rows for the NEON dot-product GEMM)
//
// Fifth pass (hard_cases.csv prefill-70..87, the other formats of the
// same table, every fourth held out: -73, -77, -81, -85), fitting rows only:
//
//	Q2_K        0.72 (x86 122.37 / 147.92 = 0.83, ARM 33.02 / 54.54 = 0.61)
//	Q5_0, Q5_1  0.61 (x86 0.76, ARM 0.46: the fifth bits sit in a separate
//	                  field that every block gathers; the mean of the two)
//	IQ4_NL x86  0.83 (123.36 / 147.92: a 16-entry non-linear table lookup
//	                  per weight where Q4_0 subtracts 8; repacked on ARM)
//	IQ1/IQ2_*   0.34 (median of ARM IQ2_XXS 0.34, x86 IQ2_XS 0.34, ARM
//	                  IQ2_XS 0.37, x86 IQ2_M 0.30: lattice codebooks, a grid
//	                  lookup per 8 weights plus sign masks)
//	IQ3_*       0.23 (median of x86 IQ3_XXS 0.23, ARM IQ3_XXS 0.25, ARM
//	                  IQ3_S 0.21: larger grids)
//
// IQ4_XS keeps the k-quant 0.51 (super-block layout; its x86 row, held
// out, is 0.50, the ARM one 0.69). Q8_0, Q4_0 (x86), Q4_1 and MXFP4 stay
// at 1, the rate cpuSpeed's FLOPs were fitted at.
//
// Fourteenth stop: the formats whose two CPUs disagree by more than a
// tenth, every member of the family in the same direction, get a rate per
// instruction set, since ggml-cpu compiles a separate dot-product kernel
// per format and ISA (ggml-cpu/arch/x86 and arch/arm quants.c). Fitting
// rows only, each the median of its family on that CPU:
//
//	Q3/Q5/Q6_K  x86 0.56 (Q3_K_S 0.576, Q5_K_S 0.511, Q6_K 0.558),
//	            ARM 0.49 (0.457, 0.510, 0.490)
//	Q2_K        x86 0.83 (122.37 / 147.92), ARM 0.61 (33.02 / 54.54)
//	Q5_0, Q5_1  x86 0.76 (111.68 / 147.92), ARM 0.46 (25.15 / 54.54)
//
// They replace the two-CPU means above (0.51 for these k-quants, which
// IQ4_XS keeps on x86; 0.72; 0.61). IQ4_XS on ARM takes its own fitting
// row's 0.69 (prefill-82: 37.90 / 54.54; its x86 row, 0.50, is held out
// and keeps the k-quant 0.51). Held-out check: an Oracle A1's IQ4_XS rows
// (Neoverse-N1, prefill-1401/1409) −46 / −48 % → −26 / −29 %. The ARM
// rates come from an M2 Max's performance cores, the x86 ones from a Ryzen
// 9 7950X with AVX-512; an AVX2-only CPU takes the x86 rates.
const (
	cpuKQuantX86  = 0.56
	cpuKQuantARM  = 0.49
	cpuQ2KX86     = 0.83
	cpuQ2KARM     = 0.61
	cpuQ5LegacX86 = 0.76
	cpuQ5LegacARM = 0.46
	cpuIQ4XSARM   = 0.69
)

const (
	cpuQ4KPrefill    = 0.73
	cpuKQuantPrefill = 0.51
	cpuFloatPrefill  = 0.53
	cpuRepackPrefill = 2.10
	cpuIQ4NLPrefill  = 0.83
	cpuIQ2Prefill    = 0.34
	cpuIQ3Prefill    = 0.23
)

// cpuISA is the instruction set CPU prefill's per-format rates depend on.
type cpuISA uint8

const (
	isaX86      cpuISA = iota
	isaARM             // NEON with int8 dot products
	isaARMNoDot        // NEON without them (ARMv8.0)
)

// isa is the CPU's instruction set for the per-format prefill rates.
func (c *cpuSpeed) isa() cpuISA {
	switch {
	case c.noDot:
		return isaARMNoDot
	case c.arm:
		return isaARM
	}
	return isaX86
}

// cpuQuantPrefill is the CPU prefill rate of a quantization relative to
// Q8_0 on a CPU of instruction set isa (NEON with dot products repacks
// Q4_0 and IQ4_NL).
func cpuQuantPrefill(quant string, isa cpuISA) float64 {
	q := strings.ToUpper(quant)
	arm := isa != isaX86 // the NEON kernels, with or without dot products
	if isa == isaARMNoDot {
		if r, ok := noDotQuantPrefill(q); ok {
			return r
		}
	}
	switch {
	case q == "BF16" || q == "F16":
		return cpuFloatPrefill
	case q == "Q4_0" || q == "IQ4_NL":
		if isa == isaARM { // the repacked GEMM needs dot products
			return cpuRepackPrefill
		}
		if q == "IQ4_NL" {
			return cpuIQ4NLPrefill
		}
		return 1
	case q == "Q5_0" || q == "Q5_1":
		return byISA(arm, cpuQ5LegacARM, cpuQ5LegacX86)
	case strings.HasPrefix(q, "Q4_K"):
		return cpuQ4KPrefill
	case strings.HasPrefix(q, "Q2_K"):
		return byISA(arm, cpuQ2KARM, cpuQ2KX86)
	case strings.HasPrefix(q, "IQ1"), strings.HasPrefix(q, "IQ2"):
		return cpuIQ2Prefill
	case strings.HasPrefix(q, "IQ3"):
		return cpuIQ3Prefill
	case strings.HasPrefix(q, "Q3_K"), strings.HasPrefix(q, "Q5_K"),
		strings.HasPrefix(q, "Q6_K"):
		return byISA(arm, cpuKQuantARM, cpuKQuantX86)
	case q == "IQ4_XS":
		return byISA(arm, cpuIQ4XSARM, cpuKQuantPrefill)
	case strings.HasPrefix(q, "IQ"):
		return cpuKQuantPrefill
	}
	return 1
}

// noDotQuantPrefill is the prefill rate of a format relative to Q8_0 on
// an Arm core without int8 dot products, where the emulated dot product
// (two widening multiplies and pairwise adds on one pipe for each SDOT)
// outweighs unpacking the weights: llama.cpp's vec_dot kernels on a
// Cortex-A72 (a Raspberry Pi 4) run Q4_K at 0.97 and Q2_K at 1.03 of
// Q8_0's weights a second, F16 at 0.40 (test-quantize-perf --op
// vec_dot_q, "float32 throughput" 9.26, 9.79 and 3.84 against 9.51 GB/s:
// https://github.com/ggml-org/llama.cpp/pull/8151). The k-quants and the
// 32-weight blocks unpack with shifts and masks like those two and take
// Q8_0's rate, except two families measured in llama-bench runs (below);
// the other i-quants look their weights up in tables (not measured there)
// and keep the NEON table's rates (ok false).
func noDotQuantPrefill(q string) (float64, bool) {
	switch {
	case q == "BF16" || q == "F16":
		return cpuNoDotFloat, true
	case strings.HasPrefix(q, "IQ3"):
		return cpuNoDotIQ3, true
	case strings.HasPrefix(q, "Q5_"):
		return cpuNoDotQ5, true
	case strings.HasPrefix(q, "IQ"):
		return 0, false
	}
	return 1, true
}

// cpuNoDotIQ3 and cpuNoDotQ5: the IQ3 and Q5 families on an Arm core
// without dot products, fitted on the 29 fitting rows of a Raspberry Pi 4's
// build-7095 sweep (sensura-san/llm-bench; hard_cases.csv
// prefill-1921..1949, gemma-3-1b, gemma-3-270m and Qwen2.5-0.5B in the
// formats the held-out rows of the same sweep do not use), with the
// fallback tensors of those models at their own types' rates
// (cpu_fallback.go). A grid on their median |error|: IQ3_M/IQ3_XS 0.59
// (6 rows, 2.4 %; at the NEON table's 0.23 they were −64..−72 %),
// Q5_0/Q5_1/Q5_K_S 0.90 (9 rows, 3.6 %; at 1, +7..+35 %). Held out, the
// same board and build: the IQ3 rows of Llama-3.2-1B and Qwen3-0.6B
// (prefill-1417/1418/1434/1435) go from −55..−61 % to +1..+16 %, and the
// eleven held-out Q5 rows from −1..+34 % to −10..+20 %. The table lookups
// of IQ3 cost little next to the emulated dot product, as unpacking does
// for the k-quants.
const (
	cpuNoDotIQ3 = 0.59
	cpuNoDotQ5  = 0.90
)

// cpuNoDotFloat: F16 against Q8_0 in PR #8151's Cortex-A72 vec_dot table
// (3.84 / 9.51 GB/s).
const cpuNoDotFloat = 0.40

// byISA picks the ARM or the x86 rate of a format.
func byISA(arm bool, armRate, x86Rate float64) float64 {
	if arm {
		return armRate
	}
	return x86Rate
}

// appleCorePrefill: Apple M-series performance cores run CPU prefill 1.43×
// the NEON figure of cpuSpeed (32 FLOPs per cycle at the nominal 3 GHz),
// which the Cortex rows of hard_cases.csv fit (Radxa Dragon Q8B
// prefill-18/19: +2 / −5 %). CPU features cannot tell the cores apart
// (both report NEON/asimd with dot products); the CPU model can ("Apple M2
// Max" is macOS's brand string). Fitted on the M2 Max rows of
// ik_llama.cpp discussion 164 (mainline build 4384, 8 threads): the median
// of measured / estimated over the 13 fitting rows (prefill-56..58, -60,
// -62, -78..80, -82..84, -86, -87) once the per-format rates above apply,
// 1.08 (Q5_0) to 1.95 (IQ4_XS), median 1.43; the held-out rows (-59, -81,
// -85) check it. Only one Apple chip has CPU-only rows: other M-series
// chips are assumed to match it per performance core.
const appleCorePrefill = 1.43

// isAppleCore reports whether the CPU model names an Apple M-series chip.
func isAppleCore(model string) bool {
	return strings.HasPrefix(strings.TrimSpace(model), "Apple M")
}

// cpuNoDotFLOPS is the prefill rate of an Arm core without the int8
// dot-product instructions (ARMv8.0: Cortex-A53/A57/A72/A73, as in a
// Raspberry Pi 3 or 4 or a Jetson Nano) relative to the 32 FLOPs a cycle
// at 3 GHz fitcheck assumes for an Arm core with them, at the clock
// cpuNoDotGHz. Such a core is slow three ways at once: llama.cpp emulates
// each SDOT with two widening multiplies and pairwise adds
// (ggml_vdotq_s32 without __ARM_FEATURE_DOTPROD), which LLVM's and
// OSACA's A57/A72 models put on one pipe (testdata/arm_cores.md); its
// Q-form FMLA takes both FP pipes, so it issues one 128-bit FMA a cycle
// where the fitted cores issue four; and these boards clock at 1.4-1.8
// GHz. The formats then run at noDotQuantPrefill's rates. Fitted on the
// three fitting rows of a Jetson Nano (4x Cortex-A57 at 1.43 GHz,
// TinyLlama Q4_K_M at b4970-b5017, hard_cases.csv prefill-1600/1602/1604):
// measured / estimated at 1 were 0.0496, 0.0531 and 0.0497, median
// 0.0497. Held out: the Nano's other two rows (+2 and +26 %). A
// Cortex-A72 takes noDotKernelCore's measured rate instead. Before the
// fifteenth stop such a core took the dot-product rate.
const cpuNoDotFLOPS = 0.0497

// armFittedPipes: the Arm rate's 32 FLOPs a cycle at 3 GHz is four 128-bit
// FMA pipes (4 × 4 lanes × 2), the Cortex-X / Neoverse-V / Apple class.
// An Arm core whose type hwprobe names (gopsutil's name for the MIDR part)
// and whose pipes testdata/arm_cores.csv sources gets its own count, and
// an Arm core whose maximum clock is known runs at that clock instead of
// 3 GHz (speed.go). Neither is fitted: with both, the fitting rows of 15
// Cortex-A76 boards (two Raspberry Pi 5 and RK3588 sources, 2.4 GHz,
// hard_cases.csv prefill-1800..1826 even ids, prefill-310) come out at a
// signed median of +11 % where they were +145 %, and the held-out rows of
// an Oracle A1 (Neoverse-N1, 2 pipes, 3.0 GHz) at -12 % where they were
// +60..+110 %; the four-pipe Neoverse-V1 (Graviton3, 2.6 GHz) and V2
// rows stay within -13..-5 % (signed medians). Apple cores keep
// appleCorePrefill and no clock (macOS reports none).
const armFittedPipes = 4

// noDotKernelCore is the core without dot products whose prefill rate
// is measured rather than fitted: the Cortex-A72 (Raspberry Pi 4, 400,
// CM4) on which llama.cpp's kernel benchmark ran vec_dot, the kernel a
// core without dot products or repacking runs for every row and column of
// a prefill matmul (ggml-cpu's mul_mat tiles them, so the operands stay in
// cache as in the benchmark): 2.38 billion weights a second per core for
// the int8 formats (noDotCoreWeights, cpu_decode.go; PR #8151). Nothing is
// fitted. The A57 keeps cpuNoDotFLOPS, fitted on a Jetson Nano: its
// 1.6 billion weights a second per core at 1.43 GHz is 0.70 of the A72's
// kernel rate, though OSACA and LLVM give the two cores the same SIMD
// pipes (testdata/arm_cores.csv). Before the sixteenth stop the A72 took
// the A57's rate, scaled by the clock: the 34 held-out rows of a Raspberry
// Pi 4 (prefill-1416..1449) came out at a median of -29 %; with the kernel
// rate at +2 % (the k-quants and 32-weight blocks +7 %, -22..+33 %), the
// F16 and i-quant rows still slow (-61..-2 %: their rates are of the
// dot-product table and the kernel benchmark's F16, noDotQuantPrefill).
const noDotKernelCore = "Cortex-A72"

// noDotKernelUnits is noDotKernelCore's rate in units of the fitted Arm
// core: two FLOPs per weight at the kernel's rate, over the fitted core's
// 32 FLOPs a cycle at 3 GHz times the CPU prefill utilisation that every
// CPU rate is divided by.
func noDotKernelUnits() float64 {
	fitted := float64(armFittedPipes*4*2) * cpuClockGHz * 1e9 * params[clsCPU].util
	return 2 * noDotCoreWeights / fitted
}

// cpuNoDotGHz is the clock cpuNoDotFLOPS was fitted at, the Jetson Nano's
// 1.43 GHz (its rows' source): a core without dot products whose clock is
// known scales from it, one whose clock is not (the Raspberry Pi 4 rows:
// 1.5 or 1.8 GHz by board revision, not stated) is taken at it.
const cpuNoDotGHz = 1.43

// cpuAttnPrefillRate is the CPU's prefill rate, relative to Q8_0, of the
// attention products (Q·Kᵀ and the weighted sum of V) over a cache of type
// kv without flash attention (with it, cpu_flash_attn.go). Their other operand is the cache, not the weights: an F16 or BF16
// cache runs ggml-cpu's float dot products whatever the weights' format,
// a quantised cache the 8-bit ones (Q8_0's rate; a cache is never
// repacked). Until the nineteenth stop they took the weights' rate, which
// made models whose attention is a large share of the work fast on the
// CPU: gemma-3-270m (four 256-wide query heads on a 640-wide model) and
// Qwen3-0.6B (2048-wide queries on a 1024-wide model) ran +14..+16 % on a
// Raspberry Pi 4 (median of their 34 rows in hard_cases.csv). Taken at the
// float rate the CPU fitting rows of group prefill go from 5.4 % to 4.9 %
// median, the held-out ones from 12.8 % to 10.3 %, with no new constant:
// scaling that float rate by 0.5-2 only worsened the fitting rows
// (README, nineteenth stop).
func (c *cpuSpeed) cpuAttnPrefillRate(kv ggmlType) float64 {
	if kv == tQ8_0 || kv == tQ4_0 {
		return 1
	}
	return cpuQuantPrefill("F16", c.isa())
}

// quantPrefill is cpuQuantPrefill for this CPU: 16-bit float weights on an
// Arm core with dot products other than Apple's take cpuFloatArmLinux, F16
// weights on one without cpuNoDotF16Weights.
func (c *cpuSpeed) quantPrefill(q string) float64 {
	u := strings.ToUpper(q)
	switch {
	case c.isa() == isaARM && !c.apple && (u == "F16" || u == "BF16"):
		return cpuFloatArmLinux
	case c.isa() == isaARMNoDot && u == "F16":
		return cpuNoDotF16Weights
	}
	return cpuQuantPrefill(q, c.isa())
}

// cpuNoDotF16Weights: F16 weights on an Arm core without dot products (a
// Cortex-A72: ARMv8.0, no FP16 arithmetic either), relative to Q8_0's
// emulated dot products. Their prompt matmuls do not run the vec_dot_f16
// that cpuNoDotFloat's 0.40 measures: ggml-cpu offers them to llamafile's
// tinyBLAS first with the activations still F32, and on NEON without FP16
// arithmetic tinyBLAS takes F16 × F32 (ggml-cpu/llamafile/sgemm.cpp,
// tinyBLAS<4, float32x4_t, float32x4_t, ggml_fp16_t, float, float>), a
// register-tiled GEMM. BF16 has no such path there and keeps 0.40, as
// attention over an F16 cache does (cpuAttnPrefillRate). Fitted in the
// twentieth stop on a Raspberry Pi 4's F16 rows (sensura-san/llm-bench,
// build 7095; hard_cases.csv prefill-1416/1900/1914, re-marked as fitting
// rows by even id, the rule of the earlier re-marked batches, after all
// five rows' errors at 0.40 were known: −23..−44 %): median |error| 14.4 /
// 10.4 / 3.7 / 5.8 % at 0.60 / 0.65 / 0.70 / 0.75. Held out: Qwen3-0.6B
// and gemma-3-270m (prefill-1433, -1907) −30 / −38 → +17 / +2 %.
const cpuNoDotF16Weights = 0.70

// cpuFloatArmLinux: F16 and BF16 weights on an Arm core with dot products
// other than Apple's, relative to Q8_0. cpuFloatPrefill's 0.53 is an M2
// Max's, whose macOS build hands 16-bit float matmuls to Accelerate;
// elsewhere ggml-cpu multiplies them itself, and a RK3588 (Cortex-A76 and
// A55, build 9568, gregordinary/rockchip-npu-notes) prefilled F16 files
// about 1.47x faster than 0.53 gave. Fitted on that source's four fitting
// rows (hard_cases.csv prefill-2242/2244/2246/2248: Ministral-3-3B and
// Qwen3.5-9B at pp512 and pp1024; split by id parity before any estimate):
// median |error| 6.5 / 2.7 / 5.7 % at 0.74 / 0.78 / 0.82. Held out: the
// same board's Llama-3.2-3B and Phi-4-mini rows −28..−32 → −5..+3 %, and
// gemma-3-1b F16 on another RK3588 build (prefill-1815) −42 → −15 %.
// Attention over an F16 cache keeps cpuFloatPrefill (cpuAttnPrefillRate):
// on a Pi 4 the two float paths measure apart (README, nineteenth stop).
const cpuFloatArmLinux = 0.78
