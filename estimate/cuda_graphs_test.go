package estimate

import (
	"math"
	"testing"
)

// TestGraphConstantsFromSources recomputes the two constants of
// cuda_graphs.go from the tables they cite.
func TestGraphConstantsFromSources(t *testing.T) {
	// PR #18934: tg128 before and after, hand-overs per token.
	rows := []struct {
		splits        float64
		before, after float64
	}{
		{7, 60.84, 63.12}, {15, 48.25, 50.75}, {31, 32.84, 35.03}, {45, 25.08, 27.49}, // GLM-4.5-Air, layer 0 dense
		{8, 95.96, 100.93}, // gpt-oss-120b
	}
	var sxy, sxx float64
	for _, r := range rows {
		saved := 1/r.before - 1/r.after
		sxy += r.splits * saved
		sxx += r.splits * r.splits
	}
	if perSplit := sxy / sxx; math.Abs(perSplit-graphSplitCost) > 0.005e-3 {
		t.Errorf("PR #18934 gives %.4f ms per hand-over through the origin, graphSplitCost is %.4f", 1e3*perSplit, 1e3*graphSplitCost)
	}
	// PR #6766: LLaMA-2-7B Q4_0 on an RTX 3090, 32 layers.
	if perLayer := (1/116.31 - 1/128.27) / 32; math.Abs(perLayer-graphLayerSaving) > 0.001e-3 {
		t.Errorf("PR #6766 gives %.4f ms per layer, graphLayerSaving is %.4f", 1e3*perLayer, 1e3*graphLayerSaving)
	}
}

// TestCUDAGraphEras: a Turing card on a current build decodes faster than
// on a build before b10042 by graphLayerSaving per layer; an Ampere card
// does not notice that build; a split run on a build before b7821 pays
// graphSplitCost per hand-over on either; the calibration builds
// (LegacyBuild) and other backends are untouched.
func TestCUDAGraphEras(t *testing.T) {
	small := sizeModels["llama3-8b"]
	turing := Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 51.2, CPUCores: 8, GPUs: []Device{{
		Name: "NVIDIA GeForce RTX 2080 Ti", Backend: "cuda", MemoryBytes: 11 << 30, TotalBytes: 11 << 30,
		BandwidthGBps: 616, FP16TFLOPs: 107}}}
	cur := DefaultSettings()
	old := cur
	old.NoVoltaTuringGraphs = true
	a, b := mustEstimate(t, small, "Q4_K_M", turing, cur), mustEstimate(t, small, "Q4_K_M", turing, old)
	if a.Verdict != VerdictGPU {
		t.Fatalf("llama3-8b Q4_K_M on an 11 GB card: %s", a.Verdict)
	}
	layers := float64(a.TotalLayers - 1) // the repeating layers; the output layer is not one
	if got := 1/b.DecodeTPS - 1/a.DecodeTPS; math.Abs(got-graphLayerSaving*layers) > 1e-9 {
		t.Errorf("Turing, graphs vs none: %.3f ms a token, want %.3f", 1e3*got, 1e3*graphLayerSaving*layers)
	}
	legacy := cur
	legacy.LegacyBuild = true
	legacyOld := legacy
	legacyOld.NoVoltaTuringGraphs = true
	if c, d := mustEstimate(t, small, "Q4_K_M", turing, legacy), mustEstimate(t, small, "Q4_K_M", turing, legacyOld); c.DecodeTPS != d.DecodeTPS {
		t.Errorf("LegacyBuild already runs Turing without graphs: %.2f vs %.2f tok/s", c.DecodeTPS, d.DecodeTPS)
	}

	ampere := rtx4090Host()
	if c, d := mustEstimate(t, small, "Q4_K_M", ampere, cur), mustEstimate(t, small, "Q4_K_M", ampere, old); c.DecodeTPS != d.DecodeTPS {
		t.Errorf("an RTX 4090 ran under graphs before b10042 too: %.2f vs %.2f tok/s", c.DecodeTPS, d.DecodeTPS)
	}

	moe := sizeModels["gpt-oss-120b"]
	split := cur
	split.NCPUMoE = 30
	splitOld := split
	splitOld.NoSplitGraphs = true
	e, f := mustEstimate(t, moe, "MXFP4", ampere, split), mustEstimate(t, moe, "MXFP4", ampere, splitOld)
	if got := 1/f.DecodeTPS - 1/e.DecodeTPS; math.Abs(got-30*graphSplitCost) > 1e-9 {
		t.Errorf("30 hand-overs without graphs: %.3f ms a token more, want %.3f", 1e3*got, 1e3*30*graphSplitCost)
	}

	vulkan := rtx4090Host()
	vulkan.GPUs[0].Backend = "vulkan"
	if g, h := mustEstimate(t, moe, "MXFP4", vulkan, split), mustEstimate(t, moe, "MXFP4", vulkan, splitOld); g.DecodeTPS != h.DecodeTPS {
		t.Errorf("Vulkan has no CUDA graphs to lose: %.2f vs %.2f tok/s", g.DecodeTPS, h.DecodeTPS)
	}
}
