package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// fileOf describes, as a file would, the weights the estimator derives for
// m at quant: EstimateFile on it must reproduce Estimate exactly.
func fileOf(t *testing.T, m *catalog.Model, quant string) *FileTensors {
	t.Helper()
	e, err := new(Estimator).cachedPlan(m)
	if err != nil {
		t.Fatal(err)
	}
	qi, _ := lookupQuantIndex(quant)
	w := e.weightsFor(qi, false, true, true)
	p := e.plan
	ft := &FileTensors{Quant: quant, Layers: make([]int64, p.nLayer), Embedding: w.embd, Tied: p.tied, MaxTensor: w.maxT, MMQExtra: w.mmqExtra, Q6KExtra: w.q6Extra}
	if w.cumExpert != nil {
		ft.Experts = make([]int64, p.nLayer)
	}
	for i := range p.nLayer {
		ft.Layers[i] = w.cumLayer[i+1] - w.cumLayer[i]
		if ft.Experts != nil {
			ft.Experts[i] = w.cumExpert[i+1] - w.cumExpert[i]
		}
	}
	norm := p.e * 4
	ft.OutputNorm = norm
	if !p.tied {
		ft.Output = w.output - norm
	}
	return ft
}

func TestEstimateFileReproducesDerivedWeights(t *testing.T) {
	cat := catalogtest.Builtin(t)
	hw := Hardware{RAMBytes: 32 << 30, RAMBandwidthGBps: 60, CPUCores: 8,
		GPUs: []Device{{Name: "g", Backend: "cuda", MemoryBytes: 12 << 30, TotalBytes: 12 << 30, BandwidthGBps: 500, FP16TFLOPs: 60}}}
	for _, id := range []string{"meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen3-30B-A3B", "google/gemma-3-27b-it", "openai/gpt-oss-20b"} {
		m := cat.ByID(id)
		if m == nil {
			t.Errorf("%s not in the catalog", id)
			continue
		}
		for _, cpuMoE := range []bool{false, true} {
			s := DefaultSettings()
			s.CPUMoE = cpuMoE
			want, err := Estimate(m, "Q4_K_M", hw, s)
			if err != nil {
				t.Fatal(err)
			}
			got, err := EstimateFile(m, fileOf(t, m, "Q4_K_M"), hw, s)
			if err != nil {
				t.Fatal(err)
			}
			if got.FileBytes != want.FileBytes || got.TotalBytes != want.TotalBytes || got.GPULayers != want.GPULayers ||
				got.Verdict != want.Verdict || got.DecodeTPS != want.DecodeTPS || got.PrefillTPS != want.PrefillTPS || got.MaxContext != want.MaxContext || got.RAMBytes != want.RAMBytes {
				t.Errorf("%s cpu-moe %v:\nfile    %+v\nderived %+v", id, cpuMoE, got, want)
			}
		}
	}
}

func TestEstimateFileRejectsBadInput(t *testing.T) {
	cat, _ := catalog.Builtin()
	m := cat.ByID("meta-llama/Llama-3.1-8B-Instruct")
	hw := Hardware{RAMBytes: 32 << 30}
	s := DefaultSettings()
	ft := fileOf(t, m, "Q8_0")
	ft.Layers = ft.Layers[:3]
	if _, err := EstimateFile(m, ft, hw, s); err == nil {
		t.Error("a layer count that differs from the architecture was accepted")
	}
	s.Engine = EngineVLLM
	if _, err := EstimateFile(m, fileOf(t, m, "Q8_0"), hw, s); err == nil {
		t.Error("a GGUF on vLLM was accepted")
	}
	if _, err := EstimateFile(m, nil, hw, DefaultSettings()); err == nil {
		t.Error("nil tensors accepted")
	}
	for _, extra := range []float64{-0.1, 1.5, math.NaN()} {
		ft := fileOf(t, m, "Q8_0")
		ft.MMQExtra = extra
		if _, err := EstimateFile(m, ft, hw, DefaultSettings()); err == nil {
			t.Errorf("extra CUDA prefill cost %v accepted", extra)
		}
	}
}
