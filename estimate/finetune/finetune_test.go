package finetune

import (
	"math"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

func model(t *testing.T, id string) *catalog.Model {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m, err := cat.Find(id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func gpu(gib int64, n int) []estimate.Device {
	d := estimate.Device{Name: "test", Backend: "cuda", MemoryBytes: gib << 30, TotalBytes: gib << 30, FP16TFLOPs: 165}
	out := make([]estimate.Device, n)
	for i := range out {
		out[i] = d
	}
	return out
}

func byMethod(rs []Result) map[string]Result {
	out := map[string]Result{}
	for _, r := range rs {
		out[r.Method] = r
	}
	return out
}

// The acceptance case: Llama 3.1 8B on a 24 GB RTX 4090.
func TestLlama8BOn4090(t *testing.T) {
	rs, err := Estimate(model(t, "meta-llama/Llama-3.1-8B-Instruct"), gpu(24, 1), DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	got := byMethod(rs)
	if got[Full].Verdict != NoFit || got[LoRA].Verdict != Fits || got[QLoRA].Verdict != Fits {
		t.Errorf("verdicts full %s, lora %s, qlora %s; want no, fits, fits", got[Full].Verdict, got[LoRA].Verdict, got[QLoRA].Verdict)
	}
	if Recommend(rs) != LoRA {
		t.Errorf("recommended %q, want lora", Recommend(rs))
	}
	full := got[Full].Breakdown
	if full.Gradients == 0 || full.OptimizerState == 0 || full.Trainable != 0 {
		t.Errorf("full breakdown %+v", full)
	}
	q := got[QLoRA]
	if q.Breakdown.BaseWeights*5 >= got[LoRA].Breakdown.BaseWeights*2 { // embeddings stay 16-bit
		t.Errorf("QLoRA base %d not 2.5× smaller than LoRA's %d", q.Breakdown.BaseWeights, got[LoRA].Breakdown.BaseWeights)
	}
	if q.MaxSeqLen <= DefaultSettings().SeqLen || q.MaxBatch < 1 || q.TokensPerSecond == nil {
		t.Errorf("QLoRA max seq %d, max batch %d, tps %v", q.MaxSeqLen, q.MaxBatch, q.TokensPerSecond)
	}
}

func TestMemoryGrowsWithTokensAndShrinksWithSharding(t *testing.T) {
	m := model(t, "meta-llama/Llama-3.1-8B-Instruct")
	a := newArch(m)
	c := Constants()
	s := DefaultSettings()
	prev := int64(0)
	for _, n := range []int{512, 1024, 4096, 16384} {
		s.SeqLen = n
		b, _ := memory(a, LoRA, s, 1, c)
		if b.Total() <= prev {
			t.Errorf("seq %d: %d not above %d", n, b.Total(), prev)
		}
		prev = b.Total()
	}
	s = DefaultSettings()
	none, _ := memory(a, Full, s, 4, c)
	for _, sh := range []string{ShardZeRO2, ShardZeRO3, ShardFSDP} {
		s.Sharding = sh
		b, _ := memory(a, Full, s, 4, c)
		if b.Total() >= none.Total() {
			t.Errorf("%s over 4 GPUs: %d not below data parallel %d", sh, b.Total(), none.Total())
		}
	}
	s.Sharding = ShardZeRO3
	z3, _ := memory(a, Full, s, 4, c)
	s.Sharding = ShardZeRO2
	z2, _ := memory(a, Full, s, 4, c)
	if z3.BaseWeights >= z2.BaseWeights {
		t.Errorf("ZeRO-3 keeps %d of weights, ZeRO-2 %d", z3.BaseWeights, z2.BaseWeights)
	}
	s = DefaultSettings()
	s.Checkpointing = CkptNone
	noCkpt, _ := memory(a, LoRA, s, 1, c)
	s.Checkpointing = CkptFull
	ckpt, _ := memory(a, LoRA, s, 1, c)
	if ckpt.Activations >= noCkpt.Activations {
		t.Errorf("checkpointing keeps %d, none %d", ckpt.Activations, noCkpt.Activations)
	}
	s.Optimizer = PagedAdamW
	b, paged := memory(a, Full, s, 1, c)
	if b.OptimizerState != 0 || paged == 0 {
		t.Errorf("paged optimizer: on GPU %d, paged %d", b.OptimizerState, paged)
	}
}

func TestBadSettings(t *testing.T) {
	m := model(t, "meta-llama/Llama-3.1-8B-Instruct")
	for _, tc := range []struct {
		mod  func(*Settings)
		want string
	}{
		{func(s *Settings) { s.Methods = []string{QLoRA}; s.Precision = "fp32" }, "QLoRA"},
		{func(s *Settings) { s.LoRARank = 0 }, "rank"},
		{func(s *Settings) { s.SeqLen = 200000 }, "context"},
		{func(s *Settings) { s.Batch = 0 }, "micro batch"},
		{func(s *Settings) { s.Optimizer = "lion" }, "optimizer"},
		{func(s *Settings) { s.Methods = []string{"dora"} }, "method"},
		{func(s *Settings) { s.Checkpointing = CkptUnsloth; s.Sharding = ShardFSDP }, "single-GPU"},
		{func(s *Settings) { s.Epochs = math.NaN() }, "epochs"},
		{func(s *Settings) { s.Epochs = math.Inf(1) }, "epochs"},
		{func(s *Settings) { s.Epochs = -1 }, "epochs"},
		{func(s *Settings) { s.DatasetTokens = -1 }, "data set tokens"},
	} {
		s := DefaultSettings()
		tc.mod(&s)
		_, err := Estimate(m, gpu(24, 1), s)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one mentioning %q", s, err, tc.want)
		}
	}
	if _, err := Estimate(m, nil, DefaultSettings()); err == nil {
		t.Error("no GPU: no error")
	}
}

func TestAppleAndCPUSpeedNotEstimated(t *testing.T) {
	d := gpu(128, 1)
	d[0].Backend = "metal"
	rs, err := Estimate(model(t, "meta-llama/Llama-3.1-8B-Instruct"), d, DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.TokensPerSecond != nil || (r.Verdict == Fits && !strings.Contains(r.SpeedBasis, "metal")) {
			t.Errorf("%s on metal: tps %v, basis %q", r.Method, r.TokensPerSecond, r.SpeedBasis)
		}
	}
}

// MoE models: every expert is adapted with all-linear, and activations
// count the routed experts only.
func TestMoEAdapters(t *testing.T) {
	m := model(t, "Qwen/Qwen3-30B-A3B")
	a := newArch(m)
	s := DefaultSettings()
	s.LoRATargets = "attn"
	attn := a.trainable(LoRA, s)
	s.LoRATargets = "all-linear"
	all := a.trainable(LoRA, s)
	if all < 10*attn {
		t.Errorf("all-linear %d vs attn %d: experts not adapted", all, attn)
	}
}
