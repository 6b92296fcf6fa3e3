package estimate

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
)

// machine is the hardware as the estimator sees it: device classes,
// budgets, layer split and the basis strings. It depends on the hardware
// only, so pooled scratch keeps it while the hardware does not change.
type machine struct {
	gpus     []Device // copy of the hardware it was built for
	features []string
	ramBW    float64
	cores    int

	devs   []devSpeed
	budget []int64 // per device: its memory less llama.cpp's --fit margin (discrete GPUs)
	free   []int64 // per device: its memory (a user-set -ngl / --n-cpu-moe turns --fit off)
	// unifiedCap: on a unified-memory machine everything (GPU share and
	// host part) comes from one pool, of which the OS keeps what is
	// outside the device's share (hwprobe: RAM − 5 GiB on a Mac): moving
	// layers to the CPU frees nothing there. 0 = no unified device.
	unifiedCap int64
	overhead   []int64
	split      []float64 // cumulative --tensor-split fractions
	cpu        cpuSpeed
	// Basis strings: the tail (latency and prefill) per main device, and
	// the whole string of the common case of one GPU holding everything.
	tail, whole []string
	cpuTail     string
}

func (mc *machine) matches(hw *Hardware) bool {
	if mc.devs == nil && len(hw.GPUs) > 0 || len(mc.gpus) != len(hw.GPUs) || len(mc.features) != len(hw.CPUFeatures) ||
		mc.ramBW != ramPeakGBps(hw) || mc.cores != hw.CPUCores {
		return false
	}
	for i := range mc.gpus {
		if mc.gpus[i] != hw.GPUs[i] {
			return false
		}
	}
	for i := range mc.features {
		if mc.features[i] != hw.CPUFeatures[i] {
			return false
		}
	}
	return mc.cpuTail != ""
}

func (mc *machine) set(hw *Hardware) {
	if mc.matches(hw) {
		return
	}
	nd := len(hw.GPUs)
	mc.gpus = append(mc.gpus[:0], hw.GPUs...)
	mc.features = append(mc.features[:0], hw.CPUFeatures...)
	mc.ramBW, mc.cores = ramPeakGBps(hw), hw.CPUCores
	mc.devs = make([]devSpeed, nd)
	mc.budget = make([]int64, nd)
	mc.free = make([]int64, nd)
	mc.overhead = make([]int64, nd)
	mc.split = make([]float64, nd)
	mc.unifiedCap = 0
	mc.tail = make([]string, nd)
	mc.whole = make([]string, nd)
	var free float64
	for i := range hw.GPUs {
		d := &hw.GPUs[i]
		mc.devs[i] = newDevSpeed(d)
		mc.free[i] = max64(d.MemoryBytes, 0)
		mc.budget[i] = max64(d.MemoryBytes-fitMargin, 0)
		if d.Unified {
			// The OS reserve is already outside a unified device's share.
			mc.budget[i] = mc.free[i]
			mc.unifiedCap += mc.free[i]
		}
		mc.overhead[i] = deviceOverhead(d.Backend)
		free += float64(max64(d.MemoryBytes, 0))
	}
	var acc float64
	for i := range hw.GPUs {
		if free > 0 {
			acc += float64(max64(hw.GPUs[i].MemoryBytes, 0)) / free
		} else {
			acc = float64(i+1) / float64(nd)
		}
		mc.split[i] = acc
	}
	if nd > 0 {
		mc.split[nd-1] = 1
	}
	mc.cpu = newCPUSpeed(hw)
	for i := range mc.devs {
		ds := &mc.devs[i]
		// The per-token cost of a current build (legacy-build estimates,
		// the calibration tables', use ds.t0 alone; their basis is not read).
		mc.tail[i] = " + " + fmtF(ds.t0*currentLatencyFactor(mc.devs, i)*1e3, 1) + " ms/token per 32 layers; prefill " +
			fmtF(ds.flops/1e12, 0) + " TFLOPS x " + fmtF(params[ds.cls].util, 2) + ds.powerBasis
		mc.whole[i] = ds.basisBW + mc.tail[i]
	}
	mc.cpuTail = " + " + fmtF(tokenLatency["cpu"]*1e3, 1) + " ms/token per 32 layers; prefill CPU " +
		fmtF(mc.cpu.flops/1e9, 0) + " GFLOPS x " + fmtF(params[clsCPU].util, 2)
	mc.cpuTail += mc.cpu.note
}

// run is one model on one machine with one set of settings: everything
// that does not depend on the quantization, computed once per model.
type run struct {
	*machine
	budget    []int64 // the device budgets this run places against
	entry     *cacheEntry
	p         *plan
	hw        *Hardware
	s         Settings
	kv        kvShape
	g         graph
	tk, tv    ggmlType
	vision    int64
	tokenizer int64
	imatrix   bool
	pl, tmp   placement
	cand      [2]placement // MoE placement candidates (bestMoEPlacement)

	devArena   []int64 // DeviceBytes of the results
	splitArena []int   // TensorSplit of the results
}

// scratch is what one estimation call needs; an Estimator pools them.
type scratch struct {
	run  run
	mach machine
}

// normalize fills defaults for zero values and rejects nonsense.
func normalize(s Settings) (Settings, error) {
	s.Engine = strings.ToLower(strings.TrimSpace(s.Engine))
	switch s.Engine {
	case "", "llama.cpp", "llamacpp", "llama-cpp", "ollama", "lmstudio":
		s.Engine = EngineLlamaCpp
	case EngineVLLM:
	default:
		return s, fmt.Errorf("unknown engine %q (llama.cpp or vllm)", s.Engine)
	}
	s.KVType = strings.ToLower(strings.TrimSpace(s.KVType))
	if s.KVType == "" {
		s.KVType = "f16"
	}
	if !ValidKVType(s.KVType) {
		return s, fmt.Errorf("unknown KV cache type %q (f16, q8_0, q4_0)", s.KVType)
	}
	if s.Engine == EngineVLLM && s.KVType == "q4_0" {
		return s, errors.New("vLLM has no q4_0 KV cache (use f16 or q8_0 for fp8)")
	}
	if s.Context <= 0 || s.Context > 1<<24 {
		return s, fmt.Errorf("context %d out of range", s.Context)
	}
	if s.PromptTokens < 0 || s.PromptTokens > s.Context {
		return s, fmt.Errorf("prompt tokens %d out of range [0, context %d]", s.PromptTokens, s.Context)
	}
	if s.CachedTokens < 0 || s.CachedTokens > s.Context-s.PromptTokens {
		return s, fmt.Errorf("cached tokens %d out of range [0, context %d less prompt %d]", s.CachedTokens, s.Context, s.PromptTokens)
	}
	if s.Parallel == 0 {
		s.Parallel = 1
	}
	if s.Parallel < 0 || s.Parallel > 4096 {
		return s, fmt.Errorf("parallel %d out of range", s.Parallel)
	}
	if s.NCPUMoE < 0 || s.NCPUMoE > 4096 || s.NGL < 0 || s.MaxNumBatchedTokens < 0 || s.MaxNumBatchedTokens > 1<<24 {
		return s, fmt.Errorf("--n-cpu-moe %d, -ngl %d or max_num_batched_tokens %d out of range", s.NCPUMoE, s.NGL, s.MaxNumBatchedTokens)
	}
	if s.GPUMemoryUtilization == 0 {
		s.GPUMemoryUtilization = 0.9
	}
	if s.UBatch == 0 {
		s.UBatch = ubatch
	}
	if s.Threads < 0 || s.Threads > 4096 {
		return s, fmt.Errorf("threads %d out of range [0, 4096]", s.Threads)
	}
	if s.UBatch < 1 || s.UBatch > 1<<16 {
		return s, fmt.Errorf("ubatch %d out of range [1, 65536]", s.UBatch)
	}
	if !(s.GPUMemoryUtilization > 0 && s.GPUMemoryUtilization <= 1) {
		return s, fmt.Errorf("gpu memory utilization %v out of range (0, 1]", s.GPUMemoryUtilization)
	}
	return s, nil
}

func badFloat(f float64) bool { return f < 0 || math.IsNaN(f) || math.IsInf(f, 0) }

func checkHardware(hw *Hardware) error {
	if hw.RAMBytes < 0 || badFloat(hw.RAMBandwidthGBps) || hw.CPUCores < 0 {
		return errors.New("invalid hardware: negative RAM, bandwidth or cores")
	}
	if err := checkOS(hw.OS); err != nil {
		return err
	}
	for i := range hw.GPUs {
		d := &hw.GPUs[i]
		if d.MemoryBytes < 0 || d.TotalBytes < 0 || badFloat(d.BandwidthGBps) || badFloat(d.FP16TFLOPs) {
			return fmt.Errorf("invalid GPU %d (%s): negative memory, bandwidth or TFLOPs", i, d.Name)
		}
	}
	return nil
}

// reset prepares the per-model state, reusing the scratch's slices.
func (sc *scratch) reset(e *cacheEntry, hw *Hardware, s Settings) *run {
	sc.mach.set(hw)
	r := &sc.run
	p := e.plan
	// A model cannot use more context than it was built for: estimate at
	// its maximum (Result.Context says so) rather than size a cache no
	// engine would fill usefully.
	if c := p.a.ContextLength; c > 0 && s.Context > c {
		s.Context = c
	}
	s.PromptTokens = min(s.PromptTokens, s.Context)
	s.CachedTokens = min(s.CachedTokens, s.Context-s.PromptTokens)
	*r = run{machine: &sc.mach, entry: e, p: p, hw: hw, s: s, imatrix: true, pl: r.pl, tmp: r.tmp, cand: r.cand}
	r.budget = sc.mach.budget
	if s.NGL > 0 || s.NCPUMoE > 0 {
		r.budget = sc.mach.free // the user placed the layers: llama.cpp's --fit, and its margin, are off
	}
	r.tk, r.tv = s.kvCacheTypes()
	nd := len(hw.GPUs)
	r.pl.init(nd)
	r.tmp.init(nd)
	r.cand[0].init(nd)
	r.cand[1].init(nd)
	if !s.TextOnly {
		r.vision = p.visionBytes()
	}
	r.tokenizer = p.tokenizerBytes()
	r.setContext(int64(s.Context))
	return r
}

func (r *run) setContext(ctx int64) {
	r.kv = r.p.kvForRun(ctx, int64(r.s.Parallel), int64(r.s.UBatch), r.tk, r.tv, r.s.FlashAttention)
	r.g = r.p.graphFor(&r.kv, int64(r.s.Parallel), r.s.FlashAttention, r.s.before(r.s.AllLogits))
}

// Estimate estimates model m at quantization quant on hw with settings s.
// The error is for bad input only: an unknown or unsupported quant,
// nonsense settings or hardware, a model without a usable architecture.
// It shares nothing with other calls; a caller that estimates the same
// models again and again keeps an Estimator instead.
func Estimate(m *catalog.Model, quant string, hw Hardware, s Settings) (Result, error) {
	return new(Estimator).Estimate(m, quant, hw, s)
}

// EstimateModel estimates m at every quantization in quants (nil: the
// engine's defaults, DefaultQuants), highest quality first. Quants the
// engine cannot run are skipped; invalid input gives nil. Like Estimate,
// it shares nothing with other calls.
func EstimateModel(m *catalog.Model, hw Hardware, s Settings, quants []string) []Result {
	return new(Estimator).EstimateModel(m, hw, s, quants)
}

// Estimate is the package function Estimate, reusing what x has built.
func (x *Estimator) Estimate(m *catalog.Model, quant string, hw Hardware, s Settings) (Result, error) {
	if x == nil {
		x = new(Estimator)
	}
	if sub, prefix, ok := approximate(m); ok {
		r, err := x.Estimate(sub, quant, hw, s)
		r.Basis = prefix + r.Basis
		return r, err
	}
	s, err := normalize(s)
	if err != nil {
		return Result{}, err
	}
	if err := checkHardware(&hw); err != nil {
		return Result{}, err
	}
	qi, ok := lookupQuantIndex(quant)
	if !ok {
		return Result{}, fmt.Errorf("unknown quantization %q", quant)
	}
	if !quantTable[qi].Supports(s.Engine) {
		return Result{}, fmt.Errorf("quantization %s does not run on %s", quantTable[qi].Name, s.Engine)
	}
	e, err := x.cachedPlan(m)
	if err != nil {
		return Result{}, err
	}
	sc := x.getScratch()
	defer x.scratch.Put(sc)
	r := sc.reset(e, &hw, s)
	return r.estimate(qi), nil
}

// EstimateModel is the package function EstimateModel, reusing what x has
// built.
func (x *Estimator) EstimateModel(m *catalog.Model, hw Hardware, s Settings, quants []string) []Result {
	if x == nil {
		x = new(Estimator)
	}
	if sub, prefix, ok := approximate(m); ok {
		return labelApprox(x.EstimateModel(sub, hw, s, quants), prefix)
	}
	s, err := normalize(s)
	if err != nil || checkHardware(&hw) != nil {
		return nil
	}
	e, err := x.cachedPlan(m)
	if err != nil {
		return nil
	}
	sc := x.getScratch()
	defer x.scratch.Put(sc)
	var ibuf [64]int
	var idx []int
	if quants == nil {
		idx = defaultQuantIndices(s.Engine, m, ibuf[:0])
	} else {
		idx = ibuf[:0]
		for _, name := range quants {
			if qi, ok := lookupQuantIndex(name); ok && quantTable[qi].Supports(s.Engine) {
				idx = append(idx, qi)
			}
		}
	}
	r := sc.reset(e, &hw, s)
	out := make([]Result, 0, len(idx))
	nd := len(hw.GPUs)
	r.devArena = make([]int64, 0, nd*len(idx))
	r.splitArena = make([]int, 0, nd*len(idx))
	for _, qi := range idx {
		out = append(out, r.estimate(qi))
	}
	sortByQuality(out)
	return out
}

func sortByQuality(rs []Result) {
	// insertion sort: a handful of results, stable
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].QualityRank > rs[j-1].QualityRank; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// estimate is one quantization (an index into the quant table).
func (r *run) estimate(qi int) Result {
	q := &quantTable[qi]
	if r.s.Engine == EngineVLLM {
		return r.estimateVLLM(qi)
	}
	// MoE models always get the expert prefix sums: the placement may keep
	// the experts of some layers in RAM (--n-cpu-moe).
	w := *r.entry.weightsFor(qi, false, r.imatrix, r.p.nExpert > 0)
	res := Result{
		Quant:       q.Name,
		Engine:      EngineLlamaCpp,
		QualityRank: qualityRank(*q, r.p.m),
		FileBytes:   w.file,
		TotalLayers: r.p.nLayer + 1,
		KVCacheType: r.kvTypeName(),
		Context:     r.s.Context,
	}
	if r.p.totalParams > 0 {
		res.BitsPerWeight = float64(w.file) * 8 / float64(r.p.totalParams)
	}
	pl := &r.pl
	verdict := r.bestPlacement(&w, pl)
	r.fill(&res, &w, pl, verdict)
	if verdict != VerdictNo {
		res.MaxContext = r.maxContext(&w, verdict)
	}
	return res
}

func (r *run) kvTypeName() string {
	k, v := r.s.KVType, r.s.KVType
	if r.tv != r.tk {
		v = "f16"
	}
	if k == v {
		return k
	}
	return k + "/" + v
}

// fill copies a placement into the result and adds the speeds.
func (r *run) fill(res *Result, w *weights, pl *placement, verdict string) {
	res.Verdict = verdict
	res.GPULayers = pl.n
	res.NGL = pl.n
	if pl.cm > 0 && verdict != VerdictCPU {
		res.CPUMoELayers = pl.cm
	}
	nd := len(pl.dev)
	res.DeviceBytes, res.TensorSplit = r.resultSlices(nd)
	copy(res.DeviceBytes, pl.dev)
	for d := 0; d < nd; d++ {
		res.TensorSplit[d] = pl.hi[d] - pl.lo[d]
		res.GPUBytes += pl.dev[d]
	}
	res.RAMBytes = pl.host
	res.KVCacheBytes = r.kv.total
	res.ComputeBytes = pl.compute
	res.OverheadBytes = pl.over
	res.gpuCompute, res.gpuModel = pl.outCompute, pl.gpuWeights
	res.TotalBytes = res.GPUBytes + res.RAMBytes
	res.WeightsBytes = res.TotalBytes - res.KVCacheBytes - res.ComputeBytes - res.OverheadBytes
	if verdict == VerdictNo {
		return
	}
	r.speed(res, w, pl)
}

// resultSlices hands out per-device slices from the model's arenas.
func (r *run) resultSlices(nd int) ([]int64, []int) {
	if len(r.devArena)+nd > cap(r.devArena) || len(r.splitArena)+nd > cap(r.splitArena) {
		return make([]int64, nd), make([]int, nd)
	}
	a, b := len(r.devArena), len(r.splitArena)
	r.devArena = r.devArena[:a+nd]
	r.splitArena = r.splitArena[:b+nd]
	return r.devArena[a : a+nd : a+nd], r.splitArena[b : b+nd : b+nd]
}

// denseCompressed: llama.cpp attends to every compressed row of a
// DeepSeek-V4 layer, masking the ones its indexer did not pick; vLLM
// gathers the picked ones (compressed_attention.go).
func (r *run) denseCompressed() bool { return r.s.Engine != EngineVLLM }

// kvReadKind is what one layer of attnKind k reads per token at depth d.
func (r *run) kvReadKind(k attnKind, d int64) int64 {
	switch k {
	case attnFull, attnMLA:
		return d * r.kv.perCell[k]
	case attnSWA:
		b := min64(d, r.p.window) * r.kv.perCell[k]
		if c := &r.p.comp; c.on() {
			// The compressed rows, spread over the layers like their cache.
			b += c.readBytes(d, r.tk, r.p.kvK[attnSWA], r.denseCompressed()) / int64(r.p.counts[attnSWA])
		}
		return b
	case attnNone:
		return 0
	}
	return r.p.recurrentF32 * 4 * 2 // state read and written
}

// rangeStats sums what layers [lo, hi) stream per token and compute per prompt.
func (r *run) rangeStats(w *weights, lo, hi int, kvRead, flops []float64) (bytes, fl float64) {
	if hi <= lo {
		return 0, 0
	}
	bytes = float64(rangeSum(w.cumActive, lo, hi))
	for k := range r.p.kinds {
		if c := float64(r.p.kindCount(k, lo, hi)); c > 0 {
			bytes += c * kvRead[k]
			fl += c * flops[k]
		}
	}
	return bytes, fl
}

// vecRepeats is what CUDA's vec flash-attention kernel reads of the KV
// cache beyond one pass in the full and sliding-window attention layers of
// [lo, hi) (fattn_decode.go), and how many reads of the cache that makes
// in the deepest layer kind.
func (r *run) vecRepeats(lo, hi int, kvRead []float64, gqa int, l2 float64) (extra, reads float64) {
	reads = 1
	for k := range r.p.kinds {
		if a := r.p.kinds[k].attn; a == attnFull || a == attnSWA {
			miss := vecRepeatMiss(l2, kvRead[k])
			if c := float64(r.p.kindCount(k, lo, hi)); c > 0 && miss > 0 {
				extra += c * kvRead[k] * float64(gqa-1) * miss
				reads = max(reads, 1+float64(gqa-1)*miss)
			}
		}
	}
	return extra, reads
}

// speed fills decode, prefill and TTFT for a placement.
func (r *run) speed(res *Result, w *weights, pl *placement) {
	p := r.p
	L := p.nLayer
	nd := len(r.devs)
	depth := r.s.decodeDepth()
	P := float64(max(r.s.PromptTokens, 1))
	cached := int64(r.s.CachedTokens)
	var kvRead, flops, kqBytes, cachedAttn, attnAll [8]float64
	quantised := !(res.Quant == "BF16" || res.Quant == "F16" || res.Quant == "F32")
	// The prefill costs below follow the backend of the first device ("" on
	// the CPU alone, where each is neutral).
	first := ""
	var firstDev *devSpeed
	if len(r.devs) > 0 {
		first, firstDev = r.devs[0].backend, &r.devs[0]
	}
	// BF16 dense matmuls under Vulkan (build_era.go bf16PrefillFactor);
	// routed experts have their own cost (unquantExpertCost).
	denseCost := 1.0
	if res.Quant == "BF16" {
		denseCost = 1 / bf16PrefillFactor(first)
	}
	// Dense matmuls of current ROCm builds on an integrated Radeon
	// (build_era.go rocmDenseGain).
	if len(r.devs) > 0 && !r.s.LegacyBuild {
		denseCost /= rocmDensePrefill(&r.devs[0])
	}
	// Slower matmul formats under CUDA (gpu_quant_prefill.go), dense and experts.
	mmq := mmqPrefillCost(firstDev, w.mmqExtra, w.q6Extra)
	q6Part := min(w.q6Extra, mmq-1)
	denseCost *= mmq
	// Unquantised weights under CUDA run through cuBLAS (cublas_prefill.go).
	cublas := 1.0
	if firstDev != nil && !quantised {
		cublas = cublasCost(firstDev, res.Quant, params[firstDev.cls].util*r.prefillFactor(firstDev, false))
		denseCost *= cublas
	}
	// Rows per expert follow -ub. A prompt shorter than the ubatch is not
	// charged more: its few rows per expert are bound by reading the
	// experts once (the max with the weight pass below), not by the
	// row-efficiency curve, which was fitted on full ubatches (tried:
	// scaling by the prompt made the 50-token MoE e2e rows of
	// hard_cases.csv 5-16 % slow, and with the CUDA curve of the
	// fourteenth stop the DGX Spark ones 3-8 points slower, while only
	// two held-out DGX Spark pp512 rows at -ub 2048 gain from it).
	expCost := mmq / expertPrefillEff(p, firstDev, r.s.UBatch)
	if !quantised && !p.nativeMXFP4 {
		expCost *= unquantExpertCost(first) * cublas
	}
	// Quantised experts other than MXFP4 (build_era.go kquantExpertPrefill).
	if quantised && !p.nativeMXFP4 && res.Quant != "MXFP4" {
		expCost *= kquantExpertCost(first)
	}
	// MXFP4 experts on consumer Blackwell run its FP4 instruction (native_mxfp4.go).
	fp4 := 1.0
	if p.nExpert > 0 && (p.nativeMXFP4 || res.Quant == "MXFP4") {
		fp4 = r.nativeMXFP4Gain(firstDev)
		expCost /= fp4
	}
	if len(r.devs) > 0 {
		if ve := r.devs[0].vendor; ve != nil && ve.expertPrefill > 0 {
			expCost *= ve.expertPrefill
		}
	}
	gdnFactor := gdnRateFactor(firstDev)
	gdnFlops := deltaNetFlops(first) * gdnFactor
	// The basis names the FP32 rate where it moved the charge (deltanet_prefill.go).
	var gdnFP32 float64
	if math.Abs(gdnFactor-1) > 0.02 {
		gdnFP32 = firstDev.fp32
	}
	for k := range p.kinds {
		lk := &p.kinds[k]
		kvRead[k] = float64(r.kvReadKind(lk.attn, depth))
		act := float64(lk.params-lk.expert) * denseCost
		if lk.moe && p.nExpert > 0 {
			// A ubatch gives each expert only ubatch·top-k/experts rows,
			// and a matmul of t rows reaches about t/(t+16) of its peak.
			act += float64(lk.expert) * float64(p.expertsUsed) / float64(p.nExpert) * expCost
		}
		flops[k] = 2 * act * P
		switch lk.attn {
		case attnRecurrent:
			// Gated delta-net recurrence (deltanet_prefill.go).
			flops[k] += gdnFlops * float64(p.deltaState) * P
		case attnNone: // an FFN-only block: no attention
		default:
			kqBytes[k] = p.nonFlashKQBytes(lk.attn, cached, int64(P), r.s.FlashAttention) // kq_prefill.go
			own := float64(p.pairFlopsOf(lk.attn)) * sumInUbatch(int64(P), int64(r.s.UBatch), lk.attn, p.window)
			all := float64(p.pairFlopsOf(lk.attn)) * sumMinCtxFrom(cached, int64(P), lk.attn, p.window)
			if lk.attn == attnSWA && p.comp.on() {
				n := float64(p.counts[attnSWA])
				own += p.comp.inUbatchFlops(int64(P), int64(r.s.UBatch), p.pairFlops, r.denseCompressed()) / n
				all += p.comp.prefillFlopsFrom(cached, int64(P), p.pairFlops, r.denseCompressed()) / n
			}
			flops[k] += all
			attnAll[k] = all          // the CPU's own attention cost (cpu_flash_attn.go)
			cachedAttn[k] = all - own // over cached keys and earlier ubatches' (fa_prefill.go)
		}
	}
	nUb := math.Ceil(P / float64(r.s.UBatch))
	hostBytes, hostFlops := r.rangeStats(w, 0, pl.start, kvRead[:], flops[:])
	hostWeights := float64(w.cumLayer[pl.start])
	hostPageable := 0.0 // --n-cpu-moe experts: mmap'd, copied from pageable memory (speed.go hostCopyGBps)
	if pl.outDev < 0 {
		hostBytes += float64(w.output)
	}

	q, _ := LookupQuant(res.Quant)
	kvQuant := r.tk == tQ8_0 || r.tk == tQ4_0
	vecReads := 1.0 // KV reads per token under CUDA's vec kernel (fattn_decode.go), 1: once
	floorT := 0.0   // the GCN expert mat-vec floor's time per token (expert_floor.go)
	stateT := 0.0   // the delta-net state's slower stream under Metal (gdn_decode.go)
	dequantT := 0.0 // M1/M2 GPUs' dequantisation per weight, current builds (apple_dequant.go)
	var t, tp, band float64
	slowBand := 0.0         // a band that widens the range downwards only
	var spreads spreadClass // the devices that prefill, for the range (prefill_range.go)
	wideRate := 0.0         // FLOPS of wide-head attention in prefill where charged (wide_head_fa.go)
	syncs := 0              // GPU↔CPU hand-overs per token
	expertSyncs := 0        // of them, for experts of GPU layers run on the CPU (--n-cpu-moe)
	t0 := tokenLatency["cpu"]
	used := -1
	var usedDevs [16]int16 // devices in use and their layer counts, for the basis
	var usedLayers [16]int32
	nUsed := 0
	for d := 0; d < nd; d++ {
		lo, hi := pl.lo[d], pl.hi[d]
		if hi <= lo && d != pl.outDev {
			continue
		}
		b, fl := r.rangeStats(w, lo, hi, kvRead[:], flops[:])
		wts := float64(rangeSum(w.cumLayer, lo, hi))
		wread := float64(rangeSum(w.cumActive, lo, hi)) // the weight part of b (the rest is KV)
		if x := min(hi, pl.cm); w.cumExpert != nil && x > lo {
			// --n-cpu-moe: these layers' routed experts run on the CPU,
			// one GPU→CPU→GPU round trip per layer and token.
			ea := float64(rangeSum(w.cumExpAct, lo, x))
			b -= ea
			wread -= ea
			hostBytes += ea
			e := float64(rangeSum(w.cumExpert, lo, x))
			wts -= e
			hostPageable += e
			n := r.p.moeRange(lo, x)
			syncs += n
			expertSyncs += n
		}
		if d == pl.outDev {
			b += float64(w.output)
			wread += float64(w.output)
		}
		ds := &r.devs[d]
		cp := params[ds.cls]
		rate := cp.eta * ds.vendor.etaFactor(res.Quant) * ds.bw * 1e9
		t += b / rate
		if !r.s.LegacyBuild {
			dt := appleDequantTime(ds, &q, wread)
			t += dt
			dequantT += dt
		}
		// Small ops cost more than t0 says on some drivers (vendor.go).
		if ve := ds.vendor; ve != nil {
			t += ve.layerLatency * float64(hi-lo)
		}
		st := r.recurrentStateTime(lo, hi, kvRead[:], ds, rate) // gdn_decode.go
		t += st
		stateT += st
		// The weights of formats whose mat-vec kernel does more work per
		// byte stream slower on some GPUs (gpu_quant.go); KV reads do not.
		if f := gpuQuantDecodeEff(q, ds.quantKey); f != 1 {
			t += wread * (1/f - 1) / rate
		}
		// Small expert mat-vecs have a floor on GCN (expert_floor.go);
		// the experts of layers below pl.cm run on the CPU.
		ft := r.expertFloorTime(w, max(lo, min(hi, pl.cm)), hi, ds, rate)
		t += ft
		floorT += ft
		// CUDA's vec flash-attention kernel reads a KV head once per query
		// head of its group (fattn_decode.go).
		if g := vecKernelGQA(ds, kvQuant, r.s.FlashAttention, p.nGQA, depth); g > 0 {
			if kv, reads := r.vecRepeats(lo, hi, kvRead[:], g, ds.l2); kv > 0 {
				t += kv / rate
				vecReads = max(vecReads, reads)
			}
		}
		u := cp.util * r.prefillFactor(ds, quantised)
		fa := faPrefillRateOf(ds)
		var ca, wa float64 // attention at the flash rate over cached keys; all of it at the wide-head rate
		for k := range p.kinds {
			n := float64(p.kindCount(k, lo, hi))
			switch {
			case p.wideFA(p.kinds[k].attn, ds.vendor, r.s.FlashAttention, r.hw.OS):
				wa += n * attnAll[k] // wide_head_fa.go: a prompt's own keys too
			case fa > 0:
				// Attention over cached keys, and over the keys of the
				// prompt's earlier ubatches, at the flash-attention rate.
				ca += n * cachedAttn[k]
			}
		}
		peakNow := ds.flops * (1 + ds.powerGain)
		if ca > 0 {
			fl -= ca
			tp += ca / (fa * peakNow)
		}
		if wa > 0 {
			fl -= wa
			tp += wa / (ds.vendor.wideFAPrefill * peakNow)
			wideRate = ds.vendor.wideFAPrefill * peakNow
		}
		tp += math.Max(fl/(u*ds.flops), nUb*wts/(cp.eta*ds.bw*1e9))
		tp += prefillFixed(ds.backend, hi-lo, P, float64(r.s.UBatch)) * p.layerLatencyScale(&r.s) // prefill_layer.go, graph_nodes.go
		tp += r.unfusedGDNTime(ds, lo, hi, P)                                                     // deltanet_prefill.go
		tp += r.hostSortedMoETime(ds, lo, hi, P)                                                  // moe_host_sort.go
		for k := range p.kinds {
			if kqBytes[k] > 0 {
				tp += float64(p.kindCount(k, lo, hi)) * kqBytes[k] / (cp.eta * ds.bw * 1e9)
			}
		}
		if used < 0 {
			used = d
			t0 = ds.t0
		}
		band = math.Max(band, cp.band)
		spreads |= spreadOf(ds)
		if nUsed < len(usedDevs) {
			usedDevs[nUsed], usedLayers[nUsed] = int16(d), int32(hi-lo)
			nUsed++
		}
	}
	// The host's decode rate depends on the quantisation when the cores
	// bind it (cpu_decode.go).
	hostBW, coreBound := r.cpu.decodeBW(q)
	if hostBytes > 0 {
		t += hostBytes / hostBW
		band = math.Max(band, params[clsCPU].band)
		if r.cpu.noDot {
			slowBand = noDotDecodeBand // cpu_decode.go: measured slower only
		}
		if used >= 0 && pl.start > 0 {
			syncs++ // the host layers hand over to the GPU once
		}
	}
	handOver := 0.0 // per hand-over; 0 on one memory pool
	osCost := 0.0   // Windows and WSL2 (host_os.go)
	if used >= 0 && !r.devs[used].unified {
		handOver = handOverCost(r.threads())
		t += float64(syncs) * handOver
		osCost = hybridOSOverhead(r.hw.OS, expertSyncs)
		t += osCost
	}
	graphT := r.graphTime(pl, used, syncs) // cuda_graphs.go
	t += graphT
	// A layer split hands the activations from GPU to GPU once per token
	// and boundary.
	if nUsed > 1 {
		t += float64(nUsed-1) * gpuHopLatency
	}
	// MoE layers cost extra kernels per token (router, top-k, gathered
	// expert matmuls): ~5 µs launches × ~10, an engineering estimate
	// (no MoE rows in the calibration set separate it from t0).
	// Intel under Vulkan pays far more (vendor.go).
	moeLat := moeLayerLatency
	var ve *vendorEff
	if used >= 0 {
		ve = r.devs[used].vendor
	}
	if ve != nil && ve.moeLayer > 0 {
		moeLat = ve.moeLayer
	}
	nodeScale := p.layerLatencyScale(&r.s)
	t += moeLat * float64(p.moeLayers) * nodeScale
	var pinnedGBps, pageableCopyGBps float64 // the rates host weights reach the GPU at in prefill
	repack := 1.0                            // what current builds' repacked CPU GEMMs add (cpu_repack.go)
	cpuFA := 0.0                             // the CPU flash-attention rate a core prefills at (cpu_flash_attn.go); 0: not used
	if hostFlops > 0 || hostWeights > 0 || hostPageable > 0 {
		if used >= 0 && !r.devs[used].unified {
			// The GPU runs the host layers' matmuls too, copying their
			// weights over PCIe for every ubatch.
			ds := &r.devs[used]
			u := params[ds.cls].util * r.prefillFactor(ds, quantised)
			pinned, pageable := ds.hostCopyGBps(r.cpu.ramBW / params[clsCPU].eta / 1e9)
			if hostWeights > 0 {
				pinnedGBps = pinned
			}
			if hostPageable > 0 {
				pageableCopyGBps = pageable
			}
			tp += hostFlops/(u*ds.flops) + nUb*hostWeights/(pinned*1e9) + nUb*hostPageable/(pageable*1e9)
		} else {
			doRepack := !r.s.before(r.s.OldCPURepack)
			if doRepack {
				repack = r.cpu.repackGain(res.Quant)
			}
			// The fallback tensors run their own types' kernels (cpu_fallback.go).
			u := params[clsCPU].util * r.cpu.cpuPrefillRate(res.Quant, w.fellBack, doRepack)
			// Attention runs ggml-cpu's flash-attention kernel, or
			// without it the float matmuls at the cache type's rate and
			// the scores' passes through memory (cpu_flash_attn.go).
			var hostAttn, kq float64
			for k := range p.kinds {
				c := float64(p.kindCount(k, 0, pl.start))
				hostAttn += c * attnAll[k]
				kq += c * kqBytes[k]
			}
			var attnT float64
			if r.s.FlashAttention {
				cpuFA = r.cpu.faPrefillRate(r.s.cpuFAKernel(r.tk, r.tv))
				attnT = hostAttn / (float64(max(r.cpu.cores, 1)) * cpuFA)
			} else {
				attnT = hostAttn/(params[clsCPU].util*r.cpu.cpuAttnPrefillRate(r.tk)*r.cpu.flops) + kq/r.cpu.bw
			}
			tp += math.Max((hostFlops-hostAttn)/(u*r.cpu.flops)+attnT, nUb*(hostWeights+hostPageable)/r.cpu.bw)
			spreads |= spreadCPU
			if r.cpu.noDot {
				spreads |= spreadNone // no range: the fitting rows of one board's sweep are far tighter than the held-out runs (NoDotProductWarning gives their spread)
			}
		}
	}
	// The per-token latency is kernel launches and synchronisation, layer
	// after layer: fitted on 32-layer LLaMA-2-7B rows, it scales with the
	// layer count.
	if !r.s.LegacyBuild {
		t0 *= currentLatencyFactor(r.devs, used)
	}
	t += t0 * float64(L) / latencyLayers * nodeScale
	// Attention FLOPs at depth: small, except for MLA and long contexts.
	var attnFlops, wideFlops float64 // wideFlops: of layers with wide heads (wide_head_fa.go)
	for k := attnFull; k <= attnMLA; k++ {
		c := depth
		if k == attnSWA {
			c = min64(depth, p.window)
		}
		f := float64(p.pairFlopsOf(k)) * float64(c) * float64(p.counts[k])
		if p.wideFA(k, ve, r.s.FlashAttention, r.hw.OS) {
			wideFlops += f
			continue
		}
		attnFlops += f
	}
	attnFlops += p.comp.decodeFlops(depth, p.pairFlops, r.denseCompressed())
	peak := r.cpu.flops
	if used >= 0 {
		peak = r.devs[used].flops
	}
	if wideFlops > 0 {
		t += wideFlops / ve.wideFADecode
	}
	if ve != nil && ve.attnFLOPS > 0 {
		t += attnFlops / ve.attnFLOPS
	} else {
		t += attnFlops / (attnDecodeUtil * peak)
	}
	// Flash attention of the layers on the host runs llama.cpp's CPU
	// kernel (cpu_decode.go).
	if r.s.FlashAttention && attnFlops > 0 && (used < 0 || pl.start > 0) {
		host := attnFlops
		if used >= 0 {
			host *= float64(pl.start) / float64(L)
		}
		t += r.cpu.flashAttnDecodeTime(host)
	}
	if hostBytes > 0 && used >= 0 || p.nExpert > 0 {
		band *= partialBandFactor
		slowBand *= partialBandFactor
	}
	res.DecodeTPS = 1 / t
	// band is a p90 of |estimate/measured − 1|, so the measurements it
	// covers lie between estimate/(1+band) and estimate/(1−band).
	res.DecodeTPSLow = res.DecodeTPS / (1 + max(band, slowBand))
	res.DecodeTPSHigh = res.DecodeTPS / (1 - math.Min(band, 0.8))
	if tp > 0 {
		res.PrefillTPS = P / tp
		res.TTFTSeconds = tp + t
		res.prefillSpreads = spreads
		if sp, ok := prefillRange(spreads); ok {
			res.PrefillTPSLow, res.PrefillTPSHigh = res.PrefillTPS*sp.lo, res.PrefillTPS*sp.hi
		}
	}
	recurrent := p.deltaState > 0 && p.counts[attnRecurrent] > 0
	pb := prefillBasis{mmq: mmq, q6Part: q6Part, gdnFlops: gdnFlops, gdnFP32: gdnFP32, recurrent: recurrent, cublas: cublas, fp4: fp4, wide: wideRate}
	if wideFlops > 0 {
		pb.wideDecode = ve.wideFADecode
	}
	if nUsed == 1 && hostBytes == 0 && pl.n > L && p.moeLayers == 0 && vecReads == 1 && stateT == 0 && dequantT == 0 && graphT == 0 && nodeScale == 1 {
		res.Basis = r.whole[used] // one GPU holds everything and nothing is charged on top: built once per machine
		if mmq != 1 || recurrent || cublas != 1 || fp4 != 1 || pb.wide > 0 || pb.wideDecode > 0 {
			var tail [128]byte // one allocation: the builder's
			var sb strings.Builder
			t := appendPrefillBasis(tail[:0], pb)
			sb.Grow(len(res.Basis) + len(t))
			sb.WriteString(res.Basis)
			sb.Write(t)
			res.Basis = sb.String()
		}
		return
	}
	basis := make([]byte, 0, 160)
	for i := 0; i < nUsed; i++ {
		if i > 0 {
			basis = append(basis, " + "...)
		}
		basis = append(basis, r.devs[usedDevs[i]].basisBW...)
		basis = append(basis, " ("...)
		basis = strconv.AppendInt(basis, int64(usedLayers[i]), 10)
		basis = append(basis, " layers)"...)
	}
	if hostBytes > 0 {
		if len(basis) > 0 {
			basis = append(basis, " + "...)
		}
		basis = append(basis, r.cpu.basis...)
		if coreBound {
			basis = append(basis, ", "...)
			basis = strconv.AppendInt(basis, int64(r.cpu.cores), 10)
			basis = append(basis, " cores x "...)
			basis = append(basis, fmtF(hostBW/1e9/float64(r.cpu.cores), 1)...)
			basis = append(basis, " GB/s ("...)
			basis = append(basis, res.Quant...)
			basis = append(basis, ")"...)
		} else {
			basis = append(basis, " x "...)
			basis = append(basis, fmtF(params[clsCPU].eta, 2)...)
		}
	}
	if used >= 0 {
		basis = append(basis, r.tail[used]...)
	} else {
		basis = append(basis, r.cpuTail...)
	}
	if repack != 1 {
		basis = append(basis, "; repacked CPU matmuls x "...)
		basis = append(basis, fmtF(repack, 2)...)
	}
	if cpuFA > 0 {
		basis = append(basis, "; CPU flash attention "...)
		basis = append(basis, fmtF(cpuFA/1e9, 1)...)
		basis = append(basis, " GFLOPS a core"...)
	}
	if p.moeLayers > 0 {
		basis = append(basis, "; MoE "...)
		basis = strconv.AppendInt(basis, int64(p.moeLayers), 10)
		basis = append(basis, " layers x 0.05 ms"...)
	}
	if nodeScale != 1 {
		basis = append(basis, "; layer latency x"...)
		basis = append(basis, fmtF(nodeScale, 1)...)
		basis = append(basis, " (its graph nodes per layer against an ordinary MoE layer's)"...)
	}
	basis = appendPrefillBasis(basis, pb)
	if pinnedGBps > 0 {
		basis = append(basis, "; prefill copies host layers at "...)
		basis = strconv.AppendFloat(basis, pinnedGBps, 'f', 1, 64)
		basis = append(basis, " GB/s"...)
	}
	if pageableCopyGBps > 0 {
		basis = append(basis, "; prefill copies host experts at "...)
		basis = strconv.AppendFloat(basis, pageableCopyGBps, 'f', 1, 64)
		basis = append(basis, " GB/s (mmap'd)"...)
	}
	if syncs > 0 && handOver > 0 {
		basis = append(basis, "; "...)
		basis = strconv.AppendInt(basis, int64(syncs), 10)
		basis = append(basis, " GPU-CPU hand-overs x "...)
		basis = append(basis, fmtF(1e3*handOver, 3)...)
		basis = append(basis, " ms ("...)
		basis = strconv.AppendInt(basis, int64(r.threads()), 10)
		basis = append(basis, " threads)"...)
	}
	if osCost > 0 {
		basis = append(basis, "; "...)
		basis = append(basis, r.hw.OS...)
		basis = append(basis, " hybrid overhead "...)
		basis = append(basis, fmtF(1e3*osCost, 0)...)
		basis = append(basis, " ms"...)
	}
	basis = appendGraphBasis(basis, graphT)
	if floorT > 0 {
		basis = appendCharge(basis, "expert mat-vecs of at least ", fmtF(1e6*gcnExpertMatVecFloor, 0), " µs on GCN", floorT)
	}
	if stateT > 0 {
		basis = appendCharge(basis, "delta-net state at ", fmtF(100*metalStateShare, 1), " % of bandwidth under Metal", stateT)
	}
	if dequantT > 0 {
		basis = appendCharge(basis, "M1/M2 Max dequantisation ", fmtF(1e12*appleMaxDequantPerWeight, 2), " ms per 10^9 weights", dequantT)
	}
	if vecReads > 1 {
		basis = append(basis, "; KV cache read x"...)
		basis = append(basis, fmtF(vecReads, 1)...)
		basis = append(basis, " (CUDA flash-attention vec kernel, GQA "...)
		basis = strconv.AppendInt(basis, int64(p.nGQA), 10)
		basis = append(basis, ")"...)
	}
	res.Basis = string(basis)
}

// expertPrefillEff is the fraction of peak the routed-expert matmuls of a
// prefill ubatch reach: each expert sees t = ubatch·top-k/experts rows, and
// t/(t+h) with h the backend's expertHalfRows fits llama-bench pp512 of
// gpt-oss-120b (t=16: 0.46-0.53 of the dense estimate) and gpt-oss-20b
// (t=64: 0.82-0.87) on Strix Halo (testdata/hard_cases.csv, group
// prefill). Under CUDA the curve is cudaExpertPeak·t/(t+cudaExpertHalfRows),
// on the integrated class (DGX Spark, Jetson) its own pair (prefill_fits.go).
func expertPrefillEff(p *plan, d *devSpeed, rows int) float64 {
	t := float64(rows) * float64(p.expertsUsed) / float64(p.nExpert)
	switch {
	case d == nil || d.backend != "cuda":
		return t / (t + expertHalfRows)
	case d.cls == clsCUDAIntegrated:
		return cudaIntegratedExpertPeak * t / (t + cudaIntegratedExpertHalfRows)
	}
	return cudaExpertPeak * t / (t + cudaExpertHalfRows)
}

// decodeTime is the time per decoded token of a placement (for choosing
// between placements).
func (r *run) decodeTime(w *weights, pl *placement) float64 {
	var res Result
	r.speed(&res, w, pl)
	if res.DecodeTPS <= 0 {
		return math.Inf(1)
	}
	return 1 / res.DecodeTPS
}

// prefillFactor: flash attention speeds CUDA prefill; quantised matmuls
// are slower than F16 on Metal; the board power limit moves it (power_limit.go).
func (r *run) prefillFactor(ds *devSpeed, quantised bool) float64 {
	f := 1 + ds.powerGain
	if r.s.FlashAttention && ds.backend == "cuda" {
		f *= flashPrefillGain
	}
	if quantised && ds.backend == "metal" {
		f *= quantPrefillCost
	}
	if ve := ds.vendor; ve != nil && ve.prefillU > 0 {
		f *= ve.prefillU * intelNoMatrixCores(ve, &r.s)
	}
	return f
}

// sumInUbatch is the keys the P queries of a prompt attend to within
// their own ubatch of ub tokens.
func sumInUbatch(P, ub int64, k attnKind, window int64) float64 {
	if ub <= 0 || ub >= P {
		return sumMinCtx(P, k, window)
	}
	return float64(P/ub)*sumMinCtx(ub, k, window) + sumMinCtx(P%ub, k, window)
}

// sumMinCtxFrom is the keys the P queries of a prompt after D cached
// tokens attend to: Σ_{D≤i<D+P} min(i, window).
func sumMinCtxFrom(D, P int64, k attnKind, window int64) float64 {
	return sumMinCtx(D+P, k, window) - sumMinCtx(D, k, window)
}

// decodeDepth is where decode is quoted: after the cached tokens and the
// prompt.
func (s *Settings) decodeDepth() int64 { return int64(s.CachedTokens + s.PromptTokens) }

// before reports whether the estimated build predates the change a build
// flag marks (OldCPURepack, NoNativeMXFP4, ...): the flag itself, or an
// older build that implies every such flag (LegacyBuild, NGLOutputLast).
func (s *Settings) before(flag bool) bool { return flag || s.oldest() }

// oldest reports a build older than every build flag marks: LegacyBuild
// (before June 2024) or NGLOutputLast (before PR #18148).
func (s *Settings) oldest() bool { return s.LegacyBuild || s.NGLOutputLast }

// sumMinCtx is Σ_{i<P} min(i, window) (window 0 = unlimited): the keys
// the prompt's queries attend to.
func sumMinCtx(P int64, k attnKind, window int64) float64 {
	if P <= 1 {
		return 0
	}
	if k != attnSWA || window <= 0 || P <= window {
		return float64(P) * float64(P-1) / 2
	}
	w := float64(window)
	return w*(w-1)/2 + float64(P-window)*w
}

// VerdictRank orders verdicts: gpu 3, partial 2, cpu 1, no (or unknown) 0.
func VerdictRank(v string) int {
	switch v {
	case VerdictGPU:
		return 3
	case VerdictPartial:
		return 2
	case VerdictCPU:
		return 1
	}
	return 0
}

// maxContext is the largest context (a multiple of 256, or the model's
// maximum) that keeps the verdict. Memory grows about linearly with the
// context, so regula falsi on the memory slack finds it in a few
// evaluations; bisection takes over when interpolation stalls.
func (r *run) maxContext(w *weights, verdict string) int {
	ctx := r.s.Context
	upper := r.p.a.ContextLength
	if upper <= 0 {
		return ctx
	}
	if upper <= ctx {
		return upper
	}
	want := VerdictRank(verdict)
	kv, g := r.kv, r.g
	defer func() { r.kv, r.g = kv, g }()
	ok, sHi := r.slackAt(w, upper, want)
	if ok {
		return upper
	}
	lo, hi := ctx/ctxPad, (upper+ctxPad-1)/ctxPad // units of 256: lo keeps the verdict, hi does not
	if lo < 1 {
		lo = 1
	}
	_, sLo := r.slackAt(w, lo*ctxPad, want)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if sLo > 0 && sHi < 0 && !math.IsNaN(sLo+sHi) {
			c := lo + int(float64(hi-lo)*sLo/(sLo-sHi))
			mid = min(max(c, lo+1), hi-1)
		}
		ok, s := r.slackAt(w, mid*ctxPad, want)
		if ok {
			lo, sLo = mid, s
		} else {
			hi, sHi = mid, s
		}
	}
	if lo*ctxPad < ctx {
		return ctx
	}
	return lo * ctxPad
}

// slackAt evaluates context c: whether it keeps verdict rank want, and the
// memory to spare (negative: missing; NaN: unknown), which shrinks about
// linearly with c.
func (r *run) slackAt(w *weights, c, want int) (bool, float64) {
	r.setContext(int64(c))
	pl := &r.tmp
	L := r.p.nLayer
	switch want {
	case 3:
		r.place(w, L+1, 0, pl)
	case 1:
		r.place(w, 0, 0, pl)
	default:
		if VerdictRank(r.bestPlacement(w, pl)) < want {
			return false, math.NaN()
		}
	}
	slack := math.Inf(1)
	for d := range pl.dev {
		if pl.dev[d] > 0 {
			slack = math.Min(slack, float64(r.budget[d]-pl.dev[d]))
		}
	}
	if !r.hw.RAMUnknown {
		slack = math.Min(slack, float64(r.hw.RAMBytes-pl.ramNeed))
	}
	if math.IsInf(slack, 1) {
		slack = math.NaN()
	}
	return pl.fits, slack
}

// BestQuant picks the result to recommend: the highest quality that fits
// entirely on the GPUs; else, among partial offloads, the highest quality
// within 2× of the fastest partial one; else the same rule among CPU
// results. It reports false when nothing fits.
func BestQuant(results []Result) (Result, bool) {
	for _, v := range []string{VerdictGPU, VerdictPartial, VerdictCPU} {
		var fastest float64
		found := false
		for i := range results {
			if results[i].Verdict == v {
				found = true
				fastest = math.Max(fastest, results[i].DecodeTPS)
			}
		}
		if !found {
			continue
		}
		best := -1
		for i := range results {
			rr := &results[i]
			if rr.Verdict != v {
				continue
			}
			if v != VerdictGPU && rr.DecodeTPS < fastest/2 {
				continue
			}
			if best < 0 || rr.QualityRank > results[best].QualityRank {
				best = i
			}
		}
		if best >= 0 {
			return results[best], true
		}
	}
	return Result{}, false
}

// prefillBasis is what appendPrefillBasis says of one estimate's prefill.
type prefillBasis struct {
	mmq, q6Part float64 // the slower matmul formats' cost (1: none) and the Q6_K part of its excess
	gdnFlops    float64 // delta-net FLOPs per state element charged
	gdnFP32     float64 // the first device's FP32 peak where the op is charged at it (0: the tensor rate)
	recurrent   bool
	cublas      float64 // the cost factor of unquantised matmuls under cuBLAS (1: not charged)
	fp4         float64 // the MXFP4 experts' gain on consumer Blackwell's FP4 instruction (1: none; native_mxfp4.go)
	wide        float64 // FLOPS of wide-head attention in prefill (0: not charged; wide_head_fa.go)
	wideDecode  float64 // and in decode
}

// appendPrefillBasis says, where they apply, the extra prefill time of the
// slower matmul formats (gpu_quant_prefill.go), naming the ones the file
// has, and the gated delta-net layers' cost (deltanet_prefill.go).
func appendPrefillBasis(b []byte, pb prefillBasis) []byte {
	if pb.mmq != 1 {
		extra := pb.mmq - 1
		switch {
		case pb.q6Part >= extra-1e-9:
			b = append(b, "; Q6_K matmuls +"...)
		case pb.q6Part <= 1e-9:
			b = append(b, "; Q2_K / IQ2_S / IQ3_XXS matmuls +"...)
		default:
			b = append(b, "; Q6_K and Q2_K / IQ2_S / IQ3_XXS matmuls +"...)
		}
		b = strconv.AppendFloat(b, 100*extra, 'f', 0, 64)
		b = append(b, " % prefill time"...)
	}
	if pb.cublas != 1 {
		b = append(b, "; cuBLAS matmuls at "...)
		b = strconv.AppendFloat(b, cublasPrefillUtil, 'f', 2, 64)
		b = append(b, " of the tensor peak"...)
	}
	if pb.fp4 != 1 {
		b = append(b, "; MXFP4 expert matmuls on the FP4 tensor cores x"...)
		b = strconv.AppendFloat(b, pb.fp4, 'f', 1, 64)
	}
	if pb.wide > 0 || pb.wideDecode > 0 {
		b = append(b, "; attention of heads over 256 at "...)
		if pb.wide > 0 {
			b = strconv.AppendFloat(b, pb.wide/1e12, 'f', 2, 64)
			b = append(b, " TFLOPS prefill"...)
		}
		if pb.wideDecode > 0 {
			if pb.wide > 0 {
				b = append(b, ", "...)
			}
			b = strconv.AppendFloat(b, pb.wideDecode/1e12, 'f', 2, 64)
			b = append(b, " TFLOPS decode"...)
		}
	}
	if pb.recurrent {
		b = append(b, "; delta-net prefill "...)
		b = strconv.AppendFloat(b, pb.gdnFlops, 'f', 0, 64)
		b = append(b, " FLOPs per state element"...)
		if pb.gdnFP32 > 0 {
			b = append(b, " (CUDA cores, "...)
			b = strconv.AppendFloat(b, pb.gdnFP32/1e12, 'f', 0, 64)
			b = append(b, " TFLOPS FP32)"...)
		}
	}
	return b
}

// appendCharge adds "; <what><value><unit> +<t> ms" to a basis: a per-token
// charge and the rule that gave it.
func appendCharge(basis []byte, what, value, unit string, t float64) []byte {
	basis = append(basis, "; "...)
	basis = append(basis, what...)
	basis = append(basis, value...)
	basis = append(basis, unit...)
	basis = append(basis, " +"...)
	basis = append(basis, fmtF(1e3*t, 1)...)
	return append(basis, " ms"...)
}
