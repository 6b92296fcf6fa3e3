package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
)

// TestLayerLatencyScale: DeepSeek-V4's layers cost their graph nodes'
// worth of the ordinary MoE layer's latency, from the logged counts
// (graph_nodes.go): 198 nodes a layer fused, 783 unfused, against 59.7.
func TestLayerLatencyScale(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
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
