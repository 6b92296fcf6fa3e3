package finetune

import "github.com/fitcheck/fitcheck/catalog"

// arch is what training memory depends on, derived from the catalog's
// config.json values.
type arch struct {
	layers       int64
	hidden       int64
	qDim, kvDim  int64 // query and key/value projection widths
	inter        int64 // dense FFN width
	gated        bool  // gated FFN (three matrices) rather than a plain MLP (two)
	vocab        int64
	total        int64 // parameters, from the catalog
	active       int64 // per token (MoE)
	embedding    int64 // input embedding plus an untied output head
	moeLayers    int64
	experts      int64
	topK         int64
	expertFFN    int64
	sharedFFN    int64 // width of the always-on experts together
	attnPerLayer int64 // attention projection parameters per layer
}

func newArch(m *catalog.Model) arch {
	A := m.Arch
	a := arch{
		layers: int64(max(A.Layers, 1)), hidden: int64(A.HiddenSize), inter: int64(A.IntermediateSize),
		gated: A.FFNType != "plain", vocab: int64(A.VocabSize), total: m.ParamsTotal, active: m.ActiveParams(),
	}
	headDim := int64(A.HeadDim)
	if headDim == 0 && A.Heads > 0 {
		headDim = a.hidden / int64(A.Heads)
	}
	a.qDim = int64(A.Heads) * headDim
	a.kvDim = int64(max(A.KVHeads, 1)) * headDim
	if a.qDim == 0 {
		a.qDim = a.hidden
	}
	a.attnPerLayer = a.hidden*a.qDim + 2*a.hidden*a.kvDim + a.qDim*a.hidden
	if mla := A.MLA; mla != nil {
		qk := int64(mla.QKNopeHeadDim + mla.QKRopeHeadDim)
		heads := int64(A.Heads)
		a.qDim = heads * qk
		a.kvDim = int64(mla.KVLoraRank + mla.QKRopeHeadDim) // what the latent cache holds per token
		q := a.hidden * a.qDim
		if mla.QLoraRank > 0 {
			q = a.hidden*int64(mla.QLoraRank) + int64(mla.QLoraRank)*a.qDim
		}
		kv := a.hidden*a.kvDim + int64(mla.KVLoraRank)*heads*int64(mla.QKNopeHeadDim+mla.VHeadDim)
		a.attnPerLayer = q + kv + heads*int64(mla.VHeadDim)*a.hidden
	}
	a.embedding = a.vocab * a.hidden
	if !A.TiedEmbeddings {
		a.embedding *= 2
	}
	if moe := A.MoE; moe != nil {
		a.experts, a.topK, a.expertFFN = int64(moe.Experts), int64(moe.ExpertsPerToken), int64(moe.ExpertFFN)
		a.sharedFFN = int64(moe.SharedExperts) * int64(max(moe.SharedExpertFFN, moe.ExpertFFN))
		a.moeLayers = int64(moe.MoELayers)
		if a.moeLayers == 0 {
			a.moeLayers = a.layers - int64(moe.DenseLayers)
		}
	}
	return a
}

func (a arch) ffnMatrices() int64 {
	if a.gated {
		return 3
	}
	return 2
}

// linearParams are the weights of the transformer layers' linear
// projections — what QLoRA stores in 4 bits. The rest (embeddings, output
// head, norms) stays 16-bit.
func (a arch) linearParams() int64 {
	return max(a.total-a.embedding, a.total/2)
}

// loraPerLayer is the adapter size of one layer at rank 1: r·(in+out) per
// adapted matrix. all-linear also adapts the FFN and, as PEFT does for
// experts built from linear layers, every expert's projections.
func (a arch) loraPerLayer(targets string) (dense, moe int64) {
	attn := (a.hidden + a.qDim) + 2*(a.hidden+a.kvDim) + (a.qDim + a.hidden)
	if targets != "all-linear" {
		return attn, attn
	}
	dense = attn + a.ffnMatrices()*(a.hidden+a.inter)
	moe = attn + 3*(a.experts*(a.hidden+a.expertFFN)+boolInt(a.sharedFFN > 0)*(a.hidden+a.sharedFFN))
	return dense, moe
}

// trainable parameters for a method.
func (a arch) trainable(method string, s Settings) int64 {
	if method == Full {
		return a.total
	}
	dense, moe := a.loraPerLayer(s.LoRATargets)
	return int64(s.LoRARank) * (dense*(a.layers-a.moeLayers) + moe*a.moeLayers)
}

// activationElems is what one token leaves saved in one layer for the
// backward pass, in 16-bit elements, with flash attention (no
// sequence-squared scores): the attention block's norm input, projection
// input, queries, keys, values and attention output; the FFN's norm input,
// projection input, and its gate, up, activation and product (a plain MLP:
// pre- and post-activation). MoE layers hold each routed expert's FFN, the
// token copies sent to experts and the router's fp32 logits. The measured
// factor per method (Constants) covers what a framework keeps beyond this.
func (a arch) activationElems(moeLayer bool) int64 {
	attn := 2*a.hidden + 2*a.qDim + 2*a.kvDim
	ffn := 2*a.hidden + (a.ffnMatrices()+1)*a.inter
	if a.gated {
		ffn = 2*a.hidden + 4*a.inter
	}
	if moeLayer {
		ffn = 2*a.hidden + 4*a.topK*a.expertFFN + 4*a.sharedFFN + a.topK*a.hidden + 2*a.experts
	}
	return attn + ffn
}

// layerActivationBytes sums activationElems over the layers (16-bit) and
// returns the largest single layer too.
func (a arch) layerActivationBytes() (all, largest int64) {
	dense, moe := 2*a.activationElems(false), 2*a.activationElems(true)
	all = dense*(a.layers-a.moeLayers) + moe*a.moeLayers
	largest = dense
	if a.moeLayers > 0 {
		largest = max(largest, moe)
	}
	return all, largest
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
