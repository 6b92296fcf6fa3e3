package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
)

// DeepSeek-V4-Flash as its config.json describes it (MaxText's verbatim
// copy): low-rank query (q_lora_rank 1024) and grouped low-rank output
// (8 groups, o_lora_rank 1024). The card states 284B total and 13B active;
// counted full-rank the attention would add about 7B to both.
func TestLowRankAttentionWeights(t *testing.T) {
	m := &catalog.Model{ID: "deepseek-ai/DeepSeek-V4-Flash", ParamsTotal: 284_000_000_000, Arch: catalog.Arch{
		ModelType: "deepseek_v4", Layers: 43, HiddenSize: 4096, Heads: 64, KVHeads: 1, HeadDim: 512,
		VocabSize: 129280, ContextLength: 1048576, QLoraRank: 1024, OLoraRank: 1024, OGroups: 8,
		MoE: &catalog.MoE{Experts: 256, ExpertsPerToken: 6, SharedExperts: 1, ExpertFFN: 2048}}}
	p, err := newPlan(m)
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(float64(p.totalParams)/284e9 - 1); d > 0.01 {
		t.Errorf("total %d params, %.1f%% off the card's 284B", p.totalParams, 100*d)
	}
	if d := math.Abs(float64(p.activeParams)/13e9 - 1); d > 0.05 {
		t.Errorf("active %d params per token, %.1f%% off the card's 13B", p.activeParams, 100*d)
	}
	full := *m
	full.Arch.QLoraRank, full.Arch.OLoraRank, full.Arch.OGroups = 0, 0, 0
	pf, err := newPlan(&full)
	if err != nil {
		t.Fatal(err)
	}
	if extra := pf.activeParams - p.activeParams; extra < 5_000_000_000 {
		t.Errorf("full-rank q/o should read about 7B more per token, got %d more", extra)
	}
}
