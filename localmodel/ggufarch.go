package localmodel

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	ggufparser "github.com/gpustack/gguf-parser-go"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// describe fills g from the parsed header: the architecture as a catalog
// entry (KV layout, experts, recurrent state: what the estimator derives
// memory and speed from) and the exact bytes of every tensor.
func (g *GGUF) describe(gf *ggufparser.GGUFFile) error {
	if err := checkBlockCount(gf); err != nil {
		return err
	}
	ga := gf.Architecture()
	if ga.Type != "model" {
		return fmt.Errorf("a GGUF %s (%s), not a language model", ga.Type, ga.Architecture)
	}
	md := gf.Metadata()
	g.Arch = ga.Architecture
	g.Quant = quantName(md.FileType)
	g.Name = md.Name
	if g.Name == "" {
		g.Name = fileStem(g.Path)
	}
	g.BaseRepos = baseRepos(gf)
	g.Params = int64(min(gf.ModelParameters, 1<<62))

	n := int(min(ga.BlockCount, 4096))
	if n <= 0 {
		return errNoLayers
	}
	ft := estimate.FileTensors{Quant: g.Quant, Layers: make([]int64, n), Experts: make([]int64, n)}
	var expertElems, expertFFN, vocab, embd, sum int64
	var layerElems int64          // the layers' matrices
	var mmqExtra, q6Extra float64 // their extra CUDA prefill cost, in elements (estimate.CUDAPrefillExtra), and its Q6_K part
	moeLayers := 0
	hasOutput := false
	hasV := make([]bool, n) // layers with an attn_v tensor (Gemma 4's global layers have none)
	for i := range gf.TensorInfos {
		ti := &gf.TensorInfos[i]
		b := int64(min(ti.Bytes(), 1<<62))
		// Tensors the file cannot hold: a corrupt or crafted header (the
		// running sum stays below the file size, so it cannot overflow).
		if sum += b; b > g.FileBytes || sum > g.FileBytes {
			return fmt.Errorf("tensor %q: the tensors declare more bytes than the file holds (%d)", ti.Name, g.FileBytes)
		}
		name := ti.Name
		switch {
		case strings.HasPrefix(name, "blk."):
			rest := name[4:]
			dot := strings.IndexByte(rest, '.')
			li, err := strconv.Atoi(rest[:max(dot, 0)])
			if dot < 0 || err != nil || li < 0 || li >= n {
				ft.OutputNorm += b // not a layer llama.cpp places: loaded with the output
				continue
			}
			ft.Layers[li] += b
			ft.MaxTensor = max(ft.MaxTensor, b)
			if strings.HasPrefix(rest[dot:], ".attn_v.") {
				hasV[li] = true
			}
			if ti.NDimensions >= 2 {
				e := int64(min(ti.Elements(), 1<<62))
				layerElems += e
				if tn := ti.Type.String(); estimate.FallbackTensor(g.Quant, tn, int64(ti.Dimensions[0])) {
					if ft.FallbackElems == nil {
						ft.FallbackElems = map[string]int64{}
					}
					ft.FallbackElems[tn] += e
				}
				x := float64(e) * estimate.CUDAPrefillExtra(ti.Type.String())
				mmqExtra += x
				if ti.Type == ggufparser.GGMLTypeQ6_K {
					q6Extra += x
				}
			}
			if strings.Contains(rest[dot:], "_exps") {
				if ft.Experts[li] == 0 {
					moeLayers++
				}
				ft.Experts[li] += b
				expertElems += int64(min(ti.Elements(), 1<<62))
				if strings.HasPrefix(rest[dot:], ".ffn_down_exps") && ti.NDimensions == 3 {
					expertFFN = int64(ti.Dimensions[0]) // {n_ff_exp, n_embd, n_expert}
				}
			}
		case name == "token_embd.weight":
			ft.Embedding += b
			if ti.NDimensions == 2 {
				embd, vocab = int64(ti.Dimensions[0]), int64(ti.Dimensions[1])
			}
		case strings.HasPrefix(name, "token_embd") || strings.HasPrefix(name, "per_layer_token_embd"):
			ft.Embedding += b // input-side: kept in host memory with token_embd
		case name == "output.weight":
			ft.Output += b
			hasOutput = true
		default:
			ft.OutputNorm += b
		}
	}
	if g.Params/8 > sum { // no ggml type stores a weight in less than a bit
		return fmt.Errorf("the tensors declare %d weights in %d bytes", g.Params, sum)
	}
	if layerElems > 0 {
		ft.MMQExtra, ft.Q6KExtra = mmqExtra/float64(layerElems), q6Extra/float64(layerElems)
	}
	ft.LayerElems = layerElems
	ft.Tied = !hasOutput
	if moeLayers == 0 {
		ft.Experts = nil
	}
	g.Tensors = ft

	a := catalog.Arch{
		ModelType:      ga.Architecture,
		Layers:         n,
		HiddenSize:     int(ga.EmbeddingLength),
		Heads:          int(ga.AttentionHeadCount),
		KVHeads:        int(ga.AttentionHeadCountKV),
		HeadDim:        int(ga.AttentionKeyLength),
		VocabSize:      int(ga.VocabularyLength),
		TiedEmbeddings: ft.Tied,
		ContextLength:  int(min(ga.MaximumContextLength, 1<<24)),
	}
	if len(ga.FeedForwardLength) > 0 {
		a.IntermediateSize = int(slices.Max(ga.FeedForwardLength))
	}
	if a.HiddenSize == 0 {
		a.HiddenSize = int(embd)
	}
	if a.VocabSize == 0 {
		a.VocabSize = int(vocab)
	}
	if ga.AttentionSlidingWindow > 0 {
		swa := 0
		for _, on := range ga.AttentionSlidingWindowLayers {
			if on {
				swa++
			}
		}
		if swa > 0 { // a window with no layout: every layer full (the larger cache)
			a.SlidingWindow, a.SWALayers = int(ga.AttentionSlidingWindow), min(swa, n)
			globalShape(&a, &ga, hasV)
		}
	}
	if ga.AttentionKeyValueLORARank > 0 {
		rope := int(ga.RoPEDimensionCount)
		k := int(ga.AttentionKeyLengthMLA)
		if k == 0 {
			k = int(ga.AttentionKeyLength)
		}
		v := int(ga.AttentionValueLengthMLA)
		if v == 0 {
			v = int(ga.AttentionValueLength)
		}
		a.MLA = &catalog.MLA{KVLoraRank: int(ga.AttentionKeyValueLORARank), QLoraRank: int(ga.AttentionQueryLORARank),
			QKRopeHeadDim: rope, QKNopeHeadDim: k - rope, VHeadDim: v}
		a.HeadDim = k
	}
	if ga.ExpertCount > 0 && moeLayers > 0 {
		ff := int(ga.ExpertFeedForwardLength)
		if expertFFN > 0 {
			ff = int(expertFFN)
		}
		a.MoE = &catalog.MoE{Experts: int(ga.ExpertCount), ExpertsPerToken: int(ga.ExpertUsedCount),
			SharedExperts: int(ga.ExpertSharedCount), ExpertFFN: ff, SharedExpertFFN: int(ga.ExpertSharedFeedForwardLength)}
		if moeLayers < n {
			first := slices.IndexFunc(g.Tensors.Experts, func(b int64) bool { return b > 0 })
			a.MoE.DenseLayers = first
			if moeLayers < n-first {
				a.MoE.MoELayers = moeLayers
			}
		}
		if a.MoE.ExpertsPerToken <= 0 || a.MoE.ExpertsPerToken > a.MoE.Experts {
			return fmt.Errorf("%s.expert_used_count %d is not in [1, %d]", g.Arch, a.MoE.ExpertsPerToken, a.MoE.Experts)
		}
	}
	a.Recurrent = recurrent(&ga, n)
	if err := sane(&a); err != nil {
		return err
	}

	active := g.Params
	if a.MoE != nil {
		active -= expertElems - expertElems*int64(a.MoE.ExpertsPerToken)/int64(a.MoE.Experts)
	}
	g.Model = catalog.Model{
		ID:          fileStem(g.Path),
		Name:        strings.TrimSpace(g.Name + " " + g.Quant),
		Family:      g.Arch,
		Modality:    "text",
		ParamsTotal: g.Params,
		Arch:        a,
		Quants:      []string{g.Quant},
		Sources:     catalog.Sources{Config: "file://" + absPath(g.Path)},
		Unknown:     []string{"licence", "organisation", "origin_country", "released"},
		Notes:       "sized from the GGUF header: " + strconv.Itoa(len(gf.TensorInfos)) + " tensors",
	}
	if a.MoE != nil {
		g.Model.ParamsActive = &active
	}
	return nil
}

// globalShape reads the full-attention layers' own head shape beside
// sliding-window layers (Gemma 4): llama.cpp's converter writes the global
// head size as attention.key_length and the sliding one as
// key_length_swa, and the KV heads per layer. The catalog keeps the
// sliding shape in HeadDim/KVHeads and the global one apart; a global
// layer without attn_v uses K as V (catalog.Arch.GlobalSharedKV).
func globalShape(a *catalog.Arch, ga *ggufparser.GGUFArchitecture, hasV []bool) {
	if a.SWALayers >= a.Layers {
		return
	}
	swaLayer, fullLayer := -1, -1
	for i, on := range ga.AttentionSlidingWindowLayers[:min(len(ga.AttentionSlidingWindowLayers), a.Layers)] {
		if on && swaLayer < 0 {
			swaLayer = i
		}
		if !on && fullLayer < 0 {
			fullLayer = i
		}
	}
	if swaLayer < 0 || fullLayer < 0 {
		return
	}
	if k, ks := int(ga.AttentionKeyLength), int(ga.AttentionKeyLengthSWA); ks > 0 && k > 0 && ks != k {
		a.HeadDim, a.GlobalHeadDim = ks, k
	}
	if kvs := ga.AttentionHeadCountKVs; fullLayer < len(kvs) && swaLayer < len(kvs) && kvs[swaLayer] > 0 && kvs[fullLayer] > 0 && kvs[swaLayer] != kvs[fullLayer] {
		a.KVHeads, a.GlobalKVHeads = int(kvs[swaLayer]), int(kvs[fullLayer])
	}
	if (a.GlobalHeadDim > 0 || a.GlobalKVHeads > 0) && fullLayer < len(hasV) && hasV[swaLayer] && !hasV[fullLayer] {
		a.GlobalSharedKV = true
	}
}

// checkBlockCount refuses a block_count the parser would allocate
// per-layer slices for before checking it: every *.block_count key, since
// the parser picks the architecture itself (llama when none is named).
func checkBlockCount(gf *ggufparser.GGUFFile) error {
	for _, kv := range gf.Header.MetadataKV {
		if !strings.HasSuffix(kv.Key, ".block_count") {
			continue
		}
		if !kv.ValueType.IsNumeric() {
			return fmt.Errorf("%s is a %v, not a number", kv.Key, kv.ValueType)
		}
		if n := ggufparser.ValueNumeric[float64](kv); !(n >= 0 && n <= maxBlocks) {
			return fmt.Errorf("%s %.0f out of range (at most %d)", kv.Key, n, maxBlocks)
		}
	}
	return nil
}

// recurrent describes the state-space or linear-attention layers of a
// hybrid or recurrent model from its ssm.* / wkv.* keys: which layers hold
// no KV cache (head_count_kv 0 in the per-layer array), and their state.
func recurrent(ga *ggufparser.GGUFArchitecture, n int) *catalog.Recurrent {
	nr := 0
	switch {
	case len(ga.AttentionHeadCountKVs) > 0:
		for _, kv := range ga.AttentionHeadCountKVs[:min(len(ga.AttentionHeadCountKVs), n)] {
			if kv == 0 {
				nr++
			}
		}
	case ga.AttentionRecurrent:
		nr = n
	case ga.FullAttentionInterval > 1:
		nr = n - n/int(ga.FullAttentionInterval)
	}
	if nr == 0 {
		return nil
	}
	r := &catalog.Recurrent{Layers: nr, StateSize: int(ga.SSMStateSize), ConvKernel: int(ga.SSMConvolutionKernel),
		Groups: int(ga.SSMGroupCount)}
	heads, inner := int(ga.SSMTimeStepRank), int(ga.SSMInnerSize)
	switch arch := ga.Architecture; {
	case strings.Contains(arch, "rwkv"):
		r.Kind, r.HeadDim = "rwkv", int(ga.RWKVHeadSize)
	case strings.HasPrefix(arch, "qwen3next") || strings.HasPrefix(arch, "qwen35"):
		// llama.cpp maps the gated delta-net onto the ssm keys: value heads
		// = time_step_rank, key heads = group_count, key head dim = state_size.
		r.Kind, r.KeyHeads, r.KeyHeadDim = "gated_deltanet", int(ga.SSMGroupCount), int(ga.SSMStateSize)
		r.Heads = heads
		if heads > 0 {
			r.HeadDim = inner / heads
		}
	case arch == "mamba":
		r.Kind = "mamba"
		if e := int(ga.EmbeddingLength); e > 0 {
			r.Expand = inner / e
		}
	default: // mamba2 and its hybrids: heads = time_step_rank
		r.Kind, r.Heads = "mamba2", heads
		if heads > 0 {
			r.HeadDim = inner / heads
		}
	}
	return r
}

// sane rejects headers whose sizes the estimator cannot work with, with a
// message naming the key.
func sane(a *catalog.Arch) error {
	switch {
	case a.HiddenSize <= 0 || a.HiddenSize > 1<<20:
		return fmt.Errorf("%s.embedding_length %d out of range", a.ModelType, a.HiddenSize)
	case a.VocabSize <= 0 || a.VocabSize > 1<<24:
		return fmt.Errorf("vocabulary size %d out of range", a.VocabSize)
	case a.Heads < 0 || a.Heads > 1<<16 || a.KVHeads < 0 || a.KVHeads > 1<<16 || a.HeadDim < 0 || a.HeadDim > 1<<16:
		return fmt.Errorf("%s attention heads out of range", a.ModelType)
	case a.MLA == nil && a.Heads == 0 && (a.Recurrent == nil || a.Recurrent.Layers < a.Layers):
		return fmt.Errorf("%s.attention.head_count missing", a.ModelType)
	case a.MLA != nil && (a.MLA.QKNopeHeadDim <= 0 || a.MLA.VHeadDim <= 0):
		return errors.New("inconsistent MLA key/value lengths")
	}
	return nil
}

// baseRepos are the Hugging Face ids a quantised file names as its origin
// (general.base_model.N.repo_url, written by convert_hf_to_gguf.py).
func baseRepos(gf *ggufparser.GGUFFile) []string {
	var out []string
	for i := range 4 {
		kv, ok := gf.Header.MetadataKV.Get("general.base_model." + strconv.Itoa(i) + ".repo_url")
		if !ok || kv.ValueType != ggufparser.GGUFMetadataValueTypeString {
			continue
		}
		u := kv.ValueString()
		if id, ok := strings.CutPrefix(u, "https://huggingface.co/"); ok && strings.Count(id, "/") == 1 {
			out = append(out, id)
		}
	}
	return out
}

// fileStem is the file name without .gguf and without a split suffix.
func fileStem(path string) string {
	s := strings.TrimSuffix(filepath.Base(path), ".gguf")
	if i := strings.LastIndex(s, "-of-"); i > 6 && s[i-6] == '-' {
		s = s[:i-6]
	}
	return s
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
