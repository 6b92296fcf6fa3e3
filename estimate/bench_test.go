package estimate

import (
	"fmt"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// syntheticCatalog builds n models of varied architectures from the
// reference models of the tests: dense GQA/MHA, sliding-window, MLA, MoE,
// hybrid recurrent, vision, scaled in depth and width.
func syntheticCatalog(n int) []*catalog.Model {
	bases := []*catalog.Model{
		sizeModels["llama3-8b"], sizeModels["llama31-70b"], sizeModels["gemma3-12b"], sizeModels["gemma3-27b"],
		sizeModels["llama2-7b"], sizeModels["mistral-7b"], sizeModels["deepseek-v2-lite"], sizeModels["qwen3-next-80b"],
		sizeModels["qwen3-30b-a3b"], sizeModels["llama32-3b"], sizeModels["tinyllama-1.1b"], sizeModels["qwen25-14b"],
		gptOSS20B, deepSeekV3,
	}
	out := make([]*catalog.Model, 0, n)
	for i := 0; i < n; i++ {
		b := *bases[i%len(bases)]
		b.ID = fmt.Sprintf("%s-v%d", b.ID, i)
		a := b.Arch
		scale := 1 + i/len(bases)%4 // 1..4
		a.Layers = a.Layers * (3 + scale) / 4
		if a.Recurrent != nil {
			r := *a.Recurrent
			r.Layers = a.Layers * 3 / 4
			a.Recurrent = &r
		}
		if a.SWALayers > 0 {
			a.SWALayers = a.Layers * 5 / 6
		}
		if i%7 == 3 {
			a.Vision = &catalog.Vision{Params: 400_000_000}
		}
		b.Arch = a
		b.ParamsTotal = 0 // no rescaling: the synthetic shapes are their own truth
		if i%5 == 0 {
			b.Quants = []string{"Q4_0", "IQ3_M", "MXFP4"}
		}
		out = append(out, &b)
	}
	return out
}

var benchHW = Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 80, CPUCores: 16, CPUFeatures: []string{"avx2"},
	GPUs: []Device{{Name: "NVIDIA GeForce RTX 4090", Backend: "cuda", MemoryBytes: 23 << 30, TotalBytes: 24 << 30, BandwidthGBps: 1008, FP16TFLOPs: 165.2}}}

// BenchmarkEstimateCatalog: ~230 models × all default quants on one
// machine (the TUI's full refresh); budget 2 ms.
func BenchmarkEstimateCatalog(b *testing.B) {
	models := syntheticCatalog(230)
	s := DefaultSettings()
	b.ReportAllocs()
	n := 0
	var x Estimator // the TUI's: plans kept across refreshes
	for b.Loop() {
		n = 0
		for _, m := range models {
			n += len(x.EstimateModel(m, benchHW, s, nil))
		}
	}
	b.ReportMetric(float64(n), "results/op")
}

// BenchmarkEstimateCatalogCold is the same with the per-model cache
// dropped every iteration: the first screen after start-up.
func BenchmarkEstimateCatalogCold(b *testing.B) {
	models := syntheticCatalog(230)
	s := DefaultSettings()
	b.ReportAllocs()
	var x Estimator
	for b.Loop() {
		x.forget()
		for _, m := range models {
			x.EstimateModel(m, benchHW, s, nil)
		}
	}
}

// BenchmarkEstimateBuiltinCatalog is the real catalog × every default
// quantization for one hardware description (budget: under 2 ms warm).
func BenchmarkEstimateBuiltinCatalog(b *testing.B) {
	cat := catalogtest.Builtin(b)
	s := DefaultSettings()
	b.ReportAllocs()
	n := 0
	var x Estimator
	for b.Loop() {
		n = 0
		for _, m := range cat.Models {
			n += len(x.EstimateModel(m, benchHW, s, nil))
		}
	}
	b.ReportMetric(float64(n), "results/op")
}
