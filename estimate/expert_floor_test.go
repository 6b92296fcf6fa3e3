package estimate

import (
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestGCNExpertFloor: on a GCN card a fine-grained MoE (Qwen3.6-35B-A3B,
// experts of 0.6 MB at Q4_K) decodes slower than its bytes say, by the
// floor of its 8 × 3 expert mat-vecs in each of 40 layers; gpt-oss-20b's
// large experts stream above the floor and lose nothing; an RDNA card
// has no floor. (The gcn_decode rows of hard_cases.csv check the
// estimate carries it.)
func TestGCNExpertFloor(t *testing.T) {
	cat := catalogtest.Builtin(t)
	card := func(name, backend string) Hardware {
		return Hardware{GPUs: []Device{{Name: name, Backend: backend, MemoryBytes: 32 << 30, TotalBytes: 32 << 30, BandwidthGBps: 1024, FP16TFLOPs: 26}},
			RAMBytes: 64 << 30, RAMBandwidthGBps: 50, CPUCores: 8}
	}
	gcn, rdna := card("AMD Instinct MI50", "rocm"), card("AMD Radeon RX 7900 XTX", "rocm")
	for _, c := range []struct {
		id, quant string
		hw        Hardware
		lo, hi    float64 // ms a token the floor adds
	}{
		{"Qwen/Qwen3.6-35B-A3B", "Q4_K_M", gcn, 40 * 8 * 3 * 7e-3, 40 * 8 * 3 * 8.5e-3},
		{"openai/gpt-oss-20b", "MXFP4", gcn, 0, 0},
		{"Qwen/Qwen3.6-35B-A3B", "Q4_K_M", rdna, 0, 0},
		{"Qwen/Qwen3.6-35B-A3B", "Q4_K_M", card("AMD Radeon VII", "vulkan"), 40 * 8 * 3 * 5e-3, 40 * 8 * 3 * 9e-3},
	} {
		p, _ := newPlan(hardModel(t, cat, c.id))
		ds := newDevSpeed(&c.hw.GPUs[0])
		qi, _ := lookupQuantIndex(c.quant)
		var w weights
		p.computeWeights(&quantTable[qi], EngineLlamaCpp, true, true, &w, nil)
		r := run{p: p}
		rate := params[ds.cls].eta * ds.vendor.etaFactor(c.quant) * ds.bw * 1e9
		got := 1e3 * r.expertFloorTime(&w, 0, p.nLayer, &ds, rate)
		if got < c.lo || got > c.hi {
			t.Errorf("%s on %s: the floor adds %.2f ms a token, want %.2f-%.2f", c.id, c.hw.GPUs[0].Name, got, c.lo, c.hi)
		}
	}
	r, err := Estimate(hardModel(t, cat, "Qwen/Qwen3.6-35B-A3B"), "Q4_K_M", gcn, DefaultSettings())
	if err != nil || !strings.Contains(r.Basis, "expert mat-vecs of at least 9 µs on GCN") {
		t.Errorf("the basis does not name the floor: %q (%v)", r.Basis, err)
	}
}
