package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestCUDADeltaNetFlopsBound recomputes the lower bound of
// cudaDeltaNetPrefillFlops from llama.cpp PR #22587's kernel
// microbenchmark (https://github.com/ggml-org/llama.cpp/pull/22587, RTX
// 5090, master column, S_v 128 with 32 value heads): the fused op alone
// takes that many FLOPs per state element and token at fitcheck's prefill
// rate for the card. The constant covers the layer's other kernels too, so
// it must not be below the op's share, nor far above it.
func TestCUDADeltaNetFlopsBound(t *testing.T) {
	// RTX 5090 as hwprobe/accelerators.csv lists it.
	d := Device{Name: "NVIDIA GeForce RTX 5090", Backend: "cuda", BandwidthGBps: 1792, FP16TFLOPs: 210}
	ds := newDevSpeed(&d)
	r := &run{s: Settings{FlashAttention: true}}
	rate := params[ds.cls].util * r.prefillFactor(&ds, true) * ds.flops
	const state = 128 * 128 * 32 // key dim × value dim × value heads
	for _, m := range []struct{ tokens, us float64 }{{256, 155.6}, {512, 279.6}, {1024, 525.1}} {
		f := m.us * 1e-6 * rate / (state * m.tokens)
		t.Logf("%4.0f tokens: %.0f µs a layer = %.0f FLOPs per state element and token", m.tokens, m.us, f)
		if m.tokens != 512 { // llama.cpp's default ubatch
			continue
		}
		if cudaDeltaNetPrefillFlops < f || cudaDeltaNetPrefillFlops > 1.5*f {
			t.Errorf("cudaDeltaNetPrefillFlops %.0f, want between the op's own %.0f and 1.5× that", cudaDeltaNetPrefillFlops, f)
		}
	}
	if deltaNetFlops("cuda") != cudaDeltaNetPrefillFlops || deltaNetFlops("vulkan") != deltaNetPrefillFlops || deltaNetFlops("rocm") != deltaNetPrefillFlops {
		t.Error("deltaNetFlops: CUDA takes the CUDA constant, every other backend the chunked-graph one")
	}
}

// TestUnfusedGDNPrefill: a build before b8299 adds unfusedGDNPrefill per
// recurrent layer, value head and prompt token under CUDA, nothing under
// Metal, and nothing to a model without delta-net layers.
func TestUnfusedGDNPrefill(t *testing.T) {
	cat := catalogtest.Builtin(t)
	rtx := Hardware{GPUs: []Device{{Name: "NVIDIA GeForce RTX 4090", Backend: "cuda", MemoryBytes: 23 << 30, TotalBytes: 24 << 30, BandwidthGBps: 1008, FP16TFLOPs: 165.2}}, RAMBytes: 64 << 30, CPUCores: 16}
	mac := Hardware{GPUs: []Device{{Name: "Apple M4 Max", Backend: "metal", MemoryBytes: 48 << 30, TotalBytes: 64 << 30, BandwidthGBps: 546, FP16TFLOPs: 34, Unified: true}}, RAMBytes: 64 << 30, CPUCores: 16}
	extra := func(id string, hw Hardware) float64 {
		t.Helper()
		s := DefaultSettings()
		s.Context, s.PromptTokens = 4096, 1024
		fused := mustEstimate(t, cat.ByID(id), "Q4_K_M", hw, s)
		s.UnfusedGDNPrefill = true
		unfused := mustEstimate(t, cat.ByID(id), "Q4_K_M", hw, s)
		return 1024/unfused.PrefillTPS - 1024/fused.PrefillTPS
	}
	p := mustPlan(t, cat.ByID("Qwen/Qwen3.5-9B"))
	want := float64(p.counts[attnRecurrent]) * float64(p.deltaHeads) * 1024 * unfusedGDNPrefill
	if got := extra("Qwen/Qwen3.5-9B", rtx); want <= 0 || math.Abs(got/want-1) > 0.01 {
		t.Errorf("Qwen3.5-9B on an RTX 4090: unfused prefill of 1024 tokens %.4f s slower, want %.4f", got, want)
	}
	if got := extra("Qwen/Qwen3.5-9B", mac); got != 0 {
		t.Errorf("under Metal: %.4f s slower, want 0", got)
	}
	if got := extra("meta-llama/Llama-3.1-8B-Instruct", rtx); got != 0 {
		t.Errorf("a model without delta-net layers: %.4f s slower, want 0", got)
	}
}
