package ui

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

// detailState is the detail screen: which model, which quantization row is
// selected (by name, so it survives a recompute), and the scroll offset.
type detailState struct {
	id     string
	quant  string
	offset int
}

// openDetail shows a model with its best quantization selected and in view.
func (m *Model) openDetail(id string) {
	m.detail = detailState{id: id}
	if rm := m.model(id); rm != nil && shownEstimate(rm) != nil {
		m.detail.quant = shownEstimate(rm).Quant // the table row's quantization
	} else if rm != nil && smallestEstimate(rm) != nil {
		e := smallestEstimate(rm)
		// Nothing fits: open on the smallest quantization, the one whose
		// memory the table shows.
		m.detail.quant = e.Quant
	}
	m.push(screenDetail)
	f := m.frame()
	if lines, sel := m.detailContent(f.width); sel >= f.bodyH {
		m.detail.offset = max(0, min(len(lines)-f.bodyH, sel-f.bodyH/2))
	}
}

// detailQuant is the index of the selected estimate (0 when the name is
// gone, e.g. after switching engine).
func (m Model) detailQuant(rm *report.Model) int {
	i := slices.IndexFunc(rm.Estimates, func(e report.Estimate) bool { return e.Quant == m.detail.quant })
	if i < 0 {
		if b := shownEstimate(rm); b != nil {
			return slices.IndexFunc(rm.Estimates, func(e report.Estimate) bool { return e.Quant == b.Quant })
		}
		return 0
	}
	return i
}

func (m Model) updateDetail(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	rm := m.model(m.detail.id)
	if rm == nil {
		return m, nil, false
	}
	k := m.keys
	f := m.frame()
	q := m.detailQuant(rm)
	selectQuant := func(i int) {
		if len(rm.Estimates) == 0 {
			return
		}
		i = max(0, min(len(rm.Estimates)-1, i))
		m.detail.quant = rm.Estimates[i].Quant
		lines, sel := m.detailContent(f.width)
		m.detail.offset = scrollTo(m.detail.offset, sel, len(lines), f.bodyH)
	}
	switch {
	case key.Matches(msg, k.Up):
		selectQuant(q - 1)
	case key.Matches(msg, k.Down):
		selectQuant(q + 1)
	case key.Matches(msg, k.Home):
		m.detail.offset = 0
	case key.Matches(msg, k.End):
		lines, _ := m.detailContent(f.width)
		m.detail.offset = max(0, len(lines)-f.bodyH)
	case key.Matches(msg, k.PageUp):
		m.detail.offset = max(0, m.detail.offset-f.bodyH)
	case key.Matches(msg, k.PageDown):
		lines, _ := m.detailContent(f.width)
		m.detail.offset = max(0, min(len(lines)-f.bodyH, m.detail.offset+f.bodyH))
	case key.Matches(msg, k.Copy):
		if e := m.detailEstimate(rm); e != nil && e.Command != nil {
			m.setStatus("command copied to the clipboard (OSC 52)")
			return m, tea.SetClipboard(*e.Command), true
		}
		m.setStatus("no command: this quantization does not fit")
	case key.Matches(msg, k.Mark):
		m.toggleMark(rm.ID)
	case key.Matches(msg, k.Compare):
		m.openCompare()
	case key.Matches(msg, k.Plan):
		return m, m.openPlan(rm.ID), true
	case key.Matches(msg, k.Tune):
		m.openTune()
	default:
		return m, nil, false
	}
	return m, nil, true
}

func (m Model) detailEstimate(rm *report.Model) *report.Estimate {
	if len(rm.Estimates) == 0 {
		return nil
	}
	return &rm.Estimates[m.detailQuant(rm)]
}

func (m Model) detailView(w, h int) string {
	lines, _ := m.detailContent(w)
	off := max(0, min(m.detail.offset, len(lines)-h))
	end := min(len(lines), off+h)
	return strings.Join(lines[off:end], "\n")
}

const detailLabelW = 10

// detailContent is the whole detail page and the line of the selected
// quantization row.
func (m Model) detailContent(w int) ([]string, int) {
	rm := m.model(m.detail.id)
	if rm == nil {
		return []string{"", "  " + m.styles.Muted.Render("This model is not in the selection any more.")}, 0
	}
	st := m.styles
	var lines []string
	add := func(s ...string) { lines = append(lines, s...) }
	field := func(label, text string) {
		add(m.wrapField(label, text, w)...)
	}

	add(spread(st.Title.Render(rm.Name)+m.markNote(rm.ID), st.Muted.Render(rm.ID), w))
	facts := []string{rm.Organisation, commercialGlyph(rm.CommercialUse) + " " + rm.Licence, "from " + rm.OriginCountry, "released " + rm.ReleasedLabel(), rm.Modality}
	if rm.MoE {
		facts = append(facts, fmt.Sprintf("%s parameters, %s active (MoE)", report.Params(rm.ParamsTotal), report.Params(rm.ParamsActive)))
	} else {
		facts = append(facts, report.Params(rm.ParamsTotal)+" parameters")
	}
	facts = append(facts, "context up to "+report.Tokens(rm.ContextMax))
	if rm.OpenTrainingData {
		facts = append(facts, "open training data")
	}
	add(strings.Split(ansi.Wrap(strings.Join(facts, st.Muted.Render(" · ")), w, " "), "\n")...)
	add("")

	// The quantization table comes right after the summary line, so it is
	// on the first screen even at 80×24; licence, architecture and sources
	// follow.
	selLine := len(lines)
	if len(rm.Estimates) == 0 {
		field("Estimates", "none: the engine publishes no quantization fitcheck knows for this model")
	} else {
		var sel int
		var table []string
		table, sel = m.quantTable(rm, w)
		selLine += sel
		add(table...)
		add("")
		add(m.selectedEstimate(rm, w)...)
	}
	add("")

	lic := commercialGlyph(rm.CommercialUse) + " " + orDash(rm.LicenceName) + " (" + rm.Licence + ") · " + commercialText(rm.CommercialUse)
	if rm.Openness != "" {
		lic += " · " + rm.Openness
	}
	field("Licence", st.Commercial[rm.CommercialUse].Render(lic))
	if rm.CommercialConditions != nil {
		field("", "conditions: "+*rm.CommercialConditions)
	}
	if rm.LicenceURL != "" {
		add(m.linkField("", "", rm.LicenceURL, w))
	}
	field("Arch", archSummary(m.catalog[rm.ID], rm))
	m.policyAndGuardrailFields(rm, field)
	add(m.qualitySummary(rm, w)...)
	add("")
	add(m.linkField("Sources", "config  ", rm.Sources.Config, w))
	add(m.linkField("", "licence ", rm.Sources.Licence, w))
	add(m.linkField("", "card    ", rm.Sources.Card, w))
	for _, o := range rm.Sources.Other {
		add(m.linkField("", "other   ", o, w))
	}
	if len(rm.Unverified) > 0 {
		field("Unverified", st.Warning.Render("read automatically from the Hugging Face Hub, not checked: "+strings.Join(rm.Unverified, ", ")))
	}
	if len(rm.Unknown) > 0 {
		field("Unknown", st.Warning.Render("not confirmed by a source: "+strings.Join(rm.Unknown, ", ")))
	}
	if scores := m.scoreLines(rm, w); len(scores) > 0 {
		add("")
		add(scores...)
	}
	return lines, selLine
}

// linkField renders "Label     prefix URL" on one line: a URL is never
// wrapped (a broken URL cannot be clicked or copied); it is a terminal
// hyperlink (OSC 8), so even when the terminal is too narrow to show it
// whole, it opens in full.
func (m Model) linkField(label, prefix, url string, w int) string {
	lbl := strings.Repeat(" ", detailLabelW)
	if label != "" {
		lbl = m.styles.Label.Render(fit(label, detailLabelW))
	}
	if url == "" {
		return truncate(lbl+prefix+"—", w)
	}
	shown := truncate(url, max(1, w-detailLabelW-textWidth(prefix)))
	return lbl + prefix + ansi.SetHyperlink(url) + m.styles.Muted.Render(shown) + ansi.ResetHyperlink()
}

func (m Model) markNote(id string) string {
	if m.isMarked(id) {
		return " " + m.styles.Marked.Render("◆ marked")
	}
	return ""
}

// wrapField renders "Label     text", wrapping text under itself.
func (m Model) wrapField(label, text string, w int) []string {
	tw := max(10, w-detailLabelW)
	// Break at spaces only: "open-source", dates and paths stay whole (the
	// wrapper would break after a hyphen, so hyphens travel as non-breaking
	// ones and come back after).
	wrapped := strings.Split(ansi.Wrap(strings.ReplaceAll(text, "-", nbHyphen), tw, " "), "\n")
	out := make([]string, len(wrapped))
	for i, l := range wrapped {
		l = strings.ReplaceAll(l, nbHyphen, "-")
		lbl := strings.Repeat(" ", detailLabelW)
		if i == 0 && label != "" {
			lbl = m.styles.Label.Render(fit(label, detailLabelW))
		}
		out[i] = truncate(lbl+l, w)
	}
	return out
}

// nbHyphen is U+2011, a hyphen no line breaks after.
const nbHyphen = "\u2011"

func commercialText(c string) string {
	switch c {
	case catalog.CommercialYes:
		return "commercial use allowed"
	case catalog.CommercialConditional:
		return "commercial use with conditions"
	case catalog.CommercialNo:
		return "no commercial use"
	}
	return "commercial use unknown"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// archSummary is the architecture in one line: the facts that drive memory.
func archSummary(cm *catalog.Model, rm *report.Model) string {
	if cm == nil {
		return fmt.Sprintf("%d layers", rm.Layers)
	}
	a := cm.Arch
	parts := []string{a.ModelType, fmt.Sprintf("%d layers", a.Layers), fmt.Sprintf("hidden %d", a.HiddenSize)}
	if a.MLA != nil {
		parts = append(parts, fmt.Sprintf("%d heads, MLA (KV rank %d + rope %d)", a.Heads, a.MLA.KVLoraRank, a.MLA.QKRopeHeadDim))
	} else {
		parts = append(parts, fmt.Sprintf("%d heads, %d KV heads × %d", a.Heads, a.KVHeads, a.HeadDim))
	}
	if a.IntermediateSize > 0 {
		parts = append(parts, fmt.Sprintf("FFN %d", a.IntermediateSize))
	}
	if moe := a.MoE; moe != nil {
		s := fmt.Sprintf("MoE %d experts, %d per token, expert FFN %d", moe.Experts, moe.ExpertsPerToken, moe.ExpertFFN)
		if moe.SharedExperts > 0 {
			s += fmt.Sprintf(", %d shared", moe.SharedExperts)
		}
		parts = append(parts, s)
	}
	if c := a.Compressed; c != nil {
		parts = append(parts, compressedSummary(c, a.SlidingWindow))
	} else if a.SWALayers > 0 {
		parts = append(parts, fmt.Sprintf("sliding window %d on %d of %d layers", a.SlidingWindow, a.SWALayers, a.Layers))
	}
	if r := a.Recurrent; r != nil {
		parts = append(parts, fmt.Sprintf("%s on %d layers", r.Kind, r.Layers))
	}
	if a.Vision != nil || cm.Modality == "vision" {
		parts = append(parts, "vision encoder")
	}
	parts = append(parts, fmt.Sprintf("vocab %d", a.VocabSize))
	return strings.Join(parts, " · ")
}

// selectedEstimate spells out the selected quantization: memory parts,
// speeds, placement and the engine command.
func (m Model) selectedEstimate(rm *report.Model, w int) []string {
	e := m.detailEstimate(rm)
	if e == nil {
		return nil
	}
	st := m.styles
	var out []string
	field := func(label, text string) { out = append(out, m.wrapField(label, text, w)...) }
	field(e.Quant, st.verdictStyle(e.Verdict).Render(verdictBadge(e.Verdict, e, true))+
		fmt.Sprintf(" · total %s = weights %s + KV cache %s + compute %s + overhead %s",
			report.Bytes(e.TotalBytes), report.Bytes(e.WeightsBytes), report.Bytes(e.KVCacheBytes),
			report.Bytes(e.ComputeBytes), report.Bytes(e.OverheadBytes)))
	if e.Verdict != estimate.VerdictNo {
		speed := "decode " + report.TPS(e.DecodeTPS) + " tok/s"
		if e.DecodeTPSLow != nil && e.DecodeTPSHigh != nil {
			speed += " (" + report.TPS(e.DecodeTPSLow) + "–" + report.TPS(e.DecodeTPSHigh) + ")"
		}
		speed += " · prefill " + rate(e.PrefillTPS) + " tok/s"
		if e.PrefillTPSLow != nil && e.PrefillTPSHigh != nil {
			speed += " (" + report.TPS(e.PrefillTPSLow) + "–" + report.TPS(e.PrefillTPSHigh) + ")"
		}
		speed += " · first token after " + report.Seconds(e.TTFTSeconds)
		if lo, hi, ok := report.TTFTRange(e, m.settings.PromptTokens); ok {
			speed += " (" + report.Seconds(&lo) + "–" + report.Seconds(&hi) + ")"
		}
		speed += " for a " + report.Tokens(m.settings.PromptTokens) + "-token prompt"
		if c := m.settings.CachedTokens; c > 0 {
			speed += " after " + report.Tokens(c) + " cached"
		}
		field("", speed)
		if hint := m.hostShareHint(e.Verdict); hint != "" {
			field("", st.Muted.Render(hint))
		}
		place := fmt.Sprintf("GPU %s · RAM %s · %d of %d layers on the GPU · max context %s",
			report.Bytes(e.GPUBytes), report.Bytes(e.RAMBytes), e.GPULayers, e.TotalLayers, report.Tokens(e.MaxContext))
		if e.CPUMoELayers > 0 {
			place += fmt.Sprintf(" · experts of %d layers in RAM", e.CPUMoELayers)
		}
		if e.MaxConcurrency != nil {
			place += fmt.Sprintf(" · %.1f concurrent sequences", *e.MaxConcurrency)
		}
		field("", place)
	} else if m.vllmWithoutGPU() {
		field("", st.Warning.Render(report.VLLMNeedsGPU+": e switches to llama.cpp"))
	} else {
		gpu, ram := m.budgets()
		field("", fmt.Sprintf("needs %s; the budget is GPU %s + RAM %s", report.Bytes(e.TotalBytes), gib(gpu), gib(ram)))
	}
	field("Download", fileLine(rm, e))
	if e.Verdict != estimate.VerdictNo {
		out = append(out, m.costFields(rm, e, w)...)
	}
	if e.Command != nil {
		field("Command", st.Accent.Render(*e.Command)+st.Muted.Render("  (y copies)"))
	}
	if e.Basis != "" {
		field("Basis", st.Muted.Render(e.Basis))
	}
	return out
}

// hostShareHint says, for a speed that layers in system RAM bound, that
// the RAM's share was assumed from its peak and how far machines differ,
// unless this machine's bandwidth was measured.
func (m Model) hostShareHint(verdict string) string {
	if verdict != estimate.VerdictPartial && verdict != estimate.VerdictCPU {
		return ""
	}
	mem := m.hardware().Memory
	if mem.BandwidthMeasured() || mem.BandwidthGBps == nil {
		return ""
	}
	hint := fmt.Sprintf("layers in RAM are read at %.2f of the RAM's peak bandwidth; machines reach %.2f–%.2f of it",
		estimate.HostRAMShare(), estimate.HostRAMShareLow, estimate.HostRAMShareHigh)
	if mem.Source != hwprobe.SourceOverride { // a what-if machine cannot be measured from here
		hint += " (fitcheck hw --measure reads this machine's)"
	}
	return hint
}

// vllmWithoutGPU is true when the estimates are for vLLM on a machine
// without a GPU, where nothing can run.
func (m Model) vllmWithoutGPU() bool {
	return m.settings.Engine == estimate.EngineVLLM && len(m.hardware().GPUs) == 0
}

// compressedSummary names a compressed-attention layout: the layers per
// compression ratio beside the window every layer keeps.
func compressedSummary(c *catalog.CompressedAttention, window int) string {
	byRatio := map[int]int{}
	for _, r := range c.Ratios {
		byRatio[r]++
	}
	ratios := slices.Sorted(maps.Keys(byRatio))
	var groups []string
	for _, r := range ratios {
		if r > 0 {
			groups = append(groups, fmt.Sprintf("%d at 1/%d", byRatio[r], r))
		}
	}
	s := fmt.Sprintf("compressed attention: window %d on every layer, %s", window, strings.Join(groups, ", "))
	if c.IndexTopK > 0 {
		s += fmt.Sprintf(", indexer top %d", c.IndexTopK)
	}
	return s
}
