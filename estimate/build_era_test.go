package estimate

import "testing"

func TestAppleFamily78(t *testing.T) {
	for name, want := range map[string]bool{
		"Apple M1": true, "Apple M1 Max": true, "Apple M1 (7-core GPU)": true, "Apple M2 Pro (19-core GPU)": true, "Apple M2 Max (30-core GPU)": true,
		"Apple M3 Max": false, "Apple M4 Pro (20-core GPU)": false, "Apple M5": false, "Apple M10": false, "NVIDIA GeForce RTX 4090": false, "Apple M": false,
	} {
		if got := appleFamily78(name); got != want {
			t.Errorf("appleFamily78(%q) = %v, want %v", name, got, want)
		}
	}
	// The factor reaches the estimate: an M2 Max decodes a small model
	// slower than an M3 Max of the same bandwidth.
	m := sizeModels["llama3-8b"]
	tps := func(chip string) float64 {
		t.Helper()
		hw := Hardware{RAMBytes: 64 << 30, CPUCores: 12, GPUs: []Device{{Name: chip, Backend: "metal", Unified: true,
			MemoryBytes: 48 << 30, TotalBytes: 64 << 30, BandwidthGBps: 400, FP16TFLOPs: 13.6}}}
		r, err := Estimate(m, "Q4_K_M", hw, DefaultSettings())
		if err != nil {
			t.Fatal(err)
		}
		return r.DecodeTPS
	}
	if m2, m3 := tps("Apple M2 Max (30-core GPU)"), tps("Apple M3 Max (40-core GPU)"); !(m2 < 0.85*m3) {
		t.Errorf("M2 Max %.1f t/s, M3 Max %.1f: want the M1/M2 per-token cost", m2, m3)
	}
}
