package estimate

import (
	"cmp"
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// fileMix is what a source states of a mixture file: the types of every
// non-expert matrix of the repeating layers (attention, SSM, shared expert,
// router), of the output head and of the embedding; or, where a header
// ledger gives only the split, the routed experts' total bytes (experts),
// the rest then being the non-expert part in the plain type's proportions.
type fileMix struct {
	nonExpert, output, embedding ggmlType
	experts                      int64 // > 0: the experts' bytes as the source states them
	source                       string
}

// fileMixes are the mixture files of hard_cases.csv whose make-up a source
// states, keyed by the row's file_bytes (each is one file). The sources are
// gathered in testdata/gguf_mixes.csv.
var fileMixes = map[int64]fileMix{
	// unsloth Qwen3.6-35B-A3B-UD-Q4_K_M.gguf of the MTP repo (rev
	// 5bc3e238): the GGML_VK_PERF_LOGGER profile of a token shows the
	// attention, SSM and shared-expert weights as MUL_MAT_VEC q8_0 and the
	// output head as q6_K.
	22663387424: {nonExpert: tQ8_0, output: tQ6_K, embedding: tQ8_0, source: "https://github.com/voxlo-dev/qwen-agent-8gb/blob/58f4dda3f74a70a729faf1cc3d6cd1c9397aba7d/docs/qwen.md"},
	// The same recipe without the MTP block: a header dump of unsloth's
	// UD-Q4_K_M of Qwen-AgentWorld-35B-A3B (the same architecture, 288 bytes
	// from this file's size) lists 251 Q8_0 tensors of 2.03 GB (every
	// non-expert matrix and token_embd), output Q6_K, experts Q4_K/Q5_K/Q6_K
	// of 19.57e9 B, which this file's own llama.cpp override lines match.
	22119081574: {nonExpert: tQ8_0, output: tQ6_K, embedding: tQ8_0, source: "https://github.com/avifenesh/memra/blob/f54b00567216dc23294f4ef40f9c969d7b862915/research/agentworld-20260802/aw-tensor-dump.txt"},
	// Cyber-Tiel-Coder-35B-A3B-MTP-UD-IQ4_XS.gguf: its header ledger gives
	// experts 14.123 GiB (15,164,455,780 B) and the rest 2.380 GiB, the MTP
	// block's 0.363 GiB included.
	17719961321: {experts: 15164455780, source: "https://github.com/kokodayyyo/Customize-inference-for-Tiel-Coder-35B-A3B-with-131k-context-for-4060--32G-RAM-/blob/06bebf1eaaa884c3f6f3c7512ac338e6585c5bfd/README.md"},
	// Cyber-Tiel-Coder-35B-A3B.APEX-I-MiniPlus-V2.1.gguf: experts 12.19 GiB,
	// attention, linear attention, embedding and shared expert 1.54 GiB.
	14753212662: {experts: 13088962560, source: "https://github.com/kokodayyyo/Customize-inference-for-Tiel-Coder-35B-A3B-with-131k-context-for-4060--32G-RAM-/blob/06bebf1eaaa884c3f6f3c7512ac338e6585c5bfd/README.md"},
	// unsloth Qwen3.6-35B-A3B-UD-Q4_K_XL.gguf of the MTP repo: each expert
	// layer moved to the card costs 463.4 MiB, "the full expert mass is
	// 18.4 GiB on top of a 2.86 GiB non-expert base" (VRAM steps).
	22849226015: {experts: 19756849561, source: "https://github.com/Yugendren/q27b-on-12gb/blob/559f54eec10eb2a5d1a932202e23e789b0e38195/results/cert_35ba3b.md"},
	// unsloth Qwen3.6-35B-A3B-UD-Q4_K_XL.gguf of the plain repo, 22,349,466,112
	// B as llama-bench reads it (offload_decode-185): the MTP repo's file
	// less its MTP block (499.8 MB). The same source's VRAM steps give the
	// expert mass of 41 blocks, the MTP block's included (gguf_mixes.csv),
	// so the 40 loaded layers hold 40/41 of 18.4 GiB, 481.9 MB a layer,
	// which the measured step of 463.4 MiB (485.9 MB) matches within 1 %.
	// (The MTP file above spreads all 41 blocks' mass over its 40 layers,
	// 2.5 % a layer too much by this reading; left as it was, its rows are
	// within ±3 %.)
	22349466112: {experts: 19276000000, source: "https://github.com/Yugendren/q27b-on-12gb/blob/559f54eec10eb2a5d1a932202e23e789b0e38195/results/cert_35ba3b.md"},
	// unsloth Qwen3.6-35B-A3B-UD-Q4_K_M.gguf of the plain repo as a later
	// revision has it (22,134,528,992 B, sha256 ac0e2c11…31a61): an RTX 3060
	// held 2,477 MiB after loading it at --n-cpu-moe 40 and 9,973 MiB at 24
	// (llama-server -c 4096 both times), 468.5 MiB a layer of experts, 40 ×
	// 468.5 MiB = 19.65e9 B, within 0.4 % of the same recipe's header dump
	// above (gguf_mixes.csv).
	22134528992: {experts: 19650363392, source: "https://github.com/msb-msb/insiderllm-bench-results/blob/bbd4fae677cf03ac08f581fb563a70150cb8bdb2/rushuna-3060-qwen36-ncmoe-2026-09-11/nohup.out"},
	// unsloth Qwen3.5-122B-A10B-UD-IQ4_XS.gguf (3 shards, 60,229,510,432
	// B): "experts 53.75GB + trunk 6.46GB", computed from the GGUF.
	60229510432: {experts: 53750000000, source: "https://github.com/avifenesh/memra/blob/f54b00567216dc23294f4ef40f9c969d7b862915/research/122b-bringup-20260806/PROGRESS.md"},
}

// mixedFile stands in for a mixture file whose tensor types a source
// states (fileMix): every non-expert matrix of the repeating layers at
// mix.nonExpert, the output head at mix.output, norms and other F32 tensors
// as they are, the embedding at mix.embedding, and the
// routed experts, layer by layer in the plain type's proportions, scaled to
// what remains of the stated size.
func mixedFile(t *testing.T, m *catalog.Model, quant string, size int64, mix fileMix) *FileTensors {
	t.Helper()
	p, w := plainFile(t, m, quant)
	if w.cumExpert == nil {
		t.Fatalf("%s: a file mix needs a model with routed experts", m.ID)
	}
	if mix.experts > 0 {
		return splitFile(t, &w, p.nLayer, quant, size, mix.experts)
	}
	kindBytes := make([]int64, len(p.kinds))
	var maxT int64
	for k := range p.kinds {
		lk := &p.kinds[k]
		for j := range lk.tensors {
			if tn := &lk.tensors[j]; !tn.expert {
				b := bytesOf(mix.nonExpert, tn.n)
				kindBytes[k] += b
				maxT = max64(maxT, b)
			}
		}
		kindBytes[k] += lk.f32 * typeTraits[tF32].bytes
	}
	norm := p.e * typeTraits[tF32].bytes
	ft := &FileTensors{Quant: quant, Embedding: bytesOf(mix.embedding, p.embd.n)}
	if p.tied {
		ft.Tied, ft.OutputNorm = true, norm
	} else {
		ft.Output = bytesOf(mix.output, p.output.n) + norm
	}
	rest := size - ft.Embedding - ft.Output - ft.OutputNorm
	nonExp := make([]int64, p.nLayer)
	for i, j := range p.pairOf {
		nonExp[i] = kindBytes[p.pairs[j].kind]
		rest -= nonExp[i]
	}
	planExp := w.cumExpert[p.nLayer]
	if rest <= 0 || planExp <= 0 {
		t.Fatalf("%s: the stated mix leaves %d bytes for the experts", m.ID, rest)
	}
	f := float64(rest) / float64(planExp)
	for i := range p.nLayer {
		e := int64(float64(rangeSum(w.cumExpert, i, i+1)) * f)
		ft.Experts = append(ft.Experts, e)
		ft.Layers = append(ft.Layers, nonExp[i]+e)
	}
	ft.MaxTensor = max64(maxT, int64(float64(w.maxT)*f))
	return ft
}

// splitFile is a file whose routed experts' total a source states: the
// experts, layer by layer in the plain type's proportions, scaled to it,
// and the rest of the layers, the embedding and the output scaled
// together to what remains of the size.
func splitFile(t *testing.T, w *weights, nLayer int, quant string, size, experts int64) *FileTensors {
	t.Helper()
	planExp := w.cumExpert[nLayer]
	planRest := w.file - planExp
	if experts >= size || planExp <= 0 || planRest <= 0 {
		t.Fatalf("experts of %d bytes do not fit a file of %d", experts, size)
	}
	fe := float64(experts) / float64(planExp)
	fr := float64(size-experts) / float64(planRest)
	ft := &FileTensors{Quant: quant, Embedding: int64(float64(w.embd) * fr)}
	if w.output == w.embd+w.outCPU {
		ft.Tied, ft.OutputNorm = true, int64(float64(w.outCPU)*fr)
	} else {
		ft.Output = int64(float64(w.output) * fr)
	}
	for i := range nLayer {
		e := rangeSum(w.cumExpert, i, i+1)
		rest := rangeSum(w.cumLayer, i, i+1) - e
		ft.Experts = append(ft.Experts, int64(float64(e)*fe))
		ft.Layers = append(ft.Layers, int64(float64(e)*fe)+int64(float64(rest)*fr))
	}
	ft.MaxTensor = int64(float64(w.maxT) * max(fe, fr))
	return ft
}

// TestMixedFileSize: every stated file adds up to its size; the split files
// keep the stated expert bytes; the Q8_0 recipe of UD-Q4_K_M leaves the
// experts within 2 % of what a header dump of that recipe lists.
func TestMixedFileSize(t *testing.T) {
	cat := catalogtest.Builtin(t)
	models := map[int64]string{60229510432: "Qwen/Qwen3.5-122B-A10B"}
	quants := map[int64]string{17719961321: "IQ4_XS", 14753212662: "Q3_K_M", 60229510432: "IQ4_XS"}
	for size, mix := range fileMixes {
		id, q := cmp.Or(models[size], "Qwen/Qwen3.6-35B-A3B"), cmp.Or(quants[size], "Q4_K_M")
		m := hardModel(t, cat, id)
		ft := mixedFile(t, m, q, size, mix)
		if got := ft.Total(); got < size-2*int64(len(ft.Layers))-2 || got > size {
			t.Errorf("%d: the file totals %d bytes", size, got)
		}
		var exp int64
		for _, e := range ft.Experts {
			exp += e
		}
		switch {
		case mix.experts > 0:
			if exp < mix.experts-int64(len(ft.Experts)) || exp > mix.experts {
				t.Errorf("%d: experts %d bytes, the source %d", size, exp, mix.experts)
			}
		case size == 22119081574:
			// The header dump's experts: 19,568,525,312 B.
			if math.Abs(float64(exp)/19568525312-1) > 0.02 {
				t.Errorf("UD-Q4_K_M: experts %d bytes, the header dump 19568525312", exp)
			}
		}
	}
	m := hardModel(t, cat, "Qwen/Qwen3.6-35B-A3B")
	const size = 22663387424
	mixed, scaled := mixedFile(t, m, "Q4_K_M", size, fileMixes[size]), scaledFile(t, m, "Q4_K_M", size)
	if mixNon, scNon := mixed.Layers[0]-mixed.Experts[0], scaled.Layers[0]-scaled.Experts[0]; mixNon <= scNon {
		t.Errorf("Q8_0 non-expert layer 0: %d bytes, not above the scaled Q4_K_M's %d", mixNon, scNon)
	}
}
