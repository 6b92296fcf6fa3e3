package estimate

// deltaNetPrefillFlops is the prefill cost of a gated delta-net layer
// (Qwen3-Next, Qwen3.5, Qwen3.6) beyond its projections, in FLOPs per token
// and element of its delta-rule state (plan.deltaState = key head dim ×
// value dim, summed over value heads), charged at the device's prefill
// rate. llama.cpp runs the layer's recurrence chunk by chunk (64 tokens):
// within a chunk a causal key-key and query-key product, a triangular
// solve and the state read and update, small kernels that reach a fraction
// of the matmul rate. Without it every Qwen3.5/3.6 row of hard_cases.csv
// came out fast (quantised: +11 to +25 % on Strix Halo under Vulkan and
// ROCm, except Qwen3.6-27B Q8_0 under ROCm), and the gap per recurrent
// layer and ubatch grew with the state size, not with the layer's
// parameters: about 3.3, 5.8 and 7.9 ms for the 0.5, 0.8 and 1.0 M-element
// states of the 35B-A3B, 27B and 122B-A10B under Vulkan. A grid over {0,
// 64, 96, 128, 160, 192, 256}, scored on the fitting rows of the Qwen3.5/3.6
// models (prefill-11, -25, -26, -27, -29, -30, -31; -12, -24 and -28 are
// held out), was lowest at 160 (median 17.5 % → 3.7 %); 128-192 are within
// a point on the prefill group's fitting rows. Only Strix Halo rows exist
// for these models, so the value carries the igpu U. Mamba-2 layers
// (Nemotron-H, Granite 4.0-H) run llama.cpp's ssm_scan kernel instead and
// are not charged.
const deltaNetPrefillFlops = 160.0

// cudaDeltaNetPrefillFlops: the same cost under CUDA. There llama.cpp runs
// the recurrence as its fused GATED_DELTA_NET op (PR #19504, Feb 2026): the
// decode kernel looped over the ubatch's tokens one after another, state in
// registers, no chunked matmuls, so it reaches a far smaller share of a
// tensor-core GPU's matmul rate than the chunked graph does on Strix Halo.
//   - Lower bound, the op alone: PR #22587's kernel microbenchmark on an RTX
//     5090 (Qwen3.5-9B's shape: S_v 128, 16 key and 32 value heads) takes
//     279.6 µs a layer at 512 tokens on master, 307 FLOPs per state element
//     and token at fitcheck's prefill rate for that card
//     (TestCUDADeltaNetFlopsBound recomputes it).
//   - The layer's other small kernels (conv, norms, gates) come on top.
//     Fitted jointly with cudaExpertHalfRows (prefill_fits.go) on the CUDA
//     fitting rows of group prefill whose estimate depends on either (19
//     rows: dense and MoE gated-delta-net hybrids, transformer MoE models,
//     whole model on the GPU), median |error| over {160, 240, 320, 400,
//     480} × {100, 150, 200} and {560, 640} × {150, 200}: lowest at (400,
//     150), 6.2 %
//     (160/200, the old pair: 11.8 %; 307/150: 11.2 %). A finer look
//     found 440/125 at 6.1 %, the same within the 19 rows' noise and with
//     a worse mean |error| (24.9 against 21.1 %): (400, 150) kept.
//     The RTX 4070 Laptop rows (prefill-320..361, all held out) moved from
//     a median of 14.5 % to 4.0 %. With the Q6_K factor of
//     gpu_quant_prefill.go, fitted afterwards, (480, 125) has the lower
//     median on those 19 rows (4.2 against 9.1 %), (400, 150) on all 32
//     CUDA fitting rows (9.7 against 10.4 %): kept.
//
// ROCm builds compile the same kernel; their Strix Halo rows were fitted
// with deltaNetPrefillFlops and keep it.
const cudaDeltaNetPrefillFlops = 400.0

// deltaNetFlops is deltaNetPrefillFlops for a backend.
func deltaNetFlops(backend string) float64 {
	if backend == "cuda" {
		return cudaDeltaNetPrefillFlops
	}
	return deltaNetPrefillFlops
}

// gdnRateFactor scales cudaDeltaNetPrefillFlops for the first device d. The
// fused op is a token-by-token scan with its state in registers, fmaf on
// CUDA cores, no tensor cores (ggml-cuda gated_delta_net.cu), so its rate
// follows a card's FP32 peak, while fitcheck's prefill rate is U × the
// tensor peak. The constant above was fitted on GeForce cards, whose tensor
// peak with FP32 accumulate is twice their FP32 peak (NVIDIA's whitepapers:
// RTX 4090 165.2 and 82.6 TFLOPS, RTX 3090 71 and 35.6; testdata/gpu_fp32.csv),
// so there the op runs at 2·U_consumer × FP32. A card whose tensor rate
// outruns its CUDA cores further (an H100 SXM: U × 989 against 67 FP32) or
// less (Pascal, GTX 16) gets the op at that same multiple of its own FP32
// peak. 1 off CUDA and where the FP32 peak is not known.
func gdnRateFactor(d *devSpeed) float64 {
	if d == nil || d.backend != "cuda" {
		return 1
	}
	if d.fp32 <= 0 || d.flops <= 0 {
		return 1
	}
	return params[d.cls].util * d.flops / (2 * params[clsCUDAConsumer].util * d.fp32)
}

// unfusedGDNPrefill: what a gated delta-net layer added to a prompt token
// under CUDA, per value head, in llama.cpp builds before b8299. Until PR
// #20340 (merged as b8299, with the CUDA kernel rework #20391) the fused
// GATED_DELTA_NET op ran decode only; prompts went through the unfused
// graph of small ops (testdata/gdn_build_step.md). jiegec/kb's RTX 4090
// ran the same llama-bench pp1024 before and after (b8286, b8396): every
// Qwen3.5 model gained a time per token that does not change with depth
// and is about proportional to its recurrent layers × value heads, while
// a model without them (GLM-4.7-Flash) stayed flat. Fitted on the rows of
// builds 8148-8286 of that series re-marked as fitting rows in the
// twentieth stop (hard_cases.csv prefill-900..908 and -940..944, even ids;
// the odd ones stay held out): median |error| 9.8 / 6.5 / 3.4 / 1.0 / 2.8 %
// at 15 / 20 / 25 / 30 / 35 ns (the b8286 → b8396 pairs of the same host
// imply 22-31 ns). Held out, the six odd rows go from +17..+21 % to
// −1.3..+0.9 %. Measured on one RTX 4090 only: other CUDA cards take the
// same time, and other backends none (Metal's pair of that series,
// prefill-945/946, moved 6 %, not modelled).
const unfusedGDNPrefill = 30e-9

// unfusedGDNTime is the time layers [lo, hi) add to a prefill of P tokens
// on device ds in a build before the fused GDN prefill.
func (r *run) unfusedGDNTime(ds *devSpeed, lo, hi int, P float64) float64 {
	p := r.p
	if ds.backend != "cuda" || p.deltaHeads == 0 || !r.s.before(r.s.UnfusedGDNPrefill) {
		return 0
	}
	var layers int64
	for k := range p.kinds {
		if p.kinds[k].attn == attnRecurrent {
			layers += p.kindCount(k, lo, hi)
		}
	}
	return float64(layers*p.deltaHeads) * P * unfusedGDNPrefill
}
