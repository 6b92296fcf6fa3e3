package catalog

// ParamBreakdown is the parameter count recomputed from an architecture,
// split the way memory and speed estimates need it.
type ParamBreakdown struct {
	Embedding    int64 // token embedding table
	Output       int64 // lm_head (0 when tied to the embedding)
	Attention    int64 // all attention (or recurrent mixer) weights, every layer
	DenseFFN     int64 // FFN weights of dense layers
	Experts      int64 // routed expert weights, all MoE layers
	ActiveExpert int64 // routed expert weights used per token
	Shared       int64 // shared experts and routers of MoE layers
	Norms        int64 // layer norms (small)
	Vision       int64 // vision encoder + projector, where stated
}

// Total is every parameter.
func (p ParamBreakdown) Total() int64 {
	return p.Embedding + p.Output + p.Attention + p.DenseFFN + p.Experts + p.Shared + p.Norms + p.Vision
}

// Active is the parameters used per token (MoE: only the routed experts chosen).
func (p ParamBreakdown) Active() int64 {
	return p.Total() - p.Experts + p.ActiveExpert
}

// Params recomputes the parameter count from the architecture. Biases are
// ignored (they are well under 1 % for every family in the catalog).
func Params(a *Arch) ParamBreakdown {
	var p ParamBreakdown
	h := int64(a.HiddenSize)
	layers := int64(a.Layers)
	p.Embedding = int64(a.VocabSize) * h
	if !a.TiedEmbeddings {
		p.Output = p.Embedding
	}
	p.Norms = (2*layers + 1) * h

	if a.Recurrent != nil {
		p.Attention += int64(a.Recurrent.Layers) * recurrentMixerParams(a)
	}
	p.Attention += int64(a.AttentionLayerCount()) * attentionParams(a)
	ffnLayers := int64(a.FFNLayerCount())

	ffnMats := int64(3)
	if a.FFNType == "plain" {
		ffnMats = 2
	}
	if m := a.MoE; m != nil {
		moeLayers := int64(m.MoELayers)
		if moeLayers == 0 {
			moeLayers = ffnLayers - int64(m.DenseLayers)
		}
		denseLayers := ffnLayers - moeLayers
		p.DenseFFN = denseLayers * ffnMats * h * int64(a.IntermediateSize)
		perExpert := ffnMats * h * int64(m.ExpertFFN)
		p.Experts = moeLayers * int64(m.Experts) * perExpert
		p.ActiveExpert = moeLayers * int64(m.ExpertsPerToken) * perExpert
		sharedFFN := int64(m.SharedExpertFFN)
		if sharedFFN == 0 {
			sharedFFN = int64(m.ExpertFFN)
		}
		p.Shared = moeLayers * (int64(m.SharedExperts)*ffnMats*h*sharedFFN + h*int64(m.Experts))
	} else {
		p.DenseFFN = ffnLayers * ffnMats * h * int64(a.IntermediateSize)
	}
	if a.Vision != nil {
		p.Vision = a.Vision.Params
	}
	return p
}

// attentionParams is one attention layer's weights: q, k, v, o projections,
// or MLA's compressed projections.
func attentionParams(a *Arch) int64 {
	h := int64(a.HiddenSize)
	heads := int64(a.Heads)
	if m := a.MLA; m != nil {
		qk := int64(m.QKNopeHeadDim + m.QKRopeHeadDim)
		var q int64
		if m.QLoraRank > 0 {
			q = h*int64(m.QLoraRank) + int64(m.QLoraRank)*heads*qk
		} else {
			q = h * heads * qk
		}
		kvDown := h * int64(m.KVLoraRank+m.QKRopeHeadDim)
		kvUp := int64(m.KVLoraRank) * heads * int64(m.QKNopeHeadDim+m.VHeadDim)
		o := heads * int64(m.VHeadDim) * h
		return q + kvDown + kvUp + o
	}
	hd := int64(a.HeadDim)
	if hd == 0 && heads > 0 {
		hd = h / heads
	}
	kv := int64(a.KVHeads)
	if kv == 0 {
		kv = heads
	}
	return lowRankQO(a, h, heads*hd) + 2*h*kv*hd
}

// recurrentMixerParams is one linear-attention / state-space layer's mixer
// weights (the layer's FFN is counted separately).
func recurrentMixerParams(a *Arch) int64 {
	r := a.Recurrent
	h := int64(a.HiddenSize)
	switch r.Kind {
	case "gated_deltanet":
		keyDim := int64(r.KeyHeads * r.KeyHeadDim)
		valDim := int64(r.Heads * r.HeadDim)
		proj := h*(2*keyDim+2*valDim) + 2*h*int64(r.Heads) // q, k, v, gate z; beta and alpha
		conv := (2*keyDim + valDim) * int64(r.ConvKernel)
		return proj + conv + valDim*h
	default: // mamba / mamba2
		inner := int64(r.Heads * r.HeadDim)
		if inner == 0 {
			inner = int64(r.Expand) * h
		}
		groups := int64(r.Groups)
		if groups == 0 {
			groups = 1
		}
		xBC := inner + 2*groups*int64(r.StateSize)
		in := h * (inner + xBC + int64(r.Heads))
		conv := xBC * int64(r.ConvKernel)
		return in + conv + inner*h
	}
}
