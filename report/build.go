package report

import (
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/quality"
)

// Options control what a document contains.
type Options struct {
	Version    string            // fitcheck version
	Settings   estimate.Settings // run settings
	AssumeIdle bool              // budget total instead of free memory
	Quants     []string          // quantizations to estimate; nil = the engine's defaults per model
	FitsOnly   bool              // drop estimates (and models) that do not fit
	MinTPS     float64           // usable decode speed for rankings; 0 = DefaultMinTPS
	Scores     *catalog.ScoreSet // with Quality: nil = the built-in scores over the catalog
	Quality    *quality.Index
	Qualities  map[string]Quality // optional: each model's Quality by id, precomputed (Qualities())

	// Files are models read from a local file (fitcheck fit PATH): sized
	// from the file's own tensors, one estimate at its quantization.
	Files map[*catalog.Model]LocalFile
	// Installed are the catalog ids with a copy on this machine (lower case).
	Installed map[string]bool
	// Estimator keeps per-model plans across Builds (the TUI rebuilds on
	// every key); nil: a fresh one for this Build.
	Estimator *estimate.Estimator
}

// Build estimates every given model on the snapshot's hardware.
func Build(snap hwprobe.Snapshot, cat *catalog.Catalog, models []*catalog.Model, opts Options) Document {
	hw, warnings := EstimateHardware(snap, opts.AssumeIdle)
	if opts.Estimator == nil {
		opts.Estimator = new(estimate.Estimator)
	}
	if opts.Quality == nil {
		opts.Scores, opts.Quality = QualityIndex(cat)
	}
	if opts.Settings.Engine == estimate.EngineVLLM && len(snap.GPUs) == 0 {
		// Every estimate would read "0 B, does not fit": say why once.
		warnings = append(warnings, VLLMNeedsGPU)
	}
	doc := Document{
		SchemaVersion:   SchemaVersion,
		FitcheckVersion: opts.Version,
		Hardware:        HardwareOf(snap),
		Settings:        settingsOf(opts),
		Models:          []Model{},
		Requirements:    []Requirement{},
		Warnings:        append(append([]string{}, snap.Warnings...), warnings...),
	}
	for _, m := range models {
		results, file, err := modelResults(m, hw, opts)
		if err != nil {
			doc.Warnings = append(doc.Warnings, err.Error())
		}
		rm := Model{ModelInfo: infoOf(cat, m), BestVerdict: estimate.VerdictNo, Estimates: []Estimate{},
			Quality: opts.qualityOf(m), minTPS: opts.minTPS(),
			ContextUsed: min(opts.Settings.Context, max(m.Arch.ContextLength, 1)), Installed: opts.installed(m)}
		if len(results) > 0 {
			rm.ContextUsed = results[0].Context
		}
		if best, ok := estimate.BestQuant(results); ok {
			q := best.Quant
			rm.BestQuant, rm.BestVerdict = &q, best.Verdict
		}
		for _, r := range results {
			if opts.FitsOnly && r.Verdict == estimate.VerdictNo {
				continue
			}
			e := estimateOf(m, r, opts.Settings)
			file.command(&e, r, opts.Settings)
			rm.Estimates = append(rm.Estimates, e)
		}
		if opts.FitsOnly && len(rm.Estimates) == 0 {
			continue
		}
		doc.Models = append(doc.Models, rm)
	}
	return doc
}

func settingsOf(o Options) Settings {
	s := o.Settings
	return Settings{
		Context: s.Context, PromptTokens: s.PromptTokens, CachedTokens: s.CachedTokens, KVCacheType: s.KVType, Engine: s.Engine,
		Parallel: s.Parallel, FlashAttention: s.FlashAttention, CPUMoE: s.CPUMoE, AssumeIdle: o.AssumeIdle, TextOnly: s.TextOnly,
		GPUMemoryUtilization: s.GPUMemoryUtilization, MinDecodeTPS: o.minTPS(),
	}
}

func infoOf(cat *catalog.Catalog, m *catalog.Model) ModelInfo {
	rm := ModelInfo{
		ID: m.ID, Name: m.Name, Family: m.Family, Organisation: m.Organisation,
		OriginCountry: m.OriginCountry, Licence: m.Licence, OpenTrainingData: m.OpenTrainingData,
		Released: nonEmpty(m.Released), Modality: m.Modality, Tags: nonNil(m.Tags),
		ParamsTotal: m.ParamsTotal, ParamsActive: m.ActiveParams(), MoE: m.IsMoE(),
		ContextMax: m.Arch.ContextLength, Layers: m.Arch.Layers, Arch: m.Arch,
		Sources: Sources{Config: m.Sources.Config, Licence: m.Sources.Licence, Card: m.Sources.Card,
			Other: nonNil(m.Sources.Other)},
		Unknown: nonNil(m.Unknown), Guardrails: guardrailsOf(m), Unverified: nonNil(m.Unverified),
	}
	if l := cat.Licence(m); l != nil {
		rm.LicenceName, rm.LicenceURL, rm.CommercialUse, rm.Openness = l.Name, l.URL, l.CommercialUse, l.Openness
		if l.Conditions != "" {
			c := l.Conditions
			rm.CommercialConditions = &c
		}
	}
	if m.LicenceURL != "" {
		rm.LicenceURL = m.LicenceURL
	}
	return rm
}

func estimateOf(m *catalog.Model, r estimate.Result, s estimate.Settings) Estimate {
	e := Estimate{
		Quant: r.Quant, BitsPerWeight: round(r.BitsPerWeight, 3), FileBytes: r.FileBytes,
		WeightsBytes: r.WeightsBytes, KVCacheBytes: r.KVCacheBytes, ComputeBytes: r.ComputeBytes,
		OverheadBytes: r.OverheadBytes, TotalBytes: r.TotalBytes, GPUBytes: r.GPUBytes, RAMBytes: r.RAMBytes,
		DeviceBytes: r.DeviceBytes, GPULayers: r.GPULayers, TotalLayers: r.TotalLayers, CPUMoELayers: r.CPUMoELayers,
		Verdict: r.Verdict, MaxContext: r.MaxContext, Basis: r.Basis,
	}
	if e.DeviceBytes == nil {
		e.DeviceBytes = []int64{}
	}
	if r.Verdict != estimate.VerdictNo {
		e.DecodeTPS = positive(r.DecodeTPS, 2)
		e.DecodeTPSLow = positive(r.DecodeTPSLow, 2)
		e.DecodeTPSHigh = positive(r.DecodeTPSHigh, 2)
		e.PrefillTPS = positive(r.PrefillTPS, 1)
		e.PrefillTPSLow = positive(r.PrefillTPSLow, 1)
		e.PrefillTPSHigh = positive(r.PrefillTPSHigh, 1)
		e.TTFTSeconds = positive(r.TTFTSeconds, 3)
		e.MaxConcurrency = positive(r.MaxConcurrency, 2)
		if cmd := Command(m, r, s); cmd != "" {
			e.Command = &cmd
		}
	}
	return e
}

// positive rounds v to the given decimals, or is nil when v is unknown (≤ 0).
func positive(v float64, decimals int) *float64 {
	if v <= 0 {
		return nil
	}
	r := round(v, decimals)
	return &r
}

func round(v float64, decimals int) float64 {
	p := 1.0
	for range decimals {
		p *= 10
	}
	if v >= 0 {
		return float64(int64(v*p+0.5)) / p
	}
	return float64(int64(v*p-0.5)) / p
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// VLLMNeedsGPU is the warning of a vLLM estimate for a machine without a
// GPU.
const VLLMNeedsGPU = "vLLM runs on GPUs only and this machine has none: nothing fits (llama.cpp runs on the CPU)"

// HardwareOf is the document's hardware part of a snapshot (its warnings go
// to the document's top-level warnings).
func HardwareOf(snap hwprobe.Snapshot) Hardware {
	h := Hardware{Source: snap.Source, CPU: snap.CPU, Memory: snap.Memory, GPUs: snap.GPUs, Interconnect: nonEmpty(snap.Interconnect), OS: nonEmpty(snap.OS)}
	if h.GPUs == nil {
		h.GPUs = []hwprobe.GPU{}
	}
	if h.CPU.Features == nil {
		h.CPU.Features = []string{}
	}
	return h
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ReleasedLabel is the release month, or "unknown".
func (m *ModelInfo) ReleasedLabel() string {
	if m.Released == nil {
		return "unknown"
	}
	return *m.Released
}

// minTPS is the usable-speed threshold, DefaultMinTPS unless set.
func (o Options) minTPS() float64 {
	if o.MinTPS > 0 {
		return o.MinTPS
	}
	return DefaultMinTPS
}
