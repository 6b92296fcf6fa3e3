package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

// headerView is the hardware the estimates are for and the run settings:
// title, CPU, RAM, one line per GPU (grouped when there are many), settings.
func (m Model) headerView(w int) string {
	hw := m.hardware()
	lines := []string{m.titleLine(w), m.cpuLine(hw, w)}
	lines = append(lines, m.meterLines(m.memoryRows(hw), w)...)
	lines = append(lines, m.settingsLine(w))
	return strings.Join(lines, "\n")
}

// meterRow is a header line about memory: a label and details on the left,
// a meter and its figures on the right (none when the size is unknown).
type meterRow struct {
	left        string
	label       string   // with parts instead of left: narrow terminals drop parts from the end
	parts       []string // parts[0], the device name, stays (shortened if need be)
	meter       bool
	used, total int64
	figures     string
}

// meterLines renders memory rows with their meters in one column: the
// figures after the meters are padded to one width.
func (m Model) meterLines(rows []meterRow, w int) []string {
	fw := 0
	for _, r := range rows {
		if r.meter {
			fw = max(fw, textWidth(r.figures))
		}
	}
	lines := make([]string, len(rows))
	for i, r := range rows {
		right := ""
		if r.meter {
			right = m.meter(r.used, r.total, barWidth(w)) + " " + fit(r.figures, fw)
		}
		left := r.left
		if len(r.parts) > 0 {
			left = m.fitParts(r.label, r.parts, w-textWidth(right)-1)
		}
		if !r.meter {
			lines[i] = truncate(left, w)
			continue
		}
		lines[i] = spread(left, right, w)
	}
	return lines
}

// fitParts joins a label and parts within w cells: details go from the
// end first, then the name loses its vendor prefix ("NVIDIA GeForce RTX
// 4090" → "RTX 4090"), and only then is it cut.
func (m Model) fitParts(label string, parts []string, w int) string {
	sep := m.styles.Muted.Render(" · ")
	join := func(p []string) string { return m.label(label) + strings.Join(p, sep) }
	for n := len(parts); n > 1; n-- {
		if textWidth(join(parts[:n])) <= w {
			return join(parts[:n])
		}
	}
	name := parts[0]
	if textWidth(join([]string{name})) > w {
		name = shortDeviceName(name)
	}
	return truncate(join([]string{name}), w)
}

// shortDeviceName drops the vendor and brand words a device name starts
// with; the model number is what tells devices apart.
func shortDeviceName(name string) string {
	if count, rest, ok := strings.Cut(name, "× "); ok {
		return count + "× " + shortDeviceName(rest)
	}
	for _, p := range []string{"NVIDIA ", "GeForce ", "AMD ", "Intel(R) ", "Intel ", "Apple "} {
		name = strings.TrimPrefix(name, p)
	}
	return name
}

// memoryRows are the RAM and GPU lines. On unified memory (Apple, Strix
// Halo, DGX Spark) there is one pool: the RAM line carries the meter and
// says so, and the GPU line says how much of that pool the GPU may use,
// instead of a second meter that reads as a second, separate pool.
func (m Model) memoryRows(hw hwprobe.Snapshot) []meterRow {
	ram, gpus := m.ramRow(hw), m.gpuRows(hw)
	unified := len(hw.GPUs) > 0
	for _, g := range hw.GPUs {
		unified = unified && g.UnifiedMemory
	}
	if !unified || !ram.meter {
		return append([]meterRow{ram}, gpus...)
	}
	left := m.label("Mem") + "unified (CPU and GPU)"
	if rest := strings.TrimPrefix(ram.left, m.label("RAM")); rest != "" {
		left += m.styles.Muted.Render(" · ") + rest
	}
	ram.left = left
	for i := range gpus {
		gpus[i].meter = false
		p := gpus[i].parts
		rest := slices.DeleteFunc(slices.Clone(p[1:]), func(s string) bool { return s == "unified" })
		gpus[i].parts = append([]string{p[0], "may use " + gib(gpus[i].total) + " of it"}, rest...)
	}
	return append([]meterRow{ram}, gpus...)
}

func (m Model) titleLine(w int) string {
	st := m.styles
	left := st.Title.Render("fitcheck")
	if m.cfg.Version != "" {
		left += " " + st.Muted.Render(m.cfg.Version)
	}
	if crumb := m.breadcrumb(); crumb != "" {
		left += st.Muted.Render(" › ") + crumb
	}
	terse := left // the badge without its words: what is kept when room is short
	if m.simulated() {
		terse += "  " + st.WhatIf.Render(" WHAT-IF ")
		left = terse + " " + st.Muted.Render("simulated hardware")
	}
	if m.probing {
		left += "  " + st.Muted.Render("probing hardware…")
		terse += "  " + st.Muted.Render("probing…")
	}
	// The right side and the what-if words give way before the left is
	// cut: at 80 columns with a policy the left read "fitchec…", without
	// the screen's name. The row number goes after the what-if words.
	n := len(m.doc.Warnings)
	for short := 0; ; short++ {
		var right []string
		if n > 0 {
			warn := st.Warning.Render(fmt.Sprintf("! %d %s", n, plural(n, "warning", "warnings"))) + st.Muted.Render(" (!)")
			if short >= 3 {
				warn = st.Warning.Render(fmt.Sprintf("! %d", n))
			}
			right = append(right, warn)
		}
		if b := m.policyBadge(short >= 2); b != "" {
			right = append(right, b)
		}
		if short < 1 && m.screen == screenMain && m.overlay == overlayNone && len(m.table.rows) > 0 {
			right = append(right, st.Muted.Render(fmt.Sprintf("row %d/%d", m.table.cursor+1, len(m.table.rows))))
		}
		count := fmt.Sprintf("%d of %d models", len(m.table.rows), len(m.doc.Models))
		if short >= 3 {
			count = fmt.Sprintf("%d/%d", len(m.table.rows), len(m.doc.Models))
		}
		right = append(right, st.Muted.Render(count))
		r := strings.Join(right, "  ")
		for _, l := range []string{left, terse} {
			if ansi.StringWidth(l)+ansi.StringWidth(r)+1 <= w {
				return spread(l, r, w)
			}
		}
		if short >= 3 {
			return spread(terse, r, w)
		}
	}
}

// breadcrumb says where the user is: the screens opened on top of the
// table, and an overlay ("detail: Llama 3.1 8B › help").
func (m Model) breadcrumb() string {
	var parts []string
	for _, sc := range append(slices.Clone(m.stack), m.screen) {
		switch sc {
		case screenDetail:
			name := m.detail.id
			if rm := m.model(m.detail.id); rm != nil {
				name = rm.Name
			}
			parts = append(parts, "detail: "+name)
		case screenWhatIf:
			parts = append(parts, "what-if")
		case screenCompare:
			parts = append(parts, "compare")
		case screenPlan:
			parts = append(parts, "plan")
		case screenFinetune:
			parts = append(parts, "fine-tune")
		}
	}
	if o := map[overlay]string{overlayHelp: "help", overlayWarnings: "warnings", overlayFilters: "filters", overlayProfiles: "profiles"}[m.overlay]; o != "" {
		parts = append(parts, o)
	}
	return strings.Join(parts, " › ")
}

func (m Model) label(s string) string { return m.styles.Label.Render(fmt.Sprintf("%-4s", s)) + " " }

func (m Model) cpuLine(hw hwprobe.Snapshot, w int) string {
	c := hw.CPU
	var parts []string
	name := c.Model
	switch {
	case name == "" && m.probing:
		name = "probing…"
	case name == "" && m.simulated():
		name = "not probed (what-if)"
	case name == "":
		name = "unknown"
	}
	parts = append(parts, name)
	if c.PhysicalCores > 0 || c.LogicalCores > 0 {
		parts = append(parts, fmt.Sprintf("%d cores / %d threads", c.PhysicalCores, c.LogicalCores))
	}
	if len(c.Clusters) > 0 {
		parts = append(parts, hwprobe.ClusterSummary(c.Clusters))
	} else if c.MaxGHz != nil {
		parts = append(parts, fmt.Sprintf("%.2f GHz", *c.MaxGHz))
	}
	if len(c.Features) > 0 {
		parts = append(parts, strings.Join(c.Features[:min(len(c.Features), 5)], " "))
	}
	return truncate(m.label("CPU")+strings.Join(parts, m.styles.Muted.Render(" · ")), w)
}

// barWidth is the width of the memory meters in the header.
func barWidth(w int) int { return min(max(w/8, 8), 24) }

func (m Model) ramRow(hw hwprobe.Snapshot) meterRow {
	mem := hw.Memory
	if mem.TotalBytes <= 0 {
		state := "unknown"
		if m.probing {
			state = "probing…"
		}
		return meterRow{left: m.label("RAM") + state}
	}
	avail := mem.AvailableBytes
	if avail <= 0 {
		avail = mem.TotalBytes
	}
	var notes []string
	if mem.Source == hwprobe.SourceOverride {
		notes = append(notes, m.styles.Marked.Render("what-if"))
	}
	if mem.BandwidthGBps != nil {
		bw := fmt.Sprintf("%.0f GB/s", *mem.BandwidthGBps)
		if strings.HasPrefix(mem.BandwidthBasis, "estimate") {
			bw += " (est.)"
		}
		notes = append(notes, bw)
	}
	if mem.CgroupLimitBytes != nil {
		notes = append(notes, "container limit")
	}
	if r := mem.OSReserveBytes(); r > 0 {
		notes = append(notes, "OS "+gib(r))
	}
	return meterRow{left: m.label("RAM") + strings.Join(notes, m.styles.Muted.Render(" · ")), meter: true,
		used: mem.TotalBytes - avail, total: mem.TotalBytes,
		figures: fmt.Sprintf("%s of %s free", gib(avail), gib(mem.TotalBytes))}
}

func (m Model) gpuRows(hw hwprobe.Snapshot) []meterRow {
	if len(hw.GPUs) == 0 {
		msg := "none: estimates use the CPU and system RAM"
		if m.probing {
			msg = "probing…"
		}
		return []meterRow{{left: m.label("GPU") + msg}}
	}
	groups := groupGPUs(hw.GPUs)
	if len(hw.GPUs) <= 4 {
		groups = groups[:0]
		for _, g := range hw.GPUs {
			groups = append(groups, groupGPUs([]hwprobe.GPU{g})...)
		}
	}
	rows := make([]meterRow, 0, len(groups))
	for i, g := range groups {
		lbl := "GPU"
		if len(groups) > 1 && len(hw.GPUs) <= 4 {
			lbl = fmt.Sprintf("GPU%d", i)
		}
		rows = append(rows, m.gpuRow(lbl, g))
	}
	// How the GPUs reach each other (vLLM tensor parallelism): on the last
	// GPU line, the first detail a narrow terminal drops.
	if link := gpuLinkLabel[hw.Interconnect]; link != "" && len(hw.GPUs) > 1 {
		last := &rows[len(rows)-1]
		last.parts = append(last.parts, link)
	}
	return rows
}

var gpuLinkLabel = map[string]string{
	hwprobe.InterconnectNVLink: "NVLink",
	hwprobe.InterconnectPCIe:   "PCIe P2P",
	hwprobe.InterconnectHost:   "no P2P",
}

func (m Model) gpuRow(lbl string, g gpuGroup) meterRow {
	name := g.gpu.Name
	if g.count > 1 {
		name = fmt.Sprintf("%d× %s", g.count, name)
	}
	details := []string{name}
	if isWhatIfSource(g.gpu.Source) {
		details = append(details, m.styles.Marked.Render("what-if"))
	}
	if g.gpu.Backend != "" {
		details = append(details, g.gpu.Backend)
	}
	if g.gpu.BandwidthGBps != nil {
		details = append(details, fmt.Sprintf("%.0f GB/s", *g.gpu.BandwidthGBps))
	}
	if g.gpu.UnifiedMemory {
		details = append(details, "unified")
	}
	// x16 is the unremarkable case and stays off the crowded header.
	if l := g.gpu.NarrowLink(); l != nil {
		details = append(details, l.String())
	}
	// A power limit shows where it moves prefill (a cap, a factory card's
	// higher limit), not on a card at its reference power.
	if n := report.PowerLimitNote(g.gpu); n != "" {
		details = append(details, n)
	}
	total := g.gpu.MemoryTotalBytes * int64(g.count)
	r := meterRow{label: lbl, parts: details, meter: true, total: total}
	if g.free >= 0 {
		r.used, r.figures = total-g.free, fmt.Sprintf("%s of %s free", gib(g.free), gib(total))
	} else {
		r.figures = gib(total) + " (free unknown)"
	}
	return r
}

// isWhatIfSource reports whether a GPU came from flags or the database
// rather than from the machine.
func isWhatIfSource(src string) bool {
	return src == hwprobe.SourceOverride || strings.HasPrefix(src, "database")
}

// gib formats bytes as GiB with one decimal, the unit of the header;
// sizes of a TiB and more in TiB ("90.9 TiB", not "93132.3 GiB").
func gib(b int64) string {
	switch {
	case b < 1<<30:
		return report.Bytes(b)
	case b >= 1<<40:
		return fmt.Sprintf("%.1f TiB", float64(b)/(1<<40))
	}
	return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
