package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// https://huggingface.co/openai/gpt-oss-20b/blob/main/config.json
var gptOSS20B = &catalog.Model{ID: "openai/gpt-oss-20b", ParamsTotal: 20_914_757_184, ParamsActive: p64(3_610_000_000),
	Quants: []string{"MXFP4"}, Arch: catalog.Arch{
		ModelType: "gpt_oss", Layers: 24, HiddenSize: 2880, Heads: 64, KVHeads: 8, HeadDim: 64,
		VocabSize: 201088, ContextLength: 131072, SlidingWindow: 128, SWALayers: 12,
		MoE: &catalog.MoE{Experts: 32, ExpertsPerToken: 4, ExpertFFN: 2880}}}

// https://huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json
var deepSeekV3 = &catalog.Model{ID: "deepseek-ai/DeepSeek-V3", ParamsTotal: 671_026_419_200, ParamsActive: p64(37_000_000_000),
	Arch: catalog.Arch{
		ModelType: "deepseek_v3", Layers: 61, HiddenSize: 7168, Heads: 128, KVHeads: 128, HeadDim: 128,
		IntermediateSize: 18432, VocabSize: 129280, ContextLength: 163840,
		MLA: &catalog.MLA{KVLoraRank: 512, QLoraRank: 1536, QKRopeHeadDim: 64, QKNopeHeadDim: 128, VHeadDim: 128},
		MoE: &catalog.MoE{Experts: 256, ExpertsPerToken: 8, SharedExperts: 1, ExpertFFN: 2048, DenseLayers: 3}}}

func mustPlan(t *testing.T, m *catalog.Model) *plan {
	t.Helper()
	p, err := newPlan(m)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func approx(t *testing.T, what string, got, want int64, tol float64) {
	t.Helper()
	e := math.Abs(float64(got-want)) / float64(want)
	t.Logf("%-40s %10.2f MiB (llama.cpp %10.2f MiB, %+.1f%%)", what, float64(got)/mib, float64(want)/mib, 100*float64(got-want)/float64(want))
	if e > tol {
		t.Errorf("%s: got %.2f MiB, want %.2f MiB (±%.0f%%)", what, float64(got)/mib, float64(want)/mib, 100*tol)
	}
}

// TestBuffersMatchLlamaCppLogs reproduces the buffer sizes llama.cpp logs
// for the cases in docs/estimation.md.
func TestBuffersMatchLlamaCppLogs(t *testing.T) {
	// Llama-3-8B, 8192 ctx, f16, no flash attention:
	// "CUDA0 KV buffer size = 1024.00 MiB", "CUDA0 compute buffer size = 560.00 MiB".
	p := mustPlan(t, sizeModels["llama3-8b"])
	kv := p.kvFor(8192, 1, tF16, tF16)
	approx(t, "Llama-3-8B KV 8k f16", kv.total, 1024*mib, 0)
	g := p.graphFor(&kv, 1, false, true)
	approx(t, "Llama-3-8B compute 8k no-FA", g.full, 560*mib, 0.001)
	// Flash attention: the logits buffer 4·512·(e+V) = 258.5 MiB dominates.
	approx(t, "Llama-3-8B compute 8k FA", p.graphFor(&kv, 1, true, true).full, mibf(258.5), 0.001)
	// Llama-2-7B 2048: 1024 MiB KV, 164.01 MiB compute.
	p2 := mustPlan(t, sizeModels["llama2-7b"])
	kv2 := p2.kvFor(2048, 1, tF16, tF16)
	approx(t, "Llama-2-7B KV 2k f16", kv2.total, 1024*mib, 0)
	approx(t, "Llama-2-7B compute 2k no-FA", p2.graphFor(&kv2, 1, false, true).full, mibf(164.01), 0.001)

	// gpt-oss-20b, 131072 ctx, ubatch 512: 12 full layers × 131072 cells =
	// 3072 MiB, 12 SWA layers × PAD(128+512, 256) = 768 cells = 18 MiB.
	pg := mustPlan(t, gptOSS20B)
	kvg := pg.kvFor(131072, 1, tF16, tF16)
	approx(t, "gpt-oss-20b KV non-SWA", int64(pg.counts[attnFull])*kvg.perLayer[attnFull], 3072*mib, 0)
	approx(t, "gpt-oss-20b KV SWA", int64(pg.counts[attnSWA])*kvg.perLayer[attnSWA], 18*mib, 0)
	// Flash-attention compute buffer logged as 457 MiB on CUDA0.
	approx(t, "gpt-oss-20b compute 131k FA", pg.graphFor(&kvg, 1, true, true).full, 457*mib, 0.15)

	// DeepSeek-V3 MLA at 32k: V-less 576-element latent × 61 layers, f16
	// 2.14 GiB; q8_0 1166.6 MiB (ik_llama.cpp log).
	pd := mustPlan(t, deepSeekV3)
	approx(t, "DeepSeek-V3 KV 32k f16", pd.kvFor(32768, 1, tF16, tF16).total, 61*576*2*32768, 0)
	approx(t, "DeepSeek-V3 KV 32k q8_0", pd.kvFor(32768, 1, tQ8_0, tQ8_0).total, mibf(1166.6), 0.001)

	// The same through the public API.
	s := DefaultSettings()
	s.Context = 131072
	r, err := Estimate(gptOSS20B, "MXFP4", Hardware{RAMBytes: 64 << 30}, s)
	if err != nil {
		t.Fatal(err)
	}
	approx(t, "gpt-oss-20b Result.KVCacheBytes", r.KVCacheBytes, (3072+18)*mib, 0)
	approx(t, "gpt-oss-20b MXFP4 weights (llama-bench 11.27 GiB)", r.FileBytes, mibf(11.27*1024), 0.02)
}

// TestUBatchAndSWAStreams: n_ubatch sizes the compute graph and the
// sliding-window cells, and every sequence keeps its own window stream
// (llama-server's kv_unified = false): an Ollama log of gpt-oss-120b with 2
// sequences and ubatch 1024 has 2 x 1280 SWA cells (hard_cases.csv,
// llamacpp_buffers-01); Pythia 1.4B at ubatch 128 logs a 25.56 MiB Metal
// compute buffer (llamacpp_buffers-13).
func TestUBatchAndSWAStreams(t *testing.T) {
	pg := mustPlan(t, gptOSS20B)
	kv := pg.kvForUB(131072, 2, 1024, tF16, tF16)
	if got := kv.cells[attnSWA]; got != 2*1280 {
		t.Errorf("SWA cells %d, want 2 x 1280", got)
	}
	if got := pg.kvFor(131072, 1, tF16, tF16).cells[attnSWA]; got != 768 {
		t.Errorf("SWA cells of one sequence at ubatch 512: %d, want 768", got)
	}
	p := mustPlan(t, sizeModels["llama2-7b"])
	// -c 1024 -np 3: three streams of PAD(341, 256) = 512 cells.
	if got := p.kvFor(341, 3, tF16, tF16).cells[attnFull]; got != 1536 {
		t.Errorf("3 streams of 341 tokens: %d cells, want 1536", got)
	}
	small, big := p.kvForUB(2048, 1, 128, tF16, tF16), p.kvForUB(2048, 1, 512, tF16, tF16)
	gs, gb := p.graphFor(&small, 1, false, true).full, p.graphFor(&big, 1, false, true).full
	if gs*4 != gb {
		t.Errorf("compute buffer at ubatch 128 %d, want a quarter of ubatch 512's %d", gs, gb)
	}
	s := DefaultSettings()
	s.UBatch = -1
	if _, err := Estimate(gptOSS20B, "MXFP4", Hardware{RAMBytes: 64 << 30}, s); err == nil {
		t.Error("ubatch -1 accepted")
	}
}

func TestRecurrentStateIsContextFree(t *testing.T) {
	m := sizeModels["qwen3-next-80b"]
	p := mustPlan(t, m)
	a, b := p.kvFor(4096, 1, tF16, tF16), p.kvFor(65536, 1, tF16, tF16)
	if a.perLayer[attnRecurrent] != b.perLayer[attnRecurrent] || a.perLayer[attnRecurrent] == 0 {
		t.Fatalf("recurrent state depends on context: %d vs %d", a.perLayer[attnRecurrent], b.perLayer[attnRecurrent])
	}
	// (d_conv−1)(d_inner + 2·n_group·d_state) + d_state·d_inner, F32:
	// 3·(4096 + 2·16·128) + 128·4096 = 548864 elements.
	if got := p.recurrentF32; got != 548864 {
		t.Fatalf("gated delta-net state %d elements, want 548864", got)
	}
	if p.counts[attnFull] != 12 || p.counts[attnRecurrent] != 36 {
		t.Fatalf("layer split %v, want 12 attention + 36 linear", p.counts)
	}
}

func mibf(v float64) int64 { return int64(v * mib) }

// TestLogitsReservation: llama-server since PR #23861 reserves logits for
// one token per sequence; the published A/B of issue #23527
// (Qwen3.6-35B-A3B, -ub 4096, 150k cells, q8_0 K/V, flash attention:
// CUDA0 compute 3976 MiB before, 1982 MiB with the cap and PR #23764).
func TestLogitsReservation(t *testing.T) {
	cat := catalogtest.Builtin(t)
	p := mustPlan(t, hardModel(t, cat, "Qwen/Qwen3.6-35B-A3B"))
	kv := p.kvForUB(150000, 1, 4096, tQ8_0, tQ8_0)
	approx(t, "Qwen3.6-35B-A3B compute, every token's logits", p.graphFor(&kv, 1, true, true).full, 3976*mib, 0.03)
	approx(t, "Qwen3.6-35B-A3B compute, one token's logits", p.graphFor(&kv, 1, true, false).full, 1982*mib, 0.03)
}
