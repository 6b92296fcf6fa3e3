package estimate

// KV cache sizes as llama.cpp allocates them (docs/estimation.md §2):
// full-attention layers cache every cell of the context, sliding-window
// layers only the window (src/llama-kv-cache-iswa.cpp), MLA layers the
// V-less latent (PR #19067), recurrent layers a fixed F32 state per
// sequence (src/llama-hparams.cpp n_embd_r/n_embd_s).

const (
	ubatch = 512 // llama.cpp default n_ubatch (common/arg.cpp)
	ctxPad = 256 // n_ctx padding with flash attention; --fit rounds to 256 (common/fit.cpp)
)

func padTo(n, to int64) int64 { return (n + to - 1) / to * to }

// rowBytes is one cache row of n elements of type t (q8_0 = 34/32 B per element).
func rowBytes(t ggmlType, n int64) int64 {
	tr := typeTraits[t]
	return (n + tr.block - 1) / tr.block * tr.bytes
}

// kvShape is the KV cache of one model at one context, per layer kind.
type kvShape struct {
	cells    [5]int64 // cells allocated per layer of each attnKind
	perCell  [5]int64 // bytes per cell per layer (K + V)
	perLayer [5]int64 // bytes per layer of each attnKind (recurrent: state)
	total    int64
	nkv      int64 // largest cell count of an attention layer (sizes the mask and KQ)
	// Compressed attention (compressed_attention.go): the compressed and
	// indexer caches, spread evenly over the layers in perLayer, and the
	// indexer cells per sequence (they size the indexer's score matrix).
	compressed, indexCells int64
	ub                     int64 // n_ubatch the cache and the compute graph are sized for
}

// kvTypes resolves the cache types: a quantised V cache needs flash
// attention, without it llama.cpp falls back to F16 for V (gguf-parser-go,
// Ollama OLLAMA_KV_CACHE_TYPE handling).
func (s *Settings) kvCacheTypes() (k, v ggmlType) {
	k = kvTypes[s.KVType]
	v = k
	if !s.FlashAttention && v != tF16 && v != tBF16 && v != tF32 {
		v = tF16
	}
	return k, v
}

// kvFor computes the cache at ctx tokens per sequence with np sequences
// and llama.cpp's default ubatch.
func (p *plan) kvFor(ctx, np int64, tk, tv ggmlType) kvShape {
	return p.kvForUB(ctx, np, ubatch, tk, tv)
}

// kvForUB is kvFor with n_ubatch ub (-ub): the sliding-window layers keep
// ub cells beyond the window, and the compute graph is sized for ub tokens.
func (p *plan) kvForUB(ctx, np, ub int64, tk, tv ggmlType) kvShape {
	return p.kvForRun(ctx, np, ub, tk, tv, true)
}

// kvForRun is kvForUB with flash attention on or off. Without it llama.cpp
// keeps V transposed and gives every layer the widest layer's V row when
// the widths differ ("padding V cache", src/llama-kv-cache.cpp
// n_embd_v_gqa_max): Gemma 4's global layers then hold a sliding layer's V.
func (p *plan) kvForRun(ctx, np, ub int64, tk, tv ggmlType, fa bool) kvShape {
	s := kvShape{ub: ub}
	total := padTo(ctx*np, ctxPad)
	if np > 1 {
		// Separate streams (kv_unified = false, below) pad each sequence's
		// n_ctx_seq: -c 1024 -np 3 allocates 3 x 512 cells, -np 4 4 x 256
		// (unsloth PR #7530, live llama-server build 10107:
		// https://github.com/unslothai/unsloth/pull/7530).
		total = np * padTo(ctx, ctxPad)
	}
	vFull, vSWA := p.kvV[attnFull], p.kvV[attnSWA]
	if !fa && p.counts[attnFull] > 0 && p.counts[attnSWA] > 0 {
		vFull = max(vFull, vSWA)
		vSWA = vFull
	}
	s.perCell[attnFull] = rowBytes(tk, p.kvK[attnFull]) + rowBytes(tv, vFull)
	s.perCell[attnSWA] = rowBytes(tk, p.kvK[attnSWA]) + rowBytes(tv, vSWA)
	s.perCell[attnMLA] = rowBytes(tk, p.kvK[attnMLA])
	s.cells[attnFull] = total
	s.cells[attnMLA] = total
	if p.counts[attnSWA] > 0 {
		// Each sequence has its own stream (kv_unified = false, the default
		// with an explicit -np N and Ollama's; llama-server's automatic 4
		// slots turn kv_unified on, not modelled) of PAD(min(n_ctx_seq,
		// n_swa + n_ubatch), 256) cells: the Ollama log of
		// llamacpp_buffers-01 has 2 seqs x 1280 cells (n_swa 128, ubatch
		// 1024) = 90.00 MiB; one sequence is the unified formula.
		s.cells[attnSWA] = np * min64(total/np, padTo(p.window+ub, ctxPad))
	}
	for k := attnFull; k <= attnMLA; k++ {
		s.perLayer[k] = s.cells[k] * s.perCell[k]
		if p.counts[k] > 0 && s.cells[k] > s.nkv {
			s.nkv = s.cells[k]
		}
	}
	s.perLayer[attnRecurrent] = p.recurrentF32 * 4 * np
	for k := attnFull; k <= attnRecurrent; k++ {
		s.total += int64(p.counts[k]) * s.perLayer[k]
	}
	if p.comp.on() && p.counts[attnSWA] > 0 {
		// Streams per sequence, as the window's (llama.cpp keeps the DSV4
		// caches per sequence even with a unified KV cache).
		seq := ctx
		if np <= 1 {
			seq = total
		}
		s.compressed = p.comp.kvBytes(seq, max(np, 1), tk, p.kvK[attnSWA])
		s.indexCells = p.comp.indexCells(seq)
		s.perLayer[attnSWA] += s.compressed / int64(p.counts[attnSWA])
		s.total += s.compressed
	}
	return s
}
