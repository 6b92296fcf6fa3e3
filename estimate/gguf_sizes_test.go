package estimate

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
)

func p64(v int64) *int64 { return &v }

// sizeModels are the architectures of the models in testdata/gguf_sizes.csv,
// copied from each model's config.json (URL per entry).
var sizeModels = map[string]*catalog.Model{
	// https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/config.json
	"llama3-8b": {ID: "meta-llama/Meta-Llama-3-8B", ParamsTotal: 8_030_261_248, Arch: catalog.Arch{
		ModelType: "llama", Layers: 32, HiddenSize: 4096, Heads: 32, KVHeads: 8, HeadDim: 128,
		IntermediateSize: 14336, VocabSize: 128256, ContextLength: 8192}},
	// https://huggingface.co/nvidia/Llama-3.1-Nemotron-70B-Instruct-HF/blob/main/config.json
	"llama31-70b": {ID: "nvidia/Llama-3.1-Nemotron-70B-Instruct-HF", ParamsTotal: 70_553_706_496, Arch: catalog.Arch{
		ModelType: "llama", Layers: 80, HiddenSize: 8192, Heads: 64, KVHeads: 8, HeadDim: 128,
		IntermediateSize: 28672, VocabSize: 128256, ContextLength: 131072}},
	// https://huggingface.co/google/gemma-3-12b-it/blob/main/config.json (text_config)
	"gemma3-12b": {ID: "google/gemma-3-12b-it", ParamsTotal: 11_766_034_176, Arch: catalog.Arch{
		ModelType: "gemma3_text", Layers: 48, HiddenSize: 3840, Heads: 16, KVHeads: 8, HeadDim: 256,
		IntermediateSize: 15360, VocabSize: 262208, TiedEmbeddings: true, ContextLength: 131072,
		SlidingWindow: 1024, SWALayers: 40}},
	// https://huggingface.co/google/gemma-3-27b-it/blob/main/config.json (text_config)
	"gemma3-27b": {ID: "google/gemma-3-27b-it", ParamsTotal: 27_009_002_240, Arch: catalog.Arch{
		ModelType: "gemma3_text", Layers: 62, HiddenSize: 5376, Heads: 32, KVHeads: 16, HeadDim: 128,
		IntermediateSize: 21504, VocabSize: 262208, TiedEmbeddings: true, ContextLength: 131072,
		SlidingWindow: 1024, SWALayers: 52}},
	// https://huggingface.co/meta-llama/Llama-2-7b-hf/blob/main/config.json
	"llama2-7b": {ID: "meta-llama/Llama-2-7b-hf", ParamsTotal: 6_738_415_616, Arch: catalog.Arch{
		ModelType: "llama", Layers: 32, HiddenSize: 4096, Heads: 32, KVHeads: 32, HeadDim: 128,
		IntermediateSize: 11008, VocabSize: 32000, ContextLength: 4096}},
	// https://huggingface.co/meta-llama/Llama-2-13b-hf/blob/main/config.json
	"llama2-13b": {ID: "meta-llama/Llama-2-13b-hf", ParamsTotal: 13_015_864_320, Arch: catalog.Arch{
		ModelType: "llama", Layers: 40, HiddenSize: 5120, Heads: 40, KVHeads: 40, HeadDim: 128,
		IntermediateSize: 13824, VocabSize: 32000, ContextLength: 4096}},
	// https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.2/blob/main/config.json
	"mistral-7b": {ID: "mistralai/Mistral-7B-Instruct-v0.2", ParamsTotal: 7_241_732_096, Arch: catalog.Arch{
		ModelType: "mistral", Layers: 32, HiddenSize: 4096, Heads: 32, KVHeads: 8, HeadDim: 128,
		IntermediateSize: 14336, VocabSize: 32000, ContextLength: 32768}},
	// https://huggingface.co/deepseek-ai/DeepSeek-V2-Lite/blob/main/config.json
	"deepseek-v2-lite": {ID: "deepseek-ai/DeepSeek-V2-Lite", ParamsTotal: 15_706_484_224, ParamsActive: p64(2_400_000_000), Arch: catalog.Arch{
		ModelType: "deepseek_v2", Layers: 27, HiddenSize: 2048, Heads: 16, KVHeads: 16, HeadDim: 128,
		IntermediateSize: 10944, VocabSize: 102400, ContextLength: 163840,
		MLA: &catalog.MLA{KVLoraRank: 512, QKRopeHeadDim: 64, QKNopeHeadDim: 128, VHeadDim: 128},
		MoE: &catalog.MoE{Experts: 64, ExpertsPerToken: 6, SharedExperts: 2, ExpertFFN: 1408, DenseLayers: 1}}},
	// https://huggingface.co/Qwen/Qwen3-Next-80B-A3B-Instruct/blob/main/config.json
	"qwen3-next-80b": {ID: "Qwen/Qwen3-Next-80B-A3B-Instruct", ParamsTotal: 79_674_391_296, ParamsActive: p64(3_000_000_000), Arch: catalog.Arch{
		ModelType: "qwen3_next", Layers: 48, HiddenSize: 2048, Heads: 16, KVHeads: 2, HeadDim: 256,
		IntermediateSize: 5120, VocabSize: 151936, ContextLength: 262144,
		MoE:       &catalog.MoE{Experts: 512, ExpertsPerToken: 10, SharedExperts: 1, ExpertFFN: 512},
		Recurrent: &catalog.Recurrent{Kind: "gated_deltanet", Layers: 36, ConvKernel: 4, Heads: 32, HeadDim: 128, KeyHeads: 16, KeyHeadDim: 128}}},
	// https://huggingface.co/Qwen/Qwen3-30B-A3B/blob/main/config.json
	"qwen3-30b-a3b": {ID: "Qwen/Qwen3-30B-A3B", ParamsTotal: 30_532_122_624, ParamsActive: p64(3_300_000_000), Arch: catalog.Arch{
		ModelType: "qwen3_moe", Layers: 48, HiddenSize: 2048, Heads: 32, KVHeads: 4, HeadDim: 128,
		IntermediateSize: 6144, VocabSize: 151936, ContextLength: 40960,
		MoE: &catalog.MoE{Experts: 128, ExpertsPerToken: 8, ExpertFFN: 768}}},
	// https://huggingface.co/meta-llama/Llama-3.2-3B-Instruct/blob/main/config.json
	"llama32-3b": {ID: "meta-llama/Llama-3.2-3B-Instruct", ParamsTotal: 3_212_749_824, Arch: catalog.Arch{
		ModelType: "llama", Layers: 28, HiddenSize: 3072, Heads: 24, KVHeads: 8, HeadDim: 128,
		IntermediateSize: 8192, VocabSize: 128256, TiedEmbeddings: true, ContextLength: 131072}},
	// https://huggingface.co/TinyLlama/TinyLlama-1.1B-intermediate-step-480k-1T/blob/main/config.json
	"tinyllama-1.1b": {ID: "TinyLlama/TinyLlama-1.1B", ParamsTotal: 1_100_048_384, Arch: catalog.Arch{
		ModelType: "llama", Layers: 22, HiddenSize: 2048, Heads: 32, KVHeads: 4, HeadDim: 64,
		IntermediateSize: 5632, VocabSize: 32000, ContextLength: 2048}},
	// https://github.com/openai/gpt-oss/blob/0568dfc94f09469e2968c2b90e50561d1b3fc424/gpt_oss/torch/model.py
	// (ModelConfig defaults; the catalog entry's source): experts ship in MXFP4.
	"gpt-oss-120b": {ID: "openai/gpt-oss-120b", ParamsTotal: 116_829_156_672, ParamsActive: p64(5_711_982_912),
		Quants: []string{"MXFP4"}, Arch: catalog.Arch{
			ModelType: "gpt_oss", Layers: 36, HiddenSize: 2880, Heads: 64, KVHeads: 8, HeadDim: 64,
			IntermediateSize: 2880, VocabSize: 201088, ContextLength: 131072, SlidingWindow: 128, SWALayers: 18,
			MoE: &catalog.MoE{Experts: 128, ExpertsPerToken: 4, ExpertFFN: 2880}}},
	// https://huggingface.co/Qwen/Qwen2.5-14B-Instruct/blob/main/config.json
	"qwen25-14b": {ID: "Qwen/Qwen2.5-14B-Instruct", ParamsTotal: 14_770_033_664, Arch: catalog.Arch{
		ModelType: "qwen2", Layers: 48, HiddenSize: 5120, Heads: 40, KVHeads: 8, HeadDim: 128,
		IntermediateSize: 13824, VocabSize: 152064, ContextLength: 32768}},
}

type sizeRow struct {
	model, quant, source string
	bytes                float64
	imatrix              bool
}

func readSizes(t *testing.T) []sizeRow {
	t.Helper()
	var rows []sizeRow
	for _, rec := range readCSV(t, "testdata/gguf_sizes.csv") {
		v, err := strconv.ParseFloat(rec["size"], 64)
		if err != nil {
			t.Fatalf("bad size %q", rec["size"])
		}
		switch rec["size_unit"] {
		case "GiB":
			v *= 1 << 30
		case "MiB":
			v *= 1 << 20
		case "GB":
			v *= 1e9
		default:
			t.Fatalf("bad unit %q", rec["size_unit"])
		}
		if !strings.HasPrefix(rec["source"], "https://") {
			t.Fatalf("row %v has no source URL", rec)
		}
		rows = append(rows, sizeRow{model: rec["model"], quant: rec["quant"], bytes: v, imatrix: rec["imatrix"] == "yes", source: rec["source"]})
	}
	return rows
}

// TestWeightsMatchRealGGUFSizes compares the per-tensor weight model with
// published GGUF sizes: median error <= 3 %, worst <= 8 %.
func TestWeightsMatchRealGGUFSizes(t *testing.T) {
	rows := readSizes(t)
	if len(rows) < 30 {
		t.Fatalf("need at least 30 rows, have %d", len(rows))
	}
	models := map[string]bool{}
	var errs []float64
	t.Logf("%-16s %-7s %10s %10s %7s", "model", "quant", "real GiB", "est GiB", "err")
	for _, r := range rows {
		m := sizeModels[r.model]
		if m == nil {
			t.Fatalf("no architecture for %s", r.model)
		}
		models[r.model] = true
		p, err := newPlan(m)
		if err != nil {
			t.Fatal(err)
		}
		qi, ok := lookupQuantIndex(r.quant)
		if !ok {
			t.Fatalf("unknown quant %s", r.quant)
		}
		var w weights
		p.computeWeights(&quantTable[qi], EngineLlamaCpp, r.imatrix, false, &w, nil)
		est := float64(w.file)
		e := (est - r.bytes) / r.bytes
		errs = append(errs, math.Abs(e))
		t.Logf("%-16s %-7s %10.2f %10.2f %+6.1f%%", r.model, r.quant, r.bytes/(1<<30), est/(1<<30), 100*e)
	}
	sort.Float64s(errs)
	med, worst := errs[len(errs)/2], errs[len(errs)-1]
	t.Logf("%d files of %d models: median |error| %.2f %%, worst %.2f %%", len(errs), len(models), 100*med, 100*worst)
	if med > 0.03 || worst > 0.08 {
		t.Errorf("weight model off: median %.2f %% (limit 3), worst %.2f %% (limit 8)", 100*med, 100*worst)
	}
}

// TestLayerIndependentShortcut checks that the quants computeWeights treats
// as layer-independent really give every layer of a kind the same bytes.
func TestLayerIndependentShortcut(t *testing.T) {
	for name, m := range sizeModels {
		p, err := newPlan(m)
		if err != nil {
			t.Fatal(err)
		}
		for qi := range quantTable {
			q := &quantTable[qi]
			for _, im := range []bool{false, true} {
				if layerDependent(q.ftype, im) || q.Engine == EngineVLLM {
					continue
				}
				r := rules{p: p, q: q, imatrix: im}
				for k := range p.kinds {
					var first int64 = -1
					for i := 0; i < p.nLayer; i++ {
						if int(p.kindOf[i]) != k {
							continue
						}
						var b int64
						for j := range p.kinds[k].tensors {
							tt := &p.kinds[k].tensors[j]
							b += bytesOf(r.pick(tt, i, int(p.vIndex[i]), i), tt.n)
						}
						if first < 0 {
							first = b
						} else if b != first {
							t.Fatalf("%s %s imatrix=%v: layer %d of kind %d weighs %d, first %d", name, q.Name, im, i, k, b, first)
						}
					}
				}
			}
		}
	}
}
