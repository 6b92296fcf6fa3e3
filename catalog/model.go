// Package catalog holds fitcheck's embedded catalog of open-weight language
// models: identity, licence, origin and the exact architecture from each
// model's own config.json. It is pure: no I/O beyond the embedded files and
// the bytes a caller hands in.
package catalog

// Model is one catalog entry. Field names are the JSON keys of the catalog
// files (catalog/data/*.json and user catalogs). A pointer or empty value
// means "unknown": the data was not confirmed from a source, and fitcheck
// says so rather than guessing.
type Model struct {
	ID            string   `json:"id"`             // Hugging Face repo id of the original weights
	Name          string   `json:"name"`           // display name
	Family        string   `json:"family"`         // e.g. "Llama 3.1"
	Organisation  string   `json:"organisation"`   // e.g. "Meta"
	OriginCountry string   `json:"origin_country"` // ISO 3166-1 alpha-2 of the organisation's HQ
	Released      string   `json:"released"`       // YYYY-MM
	Modality      string   `json:"modality"`       // "text" or "vision" (image+text in, text out)
	Tags          []string `json:"tags,omitempty"` // free-form: "code", "reasoning", "medical", "instruct", "base"

	// OpenTrainingData is true when the training data is published (OLMo-style).
	OpenTrainingData bool `json:"open_training_data,omitempty"`

	Licence    string `json:"licence"`               // key into the licence table (SPDX id where one exists)
	LicenceURL string `json:"licence_url,omitempty"` // the licence file of this repo, if it differs from the table's URL

	ParamsTotal  int64  `json:"params_total"`            // total parameters
	ParamsActive *int64 `json:"params_active,omitempty"` // MoE: parameters used per token; nil for dense models

	Arch Arch `json:"arch"`

	Quants []string `json:"quants"` // commonly published quantizations (GGUF types, FP8, AWQ, MXFP4, ...)

	Sources Sources `json:"sources"`

	// Unknown names the fields that could not be confirmed from a source
	// (e.g. "arch.intermediate_size"); they stay empty rather than guessed.
	Unknown []string `json:"unknown,omitempty"`
	Notes   string   `json:"notes,omitempty"`

	// Unverified names the fields read automatically from outside the
	// curated catalog (a Hugging Face Hub lookup) that no one has checked.
	Unverified []string `json:"unverified,omitempty"`
}

// Arch is the architecture exactly as in the model's config.json (for the
// text model of a vision-language model).
type Arch struct {
	ModelType        string `json:"model_type"`
	Layers           int    `json:"layers"`             // num_hidden_layers
	HiddenSize       int    `json:"hidden_size"`        // hidden_size
	Heads            int    `json:"heads"`              // num_attention_heads
	KVHeads          int    `json:"kv_heads"`           // num_key_value_heads (= heads without GQA)
	HeadDim          int    `json:"head_dim"`           // head_dim; explicit, not always hidden/heads
	IntermediateSize int    `json:"intermediate_size"`  // dense FFN width (0 if every layer is MoE and config has none)
	FFNType          string `json:"ffn_type,omitempty"` // "" = gated (SwiGLU/GeGLU, 3 matrices); "plain" = 2-matrix MLP (GPT-2, Falcon, Phi-2, StarCoder2)
	VocabSize        int    `json:"vocab_size"`
	TiedEmbeddings   bool   `json:"tied_embeddings"` // tie_word_embeddings

	// ContextLength is the context fitcheck uses as the model's maximum:
	// max_position_embeddings, or the card's figure when they disagree (see
	// ContextCard and Notes).
	ContextLength int    `json:"context_length"`
	ContextConfig int    `json:"context_config,omitempty"` // max_position_embeddings when it differs from ContextLength
	ContextCard   int    `json:"context_card,omitempty"`   // what the model card states, when it differs
	RopeScaling   string `json:"rope_scaling,omitempty"`   // e.g. "yarn x4 from 32768"

	// Sliding-window attention: Window is the window size; SWALayers how
	// many of Layers use it (the rest attend to the full context).
	SlidingWindow int `json:"sliding_window,omitempty"`
	SWALayers     int `json:"swa_layers,omitempty"`

	// The full-attention layers of a sliding-window model may have their
	// own head shape (Gemma 4: global_head_dim, num_global_key_value_heads);
	// 0: the same as the sliding layers. GlobalSharedKV (attention_k_eq_v):
	// those layers have no v_proj and use K as V, but llama.cpp still
	// caches a V row of K's width (src/models/gemma4-iswa.cpp).
	GlobalHeadDim  int  `json:"global_head_dim,omitempty"`
	GlobalKVHeads  int  `json:"global_kv_heads,omitempty"`
	GlobalSharedKV bool `json:"global_shared_kv,omitempty"`

	// Hybrids whose layers are each attention-only, recurrent-only or
	// FFN-only (Nemotron-H): how many layers have attention and how many an
	// FFN. Omitted: Layers − recurrent layers, and Layers.
	AttentionLayers int `json:"attention_layers,omitempty"`
	FFNLayers       int `json:"ffn_layers,omitempty"`

	// Low-rank query/output projections of plain (non-MLA) attention
	// (DeepSeek-V4: q_lora_rank, o_lora_rank, o_groups); 0 = full-rank.
	QLoraRank int `json:"q_lora_rank,omitempty"`
	OLoraRank int `json:"o_lora_rank,omitempty"`
	OGroups   int `json:"o_groups,omitempty"`

	// Compressed is DeepSeek-V4's compressed sparse attention: every layer
	// attends to a sliding window of SlidingWindow raw tokens (SWALayers =
	// Layers), and a layer of ratio r > 0 also to one compressed row per r
	// tokens of the whole context.
	Compressed *CompressedAttention `json:"compressed_attention,omitempty"`

	MLA       *MLA       `json:"mla,omitempty"`
	MoE       *MoE       `json:"moe,omitempty"`
	Recurrent *Recurrent `json:"recurrent,omitempty"`
	Vision    *Vision    `json:"vision,omitempty"`
}

// MLA is DeepSeek-style multi-head latent attention.
type MLA struct {
	KVLoraRank    int `json:"kv_lora_rank"`
	QLoraRank     int `json:"q_lora_rank,omitempty"` // 0 when queries are not compressed
	QKRopeHeadDim int `json:"qk_rope_head_dim"`
	QKNopeHeadDim int `json:"qk_nope_head_dim"`
	VHeadDim      int `json:"v_head_dim"`
}

// CompressedAttention is the config.json of a compressed-attention model
// (DeepSeek-V4: compress_ratios, index_n_heads, index_head_dim,
// index_topk). The lightning indexer scores every compressed row of the
// layers it serves and hands the IndexTopK best to attention.
type CompressedAttention struct {
	Ratios       []int `json:"ratios"`         // compress_ratios, one per layer (0: the window only)
	IndexHeads   int   `json:"index_heads"`    // index_n_heads
	IndexHeadDim int   `json:"index_head_dim"` // index_head_dim
	IndexTopK    int   `json:"index_topk"`     // index_topk
}

// MoE describes mixture-of-experts layers.
type MoE struct {
	Experts         int `json:"experts"`                     // routed experts per MoE layer
	ExpertsPerToken int `json:"experts_per_token"`           // routed experts used per token
	SharedExperts   int `json:"shared_experts"`              // always-on experts per MoE layer
	ExpertFFN       int `json:"expert_ffn"`                  // moe_intermediate_size (per expert)
	SharedExpertFFN int `json:"shared_expert_ffn,omitempty"` // when the shared expert's width differs from ExpertFFN
	DenseLayers     int `json:"dense_layers,omitempty"`      // leading dense layers (first_k_dense_replace)
	MoELayers       int `json:"moe_layers,omitempty"`        // MoE layers when not Layers-DenseLayers (e.g. interleaved)
}

// Recurrent describes linear-attention or state-space layers of hybrid
// models (Mamba2, gated delta-net). Their state is fixed-size, independent
// of the context.
type Recurrent struct {
	Kind   string `json:"kind"`   // "mamba2", "mamba", "gated_deltanet", "rwkv", ...
	Layers int    `json:"layers"` // how many of Arch.Layers are recurrent
	// State shape from config.json; which fields apply depends on Kind.
	StateSize  int `json:"state_size,omitempty"`   // ssm_state_size / d_state
	ConvKernel int `json:"conv_kernel,omitempty"`  // conv_kernel / linear_conv_kernel_dim
	Heads      int `json:"heads,omitempty"`        // mamba_num_heads / linear_num_value_heads
	HeadDim    int `json:"head_dim,omitempty"`     // mamba_head_dim / linear_value_head_dim
	KeyHeads   int `json:"key_heads,omitempty"`    // linear_num_key_heads (gated delta-net)
	KeyHeadDim int `json:"key_head_dim,omitempty"` // linear_key_head_dim
	Groups     int `json:"groups,omitempty"`       // n_groups (mamba2)
	Expand     int `json:"expand,omitempty"`       // mamba expand factor
}

// Vision is the vision encoder of a vision-language model.
type Vision struct {
	Params     int64 `json:"params,omitempty"` // encoder + projector parameters, where stated
	Layers     int   `json:"layers,omitempty"`
	HiddenSize int   `json:"hidden_size,omitempty"`
}

// Sources are the URLs every value of an entry came from.
type Sources struct {
	Config  string   `json:"config"`          // config.json (or a verbatim mirror of it)
	Licence string   `json:"licence"`         // licence file
	Card    string   `json:"card"`            // model card
	Other   []string `json:"other,omitempty"` // e.g. the page stating the parameter count
}

// IsMoE reports whether the model routes tokens to experts.
func (m *Model) IsMoE() bool { return m.Arch.MoE != nil }

// ActiveParams is the parameter count used per token: the active count for
// MoE models, the total otherwise.
func (m *Model) ActiveParams() int64 {
	if m.ParamsActive != nil && *m.ParamsActive > 0 {
		return *m.ParamsActive
	}
	return m.ParamsTotal
}

// AttentionLayerCount is how many layers have attention (and so a KV cache).
func (a *Arch) AttentionLayerCount() int {
	if a.AttentionLayers > 0 {
		return a.AttentionLayers
	}
	if a.Recurrent != nil {
		return a.Layers - a.Recurrent.Layers
	}
	return a.Layers
}

// FFNLayerCount is how many layers have an FFN (dense or MoE).
func (a *Arch) FFNLayerCount() int {
	if a.FFNLayers > 0 {
		return a.FFNLayers
	}
	return a.Layers
}
