package hub

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// A model sized from its config.json alone must come out like the curated
// entry of the same model: weights, KV cache and total memory at Q4_K_M and
// BF16, with default settings (8k context). The differences left come
// from the parameter count (the curated count is sometimes the card's
// rounded figure; a Hub lookup uses the safetensors count instead).
func TestConvertedModelsEstimateLikeCurated(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	pairs := []struct{ file, id string }{
		{"Llama-3.1-8B.json", "meta-llama/Llama-3.1-8B-Instruct"},
		{"Llama-3.2-3B.json", "meta-llama/Llama-3.2-3B-Instruct"},
		{"gpt-oss-20b.json", "openai/gpt-oss-20b"},
		{"Qwen3-30B-A3B.json", "Qwen/Qwen3-30B-A3B"},
		{"Qwen3-32B.json", "Qwen/Qwen3-32B"},
		{"Qwen3-Next-80B-A3B-Instruct.json", "Qwen/Qwen3-Next-80B-A3B-Instruct"},
		{"DeepSeek-V3.json", "deepseek-ai/DeepSeek-V3"},
		{"gemma-3-1b-it.json", "google/gemma-3-1b-it"},
		{"Phi-3.5-mini-instruct.json", "microsoft/Phi-3.5-mini-instruct"},
		{"Mistral-7B-Instruct-v0.1.json", "mistralai/Mistral-7B-Instruct-v0.1"},
		{"Mistral-Nemo-Base-2407.json", "mistralai/Mistral-Nemo-Base-2407"},
	}
	hw := estimate.Hardware{GPUs: []estimate.Device{{Name: "H200", Backend: "cuda", MemoryBytes: 141 << 30, TotalBytes: 141 << 30,
		BandwidthGBps: 4800, FP16TFLOPs: 989}}, RAMBytes: 2 << 40, RAMBandwidthGBps: 300, CPUCores: 64}
	var worst float64
	for _, p := range pairs {
		b, err := os.ReadFile(filepath.Join("testdata", "configs", p.file))
		if err != nil {
			t.Fatal(err)
		}
		got, err := catalog.ModelFromHFConfig(p.id, b)
		if err != nil {
			t.Fatal(err)
		}
		want := cat.ByID(p.id)
		for _, q := range []string{"Q4_K_M", "BF16"} {
			g, err1 := estimate.Estimate(got, q, hw, estimate.DefaultSettings())
			w, err2 := estimate.Estimate(want, q, hw, estimate.DefaultSettings())
			if err1 != nil || err2 != nil {
				t.Fatalf("%s %s: %v %v", p.id, q, err1, err2)
			}
			dw := rel(g.WeightsBytes, w.WeightsBytes)
			dk := rel(g.KVCacheBytes, w.KVCacheBytes)
			dt := rel(g.TotalBytes, w.TotalBytes)
			worst = math.Max(worst, math.Abs(dt))
			t.Logf("%-36s %-6s weights %+6.2f%%  KV %+6.2f%%  total %+6.2f%%", p.id, q, 100*dw, 100*dk, 100*dt)
			if math.Abs(dk) > 0.001 {
				t.Errorf("%s %s: KV cache %d vs curated %d", p.id, q, g.KVCacheBytes, w.KVCacheBytes)
			}
			if math.Abs(dt) > 0.03 {
				t.Errorf("%s %s: total %d vs curated %d (%+.1f%%)", p.id, q, g.TotalBytes, w.TotalBytes, 100*dt)
			}
		}
	}
	t.Logf("worst total-memory difference: %.2f%%", 100*worst)
}

func rel(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a-b) / float64(b)
}
