package estimate

import (
	"strconv"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
)

// rtx4090Host is one RTX 4090 on a 16-core host with 128 GiB of RAM at
// 83 GB/s: gpt-oss-120b needs its experts partly in RAM there.
func rtx4090Host() Hardware {
	return Hardware{RAMBytes: 128 << 30, RAMBandwidthGBps: 83, CPUCores: 16, GPUs: []Device{{
		Name: "NVIDIA GeForce RTX 4090", Backend: "cuda", MemoryBytes: 24 << 30, TotalBytes: 24 << 30,
		BandwidthGBps: 1008, FP16TFLOPs: 165}}}
}

// TestNCPUMoEPlacement: a MoE model too big for the card keeps every
// layer's attention on the GPU and the experts of as few layers as needed
// in RAM (--n-cpu-moe N), as llama.cpp's --fit does, when that decodes
// faster than offloading whole layers.
func TestNCPUMoEPlacement(t *testing.T) {
	m := sizeModels["gpt-oss-120b"]
	hw := rtx4090Host()
	s := DefaultSettings()
	r := mustEstimate(t, m, "MXFP4", hw, s)
	t.Logf("verdict %s ngl %d n-cpu-moe %d gpu %.1f GiB ram %.1f GiB decode %.1f tok/s: %s",
		r.Verdict, r.NGL, r.CPUMoELayers, float64(r.GPUBytes)/(1<<30), float64(r.RAMBytes)/(1<<30), r.DecodeTPS, r.Basis)
	if r.Verdict != VerdictPartial || r.NGL != r.TotalLayers || r.CPUMoELayers <= 0 || r.CPUMoELayers >= 36 {
		t.Fatalf("want all layers offloaded with the experts of some layers in RAM, got ngl %d, n-cpu-moe %d, %s", r.NGL, r.CPUMoELayers, r.Verdict)
	}
	if r.GPUBytes > hw.GPUs[0].MemoryBytes {
		t.Errorf("GPU bytes %d over the card", r.GPUBytes)
	}
	cmd := strings.Join(EngineArgs(r, s), " ")
	if !strings.Contains(cmd, "--n-cpu-moe "+strconv.Itoa(r.CPUMoELayers)) || !strings.Contains(cmd, "-ngl 37") {
		t.Errorf("command %q should carry -ngl 37 --n-cpu-moe %d", cmd, r.CPUMoELayers)
	}
	// One layer fewer in RAM must not fit the card.
	run := newTestRun(t, m, hw, s)
	qi, _ := lookupQuantIndex("MXFP4")
	w := run.entry.weightsFor(qi, false, true, true)
	var pl placement
	pl.init(1)
	run.place(w, 37, r.CPUMoELayers-1, &pl)
	if pl.devFits {
		t.Errorf("n-cpu-moe %d is not the smallest that fits", r.CPUMoELayers)
	}
	// Whole-layer offload is slower here (attention and KV on the GPU, only
	// experts in RAM, beats streaming whole layers from RAM).
	run.maxLayers(w, 0, &pl)
	if tw := run.decodeTime(w, &pl); 1/tw >= r.DecodeTPS {
		t.Errorf("whole-layer offload (%d layers, %.1f tok/s) should be slower than --n-cpu-moe (%.1f)", pl.n, 1/tw, r.DecodeTPS)
	}

	// --cpu-moe forces every layer's experts into RAM.
	s.CPUMoE = true
	f := mustEstimate(t, m, "MXFP4", hw, s)
	if f.CPUMoELayers != 36 || !strings.Contains(strings.Join(EngineArgs(f, s), " "), "--cpu-moe") || f.DecodeTPS >= r.DecodeTPS {
		t.Errorf("--cpu-moe: n-cpu-moe %d, %.1f tok/s (auto %.1f)", f.CPUMoELayers, f.DecodeTPS, r.DecodeTPS)
	}
}

// newTestRun builds a run for direct placement checks.
func newTestRun(t *testing.T, m *catalog.Model, hw Hardware, s Settings) *run {
	t.Helper()
	s, err := normalize(s)
	if err != nil {
		t.Fatal(err)
	}
	e, err := new(Estimator).cachedPlan(m)
	if err != nil {
		t.Fatal(err)
	}
	sc := new(scratch)
	return sc.reset(e, &hw, s)
}
