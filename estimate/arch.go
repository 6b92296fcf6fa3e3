package estimate

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
)

// role is a tensor's category as llama.cpp's quantizer sees it
// (llama-quant.cpp tensor_get_category).
type role uint8

const (
	roleOther  role = iota // quantised at the file's base type (MLA and SSM projections, ...)
	roleQ                  // attn_q
	roleK                  // attn_k
	roleV                  // attn_v (the "more bits" tensor)
	roleO                  // attn_output
	roleUp                 // ffn_up*
	roleGate               // ffn_gate*
	roleDown               // ffn_down*
	roleEmbd               // token_embd
	roleOutput             // output (lm_head)
	roleQKV                // attn_qkv: Q, K and V fused in one tensor (GPT-NeoX GGUFs)
)

// tensor is one quantisable weight of a layer kind.
type tensor struct {
	role   role
	ncols  int64 // ne0: the row length, which must be a multiple of the block size
	n      int64 // elements
	expert bool  // routed-expert tensor (3-D, ffn_*_exps)
}

// attention kinds of a layer.
type attnKind uint8

const (
	attnFull attnKind = iota
	attnSWA
	attnMLA
	attnRecurrent
	// attnNone: a layer with no token mixer, only its FFN (Nemotron-H's
	// MLP and MoE blocks): no KV cache, no state.
	attnNone
)

// layerKind is the shape shared by many layers.
type layerKind struct {
	attn    attnKind
	moe     bool
	tensors []tensor
	f32     int64 // elements stored as F32 in GGUF: norms, biases, router, conv, SSM A/D
	params  int64 // all parameters of the layer
	expert  int64 // routed-expert parameters
	shared  int64 // parameters always active in an MoE layer besides attention (shared experts)
	hasV    bool  // has an attn_v tensor (counts for i_attention_wv)
	vd      []int // indices of attn_v and ffn_down tensors (types vary by layer)
	gu      []int // indices of ffn_gate/up tensors (vary by layer for IQ3_XS only)
}

// plan is everything about a model that does not depend on the quant or
// the hardware; EstimateModel builds it once per model.
type plan struct {
	m      *catalog.Model
	a      *catalog.Arch
	nLayer int
	kinds  []layerKind
	kindOf []uint8 // per layer
	vIndex []int16 // per layer: index among layers with attn_v (i_attention_wv), -1 if none
	nV     int     // n_attention_wv

	// The quantizer's per-layer choices depend on a layer only through a
	// few predicates (i < n/8, use_more_bits, ...): layers with equal
	// predicates and kind weigh the same. pairs holds one representative
	// per distinct (kind, predicates); pairOf maps each layer to it.
	pairs  []layerPair
	pairOf []uint16
	// cumKind[k][i] = layers of layer kind k among the first i (placement
	// and speed sum device ranges in O(1)).
	cumKind [][]int32

	embd, output tensor // output.n == 0 when tied
	tied         bool

	e, vocab, heads, kvHeads, headDim int64
	qDim                              int64 // heads × head_dim (MLA: heads × (nope+rope))
	pairFlops                         int64 // attention FLOPs per (query, key) pair per layer (pairFlopsOf: per kind)
	// The full-attention layers' own head shape beside sliding-window
	// layers (Gemma 4's global layers, catalog.Arch.GlobalHeadDim); 0: the
	// sliding layers' shape. globalSharedKV: no attn_v weight.
	globalHeadDim, globalKVHeads int64
	globalSharedKV               bool
	comp                         compressedPlan // compressed sparse attention (compressed_attention.go)
	// Graph nodes per layer where llama.cpp logs them apart from an
	// ordinary layer's (graph_nodes.go); 0: ordinary.
	layerNodes, layerNodesUnfused float64
	nGQA, nExpert, expertsUsed    int
	is70B, isFalcon               bool
	fusedQKV                      bool  // the GGUF stores attn_qkv, not attn_q/k/v
	ffnAct                        int64 // widest FFN activation per token (for compute buffers)

	// KV cache: elements per cell and layer (K and V separately) by kind.
	kvK, kvV     [4]int64 // indexed by attnKind (recurrent unused)
	recurrentF32 int64    // recurrent state elements per sequence and layer (r + s)
	deltaState   int64    // gated delta-net: key dim × value dim summed over heads (deltanet_prefill.go)
	deltaHeads   int64    // gated delta-net: value heads of a recurrent layer (deltanet_prefill.go unfusedGDNPrefill)
	deltaConv    int64    // gated delta-net: channels of its short convolution, 2 × key heads × key dim + value heads × value dim (compute.go)
	window       int64
	counts       [5]int // layers per attnKind
	visionParams int64
	totalParams  int64 // what the arch gives (after any rescale)
	activeParams int64 // per token, excluding token_embd
	attnLayers   int   // full + swa + mla
	moeLayers    int

	// nativeMXFP4: the model is published with its routed experts in
	// MXFP4 (gpt-oss). Every GGUF quantization keeps them so; only the
	// other tensors follow the file type (see weights.go).
	nativeMXFP4 bool
}

var errNoArch = errors.New("model has no architecture")

// newPlan validates the architecture and builds the tensor inventory.
func newPlan(m *catalog.Model) (*plan, error) {
	if m == nil {
		return nil, errors.New("nil model")
	}
	a := &m.Arch
	if a.Layers == 0 && a.HiddenSize == 0 && a.VocabSize == 0 {
		return nil, errNoArch
	}
	if a.Layers <= 0 || a.Layers > 4096 || a.HiddenSize <= 0 || a.VocabSize <= 0 {
		return nil, fmt.Errorf("invalid architecture: layers %d, hidden %d, vocab %d", a.Layers, a.HiddenSize, a.VocabSize)
	}
	nRec := 0
	if a.Recurrent != nil {
		if a.Recurrent.Layers < 0 || a.Recurrent.Layers > a.Layers {
			return nil, fmt.Errorf("invalid recurrent layer count %d", a.Recurrent.Layers)
		}
		nRec = a.Recurrent.Layers
	}
	nAttn := a.Layers - nRec
	if nAttn > 0 && a.MLA == nil && (a.Heads <= 0 || a.KVHeads < 0) {
		return nil, fmt.Errorf("invalid attention heads %d / kv heads %d", a.Heads, a.KVHeads)
	}
	if a.SlidingWindow < 0 || a.SWALayers < 0 || a.SWALayers > a.Layers || a.IntermediateSize < 0 || a.ContextLength < 0 || a.HeadDim < 0 {
		return nil, errors.New("invalid architecture: negative size")
	}
	if m.ParamsTotal < 0 {
		return nil, errors.New("invalid parameter count")
	}
	p := &plan{m: m, a: a, nLayer: a.Layers, nativeMXFP4: a.MoE != nil && modelShipsMXFP4(m)}
	p.e = int64(a.HiddenSize)
	p.vocab = int64(a.VocabSize)
	p.heads = int64(a.Heads)
	p.kvHeads = int64(a.KVHeads)
	if p.kvHeads == 0 {
		p.kvHeads = p.heads
	}
	p.headDim = int64(a.HeadDim)
	if p.headDim == 0 && p.heads > 0 {
		p.headDim = p.e / p.heads
	}
	p.qDim = p.heads * p.headDim
	// attention FLOPs per (query, key) pair and layer: QK^T and PV, 2 each.
	p.pairFlops = 2 * (p.headDim + p.headDim) * p.heads
	if m := a.MLA; m != nil {
		// MLA GGUFs store one latent "kv head" (head_count_kv = 1), and the
		// absorbed attention works on the kv_lora+rope latent.
		p.kvHeads = 1
		p.qDim = p.heads * int64(m.QKNopeHeadDim+m.QKRopeHeadDim)
		p.pairFlops = 2 * int64(2*m.KVLoraRank+m.QKRopeHeadDim) * p.heads
	}
	p.layerNodes, p.layerNodesUnfused = loggedLayerNodes(a.ModelType)
	if a.Compressed != nil && a.SlidingWindow > 0 && a.SWALayers == a.Layers && len(a.Compressed.Ratios) == a.Layers {
		p.comp = newCompressedPlan(a.Compressed)
	}
	if a.SWALayers > 0 && (a.GlobalHeadDim > 0 || a.GlobalKVHeads > 0 || a.GlobalSharedKV) {
		p.globalHeadDim, p.globalKVHeads, p.globalSharedKV = p.headDim, p.kvHeads, a.GlobalSharedKV
		if a.GlobalHeadDim > 0 {
			p.globalHeadDim = int64(a.GlobalHeadDim)
		}
		if a.GlobalKVHeads > 0 {
			p.globalKVHeads = int64(a.GlobalKVHeads)
		}
	}
	p.tied = a.TiedEmbeddings
	p.isFalcon = strings.HasPrefix(a.ModelType, "falcon")
	// llama.cpp's GPT-NeoX GGUFs keep the fused query_key_value weight as
	// blk.N.attn_qkv (the logged tensor type counts of the Pythia files in
	// testdata/hard_cases.csv, llamacpp_buffers-08..20, add up only so).
	p.fusedQKV = a.ModelType == "gpt_neox"
	if p.kvHeads > 0 {
		p.nGQA = int(p.heads / p.kvHeads)
	}
	if a.MoE != nil {
		if a.MoE.Experts <= 0 || a.MoE.ExpertsPerToken <= 0 || a.MoE.ExpertsPerToken > a.MoE.Experts || a.MoE.ExpertFFN <= 0 || a.MoE.SharedExperts < 0 || a.MoE.DenseLayers < 0 || a.MoE.MoELayers < 0 {
			return nil, errors.New("invalid MoE description")
		}
		p.nExpert = a.MoE.Experts
		p.expertsUsed = a.MoE.ExpertsPerToken
	}
	// LLM_TYPE_70B (llama/qwen2 with 80 layers) gets more bits for attn_v.
	p.is70B = a.Layers == 80 && a.MoE == nil
	if a.Vision != nil && a.Vision.Params > 0 {
		p.visionParams = a.Vision.Params
	}

	if err := p.buildLayers(nRec); err != nil {
		return nil, err
	}
	p.rescale()
	p.sumParams()
	return p, nil
}

// spread reports whether layer i is one of k layers spread evenly over n
// (used where the config only gives counts: which layers are global, MoE,
// attention in a hybrid). Gemma-3's 5:1 and Qwen3-Next's 3:1 come out exact.
func spread(i, k, n int) bool {
	if k <= 0 {
		return false
	}
	return (i+1)*k/n > i*k/n
}

func (p *plan) buildLayers(nRec int) error {
	a := p.a
	n := a.Layers
	nAttn := n - nRec
	nSWA := 0
	if a.SlidingWindow > 0 && a.SWALayers > 0 {
		nSWA = a.SWALayers
		if nSWA > nAttn {
			nSWA = nAttn
		}
		p.window = int64(a.SlidingWindow)
	}
	nMoE := 0
	dense0 := 0
	if a.MoE != nil {
		dense0 = a.MoE.DenseLayers
		if dense0 > n {
			dense0 = n
		}
		nMoE = n - dense0
		if a.MoE.MoELayers > 0 && a.MoE.MoELayers < nMoE {
			nMoE = a.MoE.MoELayers
		}
	}
	// Nemotron-H stacks single-block layers: each is a Mamba-2 mixer, an
	// attention block or an MLP/MoE block (config hybrid_override_pattern),
	// and the catalog gives the three counts. Elsewhere a layer has a
	// mixer and an FFN.
	singleBlock := a.AttentionLayers > 0 && a.FFNLayers > 0 && a.AttentionLayers+a.FFNLayers+nRec == n
	type key struct {
		attn     attnKind
		moe, ffn bool
	}
	var keys [8]key // ≤ 5 attention kinds × dense/MoE
	p.kindOf = make([]uint8, n)
	p.vIndex = make([]int16, n)
	attnSeen := 0
	for i := 0; i < n; i++ {
		k := key{attn: attnFull, ffn: true}
		switch {
		case nRec > 0 && !spread(i, nAttn, n):
			k.attn = attnRecurrent
		case singleBlock && !spread(attnSeen, a.AttentionLayers, nAttn):
			k.attn = attnNone
			attnSeen++
		default:
			if a.MLA != nil {
				k.attn = attnMLA
			} else if nSWA > 0 && nSWA < nAttn && !spread(attnSeen, nAttn-nSWA, nAttn) {
				k.attn = attnSWA
			} else if nSWA > 0 && nSWA >= nAttn {
				k.attn = attnSWA
			}
			attnSeen++
		}
		if singleBlock {
			k.ffn = k.attn == attnNone
			k.moe = k.ffn && a.MoE != nil
		} else if a.MoE != nil && i >= dense0 {
			k.moe = nMoE == n-dense0 || spread(i-dense0, nMoE, n-dense0)
		}
		ki := uint8(255)
		for j := range p.kinds {
			if keys[j] == k {
				ki = uint8(j)
				break
			}
		}
		if ki == 255 {
			ki = uint8(len(p.kinds))
			p.kinds = append(p.kinds, layerKind{})
			if err := p.buildKind(&p.kinds[ki], k.attn, k.moe, k.ffn); err != nil {
				return err
			}
			keys[ki] = k
		}
		p.kindOf[i] = ki
		p.counts[k.attn]++
		if k.moe {
			p.moeLayers++
		}
		p.vIndex[i] = -1
		if p.kinds[ki].hasV {
			p.vIndex[i] = int16(p.nV)
			p.nV++
		}
	}
	p.attnLayers = p.counts[attnFull] + p.counts[attnSWA] + p.counts[attnMLA]
	p.classifyLayers()
	p.embd = tensor{role: roleEmbd, ncols: p.e, n: p.vocab * p.e}
	if !p.tied {
		p.output = tensor{role: roleOutput, ncols: p.e, n: p.vocab * p.e}
	}
	// KV row elements per cell (llama-hparams.cpp n_embd_k_gqa(il) /
	// n_embd_v_gqa(il), per layer). Global layers with their own shape
	// cache K and a V of the same width even when they share K with V:
	// llama.cpp's graph uses K as V and writes both
	// (src/models/gemma4-iswa.cpp; llama-kv-cache.cpp gives every non-MLA
	// layer a V tensor).
	kv := p.kvHeads * p.headDim
	p.kvK[attnFull], p.kvV[attnFull] = kv, kv
	p.kvK[attnSWA], p.kvV[attnSWA] = kv, kv
	if p.globalHeadDim > 0 {
		g := p.globalKVHeads * p.globalHeadDim
		p.kvK[attnFull], p.kvV[attnFull] = g, g
	}
	if p.comp.on() {
		// One K=V head: the window cache holds K only (llama.cpp
		// dsv4_make_k_only).
		p.kvV[attnSWA] = 0
	}
	if m := a.MLA; m != nil {
		// V-less latent cache: kv_lora_rank + rope dim per token and layer
		// (PR #12801 + PR #19067: 576 for DeepSeek-V3).
		p.kvK[attnMLA] = int64(m.KVLoraRank + m.QKRopeHeadDim)
	}
	if r := a.Recurrent; r != nil && nRec > 0 {
		p.recurrentF32 = recurrentState(r, p.e)
		if d := resolveSSM(r, p.e); d.kind == "gated_deltanet" {
			p.deltaState = d.keyDim * d.heads * d.headDim
			p.deltaHeads = d.heads
			p.deltaConv = 2*d.keyHeads*d.keyDim + d.heads*d.headDim
		}
	}
	return nil
}

// recurrentState is the per-sequence state of one recurrent layer in
// elements, always F32 (llama-hparams.cpp n_embd_r + n_embd_s):
// r = (d_conv−1)(d_inner + 2·n_group·d_state), s = d_state·d_inner.
// Gated delta-net maps to d_inner = value dim, n_group = key heads,
// d_state = key head dim (llama.cpp qwen3next).
func recurrentState(r *catalog.Recurrent, e int64) int64 {
	d := resolveSSM(r, e)
	switch d.kind {
	case "rwkv":
		return 2*e + d.headDim*e // token_shift_count·n_embd + head_size·n_embd
	case "gated_deltanet":
		vd := d.heads * d.headDim
		return (d.conv-1)*(vd+2*d.keyHeads*d.keyDim) + d.keyDim*vd
	default: // mamba, mamba2
		ng := d.groups
		if d.kind == "mamba" {
			ng = 0
		}
		return (d.conv-1)*(d.inner+2*ng*d.state) + d.state*d.inner
	}
}

// ssmDims are a recurrent layer's dimensions with the defaults of the
// Hugging Face config classes filled in where config.json leaves them out
// (conv kernel 4, state 128, one group, RWKV head size 64).
type ssmDims struct {
	kind                                       string // "mamba", "mamba2", "gated_deltanet", "rwkv"
	conv, inner, state, groups, heads, headDim int64
	keyHeads, keyDim                           int64
}

func resolveSSM(r *catalog.Recurrent, e int64) ssmDims {
	d := ssmDims{conv: pos(r.ConvKernel, 4), inner: dInner(r, e), state: pos(r.StateSize, 128),
		groups: pos(r.Groups, 1), heads: pos(r.Heads, 1), headDim: int64(r.HeadDim)}
	switch k := strings.ToLower(r.Kind); k {
	case "rwkv", "rwkv6", "rwkv7":
		d.kind, d.headDim = "rwkv", pos(r.HeadDim, 64)
	case "gated_deltanet", "deltanet", "gdn":
		d.kind = "gated_deltanet"
		d.keyHeads, d.keyDim = pos(r.KeyHeads, r.Heads), pos(r.KeyHeadDim, r.HeadDim)
	case "mamba":
		d.kind = k
	default:
		d.kind = "mamba2"
	}
	return d
}

// pos is v, or def when v is not positive.
func pos(v, def int) int64 {
	if v > 0 {
		return int64(v)
	}
	return int64(def)
}

func dInner(r *catalog.Recurrent, e int64) int64 {
	if r.Heads > 0 && r.HeadDim > 0 {
		return int64(r.Heads * r.HeadDim)
	}
	if r.Expand > 0 {
		return int64(r.Expand) * e
	}
	return 2 * e
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

func min64(a, b int64) int64 {
	if a < b {
		return a
	}
	return b
}

// buildKind lists one layer kind's tensors with their GGUF row lengths.
func (p *plan) buildKind(lk *layerKind, attn attnKind, moe, ffn bool) error {
	a := p.a
	e := p.e
	*lk = layerKind{attn: attn, moe: moe, tensors: make([]tensor, 0, 12)}
	add := func(r role, ncols, rows int64) {
		if ncols > 0 && rows > 0 {
			lk.tensors = append(lk.tensors, tensor{role: r, ncols: ncols, n: ncols * rows})
		}
	}
	lk.f32 = 2 * e // attn_norm + ffn_norm
	if !ffn || attn == attnNone {
		lk.f32 = e // a single block has one norm
	}
	switch attn {
	case attnFull, attnSWA:
		if attn == attnFull && p.globalHeadDim > 0 {
			p.addGlobalAttention(lk, add)
			break
		}
		if p.fusedQKV {
			add(roleQKV, e, (p.heads+2*p.kvHeads)*p.headDim)
			p.addO(add)
			break
		}
		p.addQ(add)
		add(roleK, e, p.kvHeads*p.headDim)
		add(roleV, e, p.kvHeads*p.headDim)
		p.addO(add)
		lk.hasV = true
	case attnMLA:
		m := a.MLA
		if m.KVLoraRank <= 0 || m.QKRopeHeadDim < 0 || m.QKNopeHeadDim <= 0 || m.VHeadDim <= 0 || p.heads <= 0 {
			return errors.New("invalid MLA description")
		}
		qk := int64(m.QKNopeHeadDim + m.QKRopeHeadDim)
		if m.QLoraRank > 0 {
			add(roleOther, e, int64(m.QLoraRank))          // attn_q_a
			add(roleOther, int64(m.QLoraRank), p.heads*qk) // attn_q_b
			lk.f32 += int64(m.QLoraRank)
		} else {
			add(roleQ, e, p.heads*qk)
		}
		add(roleOther, e, int64(m.KVLoraRank+m.QKRopeHeadDim)) // attn_kv_a_mqa
		// attn_k_b {nope, kv_lora, n_head} and attn_v_b {kv_lora, v, n_head}
		// (the split kv_b of PR #12801).
		add(roleOther, int64(m.QKNopeHeadDim), int64(m.KVLoraRank)*p.heads)
		add(roleOther, int64(m.KVLoraRank), int64(m.VHeadDim)*p.heads)
		add(roleO, p.heads*int64(m.VHeadDim), e)
		lk.f32 += int64(m.KVLoraRank)
	case attnRecurrent:
		d := resolveSSM(a.Recurrent, e)
		switch d.kind {
		case "gated_deltanet":
			vh, vd, kh, kd := d.heads, d.headDim, d.keyHeads, d.keyDim
			add(roleOther, e, 2*kh*kd+2*vh*vd) // in_proj_qkvz
			add(roleOther, e, 2*vh)            // in_proj_ba
			add(roleOther, vh*vd, e)           // out_proj
			lk.f32 += (2*kh*kd+vh*vd)*d.conv + vd + 2*vh
		case "rwkv":
			add(roleOther, e, 4*e) // r, k, v, g
			add(roleOther, e, e)   // output
			lk.f32 += 8 * e
		default: // mamba2 / mamba
			din, ng, ds, nh := d.inner, d.groups, d.state, d.heads
			add(roleOther, e, 2*din+2*ng*ds+nh) // ssm_in
			add(roleOther, din, e)              // ssm_out
			lk.f32 += (din+2*ng*ds)*d.conv + 3*nh + din
		}
	}
	// FFN (none in a mixer-only block).
	if ffn && moe {
		m := a.MoE
		E, ff := int64(m.Experts), int64(m.ExpertFFN)
		lk.f32 += E * e // router ffn_gate_inp stays F32
		lk.tensors = append(lk.tensors,
			tensor{role: roleGate, ncols: e, n: E * ff * e, expert: true},
			tensor{role: roleUp, ncols: e, n: E * ff * e, expert: true},
			tensor{role: roleDown, ncols: ff, n: E * ff * e, expert: true})
		lk.expert = 3 * E * ff * e
		if m.SharedExperts > 0 {
			sw := int64(m.ExpertFFN)
			if m.SharedExpertFFN > 0 {
				sw = int64(m.SharedExpertFFN)
			}
			sw *= int64(m.SharedExperts)
			add(roleGate, e, sw)
			add(roleUp, e, sw)
			add(roleDown, sw, e)
			lk.shared = 3 * sw * e
		}
		if u := int64(m.ExpertsPerToken) * ff; u > p.ffnAct {
			p.ffnAct = u
		}
	} else if ff := int64(a.IntermediateSize); ffn && ff > 0 {
		if a.FFNType != "plain" {
			add(roleGate, e, ff)
		}
		add(roleUp, e, ff)
		add(roleDown, ff, e)
		if ff > p.ffnAct {
			p.ffnAct = ff
		}
	}
	for j, t := range lk.tensors {
		lk.params += t.n
		switch t.role {
		case roleV, roleDown:
			lk.vd = append(lk.vd, j)
		case roleGate, roleUp:
			lk.gu = append(lk.gu, j)
		}
	}
	lk.params += lk.f32
	return nil
}

// rescale reconciles the tensor inventory with the published parameter
// count: where the config misses tensors (gated queries, per-layer
// embeddings, MLP-only layers of some hybrids) the layer tensors are scaled
// so the total matches params_total (without the vision tower when that is
// what matches). Differences under 3 % are left alone.
func (p *plan) rescale() {
	target := p.m.ParamsTotal
	if target <= 0 {
		return
	}
	layers := p.layerParams()
	emb := p.embd.n + p.output.n
	arch := layers + emb
	if p.visionParams > 0 && p.visionParams < target {
		alt := target - p.visionParams
		if math.Abs(float64(arch-alt)) < math.Abs(float64(arch-target)) {
			target = alt
		}
	}
	ratio := float64(target) / float64(arch)
	if ratio > 0.97 && ratio < 1.03 || layers <= 0 {
		return
	}
	f := float64(target-emb) / float64(layers)
	if f < 0.25 || f > 4 {
		return // the catalog's count and its config disagree too much to trust either
	}
	for k := range p.kinds {
		lk := &p.kinds[k]
		lk.params = 0
		for i := range lk.tensors {
			t := &lk.tensors[i]
			rows := t.n / t.ncols
			rows = int64(math.Round(float64(rows) * f))
			if rows < 1 {
				rows = 1
			}
			t.n = rows * t.ncols
			lk.params += t.n
		}
		lk.f32 = int64(float64(lk.f32) * f)
		lk.expert = int64(float64(lk.expert) * f)
		lk.shared = int64(float64(lk.shared) * f)
		lk.params += lk.f32
	}
}

func (p *plan) layerParams() int64 {
	var s int64
	for _, k := range p.kindOf {
		s += p.kinds[k].params
	}
	return s
}

func (p *plan) sumParams() {
	p.totalParams = p.layerParams() + p.embd.n + p.output.n
	var act int64
	for _, k := range p.kindOf {
		lk := &p.kinds[k]
		act += lk.params - lk.expert
		if lk.moe && p.nExpert > 0 {
			act += lk.expert * int64(p.expertsUsed) / int64(p.nExpert)
		}
	}
	out := p.output.n
	if p.tied {
		out = p.embd.n
	}
	p.activeParams = act + out
}

// layerPair is a representative layer of one (kind, predicates) class.
type layerPair struct {
	kind  uint8
	i, iv int
}

// layerClass packs the predicates llama-quant.cpp tests on a layer index:
// ffn_down/gate/up look at i < n/16, i < n/8, use_more_bits(i, n) and
// i ≥ 7n/8; attn_v at iv < 2, iv < 4 and use_more_bits(iv, n_attention_wv).
func layerClass(i, n, iv, nV int) uint8 {
	var c uint8
	if i < n/16 {
		c |= 1
	}
	if i < n/8 {
		c |= 2
	}
	if useMoreBits(i, n) {
		c |= 4
	}
	if i >= 7*n/8 {
		c |= 8
	}
	if iv >= 0 {
		c |= 16
		if iv < 2 {
			c |= 32
		}
		if iv < 4 {
			c |= 64
		}
		if useMoreBits(iv, nV) {
			c |= 128
		}
	}
	return c
}

func (p *plan) classifyLayers() {
	n := p.nLayer
	p.pairOf = make([]uint16, n)
	var seen [8 * 256]uint16 // (kind, class) → pair index + 1
	flat := make([]int32, len(p.kinds)*(n+1))
	p.cumKind = make([][]int32, len(p.kinds))
	for k := range p.kinds {
		p.cumKind[k] = flat[k*(n+1) : (k+1)*(n+1)]
	}
	for i := 0; i < n; i++ {
		iv := int(p.vIndex[i])
		key := uint16(p.kindOf[i])<<8 | uint16(layerClass(i, n, iv, p.nV))
		j := seen[key]
		if j == 0 {
			p.pairs = append(p.pairs, layerPair{kind: p.kindOf[i], i: i, iv: iv})
			j = uint16(len(p.pairs))
			seen[key] = j
		}
		p.pairOf[i] = j - 1
		for k := range p.cumKind {
			p.cumKind[k][i+1] = p.cumKind[k][i]
		}
		p.cumKind[p.kindOf[i]][i+1]++
	}
}

// kindCount is the number of layers of layer kind k in [lo, hi).
func (p *plan) kindCount(k, lo, hi int) int64 {
	return int64(p.cumKind[k][hi] - p.cumKind[k][lo])
}

// growI64 reuses s's backing array when it is large enough.
func growI64(s []int64, n int) []int64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]int64, n)
}

// moeRange is the number of MoE layers in [lo, hi).
func (p *plan) moeRange(lo, hi int) int {
	n := 0
	for k := range p.kinds {
		if p.kinds[k].moe {
			n += int(p.kindCount(k, lo, hi))
		}
	}
	return n
}
