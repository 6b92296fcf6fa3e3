package estimate

// Graph nodes per layer. The per-token latency (speed.go tokenLatency, per
// 32 layers, and moeLayerLatency per MoE layer) is kernel launches and
// synchronisation, and it was fitted on ordinary layers: llama.cpp logs a
// plain dense layer at 33-36 compute-graph nodes and a plain MoE layer at
// 56-63 ("graph nodes = N" over n_layer: Qwen2.5-7B 1015/28, TinyLlama
// 733/22, Qwen3-30B-A3B 3030/48, gpt-oss-20b 1352/24; the log lines are
// quoted in testdata/dsv4_decode.md). A DeepSeek-V4 layer carries its
// hyper-connections (a Sinkhorn normalisation of 4 residual streams),
// compressors and lightning indexer as many small kernels: 33,689 nodes
// over 43 layers at build 9924 (llama.cpp issue #25468), and "from 29k to
// 8k" / "30k nodes to 9k nodes" once the hyper-connection ops were fused
// (PR #25585; PR #24162's thread). The latency of such a layer is the
// ordinary MoE layer's scaled by its node count, in decode and in the
// fixed cost a prefill ubatch pays per layer (prefill_layer.go), which is
// the same launches and synchronisation. Prefill measured it: the 19
// DeepSeek-V4-Flash prefill rows of hard_cases.csv (8× RTX 3090, 4× RTX
// 4090, 8× MI250X; 15 held out) were all estimated too fast, +3..+133 %;
// with the fixed cost scaled, all 19 move towards the measurement (8× RTX
// 3090 at 6-128k tokens +8..+17 → +3..+14 %; build 9842's unfused graph
// +121 / +102 → +82 / +66 %, still too fast).

const (
	plainMoELayerNodes = (3030.0/48 + 1352.0/24) / 2 // 59.7
	// dsv4LayerNodes: the fused graph's round totals, 8k and 9k, over 43
	// layers; dsv4UnfusedLayerNodes: build 9924's logged count.
	dsv4LayerNodes        = (8000.0 + 9000.0) / 2 / 43 // 198
	dsv4UnfusedLayerNodes = 33689.0 / 43               // 783
)

// loggedLayerNodes is the graph nodes per layer of an architecture whose
// count is logged, on current builds and before the hyper-connection ops
// were fused; (0, 0): an ordinary layer.
func loggedLayerNodes(modelType string) (fused, unfused float64) {
	if modelType == "deepseek_v4" {
		return dsv4LayerNodes, dsv4UnfusedLayerNodes
	}
	return 0, 0
}

// layerLatencyScale is how many ordinary MoE layers' worth of per-token
// latency one layer of the model costs (1 for every architecture without
// a logged count of its own).
func (p *plan) layerLatencyScale(s *Settings) float64 {
	switch {
	case p.layerNodes == 0:
		return 1
	case s.UnfusedHyperConnections:
		return p.layerNodesUnfused / plainMoELayerNodes
	}
	return p.layerNodes / plainMoELayerNodes
}
