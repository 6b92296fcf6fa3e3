package estimate

import "testing"

// TestNGLOutputFirst: on current llama.cpp builds (PR #18148) -ngl N puts
// the output layer on the GPU and then the last N−1 repeating layers; an
// older build (NGLOutputLast) offloads N repeating layers and keeps the
// output layer on the CPU. The device bytes differ by exactly the output
// layer less one repeating layer and its cache.
func TestNGLOutputFirst(t *testing.T) {
	m := sizeModels["llama3-8b"]
	hw := Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 80, CPUCores: 8, GPUs: []Device{{
		Name: "NVIDIA GeForce RTX 3060", Backend: "cuda", MemoryBytes: 12 << 30, TotalBytes: 12 << 30,
		BandwidthGBps: 360, FP16TFLOPs: 25}}}
	qi, _ := lookupQuantIndex("Q4_K_M")
	const n = 20
	var cur, old placement
	cur.init(1)
	old.init(1)

	s := DefaultSettings()
	s.AllLogits = true // as the old build reserves them, so that only the placement differs
	rc := newTestRun(t, m, hw, s)
	w := rc.entry.weightsFor(qi, false, true, true)
	rc.place(w, n, 0, &cur)
	L := rc.p.nLayer
	if cur.outDev != 0 || cur.start != L-(n-1) || cur.hi[0]-cur.lo[0] != n-1 {
		t.Fatalf("current build, -ngl %d: output on %d, layers [%d,%d), want output on the GPU and %d layers", n, cur.outDev, cur.lo[0], cur.hi[0], n-1)
	}

	s.NGLOutputLast = true
	ro := newTestRun(t, m, hw, s)
	ro.place(w, n, 0, &old)
	if old.outDev != -1 || old.start != L-n || old.hi[0]-old.lo[0] != n {
		t.Fatalf("old build, -ngl %d: output on %d, layers [%d,%d), want output on the CPU and %d layers", n, old.outDev, old.lo[0], old.hi[0], n)
	}
	layer := w.cumLayer[L-n+1] - w.cumLayer[L-n] + ro.kvRange(L-n, L-n+1)
	if got, want := cur.dev[0]-old.dev[0], w.output-layer; got != want {
		t.Errorf("device bytes differ by %d, want output %d − one layer %d = %d", got, w.output, layer, want)
	}
	// Every layer offloaded: the same on both builds.
	rc.place(w, L+1, 0, &cur)
	ro.place(w, L+1, 0, &old)
	if cur.dev[0] != old.dev[0] || cur.outDev != 0 || old.outDev != 0 {
		t.Errorf("-ngl %d: %d vs %d bytes", L+1, cur.dev[0], old.dev[0])
	}
}
