package estimate

import "testing"

// TestUnifiedMemoryKeepsOSReserve: on an M3 Max with 64 GB the GPU may
// wire ~50 GiB (Metal's working set, hwprobe/apple.go); gpt-oss-120b
// (59 GiB of weights) must not be shown as a partial offload that leaves
// macOS nothing: moving layers to the CPU frees nothing on one pool.
func TestUnifiedMemoryKeepsOSReserve(t *testing.T) {
	const gib = 1 << 30
	ws := int64(51097) << 20 // 49.9 GiB
	hw := Hardware{RAMBytes: 64 * gib, RAMBandwidthGBps: 400, CPUCores: 12, GPUs: []Device{{
		Name: "Apple M3 Max (40-core GPU)", Backend: "metal", MemoryBytes: ws, TotalBytes: ws,
		BandwidthGBps: 400, Unified: true}}}
	s := DefaultSettings()
	r := mustEstimate(t, sizeModels["gpt-oss-120b"], "MXFP4", hw, s)
	if r.Verdict != VerdictNo {
		t.Errorf("gpt-oss-120b on a 64 GB Mac: %s with %.1f GiB (GPU %.1f, RAM %.1f), want no fit",
			r.Verdict, float64(r.TotalBytes)/gib, float64(r.GPUBytes)/gib, float64(r.RAMBytes)/gib)
	}
	// gpt-oss-20b (11 GiB) fits entirely.
	if r := mustEstimate(t, gptOSS20B, "MXFP4", hw, s); r.Verdict != VerdictGPU {
		t.Errorf("gpt-oss-20b on a 64 GB Mac: %s", r.Verdict)
	}
	// With 128 GiB the 120b fits the GPU's share.
	ws = int64(110100) << 20 // 107.52 GiB
	hw.RAMBytes, hw.GPUs[0].MemoryBytes, hw.GPUs[0].TotalBytes = 128*gib, ws, ws
	if r := mustEstimate(t, sizeModels["gpt-oss-120b"], "MXFP4", hw, s); r.Verdict != VerdictGPU {
		t.Errorf("gpt-oss-120b on a 128 GiB Mac: %s", r.Verdict)
	}
}

// TestFitMarginKeptFree: placement leaves llama.cpp's --fit margin
// (1 GiB) free on every device.
func TestFitMarginKeptFree(t *testing.T) {
	const gib = 1 << 30
	hw := Hardware{RAMBytes: 128 * gib, RAMBandwidthGBps: 83, CPUCores: 16, GPUs: []Device{{
		Name: "NVIDIA GeForce RTX 4090", Backend: "cuda", MemoryBytes: 24 * gib, TotalBytes: 24 * gib,
		BandwidthGBps: 1008, FP16TFLOPs: 165}}}
	for _, m := range []string{"gpt-oss-120b", "llama31-70b", "qwen3-30b-a3b"} {
		for _, q := range []string{"Q4_K_M", "Q8_0"} {
			r := mustEstimate(t, sizeModels[m], q, hw, DefaultSettings())
			if r.Verdict != VerdictNo && r.DeviceBytes[0] > hw.GPUs[0].MemoryBytes-fitMargin {
				t.Errorf("%s %s: %.2f GiB on the card leaves less than the 1 GiB --fit margin", m, q, float64(r.DeviceBytes[0])/gib)
			}
		}
	}
}
