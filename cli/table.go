package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/fitcheck/fitcheck/report"
)

// Plain tables for people and pipes: aligned columns, no colour.

func newTable(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }

// row writes tab-separated cells.
func row(w io.Writer, cells ...string) { fmt.Fprintln(w, strings.Join(cells, "\t")) }

// writeBestFits lists the models that run, best verdict first, then the
// largest model first, each at its best quantization.
func writeBestFits(w io.Writer, doc report.Document) error {
	writeHardwareLine(w, doc)
	type fit struct {
		m report.Model
		e report.Estimate
	}
	var fits []fit
	for _, m := range doc.Models {
		if m.BestQuant == nil {
			continue
		}
		for _, e := range m.Estimates {
			if e.Quant == *m.BestQuant {
				fits = append(fits, fit{m, e})
			}
		}
	}
	sort.SliceStable(fits, func(i, j int) bool {
		a, b := fits[i], fits[j]
		if ra, rb := verdictRank[a.e.Verdict], verdictRank[b.e.Verdict]; ra != rb {
			return ra < rb
		}
		return a.m.ParamsTotal > b.m.ParamsTotal
	})
	if len(fits) == 0 {
		fmt.Fprintf(w, "\nNo model of the %d selected fits this hardware at %s context.\n", len(doc.Models), report.Tokens(doc.Settings.Context))
		writeWarnings(w, doc.Warnings)
		return nil
	}
	fmt.Fprintf(w, "\n%d of %d models run here (context %s, best quantization each):\n\n", len(fits), len(doc.Models), report.Tokens(doc.Settings.Context))
	t := newTable(w)
	row(t, "MODEL", "PARAMS", "QUANT", "VERDICT", "MEMORY", "DECODE t/s", "TTFT", "LICENCE", "ORIGIN")
	for _, f := range fits {
		row(t, installedMark(f.m), paramsLabel(f.m.ModelInfo), f.e.Quant, report.VerdictLabel(f.e.Verdict, f.e.GPULayers, f.e.TotalLayers),
			report.Bytes(report.DecidingBytes(f.e)), tpsRange(f.e), report.Seconds(f.e.TTFTSeconds),
			licenceLabel(f.m.ModelInfo), f.m.OriginCountry)
	}
	if err := t.Flush(); err != nil {
		return err
	}
	writeWarnings(w, doc.Warnings)
	return nil
}

// writeFitTable shows every quantization of one model.
func writeFitTable(w io.Writer, doc report.Document, m report.Model) error {
	fmt.Fprintf(w, "%s — %s, %s (%s), released %s\n", m.ID, paramsLabel(m.ModelInfo), m.Organisation, m.OriginCountry, m.ReleasedLabel())
	fmt.Fprintf(w, "Licence: %s", licenceLabel(m.ModelInfo))
	if m.CommercialConditions != nil {
		fmt.Fprintf(w, " — %s", *m.CommercialConditions)
	}
	fmt.Fprintf(w, "\n")
	writeUnverified(w, m.ModelInfo)
	writeHardwareLine(w, doc)
	if m.ContextUsed < doc.Settings.Context {
		fmt.Fprintf(w, "Context: %s, the model's maximum (%s requested)\n", report.Tokens(m.ContextUsed), report.Tokens(doc.Settings.Context))
	}
	fmt.Fprintln(w)
	t := newTable(w)
	row(t, "QUANT", "BPW", "WEIGHTS", "KV", "TOTAL", "GPU", "RAM", "VERDICT", "MAX CTX", "DECODE t/s", "PREFILL t/s", "TTFT")
	for _, e := range m.Estimates {
		best := ""
		if m.BestQuant != nil && *m.BestQuant == e.Quant {
			best = " *"
		}
		row(t, e.Quant+best, fmt.Sprintf("%.2f", e.BitsPerWeight), report.Bytes(e.WeightsBytes), report.Bytes(e.KVCacheBytes),
			report.Bytes(e.TotalBytes), report.Bytes(e.GPUBytes), report.Bytes(e.RAMBytes),
			report.VerdictLabel(e.Verdict, e.GPULayers, e.TotalLayers), maxCtx(e), tpsRange(e),
			report.TPS(e.PrefillTPS), report.Seconds(e.TTFTSeconds))
	}
	if err := t.Flush(); err != nil {
		return err
	}
	if m.BestQuant != nil {
		for _, e := range m.Estimates {
			if e.Quant == *m.BestQuant && e.Command != nil {
				fmt.Fprintf(w, "\n* best quantization. Run it with:\n  %s\n", *e.Command)
			}
		}
	}
	writeWarnings(w, doc.Warnings)
	return nil
}

func writeHardwareLine(w io.Writer, doc report.Document) {
	h := doc.Hardware
	parts := []string{fmt.Sprintf("RAM %s of %s free", report.Bytes(h.Memory.AvailableBytes), report.Bytes(h.Memory.TotalBytes))}
	if len(h.GPUs) == 0 {
		parts = append(parts, "no GPU")
	}
	for _, g := range h.GPUs {
		parts = append(parts, fmt.Sprintf("%s %s", g.Name, report.Bytes(g.MemoryTotalBytes)))
	}
	label := "Hardware"
	if h.Source != "probe" {
		label = "Hardware (what-if)"
	}
	fmt.Fprintf(w, "%s: %s\n", label, strings.Join(parts, ", "))
	fmt.Fprintf(w, "Settings: %s\n", settingsLine(doc.Settings))
}

// settingsLine names the settings every estimate used, so a pasted table
// says what it assumed.
func settingsLine(s report.Settings) string {
	parts := []string{"context " + report.Tokens(s.Context), "prompt " + report.Tokens(s.PromptTokens),
		"KV " + s.KVCacheType, s.Engine}
	if s.Parallel > 1 {
		parts = append(parts, fmt.Sprintf("%d parallel", s.Parallel))
	}
	if s.CPUMoE {
		parts = append(parts, "experts in RAM (--cpu-moe)")
	}
	if !s.FlashAttention {
		parts = append(parts, "no flash attention")
	}
	if s.Engine == "vllm" {
		parts = append(parts, fmt.Sprintf("gpu-util %.2f", s.GPUMemoryUtilization))
	}
	if s.AssumeIdle {
		parts = append(parts, "budget: total memory (--assume-idle)")
	} else {
		parts = append(parts, "budget: free memory")
	}
	return strings.Join(parts, " · ")
}

func writeWarnings(w io.Writer, warnings []string) {
	if len(warnings) == 0 {
		return
	}
	fmt.Fprintln(w, "\nWarnings:")
	for _, s := range warnings {
		fmt.Fprintf(w, "  - %s\n", s)
	}
}

func paramsLabel(m report.ModelInfo) string {
	if m.MoE {
		return report.Params(m.ParamsTotal) + " (" + report.Params(m.ParamsActive) + " active)"
	}
	return report.Params(m.ParamsTotal)
}

func licenceLabel(m report.ModelInfo) string {
	mark := map[string]string{"yes": "commercial ok", "conditional": "commercial with conditions", "no": "non-commercial"}[m.CommercialUse]
	if mark == "" {
		return m.Licence
	}
	return m.Licence + " (" + mark + ")"
}

func tpsRange(e report.Estimate) string {
	if e.DecodeTPS == nil {
		return "—"
	}
	if e.DecodeTPSLow == nil || e.DecodeTPSHigh == nil {
		return report.TPS(e.DecodeTPS)
	}
	return fmt.Sprintf("%s (%s–%s)", report.TPS(e.DecodeTPS), report.TPS(e.DecodeTPSLow), report.TPS(e.DecodeTPSHigh))
}

func maxCtx(e report.Estimate) string {
	if e.MaxContext <= 0 {
		return "—"
	}
	return report.Tokens(e.MaxContext)
}
