package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestLayerLatencyScale: DeepSeek-V4's layers cost their graph nodes'
// worth of the ordinary MoE layer's latency, from the logged counts
// (graph_nodes.go): 198 nodes a layer fused, 783 unfused, against 59.7.
func TestLayerLatencyScale(t *testing.T) {
	cat := catalogtest.Builtin(t)
	dsv4 := mustPlan(t, cat.ByID("deepseek-ai/DeepSeek-V4-Flash"))
	for _, c := range []struct {
		p       *plan
		unfused bool
		want    float64
	}{
		{dsv4, false, 3.31},
		{dsv4, true, 13.12},
		{mustPlan(t, cat.ByID("Qwen/Qwen3-30B-A3B")), false, 1},
		{mustPlan(t, cat.ByID("Qwen/Qwen3-30B-A3B")), true, 1},
	} {
		s := Settings{UnfusedHyperConnections: c.unfused}
		if got := c.p.layerLatencyScale(&s); math.Abs(got-c.want) > 0.01 {
			t.Errorf("%s unfused=%v: scale %.3f, want %.2f", c.p.m.ID, c.unfused, got, c.want)
		}
	}
}

// TestPrefillFixedFollowsNodes: a prefill ubatch's fixed cost per layer
// (prefill_layer.go) scales with the same node count: a DeepSeek-V4
// prefill on GPUs takes gpuPrefillLayerCost × layers × (scale − 1) longer
// than with ordinary layers, and a model without a logged count is not
// touched.
func TestPrefillFixedFollowsNodes(t *testing.T) {
	cat := catalogtest.Builtin(t)
	m := cat.ByID("deepseek-ai/DeepSeek-V4-Flash")
	h200 := Device{Name: "NVIDIA H200", Backend: "cuda", MemoryBytes: 140 << 30, TotalBytes: 141 << 30, BandwidthGBps: 4800, FP16TFLOPs: 989}
	hw := Hardware{GPUs: []Device{h200, h200}, RAMBytes: 512 << 30, CPUCores: 32}
	secs := func(unfused bool) float64 {
		t.Helper()
		s := DefaultSettings()
		s.Context, s.PromptTokens, s.UnfusedHyperConnections = 4096, 512, unfused
		r := mustEstimate(t, m, "Q4_K_M", hw, s)
		return 512 / r.PrefillTPS
	}
	p := mustPlan(t, m)
	fused := p.layerLatencyScale(&Settings{})
	unfused := p.layerLatencyScale(&Settings{UnfusedHyperConnections: true})
	want := gpuPrefillLayerCost * float64(p.nLayer) * (unfused - fused)
	if got := secs(true) - secs(false); math.Abs(got/want-1) > 0.02 {
		t.Errorf("unfused DeepSeek-V4 prefill of 512 tokens %.3f s slower, want %.3f (%.0f layers × %.1f ms × %.2f more nodes)", got, want, float64(p.nLayer), gpuPrefillLayerCost*1e3, unfused-fused)
	}
}
