package estimate

import (
	"math"
	"testing"
)

// TestGPUFP32Table checks every sourced row of testdata/gpu_fp32.csv against
// the table the estimator uses, and that the table has nothing the file
// does not source.
func TestGPUFP32Table(t *testing.T) {
	rows := readCSV(t, "testdata/gpu_fp32.csv")
	for _, r := range rows {
		want := atof(r["fp32_tflops"])
		if want <= 0 {
			continue
		}
		if r["source"] == "" {
			t.Errorf("%s: no source", r["name"])
		}
		if got := gpuFP32TFLOPS(r["name"]); math.Abs(got-want) > 0.005*want {
			t.Errorf("%s: table %.2f TFLOPS, the source %.2f", r["name"], got, want)
		}
	}
	// Every entry stands for a sourced row it matches.
	for _, e := range gpuFP32Table {
		found := false
		for _, r := range rows {
			if gpuL2Match(gpuL2Tokens(r["name"]), gpuL2Entry{seq: e.seq, not: e.not, notAny: e.notAny}) && atof(r["fp32_tflops"]) == e.tflops {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("entry %v (%.2f TFLOPS) matches no sourced row", e.seq, e.tflops)
		}
	}
	// nvidia-smi's names of the same parts.
	for name, want := range map[string]float64{"NVIDIA H100 80GB HBM3": 67, "NVIDIA H100 PCIe": 51, "Tesla V100-SXM2-16GB": 15.7,
		"NVIDIA A100-SXM4-80GB": 19.5, "NVIDIA GeForce RTX 3060": 12.74, "NVIDIA GeForce RTX 4070 Laptop GPU": 20.04} {
		if got := gpuFP32TFLOPS(name); got != want {
			t.Errorf("%s: %.2f TFLOPS, want %.2f", name, got, want)
		}
	}
	if gpuFP32TFLOPS("NVIDIA H100 80GB HBM3 MIG 1g.10gb") != 0 || gpuFP32TFLOPS("AMD Radeon RX 7900 XTX") != 0 {
		t.Error("a MIG slice or a non-NVIDIA card got an FP32 rate")
	}
}

// TestGDNRateFactor: a GeForce card keeps the fitted delta-net cost (its
// tensor peak with FP32 accumulate is twice its FP32 peak); an H100 pays
// more, as its tensor rate outruns its CUDA cores; other backends and
// cards of unknown FP32 keep 1.
func TestGDNRateFactor(t *testing.T) {
	mk := func(name string, fp16 float64) *devSpeed {
		ds := newDevSpeed(&Device{Name: name, Backend: "cuda", FP16TFLOPs: fp16, BandwidthGBps: 1000})
		return &ds
	}
	if f := gdnRateFactor(mk("NVIDIA GeForce RTX 4090", 165.2)); math.Abs(f-1) > 0.02 {
		t.Errorf("RTX 4090: factor %.3f, want 1", f)
	}
	if f := gdnRateFactor(mk("NVIDIA H100 SXM5 80GB", 989)); f < 1.3 {
		t.Errorf("H100: factor %.3f, want well above 1", f)
	}
	if f := gdnRateFactor(mk("Some Unknown GPU", 100)); f != 1 {
		t.Errorf("unknown card: factor %.3f, want 1", f)
	}
	if f := gdnRateFactor(nil); f != 1 {
		t.Errorf("CPU: factor %.3f", f)
	}
}
