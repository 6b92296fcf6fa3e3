package estimate

// addQ lists a plain attention layer's query projection: full rank
// (hidden → heads × head_dim), or DeepSeek-V4's low-rank query through
// q_lora_rank (attn_q_a, attn_q_b).
func (p *plan) addQ(add func(r role, ncols, rows int64)) {
	if r := int64(p.a.QLoraRank); r > 0 {
		add(roleOther, p.e, r)
		add(roleQ, r, p.qDim)
		return
	}
	add(roleQ, p.e, p.qDim)
}

// addO lists its output projection: full rank, or DeepSeek-V4's grouped
// low-rank output (o_groups blocks of qDim/groups → o_lora_rank, then
// groups·o_lora_rank → hidden).
func (p *plan) addO(add func(r role, ncols, rows int64)) {
	if r := int64(p.a.OLoraRank); r > 0 {
		g := int64(max(p.a.OGroups, 1))
		add(roleOther, p.qDim/g, g*r)
		add(roleO, g*r, p.e)
		return
	}
	add(roleO, p.qDim, p.e)
}

// addGlobalAttention lists the attention of a full-attention layer with
// its own head shape (Gemma 4's global layers): queries of global_head_dim
// per head, num_global_key_value_heads KV heads, and no attn_v where K is
// shared with V (convert_hf_to_gguf writes none; the Megatron-Bridge
// verification card of gemma-4-26B-A4B-it finds no v_proj on its five
// full-attention layers).
func (p *plan) addGlobalAttention(lk *layerKind, add func(r role, ncols, rows int64)) {
	q := p.heads * p.globalHeadDim
	add(roleQ, p.e, q)
	add(roleK, p.e, p.globalKVHeads*p.globalHeadDim)
	if !p.globalSharedKV {
		add(roleV, p.e, p.globalKVHeads*p.globalHeadDim)
		lk.hasV = true
	}
	add(roleO, q, p.e)
}

// pairFlopsOf is the attention FLOPs per (query, key) pair of one layer of
// kind k: QK^T and PV over the heads at the layer's head size.
func (p *plan) pairFlopsOf(k attnKind) int64 {
	if k == attnFull && p.globalHeadDim > 0 {
		return 4 * p.globalHeadDim * p.heads
	}
	return p.pairFlops
}
