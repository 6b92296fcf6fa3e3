package estimate

import "strings"

// Compute (scratch) buffers, the logits buffer and fixed runtime overheads
// (docs/estimation.md §3).

const mib = 1 << 20

// Runtime overhead per used GPU: Ollama ml/device.go MinimumMemory (457 MiB
// CUDA/ROCm, 512 MiB Metal); gguf-parser-go's default platform footprint is
// 250 MiB VRAM + 150 MiB RAM, the latter used for the host.
const (
	overheadGPU   = 457 * mib
	overheadMetal = 512 * mib
	overheadHost  = 150 * mib
	// fitMargin is the memory llama.cpp's --fit (on by default) leaves free
	// on every device: -fitt, default 1024 MiB (common/fit.cpp targets =
	// free − margin; docs/estimation.md §3.3). Placement keeps it free too,
	// which also absorbs a desktop's and the driver's small allocations.
	fitMargin = 1024 * mib
)

func deviceOverhead(backend string) int64 {
	if strings.EqualFold(backend, "metal") {
		return overheadMetal
	}
	return overheadGPU
}

// graph sizes one model's compute buffers at one context.
type graph struct {
	full      int64 // device buffer when the whole model is offloaded (the output device)
	layer     int64 // device buffer of a device holding layers but not the output
	partialHd int64 // device buffer with host-resident weights, before the staging copy
	hostFull  int64 // host buffer when fully offloaded (inputs)
	hostCPU   int64 // host buffer when layers or the output run on the CPU
	output    int64 // logits buffer (host): n_seq × n_vocab × 4
}

// graphFor follows Ollama's GraphSize (fs/ggml/ggml.go) for the
// no-flash-attention case, which reproduces llama.cpp's logged buffers
// (Llama-3-8B at 8k: 4·512·(1+4e+c·(1+h)) = 560.00 MiB), and gguf-parser's
// flash-attention graph: max(activations of one layer with the F16 mask,
// logits 4·b·(e+V)) (258.5 MiB for Llama-3-8B). With allLogits false the
// graph holds logits for one token per sequence only (llama-server since
// llama.cpp PR #23861), 4·np·(e+V).
func (p *plan) graphFor(kv *kvShape, np int64, fa, allLogits bool) graph {
	var g graph
	c := kv.nkv
	// Compressed attention runs over the window and every compressed row,
	// the indexer's top-k applied as a mask (src/models/deepseek4.cpp;
	// estimate/testdata/dsv4_compute.md).
	c += kv.indexCells
	ub := kv.ub
	if ub <= 0 {
		ub = ubatch
	}
	b := min64(ub, c)
	if b <= 0 {
		b = ub
	}
	e, V, h := p.e, p.vocab, p.heads
	logits := 4 * b * (e + V)
	if !allLogits {
		logits = 4 * min64(np, b) * (e + V)
	}
	act := 4*b*(2*e+p.qDim+2*p.kvHeads*p.headDim) + 8*b*p.ffnAct
	// A gated delta-net layer holds about four F32 copies of its
	// convolution channels per token (projected, convolved, split into
	// q/k/v, gated output): fitted on the one published figure, llama.cpp
	// issue #23527 (Qwen3.6-35B-A3B, -ub 4096, 150k cells, q8_0: CUDA0
	// compute 1982 MiB with one token's logits; 1444 without this term).
	act += 16 * b * p.deltaConv
	// The lightning indexer's F32 score of every compressed row, two more
	// F16 mask copies and the copied key block: the fused indexer of
	// b10032 on (PR #25545), read from the graph code as an upper bound.
	// Earlier CUDA builds held 64 heads of scores twice over, 4 GiB a
	// copy at -c 131072 -ub 512 (issue #25468): not modelled.
	act += b*kv.indexCells*(4+2*2) + kv.indexCells*2*p.headDim
	var layer int64
	if fa {
		layer = 2*b*c + act // F16 KQ mask [n_kv × n_tokens]
	} else {
		layer = 4 * b * (1 + 4*e + c*(1+h)) // KQ [n_kv, n_tokens, n_head] F32 + mask
		if p.fusedQKV {
			// Q is a view of the fused attn_qkv output, which keeps its K
			// and V parts alive through KQ: Pythia 2.8B logs 162.00 MiB
			// on a V100 at 2k context, 152 + 2·4·512·2560 B
			// (hard_cases.csv llamacpp_buffers-16).
			layer += 4 * b * 2 * p.kvHeads * p.headDim
		}
		if act > layer {
			layer = act
		}
	}
	if p.attnLayers == 0 {
		layer = act
	}
	g.layer = layer
	g.full = max64(layer, logits)
	// Partial offload: Ollama's partial graph 4·b·e + max(layer, logits +
	// the output weight staged on the GPU); the staging copy is added per
	// quant in placement.go because it depends on the weight size.
	g.partialHd = 4*b*e + max64(layer, logits)
	g.hostFull = 4*b*e + 2*b*c
	g.hostCPU = max64(layer, logits) + 4*b*e
	g.output = np * V * 4
	return g
}

// tokenizerBytes: gguf-parser counts V·(8+32+56) B of vocabulary tables.
func (p *plan) tokenizerBytes() int64 { return p.vocab * 96 }

// visionBytes is the vision projector (mmproj) llama.cpp loads on the main
// GPU for vision models: the encoder in F16.
func (p *plan) visionBytes() int64 {
	v := p.a.Vision
	if v == nil {
		return 0
	}
	n := v.Params
	if n <= 0 && v.Layers > 0 && v.HiddenSize > 0 {
		h := int64(v.HiddenSize)
		n = int64(v.Layers) * 12 * h * h // ViT block: 4h² attention + 8h² MLP
	}
	return 2 * n
}
