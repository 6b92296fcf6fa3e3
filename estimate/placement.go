package estimate

// llama.cpp placement (docs/estimation.md §4): -ngl N offloads the last N
// repeating layers; the output layer goes to a GPU only when N > n_layer;
// token_embd stays in host memory. Offloaded layers are split across GPUs
// in contiguous ranges by --tensor-split fractions, which default to each
// device's free memory (llama-model.cpp: layer_gpu = upper_bound(splits,
// (il - i_gpu_start) / act_gpu_layers)). A layer's KV cache lives with it.

// placement is where one model at one quant goes.
type placement struct {
	n       int     // llama.cpp -ngl: offloaded layers, n_layer+1 = all with the output
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
}

func (pl *placement) init(nd int) {
	pl.dev = growI64(pl.dev, nd)
	if cap(pl.lo) >= nd {
		pl.lo, pl.hi = pl.lo[:nd], pl.hi[:nd]
	} else {
		pl.lo, pl.hi = make([]int, nd), make([]int, nd)
	}
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
	if n > L && nd > 0 {
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

// place evaluates offload count n (0..L+1) for weights w.
func (r *run) place(w *weights, n int, pl *placement) {
	p := r.p
	L := p.nLayer
	nd := len(r.devs)
	pl.n = n
	full := n > L
	pl.start = L - n
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
	if w.cumExpert != nil {
		if e := rangeSum(w.cumExpert, start, L); e > 0 {
			host += e
			hostMaxT = w.maxT
		}
	}
	if pl.outDev < 0 {
		host += w.outCPU
	}
	pl.compute, pl.over = 0, 0
	used := false
	pl.devFits = true
	pl.ramNeed = 0
	for d := 0; d < nd; d++ {
		lo, hi := pl.lo[d], pl.hi[d]
		if hi <= lo && d != pl.outDev {
			pl.dev[d] = 0
			continue
		}
		b := rangeSum(w.cumLayer, lo, hi) + r.kvRange(lo, hi)
		if w.cumExpert != nil {
			b -= rangeSum(w.cumExpert, lo, hi)
		}
		var c int64
		switch {
		case d == pl.outDev:
			b += w.output
			c = r.g.full
		case !full && d == 0:
			// The GPU also runs the host layers' matmuls during prefill
			// (ubatches of ≥ 32 rows) and needs room for the largest staged
			// weight. The output matmul sees one row per sequence in
			// generation and stays on the CPU.
			c = r.g.partialHd + hostMaxT
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
	if full && w.cumExpert == nil {
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
	pl.fits = pl.devFits && (r.hw.RAMUnknown || pl.ramNeed <= r.hw.RAMBytes)
}

// bestPlacement finds the verdict: everything on the GPUs, else the most
// layers that fit (partial), else CPU; VerdictNo when even that fails.
func (r *run) bestPlacement(w *weights, pl *placement) string {
	L := r.p.nLayer
	if len(r.devs) > 0 {
		r.place(w, L+1, pl)
		if pl.fits {
			return VerdictGPU
		}
		// Largest n in [1, L] whose devices fit (device loads grow with n).
		lo, hi := 0, L
		if len(r.devs) == 1 {
			lo, hi = r.maxLayersOneGPU(w)
		}
		for lo < hi {
			mid := (lo + hi + 1) / 2
			r.place(w, mid, pl)
			if pl.devFits {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		if lo > 0 {
			r.place(w, lo, pl)
			for lo > 1 && !pl.devFits { // guard: the prefix-sum bracket and place agree, but never trust it blindly
				lo--
				r.place(w, lo, pl)
			}
			if pl.fits {
				return VerdictPartial
			}
			return VerdictNo // RAM is the limit: fewer GPU layers only need more RAM
		}
	}
	r.place(w, 0, pl)
	if pl.fits {
		return VerdictCPU
	}
	return VerdictNo
}

// maxLayersOneGPU brackets the partial offload count for a single GPU
// from the prefix sums alone: the device holds the last n layers, their
// cache, the partial compute buffer (with the staging copy while layers
// stay on the host) and the overheads. It returns lo == hi when exact.
func (r *run) maxLayersOneGPU(w *weights) (int, int) {
	L := r.p.nLayer
	fixed := r.g.partialHd + r.overhead[0] + r.vision
	room := r.budget[0] - fixed
	need := func(n int) int64 {
		b := rangeSum(w.cumLayer, L-n, L) + r.kvRange(L-n, L)
		if w.cumExpert != nil {
			b -= rangeSum(w.cumExpert, L-n, L)
		}
		return b
	}
	if need(L)+stageFor(w, L, L) <= room {
		return L, L
	}
	lo, hi := 0, L-1 // with host layers the staging copy applies
	room -= w.maxT
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

// stageFor is the staging copy device 0 needs with n of L layers offloaded.
func stageFor(w *weights, n, L int) int64 {
	if n < L || (w.cumExpert != nil && w.cumExpert[L] > 0) {
		return w.maxT
	}
	return 0
}
