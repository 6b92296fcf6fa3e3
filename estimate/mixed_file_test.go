package estimate

import (
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
)

// fileMix is what a source states of a mixture file's tensor types: the
// type of every non-expert matrix of the repeating layers (attention, SSM,
// shared expert, router) and of the output head. The routed experts take
// the rest of the file's stated size.
type fileMix struct {
	nonExpert, output ggmlType
	source            string
}

// fileMixes are the mixture files of hard_cases.csv whose tensor types a
// source states, keyed by the row's file_bytes (each is one file).
var fileMixes = map[int64]fileMix{
	// unsloth Qwen3.6-35B-A3B-UD-Q4_K_M.gguf (MTP repo, rev 5bc3e238): the
	// GGML_VK_PERF_LOGGER profile of a token shows the attention, SSM and
	// shared-expert weights as MUL_MAT_VEC q8_0 and the output head as q6_K.
	22663387424: {tQ8_0, tQ6_K, "https://github.com/voxlo-dev/qwen-agent-8gb/blob/58f4dda3f74a70a729faf1cc3d6cd1c9397aba7d/docs/qwen.md"},
}

// mixedFile stands in for a mixture file whose tensor types a source
// states (fileMix): every non-expert matrix of the repeating layers at
// mix.nonExpert, the output head at mix.output, norms and other F32 tensors
// as they are, the embedding as the plain quant type has it, and the
// routed experts, layer by layer in the plain type's proportions, scaled to
// what remains of the stated size.
func mixedFile(t *testing.T, m *catalog.Model, quant string, size int64, mix fileMix) *FileTensors {
	t.Helper()
	p, err := newPlan(m)
	if err != nil {
		t.Fatal(err)
	}
	qi, ok := lookupQuantIndex(quant)
	if !ok {
		t.Fatalf("unknown quant %s", quant)
	}
	var w weights
	p.computeWeights(&quantTable[qi], EngineLlamaCpp, true, p.nExpert > 0, &w, nil)
	if w.cumExpert == nil {
		t.Fatalf("%s: a file mix needs a model with routed experts", m.ID)
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
	ft := &FileTensors{Quant: quant, Embedding: w.embd}
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

// TestMixedFileSize: a mixed file adds up to the stated size, and the
// non-expert part of a layer is what the mix says.
func TestMixedFileSize(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m := hardModel(t, cat, "Qwen/Qwen3.6-35B-A3B")
	const size = 22663387424
	ft := mixedFile(t, m, "Q4_K_M", size, fileMixes[size])
	if got := ft.Total(); got < size-int64(len(ft.Layers)) || got > size {
		t.Errorf("mixed file totals %d bytes, want %d", got, size)
	}
	sc := scaledFile(t, m, "Q4_K_M", size)
	mixNon := ft.Layers[0] - ft.Experts[0]
	scNon := sc.Layers[0] - sc.Experts[0]
	if mixNon <= scNon {
		t.Errorf("Q8_0 non-expert layer 0: %d bytes, not above the scaled Q4_K_M's %d", mixNon, scNon)
	}
}
