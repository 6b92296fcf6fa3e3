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
