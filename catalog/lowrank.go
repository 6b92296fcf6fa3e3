package catalog

// lowRankQO is one attention layer's query and output projection weights,
// h the hidden size and qDim heads × head_dim. Full rank they are h×qDim
// each. DeepSeek-V4 factors both: the query through q_lora_rank
// (h→r→qDim) and the output per group (o_groups blocks of qDim/groups →
// o_lora_rank, then groups·o_lora_rank → h).
func lowRankQO(a *Arch, h, qDim int64) int64 {
	q := h * qDim
	if r := int64(a.QLoraRank); r > 0 {
		q = h*r + r*qDim
	}
	o := qDim * h
	if r, g := int64(a.OLoraRank), int64(max(a.OGroups, 1)); r > 0 {
		o = g*(qDim/g)*r + g*r*h
	}
	return q + o
}
