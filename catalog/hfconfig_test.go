package catalog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
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
