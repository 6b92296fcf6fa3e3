package estimate

import (
	"math"
	"strings"
)

// vLLM memory model, as vLLM 0.10-0.14 (V1 engine) starts
// (docs/estimation.md §7; gpu_worker determine_available_memory): each
// rank may use gpu_memory_utilization × the total CUDA reports; the
// weights (÷ tensor parallel size, MXFP4 experts as the kernels pad them),
// the peak of the profiling run (activations of max_num_batched_tokens
// tokens and the dummy sampler run over max_num_seqs rows of logits) and
// non-torch memory (CUDA context, cuBLAS, NCCL) come off it; the rest is
// the paged KV pool (v1 kv_cache_utils: page = 2 × block 16 × kv heads per
// rank × head size × dtype). Max concurrency = pool tokens / max_model_len.
// Every constant below is checked against published startup logs in
// testdata/hard_cases.csv (group vllm_memory).

const (
	vllmBlock = 16
	vllmHost  = 2 << 30 // the Python engine process
	// cudaHidden: CUDA reports less total memory than nvidia-smi lists:
	// 23.58 GiB on a 24576 MiB RTX 3090 (vllm#10517 log; club-3090#32
	// nvidia-smi), 79.10 GiB on an 81559 MiB H100 (vllm PR #10927 log;
	// TGI#2572 nvidia-smi): 0.42 and 0.55 GiB.
	cudaHidden = 450 * mib
	// vllmNonTorch: CUDA context, cuBLAS workspaces: non_torch_memory=0.35GiB
	// on one RTX 3090 (vllm#10517).
	vllmNonTorch = 350 * mib
	// vllmSamplerBytes: the dummy sampler run (V1 gpu_model_runner
	// _dummy_sampler_run, over the rows of the profiling _dummy_run:
	// num_reqs = min(num_tokens, max_num_seqs)) holds per row and vocabulary entry the bf16 logits, their fp32
	// copy, the sorted copy and its int64 indices, probabilities, their
	// cumulative sum and the sampling noise: up to 2+4+4+8+4+4+4+4 = 34
	// bytes, with the fp32 logits of the forward pass (4 more) still held.
	// It runs after the forward pass has freed its activations, so the
	// profiling peak is the larger of the two, not their sum. Fitted on
	// three V1 logs, the bytes per entry that each one's KV pool implies
	// are 38.5 (gpt-oss-120b, 1024 rows at mnbt 1024, vllm#27508), 37.4
	// (gpt-oss-120b at the default 8192, vllm#23278: -2.14 GiB) and 39.7
	// (Qwen3-235B-A22B-FP8 TP 4, vllm#21348): 38.5 is their mean. Out of
	// sample, the llm-d H100 study (hard_cases vllm_memory-29..53, vLLM
	// 0.11) logs peaks of 38.4-38.9 bytes a row and entry for Qwen3-0.6B,
	// Qwen3-32B, Llama-3.1-8B and gpt-oss-20b, whose forward activations
	// range from 0.2 to 1.4 GiB. (Until this stop the two were added, at
	// 35 bytes, which charged Qwen3-32B 0.8 GiB too much.)
	vllmSamplerBytes = 38.5
)

// vllmDefaults are vLLM's serve defaults for max_num_batched_tokens and
// max_num_seqs (engine/arg_utils.py get_batch_defaults): 8192 and 1024 on
// GPUs with at least 70 GiB that are not A100s, else 2048 and 256.
func vllmDefaults(d *Device) (batched, seqs int64) {
	if float64(d.TotalBytes) >= 70*(1<<30) && !strings.Contains(strings.ToUpper(d.Name), "A100") {
		return 8192, 1024
	}
	return 2048, 256
}

// vllmActivation is the profiling run's activation peak per rank: per
// batched token the FFN's gate/up output, its activation and the hidden
// states (2 bytes each) — dense 3·I/tp + 3·e, MoE per routed expert
// 3·I_e/tp + e (the fused-MoE intermediate caches) plus 3·e. On one RTX 3090
// Llama-3.1-8B peaks 2.07 GiB over its weights at 20000 tokens and 2.99 at
// 29000: 107 KB per token, this formula 110.6 (vllm#10517).
func (r *run) vllmActivation(batched int64, tp int64) int64 {
	p := r.p
	perTok := 3 * p.e
	if m := p.a.MoE; m != nil && m.ExpertsPerToken > 0 {
		perTok += int64(m.ExpertsPerToken) * (3*int64(m.ExpertFFN)/tp + p.e)
		if m.SharedExperts > 0 {
			sw := int64(m.ExpertFFN)
			if m.SharedExpertFFN > 0 {
				sw = int64(m.SharedExpertFFN)
			}
			perTok += 3 * sw * int64(m.SharedExperts) / tp
		}
	} else {
		perTok += 3 * int64(p.a.IntermediateSize) / tp
	}
	return batched * 2 * perTok
}

// vllmMXFP4Padding is the extra bytes per rank of MXFP4 expert weights as
// vLLM lays them out for its Marlin/Triton MoE kernels on GPUs without FP4
// tensor cores: the intermediate size per rank padded to a multiple of
// 128, the hidden size to 256 (Mxfp4MoEMethod.create_weights). For
// gpt-oss-120b on one H100 this gives 65.8 GiB; the log says 65.97
// (vllm#23278).
func (r *run) vllmMXFP4Padding(tp int64) int64 {
	m := r.p.a.MoE
	if m == nil || r.p.moeLayers == 0 {
		return 0
	}
	pad := func(x, k int64) int64 { return (x + k - 1) / k * k }
	I, H := int64(m.ExpertFFN)/tp, r.p.e
	Ip, Hp := pad(I, 128), pad(H, 256)
	per := func(i, h int64) int64 { // w13 + w2 with 1/32 scales and bf16 biases
		return 2*i*h/2 + 2*i*h/32 + 2*i*2 + h*i/2 + h*i/32 + h*2
	}
	return int64(r.p.moeLayers) * int64(m.Experts) * (per(Ip, Hp) - per(I, H))
}

// tensorParallel is the largest power of two ≤ the GPU count that divides
// the attention heads (vLLM requires num_attention_heads % tp == 0).
func (r *run) tensorParallel() int {
	n := len(r.devs)
	tp := 1
	for tp*2 <= n && (r.p.heads <= 0 || r.p.heads%int64(tp*2) == 0) {
		tp *= 2
	}
	if n == 0 {
		return 0
	}
	return tp
}

// vllmKV: bytes per token per rank of each layer kind, and the fixed
// per-sequence state of recurrent layers.
func (r *run) vllmKV(tp int) (perTok [4]int64, state int64) {
	p := r.p
	dt := int64(2) // model dtype (auto)
	if r.s.KVType == "q8_0" {
		dt = 1 // fp8
	}
	kvh := p.kvHeads / int64(tp)
	if kvh < 1 {
		kvh = 1 // replicated when kv heads < tp
	}
	perTok[attnFull] = 2 * kvh * p.headDim * dt
	perTok[attnSWA] = perTok[attnFull]
	if p.globalHeadDim > 0 {
		gh := max(p.globalKVHeads/int64(tp), 1)
		perTok[attnFull] = 2 * gh * p.globalHeadDim * dt
	}
	if p.comp.on() {
		// DeepSeek-V4's window: one K=V row, 584 B in fp8_ds_mla.
		perTok[attnSWA] = 2 * p.headDim
		if dt == 1 {
			perTok[attnSWA] = vllmDSV4FP8Row
		}
	}
	perTok[attnMLA] = p.kvK[attnMLA] * dt // one latent, replicated per rank
	state = p.recurrentF32 * 4 * int64(p.counts[attnRecurrent]) / int64(tp)
	return
}

// vllmRequest is the KV one sequence of c tokens needs per rank, as vLLM's
// scheduler admits it (v1/kv_cache_interface.py max_memory_usage_bytes):
// full-attention layers hold c tokens; sliding-window layers hold
// min(window − 1 + max_num_batched_tokens, c) tokens plus one block, since
// a prefill chunk is written before the window slides — so at the default
// 8192 batched tokens a window of 128 costs as much as 8k of context.
func (r *run) vllmRequest(c, batched int64, perTok [4]int64, state int64) int64 {
	p := r.p
	full := padTo(c, vllmBlock)
	b := int64(p.counts[attnFull])*full*perTok[attnFull] + int64(p.counts[attnMLA])*full*perTok[attnMLA]
	if p.counts[attnSWA] > 0 {
		swa := min64(p.window-1+batched, c)
		swa = padTo(swa, vllmBlock) + vllmBlock
		b += int64(p.counts[attnSWA]) * swa * perTok[attnSWA]
	}
	if p.comp.on() {
		fp8 := r.s.KVType == "q8_0"
		b += p.comp.vllmBytes(c, fp8, p.headDim) + p.comp.vllmStateBytes(c, batched, fp8, p.headDim)
	}
	return b + state
}

func (r *run) estimateVLLM(qi int) Result {
	p := r.p
	q := &quantTable[qi]
	w := *r.entry.weightsFor(qi, true, false, false)
	res := Result{
		Quant:       q.Name,
		Engine:      EngineVLLM,
		QualityRank: qualityRank(*q, p.m),
		FileBytes:   w.file,
		TotalLayers: p.nLayer,
		MaxModelLen: r.s.Context,
		Context:     r.s.Context,
		KVCacheType: map[bool]string{true: "fp8", false: "auto"}[r.s.KVType == "q8_0"],
		Verdict:     VerdictNo,
	}
	if p.totalParams > 0 {
		res.BitsPerWeight = float64(w.file) * 8 / float64(p.totalParams)
	}
	tp := r.tensorParallel()
	res.TensorParallel = tp
	if tp == 0 {
		return res
	}
	// The smallest per-rank budget of the ranks used: utilisation × the
	// total CUDA reports. vLLM refuses to start when a rank has less free
	// memory than that.
	budget := int64(math.MaxInt64)
	startable := true
	for d := 0; d < tp; d++ {
		dv := &r.hw.GPUs[d]
		total := dv.TotalBytes
		if total <= 0 {
			total = dv.MemoryBytes
		}
		b := int64(r.s.GPUMemoryUtilization * float64(max64(total-cudaHidden, 0)))
		if dv.MemoryBytes < b {
			startable = false
		}
		if b < budget {
			budget = b
		}
	}
	t := int64(tp)
	batched, seqs := vllmDefaults(&r.hw.GPUs[0])
	if r.s.MaxNumBatchedTokens > 0 {
		batched = int64(r.s.MaxNumBatchedTokens)
	}
	if r.s.Parallel > 1 {
		seqs = int64(r.s.Parallel) // --max-num-seqs (EngineArgs)
	}
	wRank := w.file / t
	if q.ftype == ftMXFP4_MOE || q.ftype == ftServeMXFP4 {
		wRank += r.vllmMXFP4Padding(t)
	}
	act := r.vllmActivation(batched, t)
	switch rows := min64(seqs, batched); {
	case r.s.VLLMV0:
	case r.s.VLLMFlashInferSampler:
		// FlashInfer's top-k/top-p kernels sample from the fp32 logits
		// without sorted copies, after the forward pass has freed its
		// activations: Qwen2-7B on A100s at max_num_seqs 256 logs no room
		// beyond the activations and non-torch memory (hard_cases
		// vllm_memory-15, -19), where the run that fell back to the native
		// sampler needs 0.95 GiB more (vllm_memory-22: ~26 B per row and
		// vocabulary entry, below the 38.5 fitted above, which also counts
		// the forward pass's fp32 logits).
		act = max64(act, rows*p.vocab*4)
	default:
		act = max64(act, int64(float64(rows*p.vocab)*vllmSamplerBytes))
	}
	non := int64(vllmNonTorch)
	if tp > 1 {
		non += vllmTPBuffers(interconnect(r.hw))
	}
	pool := budget - wRank - act - non
	res.vllmPool = pool
	perTok, state := r.vllmKV(tp)
	need := r.vllmRequest(int64(r.s.Context), batched, perTok, state)
	res.WeightsBytes = wRank * t
	res.ComputeBytes = act * t
	res.OverheadBytes = non*t + vllmHost
	res.RAMBytes = vllmHost
	res.DeviceBytes = make([]int64, len(r.devs))
	res.TensorSplit = make([]int, len(r.devs))
	if pool > 0 {
		res.KVCacheBytes = pool * t
		res.MaxConcurrency = float64(pool) / float64(need)
	}
	for d := 0; d < tp; d++ {
		res.DeviceBytes[d] = budget
		res.TensorSplit[d] = p.nLayer
		res.GPUBytes += budget
	}
	res.TotalBytes = res.GPUBytes + res.RAMBytes
	if pool < need || !startable || (!r.hw.RAMUnknown && vllmHost > r.hw.RAMBytes) {
		// Does not fit: report what it would need (weights, activations,
		// overhead and one sequence's KV cache per rank), not the pool
		// vLLM would have reserved.
		perRank := wRank + act + non + need
		res.GPUBytes, res.KVCacheBytes, res.MaxConcurrency = 0, need*t, 0
		for d := 0; d < tp; d++ {
			res.DeviceBytes[d] = perRank
			res.GPUBytes += perRank
		}
		res.TotalBytes = res.GPUBytes + res.RAMBytes
		return res
	}
	res.Verdict = VerdictGPU
	res.GPULayers = p.nLayer

	// MaxContext: the largest c whose request fits the pool.
	upper := int64(p.a.ContextLength)
	if upper <= 0 {
		upper = int64(r.s.Context)
	}
	lo, hi := int64(r.s.Context), upper
	if r.vllmRequest(hi, batched, perTok, state) <= pool {
		lo = hi
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if r.vllmRequest(mid, batched, perTok, state) <= pool {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	res.MaxContext = int(lo)

	// Speed: each rank streams 1/tp of the weights, but every layer costs
	// its kernels' latency and, with tensor parallelism, two all-reduces
	// (vllm_tp.go).
	ds := &r.devs[0]
	res.vllmStep = r.vllmDecodeStep(&w, tp)
	td := res.vllmStep.time()
	res.DecodeTPS = 1 / td
	res.DecodeTPSLow = res.DecodeTPS * (1 - vllmBand)
	res.DecodeTPSHigh = res.DecodeTPS * (1 + vllmBand)
	P := float64(max(r.s.PromptTokens, 1))
	flops := 2 * float64(p.activeParams) * P
	for k := attnFull; k <= attnMLA; k++ {
		flops += float64(p.pairFlopsOf(k)) * sumMinCtxFrom(int64(r.s.CachedTokens), int64(P), k, p.window) * float64(p.counts[k])
	}
	flops += p.comp.prefillFlopsFrom(int64(r.s.CachedTokens), int64(P), p.pairFlops, false) // FlashMLA sparse: the picked rows only
	tpre := flops / (vllmUtil * (1 + ds.powerGain) * ds.flops * float64(tp))
	res.PrefillTPS = P / tpre
	res.TTFTSeconds = tpre + td
	res.Basis = res.vllmStep.basis(ds.name) + "; prefill " + fmtF(ds.flops/1e12, 0) + " TFLOPS x " + fmtF(vllmUtil, 2) + " (not calibrated)" + ds.powerBasis
	return res
}
