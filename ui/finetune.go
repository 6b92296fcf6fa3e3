package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/estimate/finetune"
	"github.com/fitcheck/fitcheck/report"
)

// The fine-tune screen: can the model of the detail screen be fine-tuned on
// the hardware the TUI uses (probed or what-if), with which method, and how
// much memory each GPU needs. It recomputes finetune.Estimate on every
// frame: the estimate is pure and takes microseconds, so there is no state
// to keep in step with the settings, the what-if hardware or the budget key.

// tuneState is the fine-tune screen: its settings (kept between models, as
// the run settings are) and the scroll offset.
type tuneState struct {
	s      finetune.Settings
	set    bool // s holds settings (the zero value is not a valid run)
	offset int
}

// Bounds of the fine-tune keys that halve: shorter sequences teach little,
// and rank 1 is the smallest adapter.
const (
	minTuneSeqLen = 128
	maxTuneBatch  = 4096
	maxTuneRank   = 4096
)

// The cycles of the fine-tune keys, in the order the CLI documents them.
var (
	tuneCheckpointing = []string{finetune.CkptNone, finetune.CkptFull, finetune.CkptUnsloth}
	tuneOptimizers    = []string{finetune.AdamW, finetune.AdamW8bit, finetune.PagedAdamW, finetune.SGD}
	tunePrecisions    = []string{"bf16", "fp16", "fp32"}
	tuneShardings     = []string{finetune.ShardNone, finetune.ShardFSDP, finetune.ShardZeRO2, finetune.ShardZeRO3}
)

// next is the value after v in a cycle.
func next(cycle []string, v string) string {
	return cycle[(slices.Index(cycle, v)+1)%len(cycle)]
}

// openTune opens the fine-tune screen for the model of the detail screen,
// its sequence length cut to the model's context.
func (m *Model) openTune() {
	if !m.tune.set {
		m.tune = tuneState{s: finetune.DefaultSettings(), set: true}
	}
	m.tune.offset = 0
	if cm := m.catalog[m.detail.id]; cm != nil && cm.Arch.ContextLength > 0 && m.tune.s.SeqLen > cm.Arch.ContextLength {
		m.tune.s.SeqLen = cm.Arch.ContextLength
		m.setStatus("sequence length cut to the model's context, " + report.Tokens(cm.Arch.ContextLength))
	}
	m.push(screenFinetune)
}

// tuneSeqMax is the longest sequence the sequence key goes to: the model's
// context, or the estimator's bound.
func (m Model) tuneSeqMax() int {
	if cm := m.catalog[m.detail.id]; cm != nil && cm.Arch.ContextLength > 0 {
		return min(cm.Arch.ContextLength, 1<<22)
	}
	return 1 << 22
}

func (m Model) updateTune(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	k, s := m.keys, m.tune.s
	switch {
	case key.Matches(msg, k.TuneSeqUp):
		s.SeqLen = double(s.SeqLen, minTuneSeqLen, m.tuneSeqMax())
		m.setStatus("sequence length " + report.Tokens(s.SeqLen) + " tokens")
	case key.Matches(msg, k.TuneSeqDown):
		s.SeqLen = halve(s.SeqLen, minTuneSeqLen)
		m.setStatus("sequence length " + report.Tokens(s.SeqLen) + " tokens")
	case key.Matches(msg, k.TuneBatchUp):
		s.Batch = min(s.Batch+1, maxTuneBatch)
		m.setStatus(fmt.Sprintf("micro batch %d", s.Batch))
	case key.Matches(msg, k.TuneBatchDown):
		s.Batch = max(s.Batch-1, 1)
		m.setStatus(fmt.Sprintf("micro batch %d", s.Batch))
	case key.Matches(msg, k.TuneCheckpointing):
		s.Checkpointing = next(tuneCheckpointing, s.Checkpointing)
		m.setStatus("checkpointing " + s.Checkpointing)
	case key.Matches(msg, k.TuneOptimizer):
		s.Optimizer = next(tuneOptimizers, s.Optimizer)
		m.setStatus("optimizer " + s.Optimizer)
	case key.Matches(msg, k.TuneRankUp):
		s.LoRARank = double(s.LoRARank, 2, maxTuneRank)
		m.setStatus(fmt.Sprintf("LoRA rank %d", s.LoRARank))
	case key.Matches(msg, k.TuneRankDown):
		s.LoRARank = halve(s.LoRARank, 1)
		m.setStatus(fmt.Sprintf("LoRA rank %d", s.LoRARank))
	case key.Matches(msg, k.TuneTargets):
		s.LoRATargets = next([]string{"attn", "all-linear"}, s.LoRATargets)
		m.setStatus("LoRA targets " + s.LoRATargets)
	case key.Matches(msg, k.TunePrecision):
		s.Precision = next(tunePrecisions, s.Precision)
		m.setStatus("precision " + s.Precision)
	case key.Matches(msg, k.TuneSharding):
		s.Sharding = next(tuneShardings, s.Sharding)
		m.setStatus("sharding " + s.Sharding)
	case key.Matches(msg, k.Up):
		m.tuneScroll(-1)
	case key.Matches(msg, k.Down):
		m.tuneScroll(1)
	case key.Matches(msg, k.PageUp):
		m.tuneScroll(-m.frame().bodyH)
	case key.Matches(msg, k.PageDown):
		m.tuneScroll(m.frame().bodyH)
	case key.Matches(msg, k.Home):
		m.tune.offset = 0
	case key.Matches(msg, k.End):
		m.tuneScroll(1 << 20)
	case key.Matches(msg, k.ContextUp, k.ContextDown, k.PromptUp, k.PromptDown, k.KVType, k.Engine):
		// The inference settings would change behind this screen, unseen.
		m.setStatus("the run settings (context, prompt, KV cache, engine) are for inference: fine-tuning has its own, > < b B c o r R a p z")
		return m, nil, true
	default:
		return m, nil, false
	}
	m.tune.s = s
	return m, nil, true
}

// tuneRow is one method's estimate, or why there is none.
type tuneRow struct {
	method string
	res    *finetune.Result
	err    error
}

// tuneEstimate runs the estimate per method, so a setting one method
// refuses (QLoRA in fp32) leaves the others' rows standing. err is a
// setting every method refuses.
func (m Model) tuneEstimate(cm *catalog.Model, gpus []estimate.Device) (rows []tuneRow, rec string, err error) {
	s := m.tune.s
	if err := s.Check(cm); err != nil {
		return nil, "", err
	}
	var results []finetune.Result
	for _, meth := range finetune.Methods() {
		s.Methods = []string{meth}
		rs, err := finetune.Estimate(cm, gpus, s)
		row := tuneRow{method: meth, err: err}
		if err == nil && len(rs) == 1 {
			row.res = &rs[0]
			results = append(results, rs[0])
		}
		rows = append(rows, row)
	}
	return rows, finetune.Recommend(results), nil
}

// methodLabel is a method as people write it.
func methodLabel(meth string) string {
	switch meth {
	case finetune.LoRA:
		return "LoRA"
	case finetune.QLoRA:
		return "QLoRA"
	}
	return meth
}

func (m Model) tuneView(w, h int) string {
	lines := m.tuneLines(w, h)
	off := max(0, min(m.tune.offset, len(lines)-h))
	return strings.Join(lines[off:min(len(lines), off+h)], "\n")
}

// tuneLines is the page as drawn in h lines: on small terminals the blank
// lines go before anything is cut.
func (m Model) tuneLines(w, h int) []string {
	lines := m.tuneContent(w)
	if len(lines) > h {
		lines = slices.DeleteFunc(lines, func(l string) bool { return l == "" })
	}
	return lines
}

// tuneScroll moves the page by d lines, within it.
func (m *Model) tuneScroll(d int) {
	f := m.frame()
	m.tune.offset = max(0, min(len(m.tuneLines(f.width, f.bodyH))-f.bodyH, m.tune.offset+d))
}

// tuneContent is the whole fine-tune page.
func (m Model) tuneContent(w int) []string {
	st := m.styles
	cm := m.catalog[m.detail.id]
	if cm == nil {
		return []string{"", "  " + st.Muted.Render("This model is not in the catalog any more.")}
	}
	var lines []string
	add := func(s ...string) { lines = append(lines, s...) }
	add(spread(st.Title.Render("Fine-tuning "+cm.Name), st.Muted.Render(cm.ID), w))

	hw, _ := report.EstimateHardware(m.hardware(), m.assumeIdle)
	if len(hw.GPUs) == 0 {
		add("")
		add(m.wrapField("", st.Warning.Render("Fine-tuning needs a GPU, and this machine has none.")+
			" Press "+st.Accent.Render("w")+" to add a what-if GPU.", w)...)
		add("")
		return append(lines, m.tuneSettingsLines(w)...)
	}
	g := hw.GPUs[0]
	budget := max(0, g.MemoryBytes-finetune.Constants().CUDAContextBytes)
	on := fmt.Sprintf("on %s · budget %s per GPU", gpuCounts(hw.GPUs), gib(budget))
	if why := fmt.Sprintf(" (%s less %s for the GPU runtime)", m.budgetLabel(), report.Bytes(finetune.Constants().CUDAContextBytes)); textWidth(on+why) <= w {
		on += why
	}
	add(truncate(st.Muted.Render(on), w))

	rows, rec, err := m.tuneEstimate(cm, hw.GPUs)
	add("")
	if err != nil {
		add(m.wrapField("Error", st.Error.Render(err.Error()), w)...)
	} else {
		add(m.tuneTable(rows, rec, w)...)
		add("")
		add(m.tuneBreakdown(rows, w)...)
		add("")
		if rec != "" {
			add(m.wrapField("Use", st.Accent.Render("★ "+methodLabel(rec))+st.Muted.Render(" — the most faithful method that fits"), w)...)
		} else {
			add(m.wrapField("Use", st.Error.Render("no method fits: ")+"try a shorter sequence (<), checkpointing (c), "+
				"adapters on attention only (a), a lower rank (R), or more GPUs (w) with sharding (z)", w)...)
		}
	}
	add("")
	add(m.tuneSettingsLines(w)...)
	if notes := m.tuneNotes(rows, hw.GPUs); len(notes) > 0 {
		add("")
		for i, n := range notes {
			add(m.wrapField(map[bool]string{true: "Notes"}[i == 0], st.Muted.Render(n), w)...)
		}
	}
	return lines
}

// gpuCounts names the GPUs with their counts, in order: "2 × NVIDIA L40S",
// "1 × NVIDIA GeForce RTX 4090 + 1 × NVIDIA GeForce RTX 3090".
func gpuCounts(gpus []estimate.Device) string {
	var names []string
	count := map[string]int{}
	for _, g := range gpus {
		if count[g.Name] == 0 {
			names = append(names, g.Name)
		}
		count[g.Name]++
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%d × %s", count[n], n)
	}
	return strings.Join(parts, " + ")
}

// tuneColumn is a column of the fine-tune tables; narrow terminals drop the
// highest prio first (0 is kept). A column with flex > 0 takes the room the
// others leave, up to flex cells; its cells are drawn at the width it gets.
type tuneColumn struct {
	title string
	width int
	right bool
	prio  int
	flex  int
	short string // the title when the column is narrower than title
	cell  func(r tuneRow, width int) string
}

// tuneGrid lays the columns out in w cells: a header and one line per row
// (a refused method shows its message after its name).
func (m Model) tuneGrid(cols []tuneColumn, rows []tuneRow, w int) []string {
	const indent, gap = 2, 2
	width := func(cs []tuneColumn) int {
		n := indent - gap
		for _, c := range cs {
			n += c.width + gap
		}
		return n
	}
	cols = dropByPrio(slices.Clone(cols), func(c tuneColumn) int { return c.prio },
		func(cs []tuneColumn) bool { return width(cs) <= w })
	for i, c := range cols {
		if c.flex > 0 {
			cols[i].width = max(c.width, min(c.flex, c.width+w-width(cols)))
		}
	}
	line := func(cell func(tuneColumn) string) string {
		var b strings.Builder
		b.WriteString(strings.Repeat(" ", indent))
		for i, c := range cols {
			if i > 0 {
				b.WriteString(strings.Repeat(" ", gap))
			}
			if c.right {
				b.WriteString(fitRight(cell(c), c.width))
			} else {
				b.WriteString(fit(cell(c), c.width))
			}
		}
		return truncate(strings.TrimRight(b.String(), " "), w)
	}
	out := []string{m.styles.TableHeader.Render(line(func(c tuneColumn) string {
		if c.short != "" && textWidth(c.title) > c.width {
			return c.short
		}
		return c.title
	}))}
	for _, r := range rows {
		if r.err != nil {
			out = append(out, truncate(strings.Repeat(" ", indent)+fit(cols[0].cell(r, cols[0].width), cols[0].width)+
				strings.Repeat(" ", gap)+m.styles.Error.Render(r.err.Error()), w))
			continue
		}
		out = append(out, line(func(c tuneColumn) string { return c.cell(r, c.width) }))
	}
	return out
}

// tuneTable is one row per method: peak memory per GPU as a bar against the
// budget, the verdict, the longest sequence and largest micro batch that
// fit, and the speed.
func (m Model) tuneTable(rows []tuneRow, rec string, w int) []string {
	st := m.styles
	cols := []tuneColumn{
		{title: "Method", width: 7, cell: func(r tuneRow, _ int) string {
			if r.method == rec {
				return st.Accent.Render("★ " + methodLabel(r.method))
			}
			return "  " + methodLabel(r.method)
		}},
		{title: "Peak per GPU against the budget", short: "Peak vs budget", width: 12, flex: 48, cell: func(r tuneRow, w int) string { return m.tuneBar(r.res, w) }},
		{title: "Peak", width: 9, right: true, cell: func(r tuneRow, _ int) string { return gib(r.res.PeakBytes) }},
		{title: "Verdict", width: 7, cell: func(r tuneRow, _ int) string {
			if r.res.Verdict == finetune.Fits {
				return st.verdictStyle(estimate.VerdictGPU).Render("● fits")
			}
			return st.verdictStyle(estimate.VerdictNo).Render("✗ no")
		}},
		{title: "Max seq", width: 7, right: true, cell: func(r tuneRow, _ int) string { return countOrDash(r.res.MaxSeqLen, report.Tokens) }},
		{title: "Max batch", width: 9, right: true, prio: 2, cell: func(r tuneRow, _ int) string {
			return countOrDash(r.res.MaxBatch, func(n int) string { return fmt.Sprint(n) })
		}},
		{title: "tok/s", width: 6, right: true, prio: 1, cell: func(r tuneRow, _ int) string {
			if r.res.Verdict != finetune.Fits {
				return "—"
			}
			return rate(r.res.TokensPerSecond)
		}},
	}
	return m.tuneGrid(cols, rows, w)
}

func countOrDash(n int, f func(int) string) string {
	if n <= 0 {
		return "—"
	}
	return f(n)
}

// tuneBar stacks one GPU's peak on w cells that stand for the budget:
// weights "█", adapters, gradients, optimizer states and master weights
// "▓", activations, logits and overhead "▒"; what is over the budget is
// "×" (as the quantization bars draw it).
func (m Model) tuneBar(r *finetune.Result, w int) string {
	if r == nil || w <= 0 {
		return ""
	}
	st, b := m.styles, r.Breakdown
	fill, over := partCells(r.PeakBytes, r.BudgetBytes, w)
	trained := b.Trainable + b.Gradients + b.OptimizerState + b.MasterWeights
	var out strings.Builder
	// Runs of one glyph are styled at once: a Render per cell costs more
	// than the three estimates together.
	var run []string
	var runStyle *lipgloss.Style
	flush := func() {
		if len(run) > 0 {
			out.WriteString(runStyle.Render(strings.Join(run, "")))
			run = run[:0]
		}
	}
	cell := func(style *lipgloss.Style, glyph string) {
		if style != runStyle {
			flush()
			runStyle = style
		}
		run = append(run, glyph)
	}
	for i := range w {
		at := float64(r.PeakBytes) * (float64(i) + 0.5) / float64(max(1, fill))
		switch {
		case i >= fill+over:
			cell(&st.BarFree, "·")
		case i >= fill:
			cell(&st.BarOver, "×")
		case at < float64(b.BaseWeights):
			cell(&st.BarWeights, "█")
		case at < float64(b.BaseWeights+trained):
			cell(&st.BarKV, "▓")
		default:
			cell(&st.BarCompute, "▒")
		}
	}
	flush()
	return out.String()
}

// tuneBreakdown is the peak of each method, part by part.
func (m Model) tuneBreakdown(rows []tuneRow, w int) []string {
	part := func(f func(finetune.Breakdown) int64) func(tuneRow, int) string {
		return func(r tuneRow, _ int) string { return report.Bytes(f(r.res.Breakdown)) }
	}
	cols := []tuneColumn{
		{title: "Per GPU", width: 7, cell: func(r tuneRow, _ int) string { return "  " + methodLabel(r.method) }},
		{title: "█ Weights", width: 9, right: true, cell: part(func(b finetune.Breakdown) int64 { return b.BaseWeights })},
		{title: "▓ Adapters+grads+opt", width: 20, right: true, cell: part(func(b finetune.Breakdown) int64 {
			return b.Trainable + b.Gradients + b.OptimizerState + b.MasterWeights
		})},
		{title: "▒ Activations", width: 13, right: true, cell: part(func(b finetune.Breakdown) int64 { return b.Activations })},
		{title: "▒ Logits", width: 9, right: true, cell: part(func(b finetune.Breakdown) int64 { return b.Logits })},
		{title: "▒ Overhead", width: 10, right: true, prio: 2, cell: part(func(b finetune.Breakdown) int64 { return b.Overhead })},
		{title: "Trained", width: 8, right: true, prio: 1, cell: func(r tuneRow, _ int) string { return report.Params(r.res.TrainableParams) }},
	}
	var ok []tuneRow // a refused method has its message in the first table
	for _, r := range rows {
		if r.err == nil {
			ok = append(ok, r)
		}
	}
	return m.tuneGrid(cols, ok, w)
}

// tuneSettingsLines are the settings with their keys, wrapped at item
// boundaries.
func (m Model) tuneSettingsLines(w int) []string {
	st, s := m.styles, m.tune.s
	items := []settingItem{
		{"sequence " + report.Tokens(s.SeqLen), ">/<", 0},
		{fmt.Sprintf("micro batch %d", s.Batch), "b/B", 0},
		{"checkpointing " + s.Checkpointing, "c", 0},
		{"optimizer " + s.Optimizer, "o", 0},
		{fmt.Sprintf("LoRA rank %d", s.LoRARank), "r/R", 0},
		{"targets " + s.LoRATargets, "a", 0},
		{"precision " + s.Precision, "p", 0},
		{"sharding " + s.Sharding, "z", 0},
	}
	sep := st.Muted.Render(" · ")
	lead := st.Label.Render(fit("Settings", detailLabelW))
	var out []string
	line := lead
	for _, it := range items {
		part := it.text + " " + st.Muted.Render("(") + st.Accent.Render(it.key) + st.Muted.Render(")")
		switch {
		case line == lead || line == strings.Repeat(" ", textWidth(lead)):
			line += part
		case textWidth(line)+textWidth(sep)+textWidth(part) <= w:
			line += sep + part
		default:
			out = append(out, line)
			line = strings.Repeat(" ", textWidth(lead)) + part
		}
	}
	return append(out, truncate(line, w))
}

// tuneNotes are what the numbers assume, once each: the estimator's notes
// per method, why a fitting method has no speed, and mixed GPUs.
func (m Model) tuneNotes(rows []tuneRow, gpus []estimate.Device) []string {
	var notes []string
	seen := map[string]bool{}
	addNote := func(n string) {
		if !seen[n] {
			seen[n] = true
			notes = append(notes, n)
		}
	}
	for _, r := range rows {
		if r.res == nil {
			continue
		}
		for _, n := range r.res.Notes {
			if r.method == finetune.QLoRA && strings.HasPrefix(n, "base weights in 4-bit") {
				n = "QLoRA: " + n
			}
			addNote(n)
		}
		if r.res.Verdict == finetune.Fits && r.res.TokensPerSecond == nil && r.res.SpeedBasis != "" {
			addNote("speed: " + r.res.SpeedBasis)
		}
	}
	if slices.ContainsFunc(gpus, func(d estimate.Device) bool { return d.Name != gpus[0].Name }) {
		addNote("the GPUs differ: every figure is for the first one, " + gpus[0].Name)
	}
	return notes
}

// tuneHelpGroup is the fine-tune screen's keys for the help overlay; the
// memory budget key (i) is there because it moves every verdict.
func (k KeyMap) tuneHelpGroup() helpGroup {
	return helpGroup{"Fine-tune", []key.Binding{k.TuneSeqUp, k.TuneSeqDown, k.TuneBatchUp, k.TuneBatchDown,
		k.TuneCheckpointing, k.TuneOptimizer, k.TuneRankUp, k.TuneRankDown, k.TuneTargets, k.TunePrecision,
		k.TuneSharding, k.Up, k.Down, k.Idle}}
}

// tuneShortHelp is the footer of the fine-tune screen.
func (k KeyMap) tuneShortHelp() []key.Binding {
	return []key.Binding{k.Help, k.Back, k.TuneSeqUp, k.TuneSeqDown, k.TuneBatchUp, k.TuneBatchDown, k.Quit, k.TuneCheckpointing,
		k.TuneOptimizer, k.TuneRankUp, k.TuneRankDown, k.TuneTargets, k.TunePrecision, k.TuneSharding}
}
