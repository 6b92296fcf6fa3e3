package estimate

// Flash attention over wide heads on Intel under Vulkan.
//
// On an Arc Pro B70 (llama.cpp build 9039, Mesa ANV, KHR_coopmat;
// kyuz0/intel-b70-ai-toolboxes@8892644 long-context llama-bench logs),
// Gemma 4 runs 10-15× slower at 16k cached tokens than the same files
// under SYCL on the same card, while gpt-oss-20b and Qwen3.6 of the same
// build and logs run at the Intel Vulkan rates of vendor.go. What sets
// Gemma 4 apart is its global layers' head size, 512 (every other model
// there has 64-256). Spread over those layers' attention FLOPs, both
// Gemma 4 models of the logs need the same rate, in prompt processing
// and in decode, which a cost of the global layers' attention predicts
// and a cost of the model as a whole does not:
//
//	                            gemma-4-26B-A4B   gemma-4-31B
//	pp2048 @ d16384 (prefill)     0.14 TFLOPS      0.14 TFLOPS
//	tg32 @ d16384 (decode)        0.08 TFLOPS      0.10 TFLOPS
//
// against 2.6 TFLOPS (prefill, intelVulkanFAPrefill) and 0.32 (decode)
// for the heads of up to 256 of the other models. Why the shader is this
// slow at 512 on Intel is not established from the sources (the
// accumulators of a 512-wide row spilling out of registers would do it).
//
// Fitted on the 26B's rows (hard_cases.csv prefill-2036 and
// backend_vendor_decode-968), held out on the 31B's (prefill-2037,
// backend_vendor_decode-969), split before any estimate by model; see
// intelWideFAPrefill and intelWideFADecode for the grids.
//
// The rates apply to all the attention of those layers, a prompt's own
// keys included: it is the same kernel. MLA layers (key 576, value 512)
// are left out: no Intel Vulkan row has one, and their kernel path
// (asymmetric heads) differs.
//
// Windows is left out too. Both Gemma 4 logs are Linux (Mesa ANV, whose
// shader compiler is not Windows' driver's), and the one Windows row
// with a head of 512, gemma-4-31B pp512 on an Arc 140T with an August
// 2026 build (prefill-1969, held out), is 21 % faster than fitcheck
// without these rates and 43 % faster with them. That row decided this
// scope after it was seen, so it no longer checks it.
const wideHeadFA = 256 // head sizes above this run at the wide rates

// faKeyHead is the head size flash attention runs over in the layers of
// kind k; 0 for kinds it does not run on and for MLA (see above).
func (p *plan) faKeyHead(k attnKind) int64 {
	switch k {
	case attnFull:
		if p.globalHeadDim > 0 {
			return p.globalHeadDim
		}
		return p.headDim
	case attnSWA:
		return p.headDim
	}
	return 0
}

// wideFA reports whether layers of kind k run the wide-head rates on
// vendor ve with flash attention on, under host OS os.
func (p *plan) wideFA(k attnKind, ve *vendorEff, flash bool, os string) bool {
	return flash && ve != nil && ve.wideFAPrefill > 0 && os != OSWindows && p.faKeyHead(k) > wideHeadFA
}

// intelWideFAPrefill: flash attention of wide heads in prompt processing,
// 0.0008 of the FP16 (XMX) peak, 0.147 TFLOPS on an Arc Pro B70. Grid
// over {0.0005 .. 0.0012} by 0.0001 on the fitting rows it moves
// (prefill-2036 at 16k cached tokens; prefill-204 and -205, pp512 at
// depth 0, whose global layers attend to the prompt's own keys): median
// |error| 12.9 / 5.6 / 10.6 % at 0.0007 / 0.0008 / 0.0009. Held out,
// gemma-4-31B at 16k (prefill-2037): +1038 % → +1.8 %. The depth-0 rows:
// 26B +7 → −20 %, 31B +40 → −6 %.
const intelWideFAPrefill = 0.0008

// intelWideFADecode: decode attention of wide heads, 0.083 TFLOPS on the
// same card (the 26B's tg32 at 16k, backend_vendor_decode-968: +64 % →
// 0 %; grid over {0.06 .. 0.12} TFLOPS). Held out, the 31B
// (backend_vendor_decode-969): +52 % → −9.5 %.
const intelWideFADecode = 0.083e12
