package estimate

import "testing"

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
