package ui

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

// The what-if screen: the accelerator database on the left, the simulated
// machine and what fits on it on the right. Every change recomputes the
// estimates at once, so the header and the counts update live.

const (
	paneDatabase = iota
	paneMachine
)

type whatIfState struct {
	focus   int // paneDatabase or paneMachine
	cursor  int // database row
	offset  int
	mcursor int // GPU group of the machine
	query   string
}

// accelerator is one pickable database row: a product at one memory size.
type accelerator struct {
	spec   string // read back by hwprobe.ParseGPUSpec
	label  string
	name   string
	memGiB float64
	bw     *float64
	search string // lower-case name, aliases, vendor, kind
}

// acceleratorRows expands the database: one row per memory configuration.
var acceleratorRows = sync.OnceValue(func() []accelerator {
	var out []accelerator
	for _, a := range hwprobe.ListAccelerators() {
		search := strings.ToLower(strings.Join(append([]string{a.Name, a.Vendor, a.Kind, a.Backend}, a.Aliases...), " "))
		if len(a.MemoryGiB) <= 1 {
			mem := 0.0
			if len(a.MemoryGiB) == 1 {
				mem = a.MemoryGiB[0]
			}
			out = append(out, accelerator{spec: a.Name, label: a.Name, name: a.Name, memGiB: mem, bw: a.BandwidthGBps, search: search})
			continue
		}
		for _, mem := range a.MemoryGiB {
			size := strconv.FormatFloat(mem, 'f', -1, 64)
			out = append(out, accelerator{spec: a.Name + " " + size + "GB", label: a.Name, name: a.Name,
				memGiB: mem, bw: a.BandwidthGBps, search: search + " " + size})
		}
	}
	return out
})

// accelerators are the database rows matching the what-if search.
func (m Model) accelerators() []accelerator {
	all := acceleratorRows()
	q := strings.Fields(strings.ToLower(m.wi.query))
	if len(q) == 0 {
		return all
	}
	var out []accelerator
	for _, a := range all {
		ok := true
		for _, w := range q {
			ok = ok && strings.Contains(a.search, w)
		}
		if ok {
			out = append(out, a)
		}
	}
	return out
}

// whatIfListHeight is the number of database rows on screen.
func (m Model) whatIfListHeight(bodyH int) int { return max(1, bodyH-1) }

func (m Model) updateWhatIf(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End):
		if m.wi.focus == paneMachine {
			n := len(groupGPUs(m.hardware().GPUs))
			switch {
			case key.Matches(msg, k.Up):
				m.wi.mcursor = max(0, m.wi.mcursor-1)
			case key.Matches(msg, k.Down):
				m.wi.mcursor = max(0, min(n-1, m.wi.mcursor+1))
			}
		} else {
			m.moveAccelCursor(msg)
		}
	case key.Matches(msg, k.SwitchPane):
		m.wi.focus = 1 - m.wi.focus
	case key.Matches(msg, k.Add):
		if m.wi.focus == paneMachine {
			m.addGroupGPU(m.wi.mcursor)
		} else if rows := m.accelerators(); m.wi.cursor < len(rows) {
			m.addSpec(rows[m.wi.cursor].spec)
		}
	case key.Matches(msg, k.Remove):
		m.removeGPU()
	case key.Matches(msg, k.Search):
		m, cmd := m.openPrompt(promptAccelSearch, m.wi.query)
		return m, cmd, true
	case key.Matches(msg, k.GPUSpec):
		m, cmd := m.openPrompt(promptGPU, "")
		return m, cmd, true
	case key.Matches(msg, k.SetRAM):
		m, cmd := m.openPrompt(promptRAM, sizeInput(m.hardware().Memory.TotalBytes))
		return m, cmd, true
	case key.Matches(msg, k.SetCores):
		v := ""
		if c := m.hardware().CPU.PhysicalCores; c > 0 {
			v = strconv.Itoa(c)
		}
		m, cmd := m.openPrompt(promptCores, v)
		return m, cmd, true
	case key.Matches(msg, k.SetRAMBW):
		v := ""
		if bw := m.hardware().Memory.BandwidthGBps; bw != nil {
			v = strconv.FormatFloat(math.Round(*bw), 'f', -1, 64)
		}
		m, cmd := m.openPrompt(promptRAMBW, v)
		return m, cmd, true
	case key.Matches(msg, k.NoGPU):
		m.toggleNoGPU()
	case key.Matches(msg, k.Undo):
		m.undoWhatIf()
	case key.Matches(msg, k.Reset):
		m.resetWhatIf()
	case key.Matches(msg, k.Save):
		if m.cfg.ProfileDir == "" {
			m.setError(errors.New("no profile directory: profiles cannot be saved"))
			return m, nil, true
		}
		m, cmd := m.openPrompt(promptSave, "")
		return m, cmd, true
	case key.Matches(msg, k.Load):
		if m.cfg.ProfileDir == "" {
			m.setError(errors.New("no profile directory: no profiles to open"))
			return m, nil, true
		}
		return m, listProfilesCmd(m.cfg.ProfileDir), true
	default:
		return m, nil, false
	}
	return m, nil, true
}

// toggleNoGPU removes every GPU, or, on a machine without one, brings
// back the GPUs the last edit removed (else those fitcheck started with).
func (m *Model) toggleNoGPU() {
	m.wi.mcursor = 0
	if len(m.hardware().GPUs) > 0 {
		m.editWhatIf(m.whatIf.withGPUs(nil), "no GPU")
		m.setStatus("what-if: no GPU (n brings them back, u undoes)")
		return
	}
	for i := len(m.undo) - 1; i >= 0; i-- {
		if gpus := m.undo[i].w.apply(m.base).GPUs; len(gpus) > 0 {
			if m.editWhatIf(m.whatIf.withGPUs(gpus), "GPUs back") {
				m.setStatus(fmt.Sprintf("what-if: %d %s back", len(gpus), plural(len(gpus), "GPU", "GPUs")))
			}
			return
		}
	}
	if gpus := m.base.GPUs; len(gpus) > 0 {
		if m.editWhatIf(m.whatIf.withGPUs(gpus), "GPUs back") {
			m.setStatus(fmt.Sprintf("what-if: the %d probed %s back", len(gpus), plural(len(gpus), "GPU", "GPUs")))
		}
		return
	}
	m.setStatus("no GPU to bring back: add one from the database (enter) or type a spec (g)")
}

func (m *Model) moveAccelCursor(msg tea.KeyPressMsg) {
	k := m.keys
	n := len(m.accelerators())
	page := m.whatIfListHeight(m.frame().bodyH)
	switch {
	case key.Matches(msg, k.Up):
		m.wi.cursor--
	case key.Matches(msg, k.Down):
		m.wi.cursor++
	case key.Matches(msg, k.PageUp):
		m.wi.cursor -= page
	case key.Matches(msg, k.PageDown):
		m.wi.cursor += page
	case key.Matches(msg, k.Home):
		m.wi.cursor = 0
	case key.Matches(msg, k.End):
		m.wi.cursor = n - 1
	}
	m.wi.cursor = max(0, min(n-1, m.wi.cursor))
}

// addSpec adds the devices of a --gpu spec to the simulated machine.
func (m *Model) addSpec(spec string) {
	gpus, err := hwprobe.ParseGPUSpec(spec)
	if err != nil {
		m.setError(err)
		return
	}
	m.editWhatIf(m.whatIf.withGPUs(append(slices.Clone(m.hardware().GPUs), gpus...)), "added "+gpuName(gpus))
	m.setStatus(fmt.Sprintf("added %s: %d %s", gpuName(gpus), len(m.hardware().GPUs), plural(len(m.hardware().GPUs), "GPU", "GPUs")))
}

// addGroupGPU adds one more device like those of GPU group i.
func (m *Model) addGroupGPU(i int) {
	gpus := m.hardware().GPUs
	groups := groupGPUs(gpus)
	if i >= len(groups) {
		return
	}
	m.editWhatIf(m.whatIf.withGPUs(append(slices.Clone(gpus), groups[i].gpu)), "added "+groups[i].gpu.Name)
	m.setStatus("added " + groups[i].gpu.Name)
}

// removeGPU removes one device: of the selected machine group, or like the
// selected database row.
func (m *Model) removeGPU() {
	gpus := slices.Clone(m.hardware().GPUs)
	name := ""
	if m.wi.focus == paneMachine {
		if groups := groupGPUs(gpus); m.wi.mcursor < len(groups) {
			name = groups[m.wi.mcursor].gpu.Name
		}
	} else if rows := m.accelerators(); m.wi.cursor < len(rows) {
		name = rows[m.wi.cursor].name
	}
	i := -1
	for j := len(gpus) - 1; j >= 0 && i < 0; j-- {
		if gpus[j].Name == name {
			i = j
		}
	}
	if i < 0 {
		m.setStatus("no " + orDash(name) + " in the machine")
		return
	}
	gpus = slices.Delete(gpus, i, i+1)
	m.editWhatIf(m.whatIf.withGPUs(gpus), "removed "+name)
	m.wi.mcursor = max(0, min(m.wi.mcursor, len(groupGPUs(gpus))-1))
	m.setStatus(fmt.Sprintf("removed %s: %d %s left", name, len(gpus), plural(len(gpus), "GPU", "GPUs")))
}

// gpuCount is how many devices like database row a the machine has: same
// name and memory size (for unified chips, the RAM they share).
func gpuCount(gpus []hwprobe.GPU, a accelerator) int {
	n := 0
	for _, g := range gpus {
		mem := g.MemoryTotalBytes
		if g.UnifiedMemory && g.SharedMemoryBytes > 0 {
			mem = g.SharedMemoryBytes
		}
		if g.Name == a.name && math.Abs(float64(mem)/(1<<30)-a.memGiB) < 0.5 {
			n++
		}
	}
	return n
}

func (m Model) whatIfView(w, h int) string {
	lw := max(20, w*11/20)
	rw := max(0, w-lw-3)
	left := m.databasePane(lw, h)
	right := m.machinePane(rw)
	lines := make([]string, h)
	sep := m.styles.Muted.Render(" │ ")
	for i := range lines {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		lines[i] = fit(l, lw) + sep + truncate(r, rw)
	}
	return strings.Join(lines, "\n")
}

func (m Model) databasePane(w, h int) []string {
	st := m.styles
	rows := m.accelerators()
	title := fmt.Sprintf("Accelerator database (%d)", len(rows))
	if m.wi.query != "" {
		title = fmt.Sprintf("Accelerators matching “%s” (%d)", m.wi.query, len(rows))
	}
	hs := st.Heading
	if m.wi.focus != paneDatabase {
		hs = st.Muted
	}
	lines := []string{hs.Render(truncate(title, w))}
	gpus := m.hardware().GPUs
	list := m.whatIfListHeight(h)
	const memW, bwW, countW = 8, 10, 4
	nameW := max(4, w-2-memW-bwW-countW-3)
	if len(rows) == 0 {
		lines = append(lines, "  "+st.Muted.Render("no accelerator matches: / changes the search"))
	}
	for i := m.wi.offset; i < min(len(rows), m.wi.offset+list); i++ {
		a := rows[i]
		bw := "—"
		if a.bw != nil {
			bw = fmt.Sprintf("%.0f GB/s", *a.bw)
		}
		count := ""
		if n := gpuCount(gpus, a); n > 0 {
			count = fmt.Sprintf("×%d", n)
		}
		label := a.label
		if textWidth(label) > nameW {
			label = shortDeviceName(label) // the vendor is in the search; the model number tells rows apart
		}
		text := fit(label, nameW) + " " + fitRight(fmt.Sprintf("%g GiB", a.memGiB), memW) + " " + fitRight(bw, bwW) + " " + fitRight(count, countW)
		if i == m.wi.cursor && m.wi.focus == paneDatabase {
			lines = append(lines, "›"+" "+st.Selected.Render(text))
		} else if count != "" {
			lines = append(lines, "  "+st.Marked.Render(text))
		} else {
			lines = append(lines, "  "+text)
		}
	}
	return lines
}

func (m Model) machinePane(w int) []string {
	st := m.styles
	hw := m.hardware()
	var lines []string
	add := func(s ...string) { lines = append(lines, s...) }
	hs := st.Heading
	if m.wi.focus != paneMachine {
		hs = st.Muted
	}
	if m.simulated() {
		add(hs.Render("Simulated machine") + " " + st.WhatIf.Render(" WHAT-IF "))
	} else {
		add(hs.Render("This machine (probed)"))
	}
	add(st.Label.Render("GPUs"))
	groups := groupGPUs(hw.GPUs)
	if len(groups) == 0 {
		add("  " + st.Muted.Render("none: CPU and RAM only"))
	}
	for i, g := range groups {
		name := g.gpu.Name
		if g.count > 1 {
			name = fmt.Sprintf("%d× %s", g.count, name)
		}
		cursor := "  "
		if m.wi.focus == paneMachine && i == m.wi.mcursor {
			cursor = "› "
			name = st.Selected.Render(truncate(name, w-2))
		}
		add(cursor + name)
		spec := []string{gib(g.gpu.MemoryTotalBytes) + " each"}
		if g.gpu.BandwidthGBps != nil {
			spec = append(spec, fmt.Sprintf("%.0f GB/s", *g.gpu.BandwidthGBps))
		}
		if g.gpu.FP16TFLOPs != nil {
			spec = append(spec, fmt.Sprintf("%.0f TFLOPS", *g.gpu.FP16TFLOPs))
		}
		if g.gpu.UnifiedMemory {
			spec = append(spec, "unified")
		}
		if g.gpu.PCIe != nil {
			spec = append(spec, g.gpu.PCIe.String())
		}
		if n := report.PowerLimitNote(g.gpu); n != "" {
			spec = append(spec, n)
		}
		add("    " + st.Muted.Render(strings.Join(spec, " · ")))
	}
	label := func(s string) string { return st.Label.Render(fit(s, 7)) }
	add(label("RAM")+gib(hw.Memory.TotalBytes)+" "+st.Muted.Render("(r sets)"),
		label("CPU")+m.cpuBrief(hw)+" "+st.Muted.Render("(c cores, b bandwidth)"),
		label("Budget")+m.budgetLabel()+" "+st.Muted.Render("(i toggles)"), "")

	counts := map[string]int{}
	var largestGPU, largestAny *report.Model
	for i := range m.doc.Models {
		rm := &m.doc.Models[i]
		counts[rm.BestVerdict]++
		if rm.BestVerdict == estimate.VerdictGPU && (largestGPU == nil || rm.ParamsTotal > largestGPU.ParamsTotal) {
			largestGPU = rm
		}
		if rm.BestVerdict != estimate.VerdictNo && (largestAny == nil || rm.ParamsTotal > largestAny.ParamsTotal) {
			largestAny = rm
		}
	}
	add(st.Heading.Render(fmt.Sprintf("Of %d models", len(m.doc.Models))))
	for _, v := range []string{estimate.VerdictGPU, estimate.VerdictPartial, estimate.VerdictCPU, estimate.VerdictNo} {
		add("  " + st.verdictStyle(v).Render(fmt.Sprintf("%s %3d %s", verdictGlyphs[v], counts[v], verdictCountLabel(v))))
	}
	if largestGPU != nil {
		add("", st.Label.Render("Largest fully on the GPU"), "  "+modelBrief(largestGPU))
	}
	if largestAny != nil && largestAny != largestGPU {
		add(st.Label.Render("Largest that runs"), "  "+modelBrief(largestAny))
	}
	add(m.upgradeLines()...)
	for i := range lines {
		lines[i] = truncate(lines[i], w)
	}
	return lines
}

func verdictCountLabel(v string) string {
	switch v {
	case estimate.VerdictGPU:
		return "fully on the GPU"
	case estimate.VerdictPartial:
		return "partly offloaded"
	case estimate.VerdictCPU:
		return "CPU only"
	}
	return "do not fit"
}

// modelBrief is "Name · Q4_K_M · 42 tok/s".
func modelBrief(rm *report.Model) string {
	s := rm.Name
	if e := shownEstimate(rm); e != nil {
		s += " · " + e.Quant + " · " + report.TPS(e.DecodeTPS) + " tok/s"
	}
	return s
}

// sizeInput is a byte count as a person would type it into the RAM
// editor: whole GiB or TiB when it is one ("64GiB", "2TiB"), else GiB to
// one decimal ("23.5GiB"), never a float's full precision.
func sizeInput(b int64) string {
	switch {
	case b >= 1<<40 && b%(1<<40) == 0:
		return fmt.Sprintf("%dTiB", b>>40)
	case b%(1<<30) == 0:
		return fmt.Sprintf("%dGiB", b>>30)
	}
	return strconv.FormatFloat(float64(b)/(1<<30), 'f', 1, 64) + "GiB"
}

// cpuBrief is the CPU of the simulated machine in a few words: cores and
// memory bandwidth, what offload speeds depend on.
func (m Model) cpuBrief(hw hwprobe.Snapshot) string {
	var parts []string
	if hw.CPU.Model != "" {
		parts = append(parts, hw.CPU.Model)
	}
	if c := hw.CPU.PhysicalCores; c > 0 {
		parts = append(parts, fmt.Sprintf("%d cores", c))
	} else {
		parts = append(parts, "cores unknown")
	}
	if bw := hw.Memory.BandwidthGBps; bw != nil {
		parts = append(parts, fmt.Sprintf("%.0f GB/s", *bw))
	}
	return strings.Join(parts, " · ")
}
