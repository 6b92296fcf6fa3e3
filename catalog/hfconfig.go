package catalog

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// UnknownArch in a model's Unknown list says the architecture could not be
// read: the model type is not one fitcheck knows, so the shape is the
// generic config keys at best, and estimates are approximate.
const UnknownArch = "arch"

// ModelFromHFConfig builds a catalog entry from a Hugging Face config.json:
// the architecture (the text model of a vision-language model, under
// text_config), the native precision from quantization_config or the
// dtype, and the parameter count recomputed from the architecture. It is
// pure: the caller fetches the bytes and fills in what only the Hub knows
// (licence, organisation, parameter count from the safetensors index).
//
// Whatever the config does not say is left empty and named in Unknown.
// An architecture it does not know still gives a model, from the generic
// keys (num_hidden_layers, hidden_size, ...), with UnknownArch in Unknown.
// The error is for input that is not a config.json object at all.
func ModelFromHFConfig(id string, config []byte) (*Model, error) {
	top, err := decodeHFConfig(config)
	if err != nil {
		return nil, err
	}
	r := &hfReader{c: layered{text: top}, top: top}
	for _, k := range []string{"text_config", "llm_config", "language_config"} {
		if s := top.sub(k); s != nil {
			r.c = layered{text: s, outer: top}
			break
		}
	}
	m := &Model{ID: id, Name: id[strings.LastIndexByte(id, '/')+1:], Modality: "text"}
	r.m = m
	r.read()
	return m, nil
}

// hfReader fills one Model from one config.
type hfReader struct {
	c   layered  // the text model's config (falling back to the outer one)
	top hfConfig // the outer config
	m   *Model

	moeLayers int // MoE layers a layer pattern counted (Nemotron-H "E")
}

func (r *hfReader) unknown(fields ...string) {
	for _, f := range fields {
		if !slices.Contains(r.m.Unknown, f) {
			r.m.Unknown = append(r.m.Unknown, f)
		}
	}
}

// archFamily maps a config model_type to the architecture family whose
// rules apply: the text part of a VLM ("gemma3_text" → "gemma3"), and
// spellings of one family.
func archFamily(modelType string) string {
	t := strings.ToLower(strings.TrimSuffix(modelType, "_text"))
	switch t {
	case "qwen2_5_vl", "qwen2_vl":
		return "qwen2"
	case "qwen3_vl":
		return "qwen3"
	case "qwen3_vl_moe":
		return "qwen3_moe"
	case "mistral3", "ministral", "ministral3":
		return "mistral"
	case "deci", "nemotron_nas", "nemotron-nas":
		return "nemotron-nas"
	case "kimi_k2", "kimi_k25":
		return "deepseek_v3"
	}
	return t
}

// knownFamilies are the architecture families whose config keys fitcheck
// reads with their own rules (MLA, hybrid layer patterns, MoE layouts).
// Any other model type is read from the generic keys and marked
// approximate.
var knownFamilies = map[string]bool{
	"llama": true, "llama4": true, "mistral": true, "mixtral": true,
	"qwen2": true, "qwen2_moe": true, "qwen3": true, "qwen3_moe": true, "qwen3_next": true,
	"qwen3_5": true, "qwen3_5_moe": true,
	"gemma": true, "gemma2": true, "gemma3": true, "gemma3n": true, "gemma4": true,
	"deepseek_v2": true, "deepseek_v3": true, "deepseek_v32": true, "deepseek_v4": true,
	"glm": true, "glm4": true, "glm4_moe": true, "glm_moe_dsa": true,
	"minimax": true, "minimax_m1": true, "minimax_m2": true,
	"nemotron": true, "nemotron_h": true, "nemotron-nas": true,
	"phi3": true, "phimoe": true, "granite": true, "granitemoe": true, "granitemoeshared": true, "granitemoehybrid": true,
	"olmo": true, "olmo2": true, "olmo3": true, "olmoe": true,
	"exaone": true, "exaone4": true, "falcon_h1": true, "mimo": true,
	"step3p5": true, "gpt_oss": true, "cohere": true, "cohere2": true, "smollm3": true,
	"ernie4_5": true, "ernie4_5_moe": true, "hunyuan_v1_dense": true, "hunyuan_v1_moe": true,
	"internlm2": true, "internlm3": true, "jamba": true, "starcoder2": true, "seed_oss": true,
	"apertus": true, "arcee": true, "gpt2": true, "gpt_neox": true, "falcon": true,
}

// plainFFN families use a 2-matrix MLP (up, down) instead of a gated one.
var plainFFN = map[string]bool{
	"gpt2": true, "gpt_neox": true, "gptj": true, "falcon": true, "starcoder2": true, "phi": true,
	"bloom": true, "mpt": true, "nemotron": true, "nemotron_h": true, "gpt_bigcode": true, "opt": true,
}

// tiedByDefault is transformers' default of tie_word_embeddings per family,
// used when a config omits the key.
var tiedByDefault = map[string]bool{
	"gemma": true, "gemma2": true, "gemma3": true, "gemma3n": true, "gemma4": true,
	"granite": true, "granitemoe": true, "granitemoehybrid": true, "exaone4": true, "smollm3": true,
}

// untiedByDefault families default to a separate lm_head.
var untiedByDefault = map[string]bool{
	"llama": true, "llama4": true, "mistral": true, "mixtral": true, "qwen2": true, "qwen2_moe": true,
	"qwen3": true, "qwen3_moe": true, "qwen3_next": true, "qwen3_5": true, "qwen3_5_moe": true,
	"deepseek_v2": true, "deepseek_v3": true, "deepseek_v32": true, "deepseek_v4": true,
	"glm4_moe": true, "glm_moe_dsa": true, "phi3": true, "gpt_oss": true, "nemotron_h": true,
	"olmo2": true, "olmo3": true, "minimax_m2": true, "minimax": true, "minimax_m1": true,
}

func (r *hfReader) read() {
	c, a := r.c, &r.m.Arch
	a.ModelType = c.text.str("model_type")
	if a.ModelType == "" {
		a.ModelType = r.top.str("model_type")
	}
	fam := archFamily(a.ModelType)
	if a.ModelType == "" {
		a.ModelType = "unknown"
	}
	r.applyDefaults(fam)
	if !knownFamilies[fam] {
		r.unknown(UnknownArch)
	}

	a.Layers = c.int("num_hidden_layers", "n_layer", "n_layers", "num_layers")
	a.HiddenSize = c.int("hidden_size", "n_embd", "d_model", "model_dim")
	a.Heads = c.int("num_attention_heads", "n_head", "n_heads", "num_heads")
	a.KVHeads = c.int("num_key_value_heads", "num_kv_heads", "n_head_kv", "multi_query_group_num", "num_attention_groups")
	if a.KVHeads == 0 {
		if mq, _ := c.boolean("multi_query"); mq {
			a.KVHeads = 1
		} else {
			a.KVHeads = a.Heads
		}
	}
	a.HeadDim = c.int("head_dim", "attention_head_dim", "kv_channels")
	if a.HeadDim == 0 && a.Heads > 0 {
		a.HeadDim = a.HiddenSize / a.Heads
	}
	a.IntermediateSize = c.int("intermediate_size", "ffn_hidden_size", "n_inner")
	if a.IntermediateSize == 0 {
		// Gemma 3n lists one width per layer: their mean keeps the total.
		if w := c.text.ints("intermediate_size"); len(w) > 0 {
			a.IntermediateSize = mean(w)
			r.unknown("arch.intermediate_size")
		}
	}
	if plainFFN[fam] {
		a.FFNType = "plain"
	}
	a.VocabSize = c.int("vocab_size", "padded_vocab_size")
	if t, ok := c.boolean("tie_word_embeddings"); ok {
		a.TiedEmbeddings = t
	} else if tiedByDefault[fam] {
		a.TiedEmbeddings = true
	} else if !untiedByDefault[fam] {
		r.unknown("arch.tied_embeddings") // counted untied: the larger memory
	}
	a.ContextLength = c.int("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length", "max_seq_len", "model_max_length")
	a.RopeScaling = ropeScaling(c)

	r.mla(fam)
	r.hybrid(fam)
	r.slidingWindow(fam)
	r.dropLoneGlobalShape()
	r.moe(fam)
	r.vision()
	r.quant()
	r.params()
	r.requireShape()
}

// classDefaults are the values transformers' config class of a family
// gives the keys a config.json may omit: config.json files are saved as a
// diff against these (Gemma 3's vision-language configs leave vocab_size,
// max_position_embeddings and sliding_window_pattern out of text_config).
// Only keys the estimate needs, only where the class source was read:
//   - gemma3: Gemma3TextConfig.__init__, transformers
//     src/transformers/models/gemma3/configuration_gemma3.py at
//     008f5c8c29be84d4721dc6d1e0fcd72300580be4.
var classDefaults = map[string]map[string]int{
	"gemma3": {"vocab_size": 262_208, "max_position_embeddings": 131_072, "head_dim": 256,
		"num_key_value_heads": 4, "sliding_window": 4096, "sliding_window_pattern": 6},
}

// applyDefaults fills the keys the config leaves to its class's defaults,
// and says so in the notes.
func (r *hfReader) applyDefaults(fam string) {
	d := classDefaults[fam]
	if d == nil {
		return
	}
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var used []string
	for _, k := range keys {
		if r.c.text.has(k) || r.c.outer != nil && r.c.outer.has(k) {
			continue
		}
		r.c.text[k] = json.Number(strconv.Itoa(d[k]))
		used = append(used, k)
	}
	if len(used) > 0 {
		r.m.Notes = fmt.Sprintf("config.json leaves %s to the defaults of transformers' %s config class, used here", strings.Join(used, ", "), fam)
	}
}

// mla reads DeepSeek-style multi-head latent attention. The catalog's rule
// for MLA models: head_dim is hidden/heads and kv_heads equals heads.
func (r *hfReader) mla(fam string) {
	c, a := r.c, &r.m.Arch
	kv := c.int("kv_lora_rank")
	if kv == 0 {
		return
	}
	a.MLA = &MLA{
		KVLoraRank:    kv,
		QLoraRank:     c.int("q_lora_rank"),
		QKRopeHeadDim: c.int("qk_rope_head_dim"),
		QKNopeHeadDim: c.int("qk_nope_head_dim"),
		VHeadDim:      c.int("v_head_dim"),
	}
	if a.Heads > 0 {
		a.HeadDim = a.HiddenSize / a.Heads
		a.KVHeads = a.Heads
	}
	if fam == "deepseek_v32" || fam == "glm_moe_dsa" || c.int("index_topk") > 0 {
		// The sparse-attention indexer keeps a small key cache of its own.
		r.unknown("arch.indexer_cache")
	}
}

// hybrid reads layer patterns of models mixing attention with recurrent
// (state-space, linear-attention) layers.
func (r *hfReader) hybrid(fam string) {
	c, a := r.c, &r.m.Arch
	types := decoderLayerTypes(c, a.Layers)
	count := func(pred func(string) bool) int {
		n := 0
		for _, t := range types {
			if pred(t) {
				n++
			}
		}
		return n
	}
	switch fam {
	case "nemotron_h":
		// One character per layer: M Mamba-2, * attention, - MLP, E MoE.
		p := c.str("hybrid_override_pattern")
		if p == "" {
			r.unknown("arch.recurrent")
			return
		}
		a.Layers = len(p)
		nm, na := strings.Count(p, "M"), strings.Count(p, "*")
		ne, nf := strings.Count(p, "E"), strings.Count(p, "-")
		a.AttentionLayers, a.FFNLayers = na, nf+ne
		if nm > 0 {
			a.Recurrent = &Recurrent{Kind: "mamba2", Layers: nm, StateSize: c.int("ssm_state_size"),
				ConvKernel: c.int("conv_kernel"), Heads: c.int("mamba_num_heads"), HeadDim: c.int("mamba_head_dim"),
				Groups: c.int("n_groups"), Expand: c.int("expand")}
		}
		r.moeLayers = ne
	case "qwen3_next", "qwen3_5", "qwen3_5_moe":
		n := count(func(t string) bool { return strings.Contains(t, "linear") })
		if len(types) == 0 {
			if k := c.int("full_attention_interval"); k > 0 && a.Layers > 0 {
				n = a.Layers - a.Layers/k
			}
		}
		if n > 0 {
			a.Recurrent = &Recurrent{Kind: "gated_deltanet", Layers: n, ConvKernel: c.int("linear_conv_kernel_dim"),
				Heads: c.int("linear_num_value_heads"), HeadDim: c.int("linear_value_head_dim"),
				KeyHeads: c.int("linear_num_key_heads"), KeyHeadDim: c.int("linear_key_head_dim")}
		}
	case "granitemoehybrid":
		n := count(func(t string) bool { return t == "mamba" })
		if n > 0 {
			a.Recurrent = &Recurrent{Kind: "mamba2", Layers: n, StateSize: c.int("mamba_d_state"),
				ConvKernel: c.int("mamba_d_conv"), Expand: c.int("mamba_expand"), Heads: c.int("mamba_n_heads"),
				HeadDim: c.int("mamba_d_head"), Groups: c.int("mamba_n_groups")}
		}
	case "jamba":
		period, offset := c.int("attn_layer_period"), c.int("attn_layer_offset")
		if period > 0 && a.Layers > 0 && a.Layers <= hfMaxLayers {
			na := 0
			for i := range a.Layers {
				if i%period == offset {
					na++
				}
			}
			a.Recurrent = &Recurrent{Kind: "mamba", Layers: a.Layers - na, StateSize: c.int("mamba_d_state"),
				ConvKernel: c.int("mamba_d_conv"), Expand: c.int("mamba_expand")}
		}
	case "minimax", "minimax_m1":
		// attn_type_list: 0 lightning (linear) attention, 1 softmax.
		lin := 0
		for _, t := range c.text.ints("attn_type_list") {
			if t == 0 {
				lin++
			}
		}
		if lin > 0 {
			a.Recurrent = &Recurrent{Kind: "lightning", Layers: lin, Heads: a.Heads, HeadDim: a.HeadDim, StateSize: a.HeadDim}
		}
	case "falcon_h1":
		// Every layer runs attention and a Mamba-2 mixer side by side; the
		// catalog's layer model has one mixer per layer, so the attention
		// (and its KV cache) is kept and the Mamba state left out.
		r.unknown("arch.recurrent")
	case "nemotron-nas":
		r.nas()
	case "gemma4":
		// Full-attention layers have their own head size and KV heads and
		// may share K with V (attention_k_eq_v).
		if g := c.int("global_head_dim"); g > 0 && g != a.HeadDim {
			a.GlobalHeadDim = g
		}
		if h := c.int("num_global_key_value_heads"); h > 0 && h != a.KVHeads {
			a.GlobalKVHeads = h
		}
		a.GlobalSharedKV, _ = c.boolean("attention_k_eq_v")
	case "deepseek_v4":
		r.compressedAttention()
	}
}

// compressedAttention reads DeepSeek-V4's compressed sparse attention:
// one compression ratio per decoder layer (the config lists the
// multi-token-prediction layer too), the lightning indexer's shape and
// the window every layer keeps. A config without the ratios is counted as
// uncompressed attention on every layer, an upper bound.
func (r *hfReader) compressedAttention() {
	c, a := r.c, &r.m.Arch
	ratios := c.text.ints("compress_ratios")
	window := c.int("sliding_window")
	if len(ratios) < a.Layers || a.Layers <= 0 || window <= 0 {
		r.unknown("arch.kv_compression")
		return
	}
	a.Compressed = &CompressedAttention{
		Ratios:       slices.Clone(ratios[:a.Layers]),
		IndexHeads:   c.int("index_n_heads"),
		IndexHeadDim: c.int("index_head_dim"),
		IndexTopK:    c.int("index_topk"),
	}
	a.SlidingWindow, a.SWALayers = window, a.Layers
}

// nas reads Nemotron-NAS (DeciLM) per-layer blocks: each layer's attention
// may be skipped or replaced, each FFN has its own width multiplier. The
// catalog keeps one shape, so widths become their mean over the layers that
// have them, and the GQA group the most common one.
func (r *hfReader) nas() {
	a := &r.m.Arch
	blocks := r.c.text.list("block_configs")
	if len(blocks) == 0 {
		r.unknown("arch.block_configs")
		return
	}
	var attn, ffn int
	var widths []int
	groups := map[int]int{}
	for _, b := range blocks {
		bc, ok := b.(map[string]any)
		if !ok {
			continue
		}
		at, ff := hfConfig(bc).sub("attention"), hfConfig(bc).sub("ffn")
		if at != nil && !truthy(at, "no_op") && !truthy(at, "replace_with_linear") {
			attn++
			if g := at.int("n_heads_in_group"); g > 0 {
				groups[g]++
			}
		}
		if ff != nil && !truthy(ff, "no_op") && !truthy(ff, "replace_with_linear") {
			if mult, ok := ff.num("ffn_mult"); ok && mult > 0 && mult < 64 {
				ffn++
				widths = append(widths, nasFFNWidth(mult, a.HiddenSize))
			}
		}
	}
	a.Layers = len(blocks)
	a.AttentionLayers, a.FFNLayers = attn, ffn
	if attn == a.Layers {
		a.AttentionLayers = 0
	}
	if ffn == a.Layers {
		a.FFNLayers = 0
	}
	best, bestN := 0, 0
	for g, n := range groups {
		if n > bestN || n == bestN && g < best {
			best, bestN = g, n
		}
	}
	if best > 0 && a.Heads%best == 0 {
		a.KVHeads = a.Heads / best
	}
	if len(widths) > 0 {
		a.IntermediateSize = mean(widths)
	}
	r.unknown("arch.per_layer_shapes")
}

// layerList parses a comma-separated list of layer indices below n,
// sorted and without duplicates; nil if any entry is not one.
func layerList(s string, n int) []int {
	if s == "" || n <= 0 {
		return nil
	}
	seen := map[int]bool{}
	var out []int
	for _, f := range strings.Split(s, ",") {
		i, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || i < 0 || i >= n {
			return nil
		}
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// nasFFNWidth is DeciLM's FFN width for a multiplier: 2/3 of mult×hidden,
// rounded up to a multiple of 256 (_ffn_mult_to_intermediate_size).
func nasFFNWidth(mult float64, hidden int) int {
	w := int(2 * mult * float64(hidden) / 3)
	return (w + 255) / 256 * 256
}

func truthy(c hfConfig, key string) bool {
	b, _ := c.boolean(key)
	return b
}

// decoderLayerTypes is layer_types, lower-case, for the decoder layers
// only: some configs (Step 3.5) list the multi-token-prediction layers too.
func decoderLayerTypes(c layered, layers int) []string {
	types := lowerAll(c.text.strs("layer_types"))
	if layers > 0 && len(types) > layers {
		types = types[:layers]
	}
	return types
}

// slidingWindow counts the layers that attend to a window only.
func (r *hfReader) slidingWindow(fam string) {
	c, a := r.c, &r.m.Arch
	window := c.int("sliding_window", "sliding_window_size", "attention_window_size")
	if window <= 0 || fam == "deepseek_v4" {
		// DeepSeek-V4's window works beside compressed attention over the
		// whole context: counting it as a plain window would drop that.
		return
	}
	if use, ok := c.boolean("use_sliding_window"); ok && !use {
		return // Qwen2/Qwen3 carry a window they do not use
	}
	if a.ContextLength > 0 && window >= a.ContextLength {
		return // a window as long as the context changes nothing
	}
	attnLayers := a.Layers
	if a.AttentionLayers > 0 {
		attnLayers = a.AttentionLayers
	} else if a.Recurrent != nil {
		attnLayers -= a.Recurrent.Layers
	}
	n := -1
	if types := decoderLayerTypes(c, a.Layers); len(types) > 0 {
		n = 0
		for _, t := range types {
			if strings.Contains(t, "sliding") || t == "local" || t == "local_attention" {
				n++
			}
		}
	} else if p := c.int("sliding_window_pattern"); p > 0 {
		n = a.Layers - a.Layers/p // every p-th layer is global (Gemma 3, Cohere2)
	} else if p := c.str("sliding_window_pattern"); p != "" && a.Layers <= hfMaxLayers {
		// EXAONE 4: a string such as "LLLG", repeated over the layers.
		local := 0
		for i := range a.Layers {
			if p[i%len(p)] == 'L' {
				local++
			}
		}
		n = local
	} else if fam == "gemma2" {
		n = a.Layers / 2 // every other layer
	} else if mwl := c.int("max_window_layers"); mwl > 0 && mwl < a.Layers && (fam == "qwen2" || fam == "qwen3" || fam == "qwen2_moe") {
		n = a.Layers - mwl // Qwen: layers from max_window_layers on use the window
	} else {
		n = attnLayers // Mistral, Phi-3 and the like: every layer
	}
	if n <= 0 {
		return
	}
	if other := c.sub("attention_other_setting"); other != nil && other.int("num_attention_heads") > 0 && other.int("num_attention_heads") != a.Heads {
		// Step 3.5: sliding layers have their own head count; the catalog
		// keeps the full-attention layers' shape.
		r.unknown("arch.sliding_attention_heads")
	}
	a.SlidingWindow, a.SWALayers = window, min(n, attnLayers)
}

// dropLoneGlobalShape clears a global attention shape that has no
// sliding-window layers beside it: then every layer is "global" and the
// config's head shape is the one that counts.
func (r *hfReader) dropLoneGlobalShape() {
	if a := &r.m.Arch; a.SWALayers == 0 || a.SWALayers >= a.Layers {
		a.GlobalHeadDim, a.GlobalKVHeads, a.GlobalSharedKV = 0, 0, false
	}
}

// moe reads mixture-of-experts layouts.
func (r *hfReader) moe(fam string) {
	c, a := r.c, &r.m.Arch
	experts := c.int("n_routed_experts", "num_local_experts", "num_experts", "moe_num_experts", "num_routed_experts")
	perTok := c.int("num_experts_per_tok", "num_experts_per_token", "experts_per_token", "top_k_experts", "moe_k", "moe_topk", "moe_top_k", "num_selected_experts")
	if fam == "granitemoehybrid" && experts == 0 {
		// Dense Granite 4 hybrids: the "shared" MLP is the only FFN.
		if w := c.int("shared_intermediate_size"); w > 0 {
			a.IntermediateSize = w
		}
		return
	}
	if experts < 2 || perTok < 1 {
		return
	}
	m := &MoE{Experts: experts, ExpertsPerToken: perTok}
	separate := c.int("moe_intermediate_size", "expert_intermediate_size", "moe_ffn_hidden_size")
	m.ExpertFFN = separate
	if m.ExpertFFN == 0 {
		m.ExpertFFN = a.IntermediateSize // Mixtral, gpt-oss, MiniMax, Granite, Jamba: one width
	}
	m.SharedExperts = c.int("n_shared_experts", "num_shared_experts", "moe_num_shared_experts")
	if w := c.int("shared_expert_intermediate_size", "shared_intermediate_size", "moe_shared_expert_intermediate_size", "share_expert_dim"); w > 0 {
		m.SharedExpertFFN = w
		if m.SharedExperts == 0 {
			m.SharedExperts = 1
		}
	}
	m.DenseLayers = c.int("first_k_dense_replace", "first_k_dense", "num_dense_layers", "moe_layer_start_index")
	switch fam {
	case "llama4":
		// Llama 4: intermediate_size is the expert width, the dense layers'
		// is intermediate_size_mlp; every MoE layer has one shared expert.
		m.SharedExperts = 1
		if w := c.int("intermediate_size_mlp"); w > 0 {
			a.IntermediateSize = w
		}
		if s := c.int("interleave_moe_layer_step"); s > 1 && a.Layers > 0 {
			m.MoELayers = a.Layers / s
		}
	case "gemma4":
		// Gemma 4's MoE layers keep their dense MLP beside the experts: it
		// acts as an always-on shared expert.
		if a.IntermediateSize > 0 && m.SharedExperts == 0 {
			m.SharedExperts, m.SharedExpertFFN = 1, a.IntermediateSize
		}
	case "granitemoe", "granitemoeshared", "granitemoehybrid":
		// intermediate_size is the expert width; no dense FFN.
		m.ExpertFFN, a.IntermediateSize = a.IntermediateSize, 0
	}
	if dense := c.text.ints("mlp_only_layers"); len(dense) > 0 && a.Layers > 0 {
		m.MoELayers = a.Layers - len(dense)
	} else if s := c.int("decoder_sparse_step", "expert_layer_period", "moe_layer_freq"); s > 1 && a.Layers > 0 {
		m.MoELayers = (a.Layers - m.DenseLayers) / s
	}
	if r.moeLayers > 0 {
		m.MoELayers = r.moeLayers
	}
	if idx := layerList(c.str("moe_layers_enum"), a.Layers); len(idx) > 0 {
		// Step 3.5: the MoE layers by index, "3,4,5,…"; contiguous to the
		// last layer they are leading dense layers plus MoE.
		m.MoELayers, m.DenseLayers = len(idx), 0
		if idx[0]+len(idx) == a.Layers {
			m.DenseLayers = idx[0]
		}
	}
	if types := lowerAll(c.text.strs("mlp_layer_types")); len(types) > 0 {
		sparse := 0
		for _, t := range types {
			if t == "sparse" || t == "moe" {
				sparse++
			}
		}
		if sparse > 0 && sparse < a.Layers {
			m.MoELayers, m.DenseLayers = sparse, 0
		}
	}
	// With a width of its own for the experts and no dense layer, the
	// config's intermediate_size is unused (Qwen3-MoE, Qwen3-Next).
	if separate > 0 && m.DenseLayers == 0 && (m.MoELayers == 0 || m.MoELayers >= a.Layers) && fam != "gemma4" {
		a.IntermediateSize = 0
	}
	if m.ExpertFFN <= 0 {
		r.unknown("arch.moe.expert_ffn")
		return
	}
	a.MoE = m
}

// vision reads the vision tower's size; its parameter count is not in the
// config.
func (r *hfReader) vision() {
	v := r.top.sub("vision_config")
	if v == nil {
		return
	}
	r.m.Modality = "vision"
	r.m.Arch.Vision = &Vision{Layers: v.int("depth", "num_hidden_layers", "layers", "num_layers"),
		HiddenSize: v.int("hidden_size", "width", "embed_dim")}
	r.unknown("arch.vision.params")
	if r.top.sub("audio_config") != nil {
		r.unknown("arch.audio")
	}
}

// quant reads the precision the weights are published in.
func (r *hfReader) quant() {
	native := ""
	if q := r.c.sub("quantization_config"); q != nil {
		native = hfQuant(q)
		if native == "" {
			r.unknown("quants")
		}
	}
	dtype := strings.ToLower(r.c.str("torch_dtype"))
	if dtype == "" {
		dtype = strings.ToLower(r.c.str("dtype"))
	}
	float := "BF16"
	switch dtype {
	case "float16", "fp16", "half":
		float = "F16"
	case "float32", "fp32":
		float = "F32"
	}
	if native == "" && r.m.Arch.ModelType == "gpt_oss" {
		// Every gpt-oss checkpoint ships its experts in MXFP4 (OpenAI's
		// model card); some config.json copies drop quantization_config.
		native = "MXFP4"
	}
	if native != "" {
		r.m.Quants = []string{native, float}
	} else {
		r.m.Quants = []string{float}
	}
}

// hfQuant maps a quantization_config to a fitcheck quantization name, or ""
// for one fitcheck does not estimate (NVFP4, ...).
func hfQuant(q hfConfig) string {
	method := strings.ToLower(q.str("quant_method"))
	switch method {
	case "fp8", "fbgemm_fp8", "fp8_e4m3":
		return "FP8"
	case "mxfp4":
		return "MXFP4"
	case "awq":
		return "AWQ"
	case "gptq", "auto-round", "autoround":
		switch q.int("bits") {
		case 4:
			return "GPTQ"
		case 8:
			return "INT8"
		}
		return ""
	case "bitsandbytes":
		if truthy(q, "load_in_4bit") {
			return "NF4"
		}
		if truthy(q, "load_in_8bit") {
			return "INT8"
		}
		return ""
	case "compressed-tensors":
		for _, g := range q.sub("config_groups") {
			gc, ok := g.(map[string]any)
			if !ok {
				continue
			}
			w := hfConfig(gc).sub("weights")
			if w == nil {
				continue
			}
			switch bits, typ := w.int("num_bits"), strings.ToLower(w.str("type")); {
			case bits == 8 && typ == "float":
				return "FP8"
			case bits == 8 && typ == "int":
				return "INT8"
			case bits == 4 && typ == "int":
				return "AWQ" // W4A16: packed int4 with group scales, as AWQ/GPTQ
			}
		}
		return ""
	}
	switch strings.ToUpper(q.str("quant_algo")) { // NVIDIA ModelOpt
	case "FP8":
		return "FP8"
	}
	return ""
}

// ropeScaling describes rope_scaling / rope_parameters in words, e.g.
// "yarn factor 4 from 32768"; "" when there is none.
func ropeScaling(c layered) string {
	rs := c.sub("rope_scaling")
	if rs == nil {
		rs = c.sub("rope_parameters")
	}
	if rs == nil {
		return ""
	}
	typ := rs.str("rope_type")
	if typ == "" {
		typ = rs.str("type")
	}
	if typ == "" || typ == "default" {
		return ""
	}
	s := typ
	if f, ok := rs.num("factor"); ok && f > 0 {
		s += fmt.Sprintf(" factor %g", f)
	}
	if o := rs.int("original_max_position_embeddings"); o > 0 {
		s += fmt.Sprintf(" from %d", o)
	}
	return s
}

// params recomputes the parameter count from the architecture. A caller
// with the real count (the safetensors index) replaces it.
func (r *hfReader) params() {
	m := r.m
	r.unknown("params_total")
	if !saneShape(&m.Arch) {
		return // nonsense sizes: no count rather than an overflowed one
	}
	p := Params(&m.Arch)
	m.ParamsTotal = p.Total()
	if m.Arch.MoE != nil {
		act := p.Active()
		m.ParamsActive = &act
	}
	if m.Arch.Vision != nil {
		r.unknown("params_total.vision")
	}
}

// saneShape bounds the sizes the parameter formula multiplies (the
// catalog validator's ranges, widened): within them no product overflows.
func saneShape(a *Arch) bool {
	ok := a.Layers <= hfMaxLayers && a.HiddenSize <= 1<<17 && a.Heads <= 1<<12 && a.KVHeads <= 1<<12 &&
		a.HeadDim <= 1<<12 && a.VocabSize <= 1<<22 && a.IntermediateSize <= 1<<20
	if m := a.MoE; m != nil {
		ok = ok && m.Experts <= 1<<14 && m.ExpertFFN <= 1<<20 && m.SharedExpertFFN <= 1<<20 && m.SharedExperts <= 1<<10
	}
	if m := a.MLA; m != nil {
		ok = ok && m.KVLoraRank <= 1<<16 && m.QLoraRank <= 1<<16 && m.QKRopeHeadDim <= 1<<12 && m.QKNopeHeadDim <= 1<<12 && m.VHeadDim <= 1<<12
	}
	if r := a.Recurrent; r != nil {
		ok = ok && r.StateSize <= 1<<14 && r.ConvKernel <= 1<<10 && r.Heads <= 1<<14 && r.HeadDim <= 1<<14 &&
			r.KeyHeads <= 1<<14 && r.KeyHeadDim <= 1<<14 && r.Groups <= 1<<12 && r.Expand <= 1<<6
	}
	return ok
}

// hfMaxLayers bounds loops over layers (no model has a thousand).
const hfMaxLayers = 4096

// requireShape names the shape fields the config did not give.
func (r *hfReader) requireShape() {
	a := &r.m.Arch
	for _, f := range []struct {
		name string
		v    int
	}{
		{"arch.layers", a.Layers}, {"arch.hidden_size", a.HiddenSize}, {"arch.heads", a.Heads},
		{"arch.vocab_size", a.VocabSize}, {"arch.context_length", a.ContextLength},
	} {
		if f.v <= 0 {
			r.unknown(f.name)
		}
	}
	if a.MoE == nil && a.IntermediateSize <= 0 && a.Layers > 0 {
		r.unknown("arch.intermediate_size")
	}
	// Fields only the Hub (or a person) can say.
	r.unknown("family", "organisation", "origin_country", "licence", "released")
}

func mean(v []int) int {
	var s float64
	for _, x := range v {
		s += float64(x)
	}
	return int(math.Round(s / float64(len(v))))
}
