package catalog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// hfConfigDir holds verbatim config.json copies (sources in its README.md).
const hfConfigDir = "../hub/testdata/configs"

func readHFConfig(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(hfConfigDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// comparableArch drops what only a model card says (the card's context,
// the words describing RoPE scaling), which a config cannot give.
func comparableArch(a Arch) Arch {
	a.ContextCard, a.RopeScaling, a.ContextConfig = 0, "", 0
	if a.Vision != nil {
		v := *a.Vision
		v.Params = 0
		a.Vision = &v
	}
	return a
}

func archJSON(a Arch) string {
	b, _ := json.Marshal(comparableArch(a))
	return string(b)
}

// The converter must read a model's config.json into the same architecture
// the curated catalog holds for that model.
func TestHFConfigMatchesCuratedCatalog(t *testing.T) {
	cat, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ file, curated string }{
		{"Llama-3.1-8B.json", "meta-llama/Llama-3.1-8B-Instruct"},
		{"gpt-oss-20b.json", "openai/gpt-oss-20b"},
		{"Qwen3-30B-A3B.json", "Qwen/Qwen3-30B-A3B"},
		{"Qwen3-32B.json", "Qwen/Qwen3-32B"},
		{"Llama-3.2-3B.json", "meta-llama/Llama-3.2-3B-Instruct"},
		{"DeepSeek-V3.json", "deepseek-ai/DeepSeek-V3"},
		{"gemma-3-1b-it.json", "google/gemma-3-1b-it"},
		{"Phi-3.5-mini-instruct.json", "microsoft/Phi-3.5-mini-instruct"},
		{"Mistral-7B-Instruct-v0.1.json", "mistralai/Mistral-7B-Instruct-v0.1"},
		{"Mistral-Nemo-Base-2407.json", "mistralai/Mistral-Nemo-Base-2407"},
		{"Qwen3-Next-80B-A3B-Instruct.json", "Qwen/Qwen3-Next-80B-A3B-Instruct"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			want := cat.ByID(c.curated)
			if want == nil {
				t.Fatalf("%s is not in the catalog", c.curated)
			}
			got, err := ModelFromHFConfig(c.curated, readHFConfig(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if g, w := archJSON(got.Arch), archJSON(want.Arch); g != w {
				t.Errorf("arch differs from the curated entry\n got %s\nwant %s", g, w)
			}
			if got.IsUnknown(UnknownArch) {
				t.Errorf("%s marked as an unknown architecture", got.Arch.ModelType)
			}
			if d := relDiff(got.ParamsTotal, want.ParamsTotal); d > ParamTolerance {
				t.Errorf("params %d, curated %d", got.ParamsTotal, want.ParamsTotal)
			}
		})
	}
}

func TestHFConfigQwen35Hybrid(t *testing.T) {
	m, err := ModelFromHFConfig("Qwen/Qwen3.5-35B-A3B", readHFConfig(t, "Qwen3.5-35B-A3B.json"))
	if err != nil {
		t.Fatal(err)
	}
	a := m.Arch
	if a.ModelType != "qwen3_5_moe_text" || a.Layers != 40 || a.HiddenSize != 2048 || a.Heads != 16 || a.KVHeads != 2 || a.HeadDim != 256 {
		t.Errorf("shape: %+v", a)
	}
	if a.Recurrent == nil || a.Recurrent.Kind != "gated_deltanet" || a.Recurrent.Layers != 30 || a.Recurrent.KeyHeads != 16 || a.Recurrent.Heads != 32 {
		t.Errorf("recurrent: %+v", a.Recurrent)
	}
	if a.MoE == nil || a.MoE.Experts != 256 || a.MoE.ExpertsPerToken != 8 || a.MoE.ExpertFFN != 512 || a.MoE.SharedExperts != 1 || a.IntermediateSize != 0 {
		t.Errorf("moe: %+v, intermediate %d", a.MoE, a.IntermediateSize)
	}
	if m.Modality != "vision" || a.Vision == nil || a.Vision.Layers != 27 || !m.IsUnknown("arch.vision.params") {
		t.Errorf("vision: %s %+v %v", m.Modality, a.Vision, m.Unknown)
	}
	// Qwen3.5-35B-A3B: 35B total, 3B active (the name).
	if m.ParamsTotal < 30e9 || m.ParamsTotal > 36e9 || m.ActiveParams() < 2.5e9 || m.ActiveParams() > 4e9 {
		t.Errorf("params %d / active %d", m.ParamsTotal, m.ActiveParams())
	}
}

func TestHFConfigUnknownArchitecture(t *testing.T) {
	cfg := []byte(`{"model_type": "brand_new_lm", "num_hidden_layers": 24, "hidden_size": 2048,
		"num_attention_heads": 16, "intermediate_size": 5632, "vocab_size": 50000, "max_position_embeddings": 4096}`)
	m, err := ModelFromHFConfig("someone/new", cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !m.IsUnknown(UnknownArch) || m.Arch.ModelType != "brand_new_lm" || m.Arch.Layers != 24 || m.Arch.KVHeads != 16 || m.Arch.HeadDim != 128 {
		t.Errorf("got %+v unknown %v", m.Arch, m.Unknown)
	}
	if !m.IsUnknown("arch.tied_embeddings") {
		t.Error("tie_word_embeddings absent for an unknown family must be named unknown")
	}
}

func TestHFConfigQuantization(t *testing.T) {
	cases := []struct{ q, want string }{
		{`{"quant_method": "fp8", "fmt": "e4m3", "weight_block_size": [128, 128]}`, "FP8"},
		{`{"quant_method": "mxfp4"}`, "MXFP4"},
		{`{"quant_method": "awq", "bits": 4, "group_size": 128}`, "AWQ"},
		{`{"quant_method": "gptq", "bits": 4}`, "GPTQ"},
		{`{"quant_method": "gptq", "bits": 8}`, "INT8"},
		{`{"quant_method": "bitsandbytes", "load_in_4bit": true}`, "NF4"},
		{`{"quant_method": "bitsandbytes", "load_in_8bit": true}`, "INT8"},
		{`{"quant_method": "compressed-tensors", "config_groups": {"group_0": {"weights": {"num_bits": 8, "type": "float"}}}}`, "FP8"},
		{`{"quant_method": "compressed-tensors", "config_groups": {"group_0": {"weights": {"num_bits": 4, "type": "int"}}}}`, "AWQ"},
		{`{"quant_method": "compressed-tensors", "config_groups": {"group_0": {"weights": {"num_bits": 4, "type": "float"}}}}`, ""},
	}
	for _, c := range cases {
		cfg := []byte(`{"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 256, "num_attention_heads": 4,
			"intermediate_size": 512, "vocab_size": 1000, "torch_dtype": "bfloat16", "quantization_config": ` + c.q + `}`)
		m, err := ModelFromHFConfig("a/b", cfg)
		if err != nil {
			t.Fatal(err)
		}
		if c.want == "" {
			if !slices.Equal(m.Quants, []string{"BF16"}) || !m.IsUnknown("quants") {
				t.Errorf("%s: quants %v unknown %v", c.q, m.Quants, m.Unknown)
			}
			continue
		}
		if !slices.Equal(m.Quants, []string{c.want, "BF16"}) {
			t.Errorf("%s: quants %v, want [%s BF16]", c.q, m.Quants, c.want)
		}
	}
}

func TestHFConfigRejects(t *testing.T) {
	for _, in := range []string{``, `[]`, `"x"`, `{"a":1} {}`, `{"a":`, string(make([]byte, HFConfigMaxBytes+1))} {
		if _, err := ModelFromHFConfig("a/b", []byte(in)); err == nil {
			t.Errorf("%.20q: no error", in)
		}
	}
}

// FuzzModelFromHFConfig: any bytes give a model or an error, never a panic,
// and a model never has negative sizes.
func FuzzModelFromHFConfig(f *testing.F) {
	entries, _ := os.ReadDir(hfConfigDir)
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join(hfConfigDir, e.Name())); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"model_type":"nemotron_h","hybrid_override_pattern":"M*-E","num_hidden_layers":-3}`))
	f.Add([]byte(`{"model_type":"nemotron-nas","block_configs":[{"attention":{"n_heads_in_group":0},"ffn":{"ffn_mult":1e308}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ModelFromHFConfig("a/b", data)
		if err != nil {
			return
		}
		a := m.Arch
		if a.Layers < 0 || a.HiddenSize < 0 || a.Heads < 0 || a.KVHeads < 0 || a.IntermediateSize < 0 || a.SWALayers < 0 || m.ParamsTotal < 0 {
			t.Fatalf("negative size: %+v params %d", a, m.ParamsTotal)
		}
	})
}

// Architectures the catalog has no curated entry for yet: the shape read
// from each verbatim config.
func TestHFConfigShapes(t *testing.T) {
	cases := []struct {
		file  string
		check func(t *testing.T, m *Model)
	}{
		{"Qwen2.5-7B.json", func(t *testing.T, m *Model) {
			a := m.Arch
			if a.Layers != 28 || a.KVHeads != 4 || a.HeadDim != 128 || a.SlidingWindow != 0 || a.ContextLength != 131072 {
				t.Errorf("%+v (use_sliding_window false: no window)", a)
			}
		}},
		{"Nemotron-3-Nano-30B-A3B.json", func(t *testing.T, m *Model) {
			a := m.Arch
			// Pattern: 23 Mamba-2 (M), 23 MoE (E), 6 attention (*) layers.
			if a.Layers != 52 || a.AttentionLayers != 6 || a.FFNLayers != 23 || a.FFNType != "plain" {
				t.Errorf("layers %d attention %d ffn %d type %q", a.Layers, a.AttentionLayers, a.FFNLayers, a.FFNType)
			}
			if r := a.Recurrent; r == nil || r.Kind != "mamba2" || r.Layers != 23 || r.Heads != 64 || r.HeadDim != 64 || r.Groups != 8 || r.StateSize != 128 {
				t.Errorf("recurrent %+v", a.Recurrent)
			}
			if e := a.MoE; e == nil || e.Experts != 128 || e.ExpertsPerToken != 6 || e.ExpertFFN != 1856 || e.SharedExperts != 1 || e.SharedExpertFFN != 3712 {
				t.Errorf("moe %+v", a.MoE)
			}
			// NVIDIA's card: 31.6B total, about 3.2B (3.6B with embeddings) active.
			if m.ParamsTotal < 29e9 || m.ParamsTotal > 34e9 || m.ActiveParams() < 2.8e9 || m.ActiveParams() > 4.2e9 {
				t.Errorf("params %d active %d", m.ParamsTotal, m.ActiveParams())
			}
		}},
		{"Kimi-K2-Instruct.json", func(t *testing.T, m *Model) {
			a := m.Arch
			// The catalog's MLA rule: head_dim = hidden/heads (7168/64).
			if a.ModelType != "kimi_k2" || a.MLA == nil || a.HeadDim != 112 || a.KVHeads != 64 || a.MoE == nil || a.MoE.Experts != 384 || a.MoE.DenseLayers != 1 {
				t.Errorf("%+v mla %+v moe %+v", a, a.MLA, a.MoE)
			}
			if !slices.Equal(m.Quants, []string{"FP8", "BF16"}) {
				t.Errorf("quants %v", m.Quants)
			}
			// The model card: 1T total, 32B active.
			if d := relDiff(m.ParamsTotal, 1.0264e12); d > 0.02 {
				t.Errorf("params %d", m.ParamsTotal)
			}
		}},
		{"gemma-4-31B-it.json", func(t *testing.T, m *Model) {
			a := m.Arch
			if a.ModelType != "gemma4_text" || a.Layers != 60 || a.HiddenSize != 5376 || a.HeadDim != 256 || a.KVHeads != 16 ||
				a.SlidingWindow != 1024 || a.SWALayers != 50 || !a.TiedEmbeddings || a.MoE != nil {
				t.Errorf("%+v", a)
			}
			// Global layers: 4 KV heads of 512, K shared with V.
			if a.GlobalHeadDim != 512 || a.GlobalKVHeads != 4 || !a.GlobalSharedKV {
				t.Errorf("global attention %d / %d / %v", a.GlobalHeadDim, a.GlobalKVHeads, a.GlobalSharedKV)
			}
			if m.Modality != "vision" || m.IsUnknown(UnknownArch) || m.IsUnknown("arch.global_attention") {
				t.Errorf("modality %s unknown %v", m.Modality, m.Unknown)
			}
		}},
		{"GLM-5.1.json", func(t *testing.T, m *Model) {
			a := m.Arch
			if a.ModelType != "glm_moe_dsa" || a.MLA == nil || a.MLA.QLoraRank != 2048 || a.MLA.VHeadDim != 256 || a.HeadDim != 96 {
				t.Errorf("%+v mla %+v", a, a.MLA)
			}
			if e := a.MoE; e == nil || e.MoELayers != 75 || e.DenseLayers != 0 || a.IntermediateSize != 12288 {
				t.Errorf("moe %+v intermediate %d", a.MoE, a.IntermediateSize)
			}
			// The weight listing next to the config: 753,864,139,008
			// parameters, including one MTP layer this count leaves out.
			if m.ParamsTotal < 720e9 || m.ParamsTotal > 754e9 {
				t.Errorf("params %d", m.ParamsTotal)
			}
		}},
		{"MiniMax-M2.7.json", func(t *testing.T, m *Model) {
			a := m.Arch
			if a.ModelType != "minimax_m2" || a.Recurrent != nil || a.MoE == nil || a.MoE.Experts != 256 || a.MoE.ExpertFFN != 1536 || a.ContextLength != 204800 {
				t.Errorf("%+v moe %+v", a, a.MoE)
			}
			// The weight listing next to the config: 228,703,644,928.
			if d := relDiff(m.ParamsTotal, 228_703_644_928); d > 0.01 {
				t.Errorf("params %d", m.ParamsTotal)
			}
		}},
		{"DeepSeek-V4-Flash.json", func(t *testing.T, m *Model) {
			a := m.Arch
			if a.ModelType != "deepseek_v4" || a.Layers != 43 || a.KVHeads != 1 || a.HeadDim != 512 || a.SlidingWindow != 128 || a.SWALayers != 43 || a.MLA != nil {
				t.Errorf("%+v", a)
			}
			// 2 window-only layers, 21 of ratio 4, 20 of ratio 128; the
			// 44th ratio (the MTP layer) is not a decoder layer.
			if c := a.Compressed; c == nil || len(c.Ratios) != 43 || c.IndexHeads != 64 || c.IndexHeadDim != 128 || c.IndexTopK != 512 {
				t.Errorf("compressed attention %+v", a.Compressed)
			} else {
				n := map[int]int{}
				for _, r := range c.Ratios {
					n[r]++
				}
				if n[0] != 2 || n[4] != 21 || n[128] != 20 {
					t.Errorf("ratios %v", n)
				}
			}
			if e := a.MoE; e == nil || e.Experts != 256 || e.ExpertsPerToken != 6 || e.ExpertFFN != 2048 || a.IntermediateSize != 0 {
				t.Errorf("moe %+v", a.MoE)
			}
			if m.IsUnknown("arch.kv_compression") || !slices.Equal(m.Quants, []string{"FP8", "BF16"}) {
				t.Errorf("unknown %v quants %v", m.Unknown, m.Quants)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			m, err := ModelFromHFConfig("a/b", readHFConfig(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, m)
		})
	}
}

// Key spellings of Step 3.5 (num_attention_groups, moe_top_k,
// moe_layers_enum, share_expert_dim, layer_types listing the MTP layers
// too), on a small config written for this test.
func TestHFConfigStepKeys(t *testing.T) {
	cfg := []byte(`{"model_type": "step3p7", "text_config": {"model_type": "step3p5", "num_hidden_layers": 6,
		"hidden_size": 1024, "num_attention_heads": 16, "num_attention_groups": 4, "head_dim": 64,
		"intermediate_size": 2816, "vocab_size": 32000, "max_position_embeddings": 65536, "sliding_window": 512,
		"layer_types": ["full_attention", "sliding_attention", "sliding_attention", "full_attention", "sliding_attention", "sliding_attention", "sliding_attention", "full_attention"],
		"attention_other_setting": {"num_attention_heads": 24, "num_attention_groups": 4},
		"moe_layers_enum": "2,3,4,5", "moe_num_experts": 32, "moe_top_k": 4, "moe_intermediate_size": 512, "share_expert_dim": 1024}}`)
	m, err := ModelFromHFConfig("x/y", cfg)
	if err != nil {
		t.Fatal(err)
	}
	a := m.Arch
	if a.KVHeads != 4 || a.SWALayers != 4 || a.SlidingWindow != 512 || !m.IsUnknown("arch.sliding_attention_heads") {
		t.Errorf("attention: %+v unknown %v", a, m.Unknown)
	}
	if e := a.MoE; e == nil || e.Experts != 32 || e.ExpertsPerToken != 4 || e.MoELayers != 4 || e.DenseLayers != 2 ||
		e.SharedExperts != 1 || e.SharedExpertFFN != 1024 || a.IntermediateSize != 2816 {
		t.Errorf("moe %+v intermediate %d", a.MoE, a.IntermediateSize)
	}
	if m.IsUnknown(UnknownArch) {
		t.Error("step3p5 marked unknown")
	}
}

// Gemma 3's vision-language configs save text_config as a diff against
// Gemma3TextConfig's defaults. The text part of gemma-3-27b as a JAX port
// records it ("established to be equiv to text part of Gemma3 27B", code
// index file id 62559293678), wrapped as a VLM config, must come out as the
// curated gemma-3-27b-it.
func TestHFConfigClassDefaults(t *testing.T) {
	cfg := []byte(`{"model_type": "gemma3", "text_config": {
  "architectures": [
    "Gemma3ForCausalLM"
  ],
  "head_dim": 128,
  "hidden_size": 5376,
  "intermediate_size": 21504,
  "model_type": "gemma3_text",
  "num_attention_heads": 32,
  "num_hidden_layers": 62,
  "num_key_value_heads": 16,
  "query_pre_attn_scalar": 168,
  "rope_scaling": {
    "factor": 8.0,
    "rope_type": "linear"
  },
  "sliding_window": 1024,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.50.0.dev0"
}}`)
	got, err := ModelFromHFConfig("google/gemma-3-27b-it", cfg)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	want := cat.ByID("google/gemma-3-27b-it").Arch
	want.Vision = nil // the wrapper above has no vision_config
	if g, w := archJSON(got.Arch), archJSON(want); g != w {
		t.Errorf("\n got %s\nwant %s", g, w)
	}
	if !strings.Contains(got.Notes, "max_position_embeddings, sliding_window_pattern, vocab_size") {
		t.Errorf("notes %q do not name the defaults used", got.Notes)
	}
}
