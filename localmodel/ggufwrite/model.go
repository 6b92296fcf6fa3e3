package ggufwrite

import "fmt"

// Spec is a transformer as llama.cpp's converter lays it out: per layer
// attn_norm, attn_q/k/v/output, ffn_norm and either a gated FFN or routed
// experts (ffn_gate_inp, ffn_{gate,up,down}_exps).
type Spec struct {
	Arch                  string // general.architecture, e.g. "llama", "qwen3moe"
	Name                  string
	FileType              uint32 // general.file_type (llama_ftype: 15 = Q4_K_M, 7 = Q8_0)
	Layers, Embd, Heads   int
	KVHeads, HeadDim, FF  int
	Vocab, Context        int
	Tied                  bool
	Experts, ExpertsUsed  int // 0: dense
	ExpertFF              int
	Weight, Down, EmbType uint32 // tensor types: matrices, ffn_down/attn_v, token_embd/output
	SlidingWindow         int    // with SWAPattern: llama.cpp's per-layer bool array
	SWAPattern            []bool
	// Gemma 4's full-attention layers with their own shape: key/value
	// length GlobalHeadDim (the sliding layers' HeadDim goes to
	// key_length_swa), GlobalKVHeads KV heads (a per-layer head_count_kv
	// array), and no attn_v with SharedKV.
	GlobalHeadDim, GlobalKVHeads int
	SharedKV                     bool
	BaseRepo                     string // general.base_model.0.repo_url
	VocabStrings                 bool   // write a tokenizer.ggml.tokens array of Vocab strings
}

// Build returns the metadata and tensor list of s.
func (s Spec) Build() ([]KV, []Tensor) {
	a := s.Arch
	kvs := []KV{
		{"general.architecture", a},
		{"general.name", s.Name},
		{"general.file_type", s.FileType},
		{"general.alignment", uint32(32)},
		{a + ".block_count", uint32(s.Layers)},
		{a + ".context_length", uint32(s.Context)},
		{a + ".embedding_length", uint32(s.Embd)},
		{a + ".feed_forward_length", uint32(s.FF)},
		{a + ".attention.head_count", uint32(s.Heads)},
		{a + ".vocab_size", uint32(s.Vocab)},
	}
	if s.GlobalHeadDim > 0 {
		kvh := make([]uint32, s.Layers)
		for i := range kvh {
			kvh[i] = uint32(s.GlobalKVHeads)
			if i < len(s.SWAPattern) && s.SWAPattern[i] {
				kvh[i] = uint32(s.KVHeads)
			}
		}
		kvs = append(kvs, KV{a + ".attention.head_count_kv", kvh},
			KV{a + ".attention.key_length", uint32(s.GlobalHeadDim)}, KV{a + ".attention.value_length", uint32(s.GlobalHeadDim)},
			KV{a + ".attention.key_length_swa", uint32(s.HeadDim)}, KV{a + ".attention.value_length_swa", uint32(s.HeadDim)})
	} else {
		kvs = append(kvs, KV{a + ".attention.head_count_kv", uint32(s.KVHeads)},
			KV{a + ".attention.key_length", uint32(s.HeadDim)}, KV{a + ".attention.value_length", uint32(s.HeadDim)})
	}
	if s.Experts > 0 {
		kvs = append(kvs, KV{a + ".expert_count", uint32(s.Experts)}, KV{a + ".expert_used_count", uint32(s.ExpertsUsed)},
			KV{a + ".expert_feed_forward_length", uint32(s.ExpertFF)})
	}
	if s.SlidingWindow > 0 {
		kvs = append(kvs, KV{a + ".attention.sliding_window", uint32(s.SlidingWindow)},
			KV{a + ".attention.sliding_window_pattern", s.SWAPattern})
	}
	if s.BaseRepo != "" {
		kvs = append(kvs, KV{"general.base_model.count", uint32(1)},
			KV{"general.base_model.0.repo_url", "https://huggingface.co/" + s.BaseRepo})
	}
	if s.VocabStrings {
		toks := make([]string, s.Vocab)
		for i := range toks {
			toks[i] = fmt.Sprintf("tok%d", i)
		}
		kvs = append(kvs, KV{"tokenizer.ggml.model", "gpt2"}, KV{"tokenizer.ggml.tokens", toks})
	}
	e, q, kv := uint64(s.Embd), uint64(s.Heads*s.HeadDim), uint64(s.KVHeads*s.HeadDim)
	ts := []Tensor{{"token_embd.weight", []uint64{e, uint64(s.Vocab)}, s.EmbType}}
	for i := range s.Layers {
		p := fmt.Sprintf("blk.%d.", i)
		q, kv := q, kv
		global := s.GlobalHeadDim > 0 && (i >= len(s.SWAPattern) || !s.SWAPattern[i])
		if global {
			q, kv = uint64(s.Heads*s.GlobalHeadDim), uint64(s.GlobalKVHeads*s.GlobalHeadDim)
		}
		ts = append(ts,
			Tensor{p + "attn_norm.weight", []uint64{e}, F32},
			Tensor{p + "attn_q.weight", []uint64{e, q}, s.Weight},
			Tensor{p + "attn_k.weight", []uint64{e, kv}, s.Weight})
		if !global || !s.SharedKV {
			ts = append(ts, Tensor{p + "attn_v.weight", []uint64{e, kv}, s.Down})
		}
		ts = append(ts,
			Tensor{p + "attn_output.weight", []uint64{q, e}, s.Weight},
			Tensor{p + "ffn_norm.weight", []uint64{e}, F32})
		if s.Experts > 0 {
			E, ff := uint64(s.Experts), uint64(s.ExpertFF)
			ts = append(ts,
				Tensor{p + "ffn_gate_inp.weight", []uint64{e, E}, F32},
				Tensor{p + "ffn_gate_exps.weight", []uint64{e, ff, E}, s.Weight},
				Tensor{p + "ffn_up_exps.weight", []uint64{e, ff, E}, s.Weight},
				Tensor{p + "ffn_down_exps.weight", []uint64{ff, e, E}, s.Down})
		} else {
			ff := uint64(s.FF)
			ts = append(ts,
				Tensor{p + "ffn_gate.weight", []uint64{e, ff}, s.Weight},
				Tensor{p + "ffn_up.weight", []uint64{e, ff}, s.Weight},
				Tensor{p + "ffn_down.weight", []uint64{ff, e}, s.Down})
		}
	}
	ts = append(ts, Tensor{"output_norm.weight", []uint64{e}, F32})
	if !s.Tied {
		ts = append(ts, Tensor{"output.weight", []uint64{e, uint64(s.Vocab)}, s.EmbType})
	}
	return kvs, ts
}

// Llama8B is Llama-3.1-8B's shape (its config.json: 32 layers, hidden 4096,
// 32 heads, 8 KV heads, FFN 14336, vocabulary 128256, 131072 context) at
// Q4_K_M's principal types.
func Llama8B() Spec {
	return Spec{Arch: "llama", Name: "Llama 3.1 8B Instruct", FileType: 15, Layers: 32, Embd: 4096, Heads: 32,
		KVHeads: 8, HeadDim: 128, FF: 14336, Vocab: 128256, Context: 131072,
		Weight: Q4_K, Down: Q6_K, EmbType: Q6_K, BaseRepo: "meta-llama/Llama-3.1-8B-Instruct"}
}
