package estimate

import (
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestGemma4GlobalLayers: Gemma 4's full-attention ("global") layers have
// their own head shape (512 per head, 4 KV heads on the 31B, 2 on the
// 26B-A4B) and share K with V, yet llama.cpp caches K and a V of the same
// width for them (testdata/gemma4_kv.md: convert_hf_to_gguf's per-layer
// head_count_kv and key/value lengths, src/models/gemma4-iswa.cpp using K as
// V, llama-kv-cache.cpp giving every non-MLA layer a V tensor). The sizes
// below are llama.cpp's formula; two llama.cpp logs the code index holds
// without a repository to cite (so not rows of hard_cases.csv) print the
// same bytes: the 26B at 262144 cells in q8_0, "2720.00 MiB (262144 cells,
// 5 layers ...)" and "159.38 MiB (1536 cells, 25 layers ...)".
func TestGemma4GlobalLayers(t *testing.T) {
	cat := catalogtest.Builtin(t)
	for _, c := range []struct {
		id              string
		ctx             int64
		tk, tv          ggmlType
		fa              bool
		fullMiB, swaMiB float64
		swaV, fullK     int64 // row elements per cell: a sliding layer's V, a global layer's K (and V)
	}{
		// 5 x 262144 x (2 x 512) x 34/32 B per K and per V; 25 x 1536 x (8 x 256) x 34/32.
		{"google/gemma-4-26B-A4B-it", 262144, tQ8_0, tQ8_0, true, 2720, 159.375, 2048, 1024},
		// 10 x 32768 x (4 x 512) x 2 B x 2; 50 x 1536 x (16 x 256) x 2 B x 2.
		{"google/gemma-4-31B-it", 32768, tF16, tF16, true, 2560, 1200, 4096, 2048},
		// Flash attention off: V padded to the sliding layers' width
		// ("padding V cache"): 10 x 32768 x (2048 + 4096) x 2 B.
		{"google/gemma-4-31B-it", 32768, tF16, tF16, false, 3840, 1200, 4096, 2048},
	} {
		p := mustPlan(t, cat.ByID(c.id))
		if p.kvK[attnFull] != c.fullK || p.kvV[attnFull] != c.fullK || p.kvV[attnSWA] != c.swaV {
			t.Errorf("%s: K/V rows full %d/%d, sliding V %d", c.id, p.kvK[attnFull], p.kvV[attnFull], p.kvV[attnSWA])
		}
		kv := p.kvForRun(c.ctx, 1, 512, c.tk, c.tv, c.fa)
		approx(t, c.id+" global-layer KV", int64(p.counts[attnFull])*kv.perLayer[attnFull], int64(c.fullMiB*float64(mib)), 0)
		approx(t, c.id+" sliding-layer KV", int64(p.counts[attnSWA])*kv.perLayer[attnSWA], int64(c.swaMiB*float64(mib)), 0)
		// The global layers carry no attn_v weight.
		for _, lk := range p.kinds {
			if lk.attn == attnFull && lk.hasV {
				t.Errorf("%s: a global layer lists attn_v", c.id)
			}
		}
		// Their attention FLOPs use 512 per head.
		if got, want := p.pairFlopsOf(attnFull), 4*512*p.heads; got != want {
			t.Errorf("%s: global pair FLOPs %d, want %d", c.id, got, want)
		}
	}
}
