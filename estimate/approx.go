package estimate

import (
	"math"
	"slices"

	"github.com/fitcheck/fitcheck/catalog"
)

// A model whose architecture fitcheck does not know (catalog.UnknownArch in
// its Unknown list: a Hugging Face model of a new type) is still estimated,
// never refused: from the generic shape its config gives, or, when even
// that is missing, from a stand-in dense shape sized to its parameter
// count. Either way each result's basis starts with "approximate: unknown
// architecture X", so no one mistakes it for a modelled estimate.

// approximate returns the model to estimate in m's place and the basis
// prefix, or ok false when m's architecture is known (or nothing at all is
// known about its size).
func approximate(m *catalog.Model) (sub *catalog.Model, prefix string, ok bool) {
	if m == nil || !m.IsUnknown(catalog.UnknownArch) {
		return nil, "", false
	}
	c := *m
	c.Unknown = slices.DeleteFunc(slices.Clone(m.Unknown), func(u string) bool { return u == catalog.UnknownArch })
	prefix = "approximate: unknown architecture " + m.Arch.ModelType + "; "
	a := &m.Arch
	if a.Layers > 0 && a.HiddenSize > 0 && a.VocabSize > 0 && a.Heads > 0 && (a.IntermediateSize > 0 || a.MoE != nil) {
		return &c, prefix, true // the config's generic keys; weights rescaled to ParamsTotal
	}
	if m.ParamsTotal <= 0 {
		return nil, "", false
	}
	c.Arch = standIn(m.ParamsTotal, a)
	c.ParamsActive = nil
	return &c, prefix + "stand-in dense shape from the parameter count; ", true
}

// standIn is a Llama-like dense shape with about params parameters: 12·h²
// per layer (4·h² attention, 8·h² gated FFN) and layers = h/128, so
// params ≈ 12·h³/128. Every head keeps its own KV (no GQA): the cache is
// an upper bound rather than a guess at sharing the model may not do.
func standIn(params int64, given *catalog.Arch) catalog.Arch {
	h := int(math.Cbrt(float64(params)*128/12)/128+0.5) * 128
	h = max(h, 256)
	layers := max(1, int(math.Round(float64(params)/(12*float64(h)*float64(h)))))
	heads := h / 128
	return catalog.Arch{
		ModelType: given.ModelType, Layers: layers, HiddenSize: h, Heads: heads, KVHeads: heads, HeadDim: 128,
		IntermediateSize: 8 * h / 3, VocabSize: 32000, ContextLength: given.ContextLength,
	}
}

func labelApprox(rs []Result, prefix string) []Result {
	for i := range rs {
		rs[i].Basis = prefix + rs[i].Basis
	}
	return rs
}
