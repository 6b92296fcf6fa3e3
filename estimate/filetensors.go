package estimate

import (
	"errors"
	"fmt"

	"github.com/fitcheck/fitcheck/catalog"
)

// FileTensors is the exact storage of one model file (a GGUF, all of its
// split parts together), as its header lists it. Handed to EstimateFile it
// replaces the weights the estimator would otherwise derive from the
// architecture and llama.cpp's quantizer rules: a file on disk is sized by
// what it holds, not by what a file of its type usually holds.
type FileTensors struct {
	Quant string // the file's type as its header names it, e.g. "Q4_K_M" (the result's Quant)

	// Layers[i] is the bytes of the tensors of repeating layer i (blk.i.*);
	// len(Layers) must equal the architecture's layer count.
	Layers []int64
	// Experts[i] is the routed-expert part of Layers[i] (ffn_*_exps);
	// nil or all zero for a dense model.
	Experts []int64

	Embedding  int64 // token_embd and other input-side tensors llama.cpp keeps in host memory
	Output     int64 // output (lm_head); 0 when the file ties it to the embedding
	OutputNorm int64 // output_norm and the other non-layer tensors loaded with the output layer
	Tied       bool  // no output tensor: llama.cpp loads a copy of token_embd on the output device

	MaxTensor int64 // the largest single layer tensor (the staging copy of partial-offload prefill)
	// MMQExtra is the repeating layers' extra prefill cost under CUDA: the
	// mean over their matrices' elements of CUDAPrefillExtra of each
	// tensor's type (0: every type at Q4_0's rate, or not known).
	MMQExtra float64
	Q6KExtra float64 // the Q6_K tensors' part of MMQExtra
	// FallbackElems counts the layer matrices' elements that llama-quantize
	// stored in a fallback type (FallbackTensor), by type name ("Q5_0");
	// LayerElems is all of the layer matrices' elements. The CPU's prefill
	// rate mixes the fallback types' rates in (cpu_fallback.go).
	FallbackElems map[string]int64
	LayerElems    int64
}

// Total is the tensor bytes of the file(s): the download size less the
// header and its padding.
func (f *FileTensors) Total() int64 {
	var t int64
	for _, b := range f.Layers {
		t += b
	}
	return t + f.Embedding + f.Output + f.OutputNorm
}

// EstimateFile estimates the model m stored as the file described by ft,
// for llama.cpp (a GGUF runs on llama.cpp and the engines built on it). The
// architecture (KV cache, compute buffers, speed) comes from m; the weights,
// layer by layer, from ft exactly. The error is for bad input only.
func EstimateFile(m *catalog.Model, ft *FileTensors, hw Hardware, s Settings) (Result, error) {
	return new(Estimator).EstimateFile(m, ft, hw, s)
}

// EstimateFile is the package function EstimateFile with x's scratch (a
// file's plan is never cached: it is estimated once per call).
func (x *Estimator) EstimateFile(m *catalog.Model, ft *FileTensors, hw Hardware, s Settings) (Result, error) {
	if x == nil {
		x = new(Estimator)
	}
	if ft == nil {
		return Result{}, errors.New("no file tensors")
	}
	s, err := normalize(s)
	if err != nil {
		return Result{}, err
	}
	if s.Engine != EngineLlamaCpp {
		return Result{}, fmt.Errorf("a GGUF file runs on llama.cpp, not %s", s.Engine)
	}
	if err := checkHardware(&hw); err != nil {
		return Result{}, err
	}
	p, err := newPlan(m)
	if err != nil {
		return Result{}, err
	}
	e := newEntry(m, p) // not cached: a file is estimated once per call
	w, err := fileWeights(p, ft)
	if err != nil {
		return Result{}, err
	}
	sc := x.getScratch()
	defer x.scratch.Put(sc)
	r := sc.reset(e, &hw, s)
	r.devArena, r.splitArena = nil, nil
	res := Result{
		Quant:       ft.Quant,
		Engine:      EngineLlamaCpp,
		FileBytes:   w.file,
		TotalLayers: p.nLayer + 1,
		KVCacheType: r.kvTypeName(),
		Context:     r.s.Context,
	}
	if lookup, ok := LookupQuant(ft.Quant); ok {
		res.QualityRank = lookup.Rank
	}
	if p.totalParams > 0 {
		res.BitsPerWeight = float64(w.file) * 8 / float64(p.totalParams)
	}
	// The same steps as run.estimate, with the file's weights.
	pl := &r.pl
	verdict := r.bestPlacement(w, pl)
	r.fill(&res, w, pl, verdict)
	if verdict != VerdictNo {
		res.MaxContext = r.maxContext(w, verdict)
	}
	return res, nil
}

// fileWeights builds the estimator's prefix sums from a file's tensors.
func fileWeights(p *plan, ft *FileTensors) (*weights, error) {
	n := p.nLayer
	if len(ft.Layers) != n {
		return nil, fmt.Errorf("file lists %d layers, the architecture %d", len(ft.Layers), n)
	}
	if ft.Experts != nil && len(ft.Experts) != n {
		return nil, fmt.Errorf("file lists experts for %d layers, the architecture has %d", len(ft.Experts), n)
	}
	if ft.Embedding < 0 || ft.Output < 0 || ft.OutputNorm < 0 || ft.MaxTensor < 0 {
		return nil, errors.New("negative tensor bytes")
	}
	if !(ft.MMQExtra >= 0 && ft.MMQExtra <= 1 && ft.Q6KExtra >= 0 && ft.Q6KExtra <= ft.MMQExtra) {
		return nil, fmt.Errorf("extra CUDA prefill cost %v (of it Q6_K %v) outside [0, 1]", ft.MMQExtra, ft.Q6KExtra)
	}
	w := &weights{cumLayer: make([]int64, n+1), maxT: ft.MaxTensor, mmqExtra: ft.MMQExtra, q6Extra: ft.Q6KExtra}
	fb, err := fileFallbackShares(ft)
	if err != nil {
		return nil, err
	}
	w.fellBack = fb
	w.cumActive = w.cumLayer
	moe := p.nExpert > 0 && ft.Experts != nil
	if moe {
		w.cumActive = make([]int64, n+1)
	}
	if moe { // as run.estimate: the placement may keep some layers' experts in RAM (--n-cpu-moe)
		w.cumExpert, w.cumExpAct = make([]int64, n+1), make([]int64, n+1)
	}
	for i, b := range ft.Layers {
		if b < 0 {
			return nil, fmt.Errorf("layer %d: negative bytes", i)
		}
		w.cumLayer[i+1] = w.cumLayer[i] + b
		if !moe {
			continue
		}
		x := ft.Experts[i]
		if x < 0 || x > b {
			return nil, fmt.Errorf("layer %d: expert bytes %d outside [0, %d]", i, x, b)
		}
		// Per token only the used experts are read (as run.estimate assumes
		// for a derived file).
		xa := x * int64(p.expertsUsed) / int64(p.nExpert)
		w.cumActive[i+1] = w.cumActive[i] + b - x + xa
		if w.cumExpert != nil {
			w.cumExpert[i+1] = w.cumExpert[i] + x
			w.cumExpAct[i+1] = w.cumExpAct[i] + xa
		}
	}
	w.embd = ft.Embedding
	if ft.Tied || ft.Output == 0 {
		w.output = ft.Embedding + ft.OutputNorm // the duplicated copy on the output device
		w.outCPU = ft.OutputNorm
	} else {
		w.output = ft.Output + ft.OutputNorm
		w.outCPU = w.output
	}
	w.file = ft.Total()
	return w, nil
}
