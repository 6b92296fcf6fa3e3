package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestHostSortedMoE: a build before PR #15525 adds hostSortedMoELayer per
// MoE layer and prompt token under CUDA, whatever the card's speed;
// nothing under Metal or Vulkan, nothing to a dense model, nothing to a
// current build, and LegacyBuild implies it.
func TestHostSortedMoE(t *testing.T) {
	cat := catalogtest.Builtin(t)
	card := func(name, backend string, bw, tflops float64) Hardware {
		return Hardware{GPUs: []Device{{Name: name, Backend: backend, MemoryBytes: 31 << 30, TotalBytes: 32 << 30, BandwidthGBps: bw, FP16TFLOPs: tflops}}, RAMBytes: 64 << 30, CPUCores: 16}
	}
	rtx5090 := card("NVIDIA GeForce RTX 5090", "cuda", 1792, 419)
	rtx3090 := card("NVIDIA GeForce RTX 3090", "cuda", 936, 71)
	vulkan := card("NVIDIA GeForce RTX 5090", "vulkan", 1792, 419)
	const prompt = 2048
	extra := func(id, quant string, hw Hardware, flag func(*Settings)) float64 {
		t.Helper()
		s := DefaultSettings()
		s.Context, s.PromptTokens, s.UBatch = 4096, prompt, 2048
		now := mustEstimate(t, cat.ByID(id), quant, hw, s)
		flag(&s)
		then := mustEstimate(t, cat.ByID(id), quant, hw, s)
		return prompt/then.PrefillTPS - prompt/now.PrefillTPS
	}
	sorted := func(s *Settings) { s.HostSortedMoE = true }
	p := mustPlan(t, cat.ByID("openai/gpt-oss-20b"))
	want := float64(p.moeLayers) * prompt * hostSortedMoELayer
	for _, hw := range []Hardware{rtx5090, rtx3090} {
		if got := extra("openai/gpt-oss-20b", "MXFP4", hw, sorted); want <= 0 || math.Abs(got/want-1) > 0.01 {
			t.Errorf("gpt-oss-20b on an %s: %.4f s slower, want %.4f", hw.GPUs[0].Name, got, want)
		}
	}
	if got := extra("openai/gpt-oss-20b", "MXFP4", rtx5090, func(s *Settings) { s.LegacyBuild = true }); got < want {
		t.Errorf("LegacyBuild: %.4f s slower, want at least the sort's %.4f", got, want)
	}
	if got := extra("openai/gpt-oss-20b", "MXFP4", vulkan, sorted); got != 0 {
		t.Errorf("under Vulkan: %.4f s slower, want 0", got)
	}
	if got := extra("meta-llama/Llama-3.1-8B-Instruct", "Q4_K_M", rtx5090, sorted); got != 0 {
		t.Errorf("a dense model: %.4f s slower, want 0", got)
	}
}
