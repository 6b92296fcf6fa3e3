package estimate

// Weight memory per tensor class. GGUF mixtures follow llama.cpp's
// quantizer (src/llama-quant.cpp llama_tensor_get_type_impl, read at
// ggml-org/llama.cpp@007dbbf): embeddings, output, attn_v and ffn_down get
// more bits than the file's base type, per layer, so a 262k-vocabulary
// model and a 32k one both come out right. Serving formats (vLLM) quantise
// the Linear layers and keep embeddings, lm_head and norms in BF16.

// weights is one model at one quantization, as prefix sums over layers
// (index i = layers [0, i)) so that any range of layers sums in O(1).
type weights struct {
	cumLayer  []int64 // layer weights
	cumExpert []int64 // routed-expert weights (kept in RAM with --cpu-moe)
	cumActive []int64 // bytes read per decoded token (MoE: the used experts only)
	cumExpAct []int64 // the routed-expert part of cumActive
	embd      int64   // token_embd: always in host memory (get_rows runs on the CPU)
	output    int64   // output.weight + output_norm as loaded on the output device (a tied model loads a copy there)
	outCPU    int64   // the same when the output stays on the CPU (tied: shares token_embd)
	file      int64   // tensor bytes of the file
	maxT      int64   // largest single layer tensor: the staging copy of partial-offload prefill
	// mmqExtra: the repeating layers' extra CUDA prefill cost, the
	// element-weighted mean of 1/rate − 1 over their matrices' types
	// (gpu_quant_prefill.go: Q6_K, Q2_K and two i-quants prefill slower).
	mmqExtra float64
	q6Extra  float64 // the Q6_K tensors' part of mmqExtra (mmqPrefillCost)
	// fellBack: the share of the repeating layers' weight elements that
	// llama-quantize stored in a 32-weight fallback type because their rows
	// are not a multiple of 256 (fallbackType), per fallback type; the
	// CPU's prefill rate mixes theirs in (cpu_fallback.go).
	fellBack fallbackShares
	// embdInSpan: token_embd lies between the tensors of the output device
	// in the file. llama-quantize writes tensors in the loader's order
	// (llama-model-loader.h weight_name_comparer: names without "blk.N."
	// sort as layer −1, so output, output_norm and token_embd come before
	// blk.0), while converted F16/BF16 files keep token_embd first; an
	// mmapped Metal model buffer spans from the first to the last of its
	// tensors (llamacpp_buffers-05..12: Pythia 1.4B quants log
	// Metal_Mapped = the file, the F16 file the GPU tensors only).
	embdInSpan bool
}

func rangeSum(c []int64, lo, hi int) int64 { return c[hi] - c[lo] }

// pairBytes is one layer class at one quant.
type pairBytes struct {
	tot, exp, act, expAct, n int64
	mmq, q6                  float64 // extra CUDA prefill, in elements at Q4_0's rate (mmqExtra, q6Extra)
	fb                       fallbackCounts
}

// rules picks tensor types for one llama.cpp file type.
type rules struct {
	p       *plan
	q       *Quant
	imatrix bool // most published i-quants and K-quants are made with an importance matrix
}

func useMoreBits(i, n int) bool {
	return i < n/8 || i >= 7*n/8 || (i-n/8)%3 == 2
}

// pick is llama_tensor_get_type_impl for a quantised base type followed by
// tensor_type_fallback. i is the layer, iv the attn_v index, id the
// ffn_down counter.
func (r *rules) pick(t *tensor, i, iv, id int) ggmlType {
	ft := r.q.ftype
	base := r.q.base
	if t.expert && r.p.nativeMXFP4 {
		// Published GGUFs of a model that ships MXFP4 experts keep them
		// as published at every file type, F16/BF16 included: unsloth's
		// gpt-oss-120b files span 58.3 GiB (Q2_K) to 60.9 GiB (F16),
		// testdata/gguf_sizes.csv.
		return tMXFP4
	}
	switch ft {
	case ftF32, ftF16, ftBF16:
		return base
	}
	p := r.p
	nt := base
	n := p.nLayer
	iq12 := ft == ftIQ2_XXS || ft == ftIQ2_XS || ft == ftIQ1_S || ft == ftIQ2_S || ft == ftIQ2_M || ft == ftIQ1_M
	switch {
	case t.role == roleOutput || (p.tied && t.role == roleEmbd):
		switch {
		case ft == ftMXFP4_MOE:
			nt = tQ8_0
		case p.isFalcon || t.ncols%typeTraits[nt].block != 0:
			nt = tQ8_0
		case iq12 || ft == ftIQ3_XXS:
			nt = tQ5_K
		case nt != tQ8_0:
			nt = tQ6_K
		}
	case ft == ftMXFP4_MOE:
		if t.expert {
			nt = tMXFP4
		} else {
			nt = tQ8_0
		}
	case t.role == roleEmbd:
		switch ft {
		case ftIQ2_XXS, ftIQ2_XS, ftIQ1_S, ftIQ1_M:
			nt = tQ2_K
		case ftIQ2_S, ftIQ2_M, ftIQ3_XXS:
			nt = tIQ3_S
		}
	case iq12:
		iq2sm := ft == ftIQ2_S || ft == ftIQ2_M
		switch {
		case t.role == roleV:
			if p.nGQA >= 4 || p.nExpert >= 4 {
				nt = tQ4_K
			} else if iq2sm {
				nt = tIQ3_S
			} else {
				nt = tQ2_K
			}
		case p.nExpert == 8 && t.role == roleK:
			nt = tQ4_K
		case t.role == roleDown:
			if id < n/8 {
				if iq2sm {
					nt = tIQ3_S
				} else {
					nt = tQ2_K
				}
			}
		case t.role == roleO:
			if p.nExpert == 8 {
				nt = tQ5_K
			} else if ft == ftIQ1_S || ft == ftIQ1_M {
				nt = tIQ2_XXS
			} else if iq2sm {
				nt = tIQ3_S
			}
		}
	case t.role == roleV:
		nt = r.pickV(nt, iv)
	case t.role == roleQKV:
		// llama_tensor_get_type_impl, attn_qkv: one step up for the K-quant
		// mixes (Pythia 2.8B Q3_K_M logs 32 of its 33+94+2+1 tensors as
		// the q4_K attn_qkv, Q4_K_M 32 q5_K, Q5_K_M 49 q6_K = 32 + 16 ffn_down
		// + output; llamacpp_buffers-18..20).
		switch ft {
		case ftQ3_K_M, ftQ3_K_L, ftIQ3_M:
			nt = tQ4_K
		case ftQ4_K_M:
			nt = tQ5_K
		case ftQ5_K_M:
			nt = tQ6_K
		}
	case t.role == roleK:
		switch {
		case p.nExpert == 8:
			nt = tQ8_0
		case ft == ftIQ3_XS:
			nt = tIQ3_XXS
		case ft == ftIQ3_XXS:
			nt = tIQ2_S
		}
	case t.role == roleQ:
		switch ft {
		case ftIQ3_XS:
			nt = tIQ3_XXS
		case ftIQ3_XXS:
			nt = tIQ2_S
		}
	case t.role == roleDown:
		nt = r.pickDown(nt, i)
	case t.role == roleO:
		nt = r.pickO(nt)
	case t.role == roleGate || t.role == roleUp:
		if ft == ftIQ3_XS && i >= n/8 && i < 7*n/8 {
			nt = tIQ3_XXS
		}
	}
	return fallbackType(nt, t.ncols)
}

func (r *rules) pickV(nt ggmlType, iv int) ggmlType {
	p, ft := r.p, r.q.ftype
	switch {
	case ft == ftQ2_K:
		if p.nGQA >= 4 {
			nt = tQ4_K
		} else {
			nt = tQ3_K
		}
	case ft == ftQ2_K_S && p.nGQA >= 4:
		nt = tQ4_K
	case ft == ftIQ3_XXS:
		if p.nGQA >= 4 {
			nt = tQ4_K
		} else if !r.imatrix {
			nt = tIQ3_S
		} else {
			nt = tIQ3_XXS
		}
	case (ft == ftIQ3_XS || ft == ftIQ3_S) && p.nGQA >= 4:
		nt = tQ4_K
	case ft == ftIQ3_M:
		nt = tQ4_K
	case ft == ftQ3_K_M:
		if iv < 2 {
			nt = tQ5_K
		} else {
			nt = tQ4_K
		}
	case ft == ftQ3_K_L:
		nt = tQ5_K
	case (ft == ftIQ4_NL || ft == ftIQ4_XS) && p.nGQA >= 4:
		nt = tQ5_K
	case (ft == ftQ4_K_M || ft == ftQ5_K_M) && useMoreBits(iv, p.nV):
		nt = tQ6_K
	case ft == ftQ4_K_S && iv < 4:
		nt = tQ5_K
	}
	if p.is70B && (nt == tQ3_K || nt == tQ4_K) {
		nt = tQ5_K
	}
	if p.nExpert == 8 {
		nt = tQ8_0
	}
	return nt
}

func (r *rules) pickDown(nt ggmlType, i int) ggmlType {
	p, ft := r.p, r.q.ftype
	n := p.nLayer
	switch {
	case ft == ftQ2_K:
		nt = tQ3_K
	case ft == ftQ2_K_S:
		if i < n/8 {
			nt = tQ4_K
		}
	case ft == ftIQ3_XXS && !r.imatrix:
		if i < n/8 {
			nt = tQ4_K
		} else {
			nt = tQ3_K
		}
	case ft == ftQ3_K_M:
		if i < n/16 {
			nt = tQ5_K
		} else if !p.isFalcon || useMoreBits(i, n) {
			nt = tQ4_K
		} else {
			nt = tQ3_K
		}
	case ft == ftIQ3_M && (i < n/8 || (p.nExpert == 8 && useMoreBits(i, n))):
		nt = tQ4_K
	case ft == ftQ3_K_L:
		if p.isFalcon {
			nt = tQ4_K
		} else {
			nt = tQ5_K
		}
	case ft == ftQ4_K_M:
		if p.isFalcon {
			if i < n/16 {
				nt = tQ6_K
			} else if useMoreBits(i, n) {
				nt = tQ5_K
			}
		} else if useMoreBits(i, n) {
			nt = tQ6_K
		}
	case i < n/8 && (ft == ftIQ4_NL || ft == ftIQ4_XS) && !r.imatrix:
		nt = tQ5_K
	case ft == ftQ5_K_M && useMoreBits(i, n):
		nt = tQ6_K
	case ft == ftQ4_K_S && !p.isFalcon && i < n/8:
		nt = tQ5_K
	case (ft == ftQ4_0 || ft == ftQ5_0) && r.imatrix && i < n/8:
		if ft == ftQ4_0 {
			nt = tQ4_1
		} else {
			nt = tQ5_1
		}
	}
	return nt
}

func (r *rules) pickO(nt ggmlType) ggmlType {
	p, ft := r.p, r.q.ftype
	if p.isFalcon {
		if ft == ftQ3_K_L {
			nt = tQ4_K
		}
		return nt
	}
	if p.nExpert == 8 {
		switch ft {
		case ftQ2_K, ftIQ3_XS, ftIQ3_XXS, ftQ3_K_S, ftQ3_K_M, ftIQ4_NL, ftQ4_K_S, ftQ4_K_M, ftIQ3_S, ftIQ3_M, ftIQ4_XS:
			nt = tQ5_K
		}
		return nt
	}
	switch ft {
	case ftQ2_K:
		nt = tQ3_K
	case ftIQ3_XXS:
		nt = tIQ3_S
	case ftQ3_K_M, ftIQ3_M:
		nt = tQ4_K
	case ftQ3_K_L:
		nt = tQ5_K
	}
	return nt
}

// layerDependent reports whether file type ft picks per-layer types
// (llama-quant.cpp: use_more_bits, i < n/8, i_attention_wv < 2/4 ...).
// The others give every layer of a kind the same bytes.
func layerDependent(ft ftype, imatrix bool) bool {
	switch ft {
	case ftQ4_K_M, ftQ5_K_M, ftQ3_K_M, ftQ4_K_S, ftQ2_K_S, ftIQ3_M, ftIQ3_XS,
		ftIQ2_XXS, ftIQ2_XS, ftIQ2_S, ftIQ2_M, ftIQ1_S, ftIQ1_M:
		return true
	case ftIQ3_XXS, ftIQ4_NL, ftIQ4_XS:
		return !imatrix
	case ftQ4_0, ftQ5_0:
		return imatrix
	}
	return false
}

// serveType is the storage of a tensor in a vLLM (safetensors) format:
// Linear layers at the format's width, embeddings and lm_head in BF16.
func serveType(q *Quant, t *tensor) ggmlType {
	switch q.ftype {
	case ftServeMXFP4, ftMXFP4_MOE:
		if t.expert {
			return tMXFP4
		}
		return tBF16
	}
	if t.role == roleEmbd || t.role == roleOutput {
		return tBF16
	}
	return q.base
}

// computeWeights fills w for quant q. buf supplies the prefix arrays so
// EstimateModel can reuse one allocation. Dense models share cumActive with
// cumLayer; the expert arrays are filled only when experts is set
// (--cpu-moe), else they are nil.
func (p *plan) computeWeights(q *Quant, engine string, imatrix, experts bool, w *weights, buf []int64) []int64 {
	n := p.nLayer
	m := n + 1
	moe := p.nExpert > 0
	experts = experts && moe
	arrays := 1
	if moe {
		arrays = 2
	}
	if experts {
		arrays = 4
	}
	if cap(buf) < arrays*m {
		buf = make([]int64, arrays*m)
	}
	buf = buf[:arrays*m]
	w.cumLayer, w.cumActive, w.cumExpert, w.cumExpAct = buf[:m], buf[:m], nil, nil
	if moe {
		w.cumActive = buf[m : 2*m]
	}
	if experts {
		w.cumExpert, w.cumExpAct = buf[2*m:3*m], buf[3*m:]
	}
	w.maxT = 0
	serve := engine == EngineVLLM
	r := rules{p: p, q: q, imatrix: imatrix}
	f32 := typeTraits[tF32].bytes
	if serve {
		f32 = typeTraits[tBF16].bytes // norms and router ship in the model dtype
	}
	if q.base == tF32 {
		f32 = 4
	}

	// Per layer kind: the tensors whose type does not depend on the layer;
	// then per representative layer class only attn_v / ffn_down (and
	// ffn_gate/up for IQ3_XS).
	guVaries := !serve && q.ftype == ftIQ3_XS
	var static, staticExp, staticN [8]int64
	var staticMMQ, staticQ6 [8]float64
	var staticFB [8]fallbackCounts
	for k := range p.kinds {
		lk := &p.kinds[k]
		for j := range lk.tensors {
			t := &lk.tensors[j]
			if !serve && (t.role == roleV || t.role == roleDown || guVaries && (t.role == roleGate || t.role == roleUp)) {
				continue
			}
			var ty ggmlType
			if serve {
				ty = serveType(q, t)
			} else {
				ty = r.pick(t, 0, 0, 0)
			}
			tb := bytesOf(ty, t.n)
			static[k] += tb
			if t.expert {
				staticExp[k] += tb
			}
			staticN[k] += t.n
			staticFB[k].add(q, t, ty)
			staticMMQ[k] += mmqExtra(ty, t.n)
			if ty == tQ6_K {
				staticQ6[k] += mmqExtra(ty, t.n)
			}
			w.maxT = max64(w.maxT, tb)
		}
		static[k] += lk.f32 * f32
	}
	var stack [24]pairBytes
	pairs := stack[:0]
	if len(p.pairs) > len(stack) {
		pairs = make([]pairBytes, 0, len(p.pairs))
	}
	layerDep := !serve && layerDependent(q.ftype, imatrix)
	var kindPair [8]int // first pair of each kind, reused when types do not vary
	for k := range kindPair {
		kindPair[k] = -1
	}
	for _, lp := range p.pairs {
		lk := &p.kinds[lp.kind]
		if !layerDep && kindPair[lp.kind] >= 0 {
			pairs = append(pairs, pairs[kindPair[lp.kind]])
			continue
		}
		kindPair[lp.kind] = len(pairs)
		b := pairBytes{tot: static[lp.kind], exp: staticExp[lp.kind], n: staticN[lp.kind], mmq: staticMMQ[lp.kind], q6: staticQ6[lp.kind], fb: staticFB[lp.kind]}
		if !serve {
			for x := 0; x < len(lk.vd)+len(lk.gu); x++ {
				var t *tensor
				if x < len(lk.vd) {
					t = &lk.tensors[lk.vd[x]]
				} else if guVaries {
					t = &lk.tensors[lk.gu[x-len(lk.vd)]]
				} else {
					break
				}
				ty := r.pick(t, lp.i, lp.iv, lp.i)
				tb := bytesOf(ty, t.n)
				b.tot += tb
				b.n += t.n
				b.fb.add(q, t, ty)
				b.mmq += mmqExtra(ty, t.n)
				if ty == tQ6_K {
					b.q6 += mmqExtra(ty, t.n)
				}
				if t.expert {
					b.exp += tb
				}
				if tb > w.maxT {
					w.maxT = tb
				}
			}
		}
		b.act = b.tot - b.exp
		if lk.moe && p.nExpert > 0 {
			b.expAct = b.exp * int64(p.expertsUsed) / int64(p.nExpert)
			b.act += b.expAct
		}
		pairs = append(pairs, b)
	}
	cl := w.cumLayer
	switch {
	case experts:
		ca, ce, cx := w.cumActive, w.cumExpert, w.cumExpAct
		for i, j := range p.pairOf {
			b := &pairs[j]
			cl[i+1] = cl[i] + b.tot
			ca[i+1] = ca[i] + b.act
			ce[i+1] = ce[i] + b.exp
			cx[i+1] = cx[i] + b.expAct
		}
	case moe:
		ca := w.cumActive
		for i, j := range p.pairOf {
			b := &pairs[j]
			cl[i+1] = cl[i] + b.tot
			ca[i+1] = ca[i] + b.act
		}
	default:
		for i, j := range p.pairOf {
			cl[i+1] = cl[i] + pairs[j].tot
		}
	}
	cl[0] = 0
	w.cumActive[0] = 0
	var extra, q6 float64
	var elems int64
	var fb fallbackCounts
	for _, j := range p.pairOf {
		extra += pairs[j].mmq
		q6 += pairs[j].q6
		elems += pairs[j].n
		fb.sum(&pairs[j].fb)
	}
	w.mmqExtra, w.q6Extra = 0, 0
	w.fellBack = fallbackShares{}
	if elems > 0 {
		w.mmqExtra, w.q6Extra = extra/float64(elems), q6/float64(elems)
		w.fellBack = fb.shares(elems)
	}

	pickTop := func(t *tensor) int64 {
		if serve {
			return bytesOf(serveType(q, t), t.n)
		}
		return bytesOf(r.pick(t, 0, 0, 0), t.n)
	}
	w.embd = pickTop(&p.embd)
	norm := p.e * f32
	file := w.cumLayer[n]
	if p.tied {
		w.output = w.embd + norm // TENSOR_DUPLICATED copy on the output device
		w.outCPU = norm
		file += w.embd + norm
	} else {
		ob := pickTop(&p.output)
		w.output = ob + norm
		w.outCPU = w.output
		file += w.embd + w.output
	}
	w.file = file
	w.embdInSpan = !serve && !p.tied && q.Format == FormatGGUF
	return buf
}
