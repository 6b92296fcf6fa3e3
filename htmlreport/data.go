// Package htmlreport renders fitcheck's shareable report: a self-contained
// HTML page (inline CSS and SVG, no scripts, fonts or images fetched from
// anywhere) and a Markdown variant, comparing 1–4 hardware options across a
// shortlist of models. It renders documents it is handed; it does no I/O
// beyond the writer and estimates nothing itself.
package htmlreport

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

// MaxOptions is how many hardware options one report compares.
const MaxOptions = 4

// Option is one hardware option and fitcheck's document for it. Every
// option's document must list the same models in the same order (they are
// built from one selection with the same settings).
type Option struct {
	Label string          // e.g. "2x L40S, 256 GiB"
	Doc   report.Document // the estimates on this option
}

// Cost is the price of generating tokens on one option, when known.
type Cost struct {
	InputPerMillionTokens float64 // prompt tokens, in Currency (0: not priced apart)
	PerMillionTokens      float64 // generated tokens, in Currency
	Currency              string  // e.g. "USD"
	Basis                 string  // how it was computed, with its sources
}

// CostFunc prices a model's best estimate on option i; nil (or a nil
// Cost) shows "not available". The planning work fills it in.
type CostFunc func(m report.Model, option int) *Cost

// Input is everything a report shows.
type Input struct {
	Title      string
	Options    []Option
	PolicyName string // "" without --policy; the verdicts are in each model's Policy
	Generated  time.Time
	Cost       CostFunc
}

// view is what the templates render.
type view struct {
	Title, Version, Generated, PolicyName string
	Options                               []optionView
	Models                                []modelView
	Settings                              []fact
	Warnings                              []string
	Chart                                 chart
	HasCost, HasPolicy                    bool
}

type optionView struct {
	Label, Colour string
	Hardware      []fact
	BudgetLabel   string // "48 GiB GPU memory"
	BudgetBytes   int64
}

type fact struct{ Name, Value, URL string }

type modelView struct {
	report.ModelInfo
	Anchor     string
	Facts      []fact
	Guardrails []fact
	Cells      []cellView // one per option
	Policy     *report.PolicyCheck
	Sources    []string
}

type cellView struct {
	Option            string
	Colour            string
	Fits              bool
	Quant, Verdict    string
	Memory            string // "22.5 GiB of 24 GiB GPU memory"
	Bar               bar
	Decode, DecodeMid string
	Decode1           *float64 // decode tok/s, for the chart
	TTFT, Prefill     string
	Cost              string
	Command           string
}

// build checks the input and derives the view.
func build(in Input) (view, error) {
	if len(in.Options) == 0 || len(in.Options) > MaxOptions {
		return view{}, fmt.Errorf("a report compares 1 to %d hardware options, got %d", MaxOptions, len(in.Options))
	}
	first := in.Options[0].Doc
	for i, o := range in.Options[1:] {
		if len(o.Doc.Models) != len(first.Models) {
			return view{}, fmt.Errorf("option %d lists %d models, option 1 lists %d", i+2, len(o.Doc.Models), len(first.Models))
		}
		for j := range o.Doc.Models {
			if o.Doc.Models[j].ID != first.Models[j].ID {
				return view{}, fmt.Errorf("option %d lists models in another order", i+2)
			}
		}
	}
	if len(first.Models) == 0 {
		return view{}, fmt.Errorf("no models to report on")
	}
	v := view{
		Title: in.Title, Version: first.FitcheckVersion, PolicyName: in.PolicyName,
		Generated: in.Generated.UTC().Format("2006-01-02 15:04 UTC"),
		Settings:  settingsFacts(first.Settings), HasCost: in.Cost != nil,
	}
	if v.Title == "" {
		v.Title = "Model fit report"
	}
	for i, o := range in.Options {
		v.Options = append(v.Options, optionOf(i, o))
		for _, w := range o.Doc.Warnings {
			if w = o.Label + ": " + w; !slices.Contains(v.Warnings, w) {
				v.Warnings = append(v.Warnings, w)
			}
		}
	}
	for j, m := range first.Models {
		mv := modelView{ModelInfo: m.ModelInfo, Anchor: fmt.Sprintf("m%d", j+1), Policy: m.Policy}
		mv.Facts = modelFacts(m.ModelInfo)
		mv.Guardrails = guardrailFacts(m.Guardrails)
		mv.Sources = modelSources(m.ModelInfo)
		if m.Policy != nil {
			v.HasPolicy = true
		}
		for i, o := range in.Options {
			mv.Cells = append(mv.Cells, cellOf(o.Doc.Models[j], v.Options[i], in.Cost, i))
		}
		v.Models = append(v.Models, mv)
	}
	v.Chart = summaryChart(v)
	return v, nil
}

// palette: Okabe–Ito-derived colours, each at least 3:1 against white
// (WCAG 1.4.11 for graphics), told apart without relying on hue alone by
// the labels next to every bar.
var palette = []string{"#0b62a4", "#b34d00", "#1b7f4b", "#8e3b8e"}

func optionOf(i int, o Option) optionView {
	d := o.Doc
	ov := optionView{Label: o.Label, Colour: palette[i%len(palette)]}
	var gpuBudget int64
	for _, g := range groupGPUs(d.Hardware.GPUs) {
		ov.Hardware = append(ov.Hardware, fact{Name: "GPU", Value: g})
	}
	for _, g := range d.Hardware.GPUs {
		gpuBudget += hwprobe.GPUBudgetBytes(g, d.Settings.AssumeIdle)
	}
	if len(d.Hardware.GPUs) == 0 {
		ov.Hardware = append(ov.Hardware, fact{Name: "GPU", Value: "none (CPU only)"})
	}
	ram := d.Hardware.Memory.AvailableBytes
	if d.Settings.AssumeIdle {
		ram = d.Hardware.Memory.TotalBytes
	}
	ramLine := report.Bytes(d.Hardware.Memory.TotalBytes)
	if bw := d.Hardware.Memory.BandwidthGBps; bw != nil {
		ramLine += fmt.Sprintf(" · %.0f GB/s", *bw)
	}
	ov.Hardware = append(ov.Hardware, fact{Name: "RAM", Value: ramLine})
	if d.Hardware.CPU.Model != "" {
		ov.Hardware = append(ov.Hardware, fact{Name: "CPU", Value: d.Hardware.CPU.Model})
	}
	if gpuBudget > 0 {
		ov.BudgetBytes, ov.BudgetLabel = gpuBudget, report.Bytes(gpuBudget)+" GPU memory"
	} else {
		ov.BudgetBytes, ov.BudgetLabel = ram, report.Bytes(ram)+" RAM"
	}
	return ov
}

// groupGPUs is "2× NVIDIA L40S · 48 GiB · 864 GB/s" per kind of device.
func groupGPUs(gpus []hwprobe.GPU) []string {
	var out []string
	for i := 0; i < len(gpus); {
		j := i
		for j < len(gpus) && gpus[j].SameKind(gpus[i]) {
			j++
		}
		g := gpus[i]
		s := g.Name + " · " + report.Bytes(g.MemoryTotalBytes)
		if g.BandwidthGBps != nil {
			s += fmt.Sprintf(" · %.0f GB/s", *g.BandwidthGBps)
		}
		if l := g.NarrowLink(); l != nil {
			s += " · " + l.String()
		}
		if n := report.PowerLimitNote(g); n != "" {
			s += " · " + n
		}
		if j-i > 1 {
			s = fmt.Sprintf("%d× %s", j-i, s)
		}
		out = append(out, s)
		i = j
	}
	return out
}

func cellOf(m report.Model, o optionView, cost CostFunc, i int) cellView {
	c := cellView{Option: o.Label, Colour: o.Colour, Verdict: "does not fit", Quant: "—",
		Decode: "—", TTFT: "—", Prefill: "—", Cost: "not available"}
	e := bestEstimate(m)
	if e == nil {
		c.Memory = "nothing fits in " + o.BudgetLabel
		if cost != nil {
			c.Cost = "—"
		}
		return c
	}
	c.Fits, c.Quant = true, e.Quant
	c.Verdict = report.VerdictLabel(e.Verdict, e.GPULayers, e.TotalLayers)
	c.Memory = report.Bytes(report.DecidingBytes(*e)) + " of " + o.BudgetLabel
	c.Bar = memoryBar(*e, o.BudgetBytes)
	c.Decode1 = e.DecodeTPS
	c.DecodeMid = report.TPS(e.DecodeTPS)
	c.Decode = c.DecodeMid
	if e.DecodeTPSLow != nil && e.DecodeTPSHigh != nil {
		c.Decode = report.TPS(e.DecodeTPSLow) + "–" + report.TPS(e.DecodeTPSHigh)
	}
	c.TTFT, c.Prefill = report.Seconds(e.TTFTSeconds), report.TPS(e.PrefillTPS)
	if e.PrefillTPSLow != nil && e.PrefillTPSHigh != nil {
		c.Prefill = report.TPS(e.PrefillTPSLow) + "–" + report.TPS(e.PrefillTPSHigh)
	}
	if e.Command != nil {
		c.Command = *e.Command
	}
	if cost != nil {
		if k := cost(m, i); k != nil {
			c.Cost = money(k.PerMillionTokens) + " " + k.Currency
			if k.InputPerMillionTokens > 0 {
				c.Cost = money(k.InputPerMillionTokens) + " in · " + money(k.PerMillionTokens) + " out " + k.Currency
			}
		}
	}
	return c
}

// bestEstimate is the estimate of the model's best quantization (nil when
// nothing fits).
func bestEstimate(m report.Model) *report.Estimate {
	if m.BestQuant == nil {
		return nil
	}
	for i := range m.Estimates {
		if m.Estimates[i].Quant == *m.BestQuant {
			return &m.Estimates[i]
		}
	}
	return nil
}

func settingsFacts(s report.Settings) []fact {
	onOff := map[bool]string{true: "on", false: "off"}
	budget := "free memory"
	if s.AssumeIdle {
		budget = "total memory (idle machine)"
	}
	out := []fact{
		{Name: "Context per sequence", Value: fmt.Sprintf("%d tokens", s.Context)},
		{Name: "Prompt length (TTFT)", Value: fmt.Sprintf("%d tokens", s.PromptTokens)},
		{Name: "KV cache type", Value: s.KVCacheType},
		{Name: "Engine", Value: s.Engine},
		{Name: "Parallel sequences", Value: fmt.Sprint(s.Parallel)},
		{Name: "Flash attention", Value: onOff[s.FlashAttention]},
		{Name: "MoE experts in RAM (--cpu-moe)", Value: onOff[s.CPUMoE]},
		{Name: "Memory budget", Value: budget},
	}
	if s.Engine == "vllm" {
		out = append(out, fact{Name: "vLLM gpu_memory_utilization", Value: fmt.Sprint(s.GPUMemoryUtilization)})
	}
	return out
}

func modelFacts(m report.ModelInfo) []fact {
	params := report.Params(m.ParamsTotal)
	if m.MoE {
		params += " total, " + report.Params(m.ParamsActive) + " active (MoE)"
	}
	commercial := map[string]string{"yes": "allowed", "conditional": "allowed on conditions", "no": "not allowed"}[m.CommercialUse]
	if commercial == "" {
		commercial = "unknown"
	}
	if m.CommercialConditions != nil {
		commercial += ": " + *m.CommercialConditions
	}
	licence := m.LicenceName
	if licence == "" {
		licence = m.Licence
	}
	origin := m.OriginCountry
	if origin == "" {
		origin = "unknown"
	}
	return []fact{
		{Name: "Organisation", Value: m.Organisation},
		{Name: "Origin", Value: origin},
		{Name: "Licence", Value: licence, URL: m.LicenceURL},
		{Name: "Commercial use", Value: commercial},
		{Name: "Openness", Value: orUnknown(m.Openness)},
		{Name: "Parameters", Value: params},
		{Name: "Maximum context", Value: report.Tokens(m.ContextMax) + " tokens"},
		{Name: "Released", Value: m.ReleasedLabel()},
	}
}

func guardrailFacts(g report.Guardrails) []fact {
	out := []fact{{Name: "Safety evaluation / red-teaming report", Value: "unknown"}}
	if g.SafetyReport != nil {
		out[0].Value, out[0].URL = *g.SafetyReport, *g.SafetyReport
	}
	if len(g.SafetyModels) == 0 {
		out = append(out, fact{Name: "Companion safety model", Value: "unknown"})
	}
	for _, sm := range g.SafetyModels {
		out = append(out, fact{Name: "Companion safety model", Value: sm.Name, URL: sm.URL})
	}
	aup := fact{Name: "Acceptable-use policy", Value: "unknown"}
	if g.AcceptableUsePolicy != nil {
		aup.Value, aup.URL = *g.AcceptableUsePolicy, *g.AcceptableUsePolicy
	}
	return append(out, aup)
}

func modelSources(m report.ModelInfo) []string {
	var out []string
	for _, s := range slices.Concat([]string{m.Sources.Config, m.Sources.Licence, m.Sources.Card}, m.Sources.Other, m.Guardrails.Sources) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func orUnknown(s string) string {
	if strings.TrimSpace(s) == "" {
		return "unknown"
	}
	return s
}

// money keeps three significant places for the fractions of a cent that
// prompt tokens cost on local hardware.
func money(v float64) string {
	if v < 0.1 {
		return fmt.Sprintf("%.3f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
