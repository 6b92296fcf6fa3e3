package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/fitcheck/fitcheck/report"
)

// Plain tables for people and pipes: aligned columns, no colour.

func newTable(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }

// row writes tab-separated cells.
func row(w io.Writer, cells ...string) { fmt.Fprintln(w, strings.Join(cells, "\t")) }

// writeBestFits lists the models that run, each at the quantization the
// ranking picked, in the given order (report.Rank): by default the best
// that fits — usable speed, then quality index, then speed.
func writeBestFits(w io.Writer, doc report.Document, order string) error {
	writeHardwareLine(w, doc)
	minTPS := doc.Settings.MinDecodeTPS
	picks, err := report.Rank(&doc, order, minTPS)
	if err != nil {
		return usageError{err}
	}
	if len(picks) == 0 {
		fmt.Fprintf(w, "\nNo model of the %d selected fits this hardware at %s context.\n", len(doc.Models), report.Tokens(doc.Settings.Context))
		writeWarnings(w, doc.Warnings)
		return nil
	}
	usable := 0
	for _, p := range picks {
		if p.Usable {
			usable++
		}
	}
	speed := trimFloat(minTPS) + " tok/s"
	fmt.Fprintf(w, "\n%d of %d models fit (context %s); ", len(picks), len(doc.Models), report.Tokens(doc.Settings.Context))
	switch {
	case usable == 0:
		fmt.Fprintf(w, "none runs at ≥ %s here — the fastest first:\n\n", speed)
	case order == report.SortBest:
		fmt.Fprintf(w, "%d run at ≥ %s. Best that fits first: quality index, then speed;\nbase and unscored models after, slower ones last (--sort, --min-tps):\n\n", usable, speed)
	case order == report.SortCoding || order == report.SortReasoning || order == report.SortChat:
		fmt.Fprintf(w, "%d run at ≥ %s. Best for %s first: that facet's index, then speed;\nmodels without %s scores after, slower ones last:\n\n", usable, speed, order, order)
	default:
		fmt.Fprintf(w, "%d run at ≥ %s. Sorted by %s:\n\n", usable, speed, order)
	}
	t := newTable(w)
	qHead, qCell := qualityColumn(order)
	row(t, "MODEL", qHead, "PARAMS", "QUANT", "VERDICT", "MEMORY", "DECODE t/s", "TTFT", "LICENCE", "ORIGIN")
	for _, p := range picks {
		tps := tpsRange(*p.Estimate)
		if !p.Usable {
			tps += " slow"
		}
		row(t, policyMark(p.Model.Policy)+installedMark(*p.Model), qCell(p.Model.Quality), paramsLabel(p.Model.ModelInfo), p.Estimate.Quant,
			report.VerdictLabel(p.Estimate.Verdict, p.Estimate.GPULayers, p.Estimate.TotalLayers, p.Estimate.CPUMoELayers),
			report.Bytes(report.DecidingBytes(*p.Estimate)), tps, report.Seconds(p.Estimate.TTFTSeconds),
			licenceLabel(p.Model.ModelInfo), p.Model.OriginCountry)
	}
	if err := t.Flush(); err != nil {
		return err
	}
	writePolicyNote(w, doc)
	fmt.Fprintln(w, "\nQUALITY: index 0–100 / benchmarks it rests on (README: Quality); `fitcheck fit MODEL --json` lists every score with its source.")
	writeOneMoreGPU(w, doc.OneMoreGPU, minTPS)
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
	writeModelPolicy(w, m.ModelInfo)
	writeUnverified(w, m.ModelInfo)
	writeHardwareLine(w, doc)
	if m.ContextUsed < doc.Settings.Context {
		fmt.Fprintf(w, "Context: %s, the model's maximum (%s requested)\n", report.Tokens(m.ContextUsed), report.Tokens(doc.Settings.Context))
	}
	writeQualityLine(w, m.Quality)
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
			report.VerdictLabel(e.Verdict, e.GPULayers, e.TotalLayers, e.CPUMoELayers), maxCtx(e), tpsRange(e),
			withRange(e.PrefillTPS, e.PrefillTPSLow, e.PrefillTPSHigh), report.Seconds(e.TTFTSeconds))
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
	if err := writeScores(w, m.Quality); err != nil {
		return err
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
	// Identical devices in a row read as one "8x H200 141 GiB", not eight names.
	for i := 0; i < len(h.GPUs); {
		g, n := h.GPUs[i], 1
		for i+n < len(h.GPUs) && h.GPUs[i+n].Name == g.Name && h.GPUs[i+n].MemoryTotalBytes == g.MemoryTotalBytes {
			n++
		}
		name := g.Name
		if n > 1 {
			name = fmt.Sprintf("%dx %s", n, g.Name)
		}
		parts = append(parts, fmt.Sprintf("%s %s", name, report.Bytes(g.MemoryTotalBytes)))
		i += n
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
	if s.TextOnly && s.Engine != "vllm" {
		parts = append(parts, "no vision projector (--text-only)")
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
	return withRange(e.DecodeTPS, e.DecodeTPSLow, e.DecodeTPSHigh)
}

// withRange is a speed with its range, "54.2 (46.3–65.3)"; the speed alone
// where no range is stated, "—" where there is no speed.
func withRange(v, lo, hi *float64) string {
	if v == nil {
		return "—"
	}
	if lo == nil || hi == nil {
		return report.TPS(v)
	}
	return fmt.Sprintf("%s (%s–%s)", report.TPS(v), report.TPS(lo), report.TPS(hi))
}

func maxCtx(e report.Estimate) string {
	if e.MaxContext <= 0 {
		return "—"
	}
	return report.Tokens(e.MaxContext)
}
