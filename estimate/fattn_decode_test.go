package estimate

import (
	"math"
	"testing"
)

func TestCUDAArchOf(t *testing.T) {
	for name, want := range map[string]cudaArch{
		"NVIDIA GeForce RTX 2070 SUPER":  archTuring,
		"Quadro RTX 5000":                archTuring,
		"Tesla T4":                       archTuring,
		"NVIDIA GeForce GTX 1660 Ti":     archTuring,
		"NVIDIA GeForce RTX 3090":        archAmpere,
		"NVIDIA RTX A6000":               archAmpere,
		"NVIDIA A100-SXM4-80GB":          archAmpere,
		"NVIDIA GeForce RTX 4080":        archAda,
		"NVIDIA RTX 6000 Ada Generation": archAda,
		"NVIDIA L4":                      archAda,
		"NVIDIA H100 80GB HBM3":          archAda,
		"NVIDIA GeForce RTX 5090":        archAda,
		"NVIDIA GB10":                    archAda,
		"Tesla V100-SXM2-32GB":           archVolta,
		"NVIDIA GeForce GTX 1070":        archPascal,
		"Tesla P40":                      archPascal,
		"Some Future GPU":                archUnknown,
	} {
		if got := cudaArchOf(name); got != want {
			t.Errorf("cudaArchOf(%q) = %d, want %d", name, got, want)
		}
	}
}

// TestVecKernelGQA follows ggml_cuda_get_best_fattn_kernel at batch 1.
func TestVecKernelGQA(t *testing.T) {
	dev := func(backend, name string) *devSpeed {
		return &devSpeed{backend: backend, name: name, arch: cudaArchOf(name)}
	}
	for _, c := range []struct {
		d           *devSpeed
		quant, fa   bool
		gqa         int
		nKV         int64
		want        int
		description string
	}{
		{dev("cuda", "RTX 2070 SUPER"), true, true, 8, 22000, 8, "q8_0 on Turing: vec"},
		{dev("cuda", "RTX 3090"), true, true, 8, 1000, 8, "q8_0 on Ampere: vec at any depth"},
		{dev("cuda", "RTX 3090"), false, true, 8, 22000, 0, "f16 on Ampere: tensor-core kernel"},
		{dev("cuda", "RTX 4090"), false, true, 8, 22000, 0, "f16 on Ada, GQA 8 at 22k: tensor-core kernel"},
		{dev("cuda", "RTX 4090"), false, true, 8, 4096, 8, "f16 on Ada, GQA 8 under 8192 cells: vec"},
		{dev("cuda", "RTX 4090"), false, true, 4, 22000, 4, "f16 on Ada, GQA 4: vec"},
		{dev("cuda", "Tesla V100"), true, true, 8, 22000, 0, "Volta, GQA 8: tile kernel"},
		{dev("cuda", "Tesla V100"), true, true, 2, 22000, 2, "Volta, GQA 2: vec"},
		{dev("cuda", "RTX 3090"), true, false, 8, 22000, 0, "no flash attention"},
		{dev("cuda", "RTX 3090"), true, true, 1, 22000, 0, "no GQA: nothing to re-read"},
		{dev("metal", "Apple M2 Max"), true, true, 8, 22000, 0, "Metal: no CUDA kernel choice"},
	} {
		if got := vecKernelGQA(c.d, c.quant, c.fa, c.gqa, c.nKV); got != c.want {
			t.Errorf("%s: %d, want %d", c.description, got, c.want)
		}
	}
}

// TestVecRepeatMiss: repeats hit L2 while a layer's cache fits in it, and
// the measured RTX 3090 q8_0 sweep (8.0x one read's time from 8K to 32K,
// depth_decode-36..40) comes out of the model.
func TestVecRepeatMiss(t *testing.T) {
	const mb = 1 << 20
	if m := vecRepeatMiss(6*mb, 5*mb); m != 0 {
		t.Errorf("cache within L2: miss %.2f, want 0", m)
	}
	if m := vecRepeatMiss(0, 50*mb); m != 0 {
		t.Errorf("unknown L2: miss %.2f, want 0 (not guessed)", m)
	}
	// Qwen3.6-35B-A3B: 2 KV heads x 256 x (K + V) x 34/32 bytes = 1088
	// bytes a cell and layer; GQA 8.
	l2 := float64(gpuL2Bytes("NVIDIA GeForce RTX 3090"))
	reads := func(d float64) float64 { return d * 1088 * (1 + 7*vecRepeatMiss(l2, d*1088)) }
	slope := (reads(32844) - reads(8252)) / ((32844 - 8252) * 1088)
	if slope < 7.5 || slope > 8.5 {
		t.Errorf("RTX 3090 q8_0 8K→32K: %.2f reads a token, measured 8.0", slope)
	}
}

// TestQuantKVDepthCost: at depth, a q8_0 cache on an Ampere card costs the
// vec kernel's repeated reads (GQA 5 for Qwen2.5-14B) beyond its L2, exactly, while the
// f16 cache there is read once; on Apple silicon the smaller q8_0 cache is
// simply read faster.
func TestQuantKVDepthCost(t *testing.T) {
	m := sizeModels["qwen25-14b"]
	hw := Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 80, CPUCores: 16, GPUs: []Device{{
		Name: "NVIDIA GeForce RTX 3090", Backend: "cuda", MemoryBytes: 24 << 30, TotalBytes: 24 << 30,
		BandwidthGBps: 936, FP16TFLOPs: 71}}}
	s := DefaultSettings()
	s.Context, s.PromptTokens = 32768, 16384
	f16, q8s := s, s
	q8s.KVType = "q8_0"
	a, b := mustEstimate(t, m, "Q4_K_M", hw, f16), mustEstimate(t, m, "Q4_K_M", hw, q8s)
	// 48 layers × 16384 cells × 8 KV heads × 128 × (K + V): f16 2 bytes an
	// element, q8_0 34 bytes per 32; GQA 5: 4 repeats, missing L2 in
	// proportion to what of a layer's cache exceeds it.
	layer := 16384.0 * 8 * 128 * 2
	q8 := layer * 34 / 32
	miss := 1 - float64(gpuL2Bytes("NVIDIA GeForce RTX 3090"))/q8
	rate := params[clsCUDAConsumer].eta * 936e9
	want := 48 * (q8*(1+4*miss) - layer*2) / rate
	if got := 1/b.DecodeTPS - 1/a.DecodeTPS; math.Abs(got-want) > 1e-7 {
		t.Errorf("q8_0 vs f16 at 16k on an RTX 3090: %+.3f ms a token, want %+.3f", 1e3*got, 1e3*want)
	}
	shallow := q8s
	shallow.PromptTokens = 0
	if c := mustEstimate(t, m, "Q4_K_M", hw, shallow); c.DecodeTPS <= b.DecodeTPS {
		t.Errorf("depth 0 must decode faster than 16k: %.1f vs %.1f tok/s", c.DecodeTPS, b.DecodeTPS)
	}
	mac := Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 400, CPUCores: 12, GPUs: []Device{{
		Name: "Apple M2 Max", Backend: "metal", MemoryBytes: 48 << 30, TotalBytes: 64 << 30,
		BandwidthGBps: 400, FP16TFLOPs: 27, Unified: true}}}
	if x, y := mustEstimate(t, m, "Q4_K_M", mac, f16), mustEstimate(t, m, "Q4_K_M", mac, q8s); y.DecodeTPS <= x.DecodeTPS {
		t.Errorf("Metal at 16k: q8_0 %.1f tok/s should beat f16 %.1f (half the bytes, no vec re-reads)", y.DecodeTPS, x.DecodeTPS)
	}
}
