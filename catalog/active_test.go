package catalog

import (
	"errors"
	"testing"
)

// gpt-oss-20b as its config.json describes it (hidden 2880, 24 layers, 32
// experts top-4 of width 2880, vocab 201088, untied). The model card says
// 3.6B active, a count without the input embedding.
func gptOSS20B() Model {
	active := int64(3_600_000_000)
	return Model{
		ID: "openai/gpt-oss-20b", Name: "gpt-oss-20b", Family: "gpt-oss", Organisation: "OpenAI",
		OriginCountry: "US", Released: "2025-08", Modality: "text", Licence: "apache-2.0",
		ParamsTotal: 20_914_757_184, ParamsActive: &active,
		Arch: Arch{ModelType: "gpt_oss", Layers: 24, HiddenSize: 2880, Heads: 64, KVHeads: 8, HeadDim: 64,
			IntermediateSize: 2880, VocabSize: 201088, ContextLength: 131072,
			MoE: &MoE{Experts: 32, ExpertsPerToken: 4, ExpertFFN: 2880}},
		Sources: Sources{Card: "https://github.com/openai/gpt-oss"},
	}
}

func TestVendorActiveCountWithoutEmbeddingsAccepted(t *testing.T) {
	c := loadFixture(t)
	m := gptOSS20B()
	if err := Validate(&m, c.Licences); err != nil {
		t.Fatalf("vendor's 3.6B (embedding excluded) rejected: %v", err)
	}
	got, d := closestActive(Params(&m.Arch), *m.ParamsActive)
	if d > 0.02 || got >= Params(&m.Arch).Active() {
		t.Errorf("closest recount %d (%.1f%% off) should be the one without the input embedding", got, 100*d)
	}
}

func TestVendorActiveCountStillBitesOnWrongExperts(t *testing.T) {
	c := loadFixture(t)
	m := gptOSS20B()
	moe := *m.Arch.MoE
	moe.ExpertsPerToken = 8 // twice the routed experts: no convention explains 3.6B
	m.Arch.MoE = &moe
	err := Validate(&m, c.Licences)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "params_active" {
		t.Fatalf("wrong experts_per_token not caught: %v", err)
	}
}

// DeepSeek-V4-Flash (MaxText's verbatim config copy): with its low-rank
// query and grouped low-rank output the recount lands on the vendor's
// 284B total and 13B active; counted full-rank it would be 7B too many.
func TestLowRankAttentionCount(t *testing.T) {
	a := Arch{ModelType: "deepseek_v4", Layers: 43, HiddenSize: 4096, Heads: 64, KVHeads: 1, HeadDim: 512,
		VocabSize: 129280, ContextLength: 1048576, QLoraRank: 1024, OLoraRank: 1024, OGroups: 8,
		MoE: &MoE{Experts: 256, ExpertsPerToken: 6, SharedExperts: 1, ExpertFFN: 2048}}
	p := Params(&a)
	if d := relDiff(p.Total(), 284_000_000_000); d > 0.01 {
		t.Errorf("total %d, %.1f%% off 284B", p.Total(), 100*d)
	}
	if _, d := closestActive(p, 13_000_000_000); d > 0.05 {
		t.Errorf("active recount %.1f%% off the vendor's 13B", 100*d)
	}
	full := a
	full.QLoraRank, full.OLoraRank, full.OGroups = 0, 0, 0
	if extra := Params(&full).Total() - p.Total(); extra < 6_000_000_000 {
		t.Errorf("full-rank q/o should add about 7B, added %d", extra)
	}
}
