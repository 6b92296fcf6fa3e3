package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestCompressedAttentionKV: DeepSeek-V4-Flash's caches as llama.cpp
// allocates them and vLLM pages them. llama.cpp issue #25468 (build 9924,
// -c 131072 -ub 512, f16) logs the window cache at 32.25 MiB, the ratio-4
// cache at 672, the ratio-128 cache at 20 and the indexer at 168 MiB; the
// uncompressed reading of the same model was 11,008 MiB. vLLM's page of a
// 256-token block over the compressed and indexer caches is 1,002,240 B
// (the "MLA/indexer" group of vLLM issue #54703 on DeepSeek V4), 3,915 B a
// token.
func TestCompressedAttentionKV(t *testing.T) {
	cat := catalogtest.Builtin(t)
	p := mustPlan(t, cat.ByID("deepseek-ai/DeepSeek-V4-Flash"))
	if !p.comp.on() || p.counts[attnSWA] != 43 || p.kvV[attnSWA] != 0 || p.comp.indexed != 21 {
		t.Fatalf("plan: comp %+v, %d window layers, V row %d", p.comp, p.counts[attnSWA], p.kvV[attnSWA])
	}
	kv := p.kvForRun(131072, 1, 512, tF16, tF16, true)
	window := int64(p.counts[attnSWA]) * kv.cells[attnSWA] * kv.perCell[attnSWA]
	approx(t, "window cache", window, int64(32.25*float64(mib)), 0)
	approx(t, "compressed + indexer caches", kv.compressed, (672+20+168)*mib, 0)
	approx(t, "total", kv.total, int64(892.25*float64(mib)), 0)
	if kv.indexCells != 32768 {
		t.Errorf("indexer cells %d, want 32768", kv.indexCells)
	}
	// Two sequences: each keeps its own compressed streams.
	if got := p.kvForRun(65536, 2, 512, tF16, tF16, true).compressed; got != 2*p.comp.kvBytes(65536, 1, tF16, 512) {
		t.Errorf("two sequences: %d", got)
	}
	if got, want := p.comp.vllmBytes(256*1000, true, p.headDim), int64(1000*1002240); got != want {
		t.Errorf("vLLM pages of 256,000 tokens: %d, want %d", got, want)
	}
}

// TestCompressedAttentionWork: reads and FLOPs over the compressed rows
// follow the definitions (every indexer key, then the top-k rows; all rows
// of the ratio-128 layers), and the prompt's closed form equals the sum
// over its queries.
func TestCompressedAttentionWork(t *testing.T) {
	cp := compressedPlan{groups: []ratioGroup{{4, 3}, {128, 2}}, indexed: 3, indexHeads: 8, indexDim: 16, topK: 5}
	// Depth 40: 10 rows of ratio 4 (10 indexer keys, top 5 read), 1 of ratio 128.
	if got, want := cp.readBytes(40, tF16, 32, false), int64(3*(10*16*2+5*32*2)+2*1*32*2); got != want {
		t.Errorf("reads %d, want %d", got, want)
	}
	// Dense (llama.cpp's mask): every compressed row is read.
	if got, want := cp.readBytes(40, tF16, 32, true), int64(3*(10*16*2+10*32*2)+2*1*32*2); got != want {
		t.Errorf("dense reads %d, want %d", got, want)
	}
	for _, dense := range []bool{false, true} {
		for _, P := range []int64{2, 7, 20, 21, 64, 300} {
			var sum float64
			for i := range P {
				sum += cp.decodeFlops(i, 100, dense)
			}
			if got := cp.prefillFlops(P, 100, dense); got < sum*(1-1e-9) || got > sum*(1+1e-9) {
				t.Errorf("P=%d dense %v: prefill FLOPs %.1f, sum over queries %.1f", P, dense, got, sum)
			}
		}
	}
	// Within ubatches: whole ubatches and the rest, each from an empty cache.
	if got, want := cp.inUbatchFlops(300, 128, 100, true), 2*cp.prefillFlops(128, 100, true)+cp.prefillFlops(44, 100, true); math.Abs(got-want) > 1e-6*want {
		t.Errorf("in-ubatch FLOPs %.1f, want %.1f", got, want)
	}
	// Past r·topK queries the mask costs more than the gather.
	if s, d := cp.prefillFlops(300, 100, false), cp.prefillFlops(300, 100, true); d <= s {
		t.Errorf("P=300: dense %.0f FLOPs, sparse %.0f", d, s)
	}
}
