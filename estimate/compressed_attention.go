package estimate

import "github.com/fitcheck/fitcheck/catalog"

// Compressed sparse attention (DeepSeek-V4, catalog.CompressedAttention).
// Every layer keeps a sliding window of raw K rows (one K=V head, no V
// cache); a layer of ratio r also keeps one compressed row per r tokens of
// the whole context, and the layers of ratio csaRatio a lightning-indexer
// key per compressed row, which scores every compressed row for each query
// and hands the topK best to attention. What llama.cpp allocates
// (src/llama-kv-cache-dsv4.cpp at 035aa95): the window as an iSWA cache
// of PAD(window + ubatch, 256) cells on every layer, and per sequence
// PAD(ceil(ctx/r), 256) compressed cells of head_dim and as many indexer
// cells of index_head_dim, all K-only in the K cache type. The published
// load log of llama.cpp issue #25468 (build 9924, DeepSeek-V4-Flash,
// -c 131072 -ub 512) lists SWA 32.25 + CSA 672 + HCA 20 + indexer
// 168 MiB, which this gives to the byte (hard_cases.csv
// llamacpp_buffers-950; estimate/testdata/dsv4_kv.md).

// csaRatio is the ratio whose layers the lightning indexer serves
// (llama.cpp DSV4_CSA_RATIO; vLLM builds the indexer for compress_ratio 4).
const csaRatio = 4

// compressedPlan is a model's compressed attention, grouped by ratio.
type compressedPlan struct {
	groups     []ratioGroup // layers of each ratio > 0
	indexed    int64        // layers with a lightning indexer
	indexHeads int64
	indexDim   int64
	topK       int64
}

type ratioGroup struct {
	ratio  int64
	layers int64
}

func newCompressedPlan(c *catalog.CompressedAttention) compressedPlan {
	var cp compressedPlan
	if c == nil {
		return cp
	}
	for _, r := range c.Ratios {
		if r <= 0 {
			continue // the window only
		}
		i := 0
		for i < len(cp.groups) && cp.groups[i].ratio != int64(r) {
			i++
		}
		if i == len(cp.groups) {
			cp.groups = append(cp.groups, ratioGroup{ratio: int64(r)})
		}
		cp.groups[i].layers++
		if r == csaRatio {
			cp.indexed++
		}
	}
	cp.indexHeads, cp.indexDim, cp.topK = int64(c.IndexHeads), int64(c.IndexHeadDim), int64(c.IndexTopK)
	return cp
}

func (c *compressedPlan) on() bool { return len(c.groups) > 0 }

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// indexCells is the lightning-indexer cells per sequence at ctx tokens.
func (c *compressedPlan) indexCells(ctx int64) int64 {
	if c.indexed == 0 {
		return 0
	}
	return padTo(max(ceilDiv(ctx, csaRatio), 1), ctxPad)
}

// kvBytes is the compressed and indexer caches of np sequences of ctx
// tokens, in cache type t, with compressed rows of rowElems.
func (c *compressedPlan) kvBytes(ctx, np int64, t ggmlType, rowElems int64) int64 {
	var b int64
	for _, g := range c.groups {
		b += g.layers * padTo(max(ceilDiv(ctx, g.ratio), 1), ctxPad) * rowBytes(t, rowElems)
	}
	b += c.indexed * c.indexCells(ctx) * rowBytes(t, c.indexDim)
	return b * np
}

// The indexer's topK picks are a gather under vLLM (FlashMLA's sparse
// kernels attend to the picked rows only) but a mask under llama.cpp:
// src/models/deepseek4.cpp build_top_k_mask fills the compressed rows'
// mask with -inf, zeroes the picked rows with set_rows, and
// build_csa_lid_attention runs flash attention over the window and every
// compressed row (https://github.com/ggml-org/llama.cpp/blob/00395eb285c7c6821ff372e3ca41dae9da33c2c7/src/models/deepseek4.cpp;
// ik_llama.cpp PR #2110's port logs the same CUDA FA calls, K = 512 x 32768
// with a 32768 x 2048 mask; a fork's review of upstream 0e4a03622 reads
// "dense FA over the whole KV cache (O(n_kv) compute)";
// testdata/hard_cases_dsv4pp.md). dense says which: a llama.cpp run reads
// and attends to every compressed row, so its prefill grows with the
// square of the prompt.

// readBytes is what one token at depth d reads of the compressed caches,
// summed over the layers: every indexer key, then the topK rows the
// indexer picks (all rows when dense); all rows where no indexer picks.
func (c *compressedPlan) readBytes(d int64, t ggmlType, rowElems int64, dense bool) int64 {
	var b int64
	for _, g := range c.groups {
		rows := ceilDiv(d, g.ratio)
		if g.ratio == csaRatio && c.topK > 0 {
			b += g.layers * rows * rowBytes(t, c.indexDim)
			if !dense {
				rows = min(rows, c.topK)
			}
		}
		b += g.layers * rows * rowBytes(t, rowElems)
	}
	return b
}

// decodeFlops is the attention FLOPs over the compressed rows of one
// query at position d, summed over the layers; pair is the FLOPs per
// (query, key) pair of the layers' attention; dense as readBytes.
func (c *compressedPlan) decodeFlops(d, pair int64, dense bool) float64 {
	var f float64
	for _, g := range c.groups {
		rows := float64(d) / float64(g.ratio)
		if g.ratio == csaRatio && c.topK > 0 {
			f += float64(g.layers) * 2 * float64(c.indexHeads*c.indexDim) * rows // indexer scores
			if !dense {
				rows = min(rows, float64(c.topK))
			}
		}
		f += float64(g.layers) * float64(pair) * rows
	}
	return f
}

// inUbatchFlops is prefillFlops within each ubatch of ub tokens: the
// compressed rows a prompt's earlier ubatches wrote are cached keys to the
// attention kernel (fa_prefill.go).
func (c *compressedPlan) inUbatchFlops(P, ub, pair int64, dense bool) float64 {
	if ub <= 0 || ub >= P {
		return c.prefillFlops(P, pair, dense)
	}
	return float64(P/ub)*c.prefillFlops(ub, pair, dense) + c.prefillFlops(P%ub, pair, dense)
}

// prefillFlopsFrom is decodeFlops summed over the P queries of a prompt
// after D cached tokens.
func (c *compressedPlan) prefillFlopsFrom(D, P, pair int64, dense bool) float64 {
	return c.prefillFlops(D+P, pair, dense) - c.prefillFlops(D, pair, dense)
}

// prefillFlops is decodeFlops summed over the prompt's P queries.
func (c *compressedPlan) prefillFlops(P, pair int64, dense bool) float64 {
	if P <= 1 {
		return 0
	}
	all := float64(P) * float64(P-1) / 2 // Σ i
	var f float64
	for _, g := range c.groups {
		r := float64(g.ratio)
		rows := all / r
		if g.ratio == csaRatio && c.topK > 0 {
			f += float64(g.layers) * 2 * float64(c.indexHeads*c.indexDim) * rows
			// Σ min(i/r, K): i/r up to i = rK, then K.
			if m := float64(c.topK) * r; !dense && float64(P) > m {
				rows = m*(m-1)/2/r + (float64(P)-m)*float64(c.topK)
			}
		}
		f += float64(g.layers) * float64(pair) * rows
	}
	return f
}

// vLLM's DeepSeek-V4 pages (v1/kv_cache_interface.py MLAAttentionSpec,
// models/deepseek_v4; walkthrough in estimate/testdata/dsv4_kv.md): a
// logical block of 256 tokens stores 256/r compressed rows of 584 B in
// the fp8_ds_mla layout (448 fp8 NoPE + 64 bf16 RoPE + 8 B of scales) or
// of head_dim bf16 values, and 64 fp8 indexer keys of 128 + 4 B; fp8
// pages round up to 576 B (FlashMLA's tiles). Flash at fp8: 3,915 B a
// token of context per rank; the one KV head is replicated on every rank.
const (
	vllmDSV4Block     = 256
	vllmDSV4FP8Row    = 584
	vllmDSV4PageAlign = 576
)

// vllmDSV4Page is a page of b bytes as vLLM pads it: fp8_ds_mla pages
// round up to 576 B.
func vllmDSV4Page(fp8 bool, b int64) int64 {
	if fp8 {
		return padTo(b, vllmDSV4PageAlign)
	}
	return b
}

// vllmBytes is the compressed and indexer pages of one request of c
// tokens on one rank.
func (c *compressedPlan) vllmBytes(ctx int64, fp8 bool, headDim int64) int64 {
	row := 2 * headDim
	if fp8 {
		row = vllmDSV4FP8Row
	}
	var perBlock int64
	for _, g := range c.groups {
		perBlock += g.layers * vllmDSV4Page(fp8, max(vllmDSV4Block/g.ratio, 1)*row)
	}
	if c.indexed > 0 {
		perBlock += c.indexed * vllmDSV4Page(fp8, vllmDSV4Block/csaRatio*(c.indexDim+c.indexDim/128*4))
	}
	return ceilDiv(ctx, vllmDSV4Block) * perBlock
}

// vllmStateBytes is the compressors' fp32 state one request reserves on
// a rank. vLLM keeps each compressor's state as a sliding-window cache of
// tiny blocks (models/deepseek_v4/compressor.py: 4 tokens at ratio 4, 8
// at ratio 128; 2·coff·dim fp32 a token, coff 2 where windows overlap at
// ratio 4), and admits a request only with cdiv(window − 1 +
// max_num_batched_tokens, block) + 1 blocks of each
// (SlidingWindowSpec.max_admission_blocks_per_request): the in-flight
// reserve that vLLM issue #54703 found dominating small DeepSeek-V4 pools.
func (c *compressedPlan) vllmStateBytes(ctx, batched int64, fp8 bool, headDim int64) int64 {
	reserve := func(layers, ratio, dim int64) int64 {
		coff, block := int64(1), int64(8)
		if ratio == csaRatio {
			coff, block = 2, 4
		}
		window := coff * ratio // the rows one compressed row overlaps
		blocks := ceilDiv(min(window-1+batched, ctx), block) + 1
		return layers * blocks * vllmDSV4Page(fp8, block*2*coff*dim*4)
	}
	var b int64
	for _, g := range c.groups {
		b += reserve(g.layers, g.ratio, headDim)
	}
	if c.indexed > 0 {
		b += reserve(c.indexed, csaRatio, c.indexDim)
	}
	return b
}
