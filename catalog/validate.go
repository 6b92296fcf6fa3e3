package catalog

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/fitcheck/fitcheck/internal/displaytext"
)

// ParamTolerance is how far the parameter count recomputed from the
// architecture may be from the stated count. Biases, norms and small
// projections the formula ignores stay well inside it; a wrong KV-head
// count, head dim or expert width does not.
const ParamTolerance = 0.05

// ActiveParamTolerance is looser than ParamTolerance: vendors round their
// active counts and leave out routers or MTP heads (which embedding
// convention they use is handled by closestActive).
const ActiveParamTolerance = 0.12

var releasedRE = regexp.MustCompile(`^(20[12][0-9])-(0[1-9]|1[0-2])$`)

// Validate checks one entry against the licence table. It returns a
// *FieldError for the first problem found.
func Validate(m *Model, licences map[string]*Licence) error {
	req := []struct{ field, val string }{
		{"id", m.ID}, {"name", m.Name}, {"family", m.Family}, {"organisation", m.Organisation},
		{"origin_country", m.OriginCountry}, {"licence", m.Licence},
		{"modality", m.Modality}, {"arch.model_type", m.Arch.ModelType},
	}
	// Names are shown on terminals and copied into every document: bounded,
	// without control or bidirectional formatting characters.
	for _, r := range req[:4] {
		if err := displaytext.Check(r.val, 120); err != nil {
			return fieldErr(r.field, "%v", err)
		}
	}
	for _, r := range req {
		if strings.TrimSpace(r.val) == "" {
			return fieldErr(r.field, "is required")
		}
	}
	if strings.Count(m.ID, "/") != 1 || strings.ContainsAny(m.ID, " \t") {
		return fieldErr("id", "%q is not a Hugging Face repo id (owner/name)", m.ID)
	}
	if !ValidCountry(m.OriginCountry) {
		return fieldErr("origin_country", "%q is not an ISO 3166-1 alpha-2 code", m.OriginCountry)
	}
	// An unconfirmed release month stays empty and is listed as unknown.
	if m.Released == "" && !m.IsUnknown("released") {
		return fieldErr("released", "is required (or empty and listed in unknown)")
	}
	if m.Released != "" && (!releasedRE.MatchString(m.Released) || m.Released < "2019-01") {
		return fieldErr("released", "%q is not a YYYY-MM month from 2019 on", m.Released)
	}
	if m.Modality != "text" && m.Modality != "vision" {
		return fieldErr("modality", "%q is neither \"text\" nor \"vision\"", m.Modality)
	}
	if _, ok := licences[m.Licence]; !ok {
		return fieldErr("licence", "%q is not in the licence table", m.Licence)
	}
	if m.Sources.Config == "" && m.Sources.Card == "" {
		return fieldErr("sources", "an entry needs at least the config or card URL it came from")
	}
	if err := validateArch(&m.Arch); err != nil {
		return err
	}
	return validateParams(m)
}

func validateArch(a *Arch) error {
	ranges := []struct {
		field  string
		v      int
		lo, hi int
	}{
		{"arch.layers", a.Layers, 1, 512},
		{"arch.hidden_size", a.HiddenSize, 64, 65536},
		{"arch.heads", a.Heads, 1, 1024},
		{"arch.kv_heads", a.KVHeads, 1, 1024},
		{"arch.head_dim", a.HeadDim, 16, 1024},
		{"arch.vocab_size", a.VocabSize, 1000, 1 << 20},
		{"arch.context_length", a.ContextLength, 512, 1 << 24},
	}
	for _, r := range ranges {
		if r.v < r.lo || r.v > r.hi {
			return fieldErr(r.field, "%d is outside the sane range %d..%d", r.v, r.lo, r.hi)
		}
	}
	if a.Heads%a.KVHeads != 0 && a.MLA == nil {
		return fieldErr("arch.kv_heads", "%d does not divide heads %d", a.KVHeads, a.Heads)
	}
	if a.MoE == nil && a.IntermediateSize <= 0 {
		return fieldErr("arch.intermediate_size", "a dense model needs an FFN width")
	}
	if a.FFNType != "" && a.FFNType != "plain" {
		return fieldErr("arch.ffn_type", "%q is neither empty (gated) nor \"plain\"", a.FFNType)
	}
	if m := a.MoE; m != nil {
		if m.Experts < 2 || m.ExpertsPerToken < 1 || m.ExpertsPerToken > m.Experts || m.ExpertFFN <= 0 {
			return fieldErr("arch.moe", "experts %d, per token %d, expert_ffn %d are not a valid MoE", m.Experts, m.ExpertsPerToken, m.ExpertFFN)
		}
		if m.DenseLayers > 0 && a.IntermediateSize <= 0 {
			return fieldErr("arch.intermediate_size", "dense leading layers need an FFN width")
		}
	}
	if a.SWALayers > a.Layers || (a.SWALayers > 0 && a.SlidingWindow <= 0) {
		return fieldErr("arch.swa_layers", "%d sliding-window layers with window %d do not fit %d layers", a.SWALayers, a.SlidingWindow, a.Layers)
	}
	if c := a.Compressed; c != nil {
		if len(c.Ratios) != a.Layers || a.SlidingWindow <= 0 || a.SWALayers != a.Layers {
			return fieldErr("arch.compressed_attention", "%d compression ratios, window %d on %d layers: compressed attention needs one ratio per layer (%d) and a window on every layer", len(c.Ratios), a.SlidingWindow, a.SWALayers, a.Layers)
		}
		if slices.ContainsFunc(c.Ratios, func(r int) bool { return r < 0 }) || c.IndexHeads < 0 || c.IndexHeadDim < 0 || c.IndexTopK < 0 {
			return fieldErr("arch.compressed_attention", "negative ratio or indexer size")
		}
	}
	if a.GlobalHeadDim < 0 || a.GlobalKVHeads < 0 || (a.GlobalHeadDim > 0 || a.GlobalKVHeads > 0 || a.GlobalSharedKV) && a.SWALayers == 0 {
		return fieldErr("arch.global_head_dim", "a global attention shape (head dim %d, %d KV heads) needs sliding-window layers beside it", a.GlobalHeadDim, a.GlobalKVHeads)
	}
	if a.AttentionLayers < 0 || a.AttentionLayers > a.Layers || a.FFNLayers < 0 || a.FFNLayers > a.Layers {
		return fieldErr("arch.attention_layers", "attention %d / FFN %d layers do not fit %d layers", a.AttentionLayers, a.FFNLayers, a.Layers)
	}
	if r := a.Recurrent; r != nil && (r.Layers <= 0 || r.Layers > a.Layers) {
		return fieldErr("arch.recurrent.layers", "%d recurrent layers do not fit %d layers", r.Layers, a.Layers)
	}
	return nil
}

func validateParams(m *Model) error {
	if m.ParamsTotal <= 0 {
		return fieldErr("params_total", "must be a positive count")
	}
	p := Params(&m.Arch)
	got := p.Total()
	want := m.ParamsTotal
	if m.Modality == "vision" && p.Vision == 0 {
		// Vision encoder size not stated: the text model alone must be
		// most of the total, and never more than it.
		text := float64(got) / float64(want)
		if text < 0.70 || text > 1+ParamTolerance {
			return fieldErr("params_total", "%d stated, text model recomputed from arch is %d (%.0f%%); vision encoder size unknown", want, got, 100*text)
		}
	} else if d := relDiff(got, want); d > ParamTolerance {
		return fieldErr("params_total", "%d stated, %d recomputed from arch (%+.1f%%): check kv_heads, head_dim, tied_embeddings, FFN/expert widths", want, got, 100*signedDiff(got, want))
	}
	if m.ParamsActive != nil {
		if m.Arch.MoE == nil {
			return fieldErr("params_active", "is only for mixture-of-experts models")
		}
		if *m.ParamsActive > m.ParamsTotal {
			return fieldErr("params_active", "%d exceeds params_total", *m.ParamsActive)
		}
		if got, d := closestActive(p, *m.ParamsActive); d > ActiveParamTolerance {
			return fieldErr("params_active", "%d stated, %d recomputed from arch (%+.1f%%)", *m.ParamsActive, got, 100*signedDiff(got, *m.ParamsActive))
		}
	}
	return nil
}

func relDiff(got, want int64) float64 { return math.Abs(signedDiff(got, want)) }

func signedDiff(got, want int64) float64 {
	if want == 0 {
		return math.Inf(1)
	}
	return float64(got-want) / float64(want)
}

func validateLicence(l *Licence) error {
	switch {
	case l.ID == "":
		return errors.New("missing id")
	case l.Name == "":
		return errors.New("missing name")
	case l.URL == "":
		return errors.New("missing url")
	}
	switch l.CommercialUse {
	case CommercialYes, CommercialNo:
	case CommercialConditional:
		if l.Conditions == "" {
			return errors.New("conditional commercial use needs its conditions")
		}
	default:
		return fmt.Errorf("commercial_use %q is not yes, conditional or no", l.CommercialUse)
	}
	switch l.Openness {
	case OpenSource, OpenWeights, ResearchOnly:
	default:
		return fmt.Errorf("openness %q is not %s, %s or %s", l.Openness, OpenSource, OpenWeights, ResearchOnly)
	}
	return nil
}

// Complete reports whether an entry has every architecture, size and
// licence field confirmed and all three sources (config, licence, card).
// An unconfirmed release month does not make an entry incomplete: the
// estimates do not depend on it.
func (m *Model) Complete() bool {
	for _, u := range m.Unknown {
		if strings.HasPrefix(u, "arch") || strings.HasPrefix(u, "licence") || strings.HasPrefix(u, "params") {
			return false
		}
	}
	a := &m.Arch
	return a.Layers > 0 && a.HiddenSize > 0 && a.Heads > 0 && a.KVHeads > 0 &&
		a.HeadDim > 0 && a.VocabSize > 0 && a.ContextLength > 0 && (a.IntermediateSize > 0 || a.MoE != nil) &&
		m.Licence != "" && m.Sources.Config != "" && m.Sources.Licence != "" && m.Sources.Card != ""
}

// IsUnknown reports whether field is listed as not confirmed.
func (m *Model) IsUnknown(field string) bool {
	for _, u := range m.Unknown {
		if u == field {
			return true
		}
	}
	return false
}
