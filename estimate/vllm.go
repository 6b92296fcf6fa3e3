package estimate

import "math"

// vLLM memory model (docs/estimation.md §7): each rank may use
// gpu_memory_utilization × total memory; weights (÷ tensor parallel size),
// the activation peak of the profiling run and non-torch memory (CUDA
// context, NCCL, CUDA graphs) come off it, the rest is the paged KV pool
// (v1 kv_cache_utils: page = 2 × block 16 × kv heads per rank × head size ×
// dtype). Max concurrency = pool tokens / max_model_len.

const (
	vllmBatchTokens = 2048    // max_num_batched_tokens profiled (vLLM v1 default for online serving)
	vllmSamplerSeqs = 256     // max_num_seqs: the sampler warm-up holds logits for all of them
	vllmNonTorch    = 1 << 30 // CUDA context, cuBLAS workspace and CUDA graphs per rank
	vllmNCCL        = 512 * mib
	vllmHost        = 2 << 30 // the Python engine process
	vllmBlock       = 16
)

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
	perTok[attnMLA] = p.kvK[attnMLA] * dt // one latent, replicated per rank
	state = p.recurrentF32 * 4 * int64(p.counts[attnRecurrent]) / int64(tp)
	return
}

// vllmRequest is the KV one sequence of c tokens needs per rank (sliding
// window layers keep only the window: v1 hybrid KV cache manager).
func (r *run) vllmRequest(c int64, perTok [4]int64, state int64) int64 {
	p := r.p
	c = padTo(c, vllmBlock)
	b := int64(p.counts[attnFull])*c*perTok[attnFull] + int64(p.counts[attnMLA])*c*perTok[attnMLA]
	if p.counts[attnSWA] > 0 {
		b += int64(p.counts[attnSWA]) * min64(c, padTo(p.window, vllmBlock)) * perTok[attnSWA]
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
	// The smallest per-rank budget of the ranks used.
	budget := int64(math.MaxInt64)
	for d := 0; d < tp; d++ {
		dv := &r.hw.GPUs[d]
		b := dv.MemoryBytes
		if dv.TotalBytes > 0 {
			if u := int64(r.s.GPUMemoryUtilization * float64(dv.TotalBytes)); u < b {
				b = u
			}
		} else {
			b = int64(r.s.GPUMemoryUtilization * float64(b))
		}
		if b < budget {
			budget = b
		}
	}
	t := int64(tp)
	wRank := w.file / t
	act := vllmBatchTokens*(2*(2*p.e+p.qDim+2*p.kvHeads*p.headDim)+4*p.ffnAct)/t + vllmSamplerSeqs*p.vocab*4
	non := int64(vllmNonTorch)
	if tp > 1 {
		non += vllmNCCL
	}
	pool := budget - wRank - act - non
	perTok, state := r.vllmKV(tp)
	need := r.vllmRequest(int64(r.s.Context), perTok, state)
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
	if pool < need || (!r.hw.RAMUnknown && vllmHost > r.hw.RAMBytes) {
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
	if r.vllmRequest(hi, perTok, state) <= pool {
		lo = hi
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if r.vllmRequest(mid, perTok, state) <= pool {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	res.MaxContext = int(lo)

	// Speed: tensor parallelism adds bandwidth (each rank streams 1/tp of
	// the weights) minus two all-reduces per layer.
	ds := &r.devs[0]
	depth := int64(r.s.PromptTokens)
	active := float64(w.cumActive[p.nLayer] + w.output)
	var kvRead float64
	for k := attnFull; k <= attnRecurrent; k++ {
		kvRead += float64(int64(p.counts[k]) * r.kvReadKind(k, depth))
	}
	bytes := (active + kvRead) / float64(tp)
	td := bytes/(vllmEta*ds.bw*1e9) + vllmTokenLatency
	if tp > 1 {
		td += 2 * float64(p.nLayer) * allReduceLatency
	}
	res.DecodeTPS = 1 / td
	res.DecodeTPSLow = res.DecodeTPS * (1 - vllmBand)
	res.DecodeTPSHigh = res.DecodeTPS * (1 + vllmBand)
	P := float64(max(r.s.PromptTokens, 1))
	flops := 2 * float64(p.activeParams) * P
	for k := attnFull; k <= attnMLA; k++ {
		flops += float64(p.pairFlops) * sumMinCtx(int64(P), k, p.window) * float64(p.counts[k])
	}
	tpre := flops / (vllmUtil * ds.flops * float64(tp))
	res.PrefillTPS = P / tpre
	res.TTFTSeconds = tpre + td
	res.Basis = ds.name + " " + fmtF(ds.bw, 0) + " GB/s x " + fmtF(vllmEta, 2) + " x TP" + fmtF(float64(tp), 0) +
		" + " + fmtF(vllmTokenLatency*1e3, 1) + " ms/token; prefill " + fmtF(ds.flops/1e12, 0) + " TFLOPS x " + fmtF(vllmUtil, 2) + " (vLLM constants not calibrated)"
	return res
}
