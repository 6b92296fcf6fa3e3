package estimate

import "math"

// llama.cpp placement (docs/estimation.md §4): since PR #18148 (merged
// 2025-12-17, https://github.com/ggml-org/llama.cpp/pull/18148) -ngl N puts
// the output layer on a GPU first and then the last N−1 repeating layers
// (llama-model.cpp: i_gpu_start = n_layer + 1 − N); older builds
// (Settings.NGLOutputLast, LegacyBuild) offload the last N repeating layers
// and the output layer only when N > n_layer. token_embd stays in host memory. Offloaded layers are split across GPUs
// in contiguous ranges by --tensor-split fractions, which default to each
// device's free memory (llama-model.cpp: layer_gpu = upper_bound(splits,
// (il - i_gpu_start) / act_gpu_layers)). A layer's KV cache lives with it.

// placement is where one model at one quant goes.
type placement struct {
	n       int     // llama.cpp -ngl: offloaded layers, n_layer+1 = all with the output
	cm      int     // llama.cpp --n-cpu-moe: the routed experts of layers [0, cm) stay in host memory
	start   int     // first offloaded layer
	outDev  int     // device of the output layer, -1 = CPU
	dev     []int64 // bytes per device
	lo, hi  []int   // layer range per device
	host    int64   // host-only bytes (unified GPUs' bytes are not repeated here)
	ramNeed int64   // what the RAM must hold: host + unified devices
	fits    bool
	devFits bool
	compute int64 // compute buffers, all devices + host
	over    int64 // overheads

	outCompute int64 // compute buffer of the device holding the output layer (0: on the CPU)
	gpuWeights int64 // weights on the GPUs (llama.cpp's "model buffer" of every device)
}

func (pl *placement) init(nd int) {
	pl.dev = growI64(pl.dev, nd)
	if cap(pl.lo) >= nd {
		pl.lo, pl.hi = pl.lo[:nd], pl.hi[:nd]
	} else {
		pl.lo, pl.hi = make([]int, nd), make([]int, nd)
	}
}

// copyFrom makes pl a copy of src, reusing pl's slices.
func (pl *placement) copyFrom(src *placement) {
	dev, lo, hi := pl.dev, pl.lo, pl.hi
	*pl = *src
	pl.dev = append(dev[:0], src.dev...)
	pl.lo = append(lo[:0], src.lo...)
	pl.hi = append(hi[:0], src.hi...)
}

// expertsHost is the routed-expert bytes of layers [lo, hi) that stay in
// host memory when the experts of layers [0, cm) do (--n-cpu-moe cm).
func expertsHost(w *weights, lo, hi, cm int) int64 {
	if w.cumExpert == nil {
		return 0
	}
	hi = min(hi, cm)
	if hi <= lo {
		return 0
	}
	return rangeSum(w.cumExpert, lo, hi)
}

// kvRange is the KV cache of layers [lo, hi).
func (r *run) kvRange(lo, hi int) int64 {
	var b int64
	for k := range r.p.kinds {
		if c := r.p.kindCount(k, lo, hi); c > 0 {
			b += c * r.kv.perLayer[r.p.kinds[k].attn]
		}
	}
	return b
}

// ceilMul is ceil(f·n) for the split boundaries.
func ceilMul(f float64, n int) int {
	x := f * float64(n)
	c := int(x)
	if float64(c) < x {
		c++
	}
	return c
}

// ranges assigns offloaded layers [start, L) to devices for offload count n.
func (r *run) ranges(n int, pl *placement) {
	L := r.p.nLayer
	nd := len(r.devs)
	act := n
	if act > L+1 {
		act = L + 1
	}
	span := L - pl.start
	prev := 0
	for d := 0; d < nd; d++ {
		b := span
		if d < nd-1 {
			b = ceilMul(r.split[d], act)
			if b > span {
				b = span
			}
			if b < prev {
				b = prev
			}
		}
		pl.lo[d], pl.hi[d] = pl.start+prev, pl.start+b
		prev = b
	}
	pl.outDev = -1
	if nd > 0 && (n > L || n > 0 && r.outputFirst()) {
		x := float64(L-pl.start) / float64(act)
		pl.outDev = nd - 1
		for d := 0; d < nd; d++ {
			if r.split[d] > x {
				pl.outDev = d
				break
			}
		}
	}
}

// place evaluates offload count n (0..L+1) with the routed experts of
// layers [0, cm) in host memory (--n-cpu-moe cm; 0 = none) for weights w.
func (r *run) place(w *weights, n, cm int, pl *placement) {
	p := r.p
	L := p.nLayer
	nd := len(r.devs)
	pl.n = n
	if w.cumExpert == nil || cm < 0 {
		cm = 0
	}
	pl.cm = min(cm, L)
	full := n > L
	pl.start = L - r.repeatingOffloaded(n)
	if pl.start < 0 {
		pl.start = 0
	}
	if nd == 0 {
		pl.start = L
	}
	r.ranges(n, pl)
	start := pl.start
	host := w.embd + w.cumLayer[start] + r.kvRange(0, start)
	var hostMaxT int64
	if start > 0 {
		hostMaxT = w.maxT
	}
	expHost := false
	if e := expertsHost(w, start, L, pl.cm); e > 0 {
		host += e
		hostMaxT = w.maxT
		expHost = true
	}
	if pl.outDev < 0 {
		host += w.outCPU
	}
	pl.compute, pl.over = 0, 0
	pl.outCompute, pl.gpuWeights = 0, 0
	used := false
	pl.devFits = true
	pl.ramNeed = 0
	for d := 0; d < nd; d++ {
		lo, hi := pl.lo[d], pl.hi[d]
		if hi <= lo && d != pl.outDev {
			pl.dev[d] = 0
			continue
		}
		b := rangeSum(w.cumLayer, lo, hi) - expertsHost(w, lo, hi, pl.cm)
		if d == pl.outDev {
			b += r.outputOn(d, w)
			if full && w.embdInSpan && r.devs[d].unified && r.devs[d].backend == "metal" {
				// The mmapped Metal buffer holds token_embd too (weights.go
				// embdInSpan): it counts on the GPU, and on unified memory
				// those pages are the host's copy, so it leaves the host.
				b += w.embd
				host -= w.embd
			}
		}
		pl.gpuWeights += b
		b += r.kvRange(lo, hi)
		var c int64
		switch {
		case !full && d == 0:
			// The GPU also runs the host layers' matmuls during prefill
			// (ubatches of ≥ 32 rows) and needs room for the largest staged
			// weight — except on unified memory, where it reads them in
			// place.
			c = r.g.partialHd
			if !r.devs[d].unified {
				c += hostMaxT
			}
		case d == pl.outDev:
			c = r.g.full
			pl.outCompute = c
		default:
			c = r.g.layer
		}
		o := r.overhead[d]
		if !used {
			o += r.vision // the projector goes to the first GPU in use
		}
		used = true
		b += c + o
		pl.dev[d] = b
		pl.compute += c
		pl.over += o
		if b > r.budget[d] {
			pl.devFits = false
		}
		if r.devs[d].unified {
			pl.ramNeed += b
		}
	}
	hc := r.g.hostCPU
	if full && !expHost {
		hc = r.g.hostFull
	}
	fixed := overheadHost + r.tokenizer
	host += hc + r.g.output + fixed
	pl.compute += hc + r.g.output
	pl.over += fixed
	if !used && r.vision > 0 {
		host += r.vision
		pl.over += r.vision
	}
	pl.host = host
	pl.ramNeed += host
	pl.fits = pl.devFits && (r.hw.RAMUnknown || pl.ramNeed <= r.hw.RAMBytes) &&
		(r.unifiedCap == 0 || pl.ramNeed <= r.unifiedCap)
}

// bestPlacement finds the verdict: everything on the GPUs, else the
// fastest partial placement that fits (whole layers in RAM, or for MoE
// models the routed experts of the first N layers, --n-cpu-moe N), else
// CPU; VerdictNo when even that fails.
func (r *run) bestPlacement(w *weights, pl *placement) string {
	L := r.p.nLayer
	if len(r.devs) > 0 && (r.s.NGL > 0 || r.s.NCPUMoE > 0) {
		return r.forcedPlacement(w, pl)
	}
	if len(r.devs) > 0 {
		cm := 0
		if r.s.CPUMoE {
			cm = L // --cpu-moe: every layer's experts in RAM
		}
		r.place(w, L+1, cm, pl)
		if pl.fits {
			if pl.cm > 0 && expertsHost(w, 0, L, pl.cm) > 0 {
				return VerdictPartial
			}
			return VerdictGPU
		}
		if cm == 0 && w.cumExpert != nil && w.cumExpert[L] > 0 {
			return r.bestMoEPlacement(w, pl)
		}
		if r.maxLayers(w, cm, pl) > 0 {
			if pl.fits {
				return VerdictPartial
			}
			return VerdictNo // RAM is the limit: fewer GPU layers only need more RAM
		}
	}
	r.place(w, 0, 0, pl)
	if pl.fits {
		return VerdictCPU
	}
	return VerdictNo
}

// forcedPlacement is the placement the user fixed with -ngl and/or
// --n-cpu-moe (which implies every layer offloaded unless -ngl says
// otherwise).
func (r *run) forcedPlacement(w *weights, pl *placement) string {
	L := r.p.nLayer
	n := L + 1
	if r.s.NGL > 0 {
		n = min(r.s.NGL, L+1)
	}
	cm := min(r.s.NCPUMoE, L)
	if r.s.CPUMoE {
		cm = L
	}
	r.place(w, n, cm, pl)
	switch {
	case !pl.fits:
		return VerdictNo
	case n > L && expertsHost(w, 0, L, pl.cm) == 0:
		return VerdictGPU
	}
	return VerdictPartial
}

// maxLayers places the most layers (1..L) whose devices fit, with the
// experts of layers [0, cm) in host memory, into pl and returns that count
// (0 when not even one layer fits).
func (r *run) maxLayers(w *weights, cm int, pl *placement) int {
	L := r.p.nLayer
	lo, hi := 0, L
	if len(r.devs) == 1 {
		lo, hi = r.maxLayersOneGPU(w, cm)
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		r.place(w, mid, cm, pl)
		if pl.devFits {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return 0
	}
	r.place(w, lo, cm, pl)
	for lo > 1 && !pl.devFits { // guard: the prefix-sum bracket and place agree, but never trust it blindly
		lo--
		r.place(w, lo, cm, pl)
	}
	if !pl.devFits {
		return 0
	}
	return lo
}

// bestMoEPlacement is llama.cpp's choice for a MoE model that does not fit
// whole (common/fit.cpp, --fit): keep every layer's attention, router,
// shared experts and KV on the GPUs and move the routed experts of as few
// layers as needed to system RAM (--n-cpu-moe N); if even all experts in
// RAM leave the dense weights too big, offload whole layers with all
// experts in RAM. Unlike --fit, the plain whole-layer split (-ngl n) is a
// candidate too: the faster decode of the placements that fit wins.
func (r *run) bestMoEPlacement(w *weights, pl *placement) string {
	L := r.p.nLayer
	best := &r.cand[0]
	bestT := math.Inf(1)
	consider := func(c *placement) {
		if !c.fits {
			return
		}
		if t := r.decodeTime(w, c); t < bestT {
			bestT = t
			best.copyFrom(c)
		}
	}
	c := &r.cand[1]
	// Whole layers (-ngl n).
	if r.maxLayers(w, 0, c) > 0 {
		consider(c)
	}
	// All layers offloaded, the experts of the first N in RAM: device
	// memory falls as N grows, so bisect for the smallest N that fits.
	r.place(w, L+1, L, c)
	if c.devFits {
		lo, hi := 0, L // lo does not fit (checked above), hi does
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			r.place(w, L+1, mid, c)
			if c.devFits {
				hi = mid
			} else {
				lo = mid
			}
		}
		r.place(w, L+1, hi, c)
		consider(c)
	} else if r.maxLayers(w, L, c) > 0 {
		// Not even the dense weights fit: whole layers, experts in RAM.
		consider(c)
	}
	if math.IsInf(bestT, 1) {
		r.place(w, 0, 0, pl)
		if pl.fits {
			return VerdictCPU
		}
		return VerdictNo
	}
	pl.copyFrom(best)
	return VerdictPartial
}

// maxLayersOneGPU brackets the partial offload count for a single GPU
// from the prefix sums alone: the device holds the last n layers, their
// cache, the partial compute buffer (with the staging copy while layers
// or experts stay on the host) and the overheads, less the experts of
// layers [0, cm). It returns lo == hi when exact.
func (r *run) maxLayersOneGPU(w *weights, cm int) (int, int) {
	L := r.p.nLayer
	fixed := r.g.partialHd + r.overhead[0] + r.vision
	room := r.budget[0] - fixed
	need := func(n int) int64 {
		k := r.repeatingOffloaded(n)
		b := rangeSum(w.cumLayer, L-k, L) + r.kvRange(L-k, L)
		if n > 0 && r.outputFirst() {
			b += r.outputOn(0, w)
		}
		return b - expertsHost(w, L-k, L, cm)
	}
	stage := stageFor(w, L, L, cm)
	if r.devs[0].unified {
		stage = 0
	}
	if need(L)+stage <= room {
		return L, L
	}
	lo, hi := 0, L-1 // with host layers the staging copy applies
	if !r.devs[0].unified {
		room -= w.maxT
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if need(mid) <= room {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo, lo
}

// stageFor is the staging copy device 0 needs with n of L layers offloaded
// and the experts of layers [0, cm) in host memory.
func stageFor(w *weights, n, L, cm int) int64 {
	if n < L || expertsHost(w, 0, L, cm) > 0 {
		return w.maxT
	}
	return 0
}

// outputFirst: the build puts the output layer on a GPU before any
// repeating layer (llama.cpp PR #18148; current builds).
func (r *run) outputFirst() bool { return !r.s.oldest() }

// repeatingOffloaded is how many repeating layers -ngl n puts on GPUs.
func (r *run) repeatingOffloaded(n int) int {
	if n > 0 && n <= r.p.nLayer && r.outputFirst() {
		return n - 1
	}
	return n
}

// outputOn is the output layer's bytes on device d. A tied model's output
// is a second tensor over token_embd's data. On unified memory the device
// buffer wraps the model's file mapping (llama.cpp src/llama-model.cpp
// load_tensors: use_mmap and a device with buffer_from_host_ptr, as Metal
// on Apple silicon, map "the mmap region containing the tensors"), so the
// duplicate points at pages already counted and only the norm is new.
func (r *run) outputOn(d int, w *weights) int64 {
	if r.devs[d].unified {
		return w.outCPU
	}
	return w.output
}
