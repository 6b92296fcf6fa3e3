package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
	"github.com/fitcheck/fitcheck/report"
)

// What a new user meets first (issue 14, items 1–4, 7, 13, 14), on the
// built-in catalog where the names and context limits are real.

func newBuiltin(t *testing.T, w, h int) Model {
	t.Helper()
	cat := catalogtest.Builtin(t)
	// Largest first (fitcheck 1.0's order): these tests look for models of
	// known names on the first screen.
	return sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: rtx4090(t),
		Settings: estimate.DefaultSettings(), Version: "test", ProfileDir: t.TempDir(), Sort: report.SortSize}), w, h)
}

func TestNarrowTableKeepsWholeNames(t *testing.T) {
	m := newBuiltin(t, 80, 24)
	screen := screenText(m)
	for _, name := range []string{"Mixtral 8x7B Instruct v0.1", "Mixtral 8x7B v0.1 (base)"} {
		if !strings.Contains(screen, name) {
			t.Errorf("80×24: %q is not shown whole:\n%s", name, screen)
		}
	}
	for _, w := range []int{60, 80, 120, 200} {
		cols, _ := tableColumns(w)
		var ids []colID
		for _, c := range cols {
			ids = append(ids, c.id)
		}
		for _, want := range []colID{colName, colLicence, colParams, colVerdict} {
			if !containsCol(cols, want) {
				t.Errorf("width %d: column %d dropped (%v)", w, want, ids)
			}
		}
		if w >= 80 && cols[0].width < nameWant {
			t.Errorf("width %d: name column %d, want at least %d", w, cols[0].width, nameWant)
		}
	}
	// The header names the GPU rather than its vendor when it is narrow.
	if s := screenText(newBuiltin(t, 50, 20)); !strings.Contains(s, "RTX 4090") {
		t.Errorf("50 columns: the GPU line lost the model number:\n%s", s)
	}
}

func containsCol(cols []column, id colID) bool {
	for _, c := range cols {
		if c.id == id {
			return true
		}
	}
	return false
}

func TestFooterAndRunLineKeepTheirKeys(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := newBuiltin(t, size[0], size[1])
		lines := strings.Split(screenText(m), "\n")
		footer := lines[len(lines)-1]
		for _, want := range []string{"? help", "w what-if", "q quit"} {
			if !strings.Contains(footer, want) {
				t.Errorf("%v footer %q lacks %q", size, footer, want)
			}
		}
		if strings.Contains(footer, "…") {
			t.Errorf("%v footer is cut: %q", size, footer)
		}
		if run := lines[4]; !strings.Contains(run, "(+/-)") || !strings.Contains(run, "(e)") {
			t.Errorf("%v Run line without key hints: %q", size, run)
		}
	}
}

func TestSortByShownColumnsAndDirectKeys(t *testing.T) {
	m := newBuiltin(t, 80, 24)
	shown := m.shownColumns()
	seen := map[colID]bool{}
	for range 2 * len(allColumns) {
		m = press(m, "s")
		if !containsCol(shown, m.table.sort) {
			t.Fatalf("s sorted by hidden column %d", m.table.sort)
		}
		seen[m.table.sort] = true
	}
	if len(seen) != len(shown) {
		t.Errorf("s reached %d of %d shown columns", len(seen), len(shown))
	}
	// Direct keys: T sorts by tok/s fastest first and says so; again reverses.
	m = press(m, "T")
	if m.table.sort != colTPS || !m.table.desc || !strings.Contains(m.status, "sorted by tok/s") {
		t.Errorf("T: sort %d desc %v status %q", m.table.sort, m.table.desc, m.status)
	}
	if !strings.Contains(screenText(m), "▼tok/s") {
		t.Error("the header does not mark the sort column")
	}
	m = press(m, "T")
	if m.table.desc {
		t.Error("T again did not reverse")
	}
	// A hidden column's key says why nothing happens.
	m = press(m, "D")
	if m.table.sort != colTPS || !strings.Contains(m.status, "not shown at this width") {
		t.Errorf("D at 80 columns: sort %d status %q", m.table.sort, m.status)
	}
	// Help lists the direct keys of the shown columns.
	help := screenText(press(newBuiltin(t, 200, 60), "?"))
	for _, want := range []string{"Sort by", "T  tok/s", "M  Total", "D  Date"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

func TestResortAndSettingsShowTheTop(t *testing.T) {
	m := newBuiltin(t, 120, 40)
	m = press(m, "pgdown", "pgdown")
	if m.table.cursor == 0 {
		t.Fatal("pgdown did not move")
	}
	for _, k := range []string{"S", "e", "+", "T"} {
		m = press(m, "pgdown", k)
		if m.table.cursor != 0 || m.table.offset != 0 {
			t.Errorf("after %s: cursor %d offset %d, want the top", k, m.table.cursor, m.table.offset)
		}
	}
	// Clearing a search keeps the model found.
	m = typeText(press(m, "/"), "gpt-oss-20b")
	m = press(m, "enter", "esc")
	if m.selectedID() != "openai/gpt-oss-20b" {
		t.Errorf("esc after a search moved the cursor to %s", m.selectedID())
	}
}

func TestContextClampMarksAndKeyBounds(t *testing.T) {
	m := newBuiltin(t, 120, 40)
	// Falcon-40B's maximum is 2k: at the default 8k it is estimated at 2k.
	m = typeText(press(m, "/"), "Falcon-40B")
	m = press(m, "enter")
	if s := screenText(m); !strings.Contains(s, "Falcon-40B "+clampMark) {
		t.Errorf("a model below the context is not marked:\n%s", s)
	}
	m = press(m, "esc")
	m = press(m, "+", "+", "+", "+") // 128k
	if !strings.Contains(m.status, "at their maximum context") {
		t.Errorf("+ to 128k: status %q does not count the capped models", m.status)
	}
	for range 12 {
		m = press(m, "+")
	}
	if m.settings.Context != m.contextCeiling() || !strings.Contains(m.status, "no model shown takes more") {
		t.Errorf("+ past every model: context %d status %q", m.settings.Context, m.status)
	}
	// ] at prompt = context, [ and - at their minimum: a word, not silence.
	m = newBuiltin(t, 120, 40)
	m.settings.PromptTokens = m.settings.Context
	m = press(m, "]")
	if !strings.Contains(m.status, "whole context") {
		t.Errorf("] at prompt = context: status %q", m.status)
	}
	for range 10 {
		m = press(m, "[")
	}
	if m.settings.PromptTokens != minPrompt || !strings.Contains(m.status, "minimum") {
		t.Errorf("[ at the minimum: prompt %d status %q", m.settings.PromptTokens, m.status)
	}
	for range 10 {
		m = press(m, "-")
	}
	if !strings.Contains(m.status, "minimum") {
		t.Errorf("- at the minimum: status %q", m.status)
	}
}

func TestHelpKeepsTheHeaderAndQQuits(t *testing.T) {
	m := press(newBuiltin(t, 80, 24), "?")
	s := screenText(m)
	if !strings.Contains(s, "RTX 4090") || !strings.Contains(s, "Run ") {
		t.Errorf("help hides the header:\n%s", s)
	}
	if !strings.Contains(s, "scroll") {
		t.Errorf("help at 80×24 does not say it scrolls:\n%s", s)
	}
	scrolled := press(m, "down", "down", "down")
	if screenText(scrolled) == s {
		t.Error("↓ does not scroll the help")
	}
	_, cmd := m.Update(keyMsg("q"))
	if cmd == nil {
		t.Fatal("q in help does nothing")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("q in help does not quit")
	}
}

func TestDetailFitsAndKeepsURLsWhole(t *testing.T) {
	m := newBuiltin(t, 80, 24)
	m = press(selectID(t, m, "meta-llama/Llama-3.1-8B-Instruct"), "enter")
	s := screenText(m)
	if !strings.Contains(s, "Quantizations at context") || !strings.Contains(s, "Q4_K_M") {
		t.Errorf("80×24 detail: the quantization table is below the fold:\n%s", s)
	}
	// Page through the whole detail: every line of every page.
	var raw, pages string
	for range 40 {
		raw += m.View().Content
		pages += screenText(m) + "\n"
		m = press(m, "pgdown")
	}
	rm := m.model("meta-llama/Llama-3.1-8B-Instruct")
	if !strings.Contains(raw, rm.Sources.Config) {
		t.Errorf("the config URL %s is not one link", rm.Sources.Config)
	}
	for _, l := range strings.Split(pages, "\n") {
		if f := strings.Fields(l); len(f) > 0 && strings.HasPrefix(f[len(f)-1], "https://") {
			continue // a whole URL may end in "/"
		}
		if strings.HasSuffix(strings.TrimSpace(l), "-") || strings.HasSuffix(strings.TrimSpace(l), "/") {
			t.Errorf("a line ends mid-word or mid-path: %q", l)
		}
	}
}

func TestUnknownValuesSortLast(t *testing.T) {
	m := newBuiltin(t, 200, 60)
	for _, k := range []string{"D", "D"} { // newest first, then oldest first
		m = press(m, k)
		ids := rowIDs(m)
		if first := m.model(ids[0]); first.Released == nil {
			t.Errorf("date sort (desc %v) starts with an unknown date: %s", m.table.desc, first.ID)
		}
		seenUnknown := false
		for _, id := range ids {
			unknown := m.model(id).Released == nil
			if seenUnknown && !unknown {
				t.Errorf("date sort (desc %v): %s after an unknown date", m.table.desc, id)
				break
			}
			seenUnknown = seenUnknown || unknown
		}
	}
}

func TestVLLMWithoutGPUSaysSo(t *testing.T) {
	m := newBuiltin(t, 120, 40)
	m = press(m, "w", "n", "esc", "e")
	if !strings.Contains(m.status, "GPUs only") {
		t.Errorf("e to vLLM without a GPU: status %q", m.status)
	}
	s := screenText(m)
	if strings.Contains(s, " 0 B ") || !strings.Contains(s, "vLLM runs on GPUs only") {
		t.Errorf("table without a GPU under vLLM:\n%s", s)
	}
	d := press(m, "enter")
	if s := screenText(d); strings.Contains(s, "needs 0 B") || !strings.Contains(s, "GPUs only") {
		t.Errorf("detail:\n%s", s)
	}
}

func TestNoGPUTogglesAndNoOpsAreNotUndone(t *testing.T) {
	m := press(newBuiltin(t, 120, 40), "w")
	m = press(m, "n")
	if len(m.hardware().GPUs) != 0 {
		t.Fatal("n did not remove the GPU")
	}
	m = press(m, "n")
	if len(m.hardware().GPUs) != 1 || !strings.Contains(m.status, "back") {
		t.Errorf("n again: %d GPUs, status %q; want the RTX 4090 back", len(m.hardware().GPUs), m.status)
	}
	// Setting the RAM to what it is records nothing.
	undo := len(m.undo)
	m = press(m, "r")
	if v := m.prompt.input.Value(); v != "64GiB" {
		t.Errorf("RAM editor pre-fills %q, want 64GiB", v)
	}
	m = press(m, "enter")
	if len(m.undo) != undo || !strings.Contains(m.status, "unchanged") {
		t.Errorf("a no-op edit was recorded (%d → %d), status %q", undo, len(m.undo), m.status)
	}
	// Sizes of a TiB and more read in TiB.
	if got := gib(100e12); got != "90.9 TiB" {
		t.Errorf("100 TB reads %q", got)
	}
	if got := sizeInput(25276063744); got != "23.5GiB" {
		t.Errorf("odd RAM pre-fills %q", got)
	}
}

func TestCommandLineSelectionIsAClearableFilter(t *testing.T) {
	cat := catalogtest.Builtin(t)
	ids := map[string]bool{}
	for _, cm := range cat.Models {
		if cm.OriginCountry == "FR" {
			ids[cm.ID] = true
		}
	}
	m := sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: rtx4090(t), Settings: estimate.DefaultSettings(),
		Version: "test", Selection: &Selection{Label: "--origin FR", IDs: ids}}), 120, 40)
	s := screenText(m)
	if want := fmt.Sprintf("%d of %d models", len(ids), len(cat.Models)); !strings.Contains(s, want) || !strings.Contains(s, "--origin FR") {
		t.Errorf("header/footer do not show the command-line selection (%q):\n%s", want, s)
	}
	m = press(m, "f", "x", "esc")
	if len(m.table.rows) != len(cat.Models) {
		t.Errorf("x left %d of %d models", len(m.table.rows), len(cat.Models))
	}
}

func TestFacetsTypeAheadAndPickSeveral(t *testing.T) {
	m := press(newBuiltin(t, 120, 40), "f")
	m = gotoFacet(m, "Family")
	m = typeText(press(m, "/"), "qwen3")
	fam := m.facets[slices.IndexFunc(m.facets, func(f facet) bool { return f.title == "Family" })]
	if got := fam.options[fam.sel].label; !strings.HasPrefix(strings.ToLower(got), "qwen3") {
		t.Errorf("/qwen3 reached %q", got)
	}
	m = press(m, "enter") // ends typing, the panel stays
	if m.overlay != overlayFilters {
		t.Fatal("enter after typing closed the panel")
	}
	// Origin US or FR.
	m = gotoFacet(press(m, "x"), "Origin")
	m = typeText(press(m, "/"), "us")
	m = press(m, "enter", "space")
	m = typeText(press(m, "/"), "fr")
	m = press(m, "enter", "space")
	origins := map[string]bool{}
	for _, id := range rowIDs(m) {
		origins[m.model(id).OriginCountry] = true
	}
	if len(origins) != 2 || !origins["US"] || !origins["FR"] {
		t.Errorf("US or FR picked, rows from %v", origins)
	}
	if !strings.Contains(m.activeFilters(), "US or FR") {
		t.Errorf("filters read %q", m.activeFilters())
	}
}

func TestSearchWordsFieldsAndQuants(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want string
	}{
		{"qwen coder", "Qwen/Qwen2.5-Coder-32B-Instruct"},
		{"apache mistral", "mistralai/Mistral-7B-Instruct-v0.3"},
		{"qwen25 32b", "Qwen/Qwen2.5-32B-Instruct"},
	} {
		m := newBuiltin(t, 120, 40)
		m = typeText(press(m, "/"), tc.q)
		if !slices.Contains(rowIDs(m), tc.want) {
			t.Errorf("search %q: %s not among %d rows", tc.q, tc.want, len(m.table.rows))
		}
	}
	m := typeText(press(newBuiltin(t, 120, 40), "/"), "q4_k_m")
	if len(m.table.rows) == 0 {
		t.Fatal("q4_k_m finds nothing")
	}
	for _, id := range rowIDs(m) {
		if q := m.model(id).BestQuant; q == nil || *q != "Q4_K_M" {
			t.Errorf("q4_k_m found %s at %v", id, q)
		}
	}
}

func TestUnifiedMemoryIsOnePool(t *testing.T) {
	gpus, err := hwprobe.ParseGPUSpec("M4 Max (40-core GPU) 64GB")
	if err != nil {
		t.Fatal(err)
	}
	hw := hwprobe.WhatIf(hwprobe.Overrides{GPUs: gpus, RAMBytes: 64 << 30, Cores: 12})
	cat := catalogtest.Builtin(t)
	m := sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: hw, Settings: estimate.DefaultSettings()}), 120, 40)
	header := strings.Join(strings.Split(screenText(m), "\n")[:5], "\n")
	if n := strings.Count(header, "GiB free"); n != 1 {
		t.Errorf("unified memory shows %d memory meters, want one:\n%s", n, header)
	}
	for _, want := range []string{"Mem  unified", "may use "} {
		if !strings.Contains(header, want) {
			t.Errorf("header lacks %q:\n%s", want, header)
		}
	}
}

func TestWhatIfEditorSetsCoresAndBandwidth(t *testing.T) {
	gpus, _ := hwprobe.ParseGPUSpec("2x RTX 3090")
	hw := hwprobe.WhatIf(hwprobe.Overrides{GPUs: gpus, RAMBytes: 128 << 30})
	cat := catalogtest.Builtin(t)
	m := sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: hw, Settings: estimate.DefaultSettings()}), 120, 40)
	if !slices.Contains(m.doc.Warnings, hwprobe.WarnWhatIfCPU) {
		t.Fatal("fixture: no CPU warning to begin with")
	}
	m = press(m, "w", "c")
	m.prompt.input.SetValue("16")
	m = press(m, "enter", "b")
	m.prompt.input.SetValue("90")
	m = press(m, "enter")
	if c := m.hardware().CPU.PhysicalCores; c != 16 {
		t.Errorf("cores %d, want 16", c)
	}
	if bw := m.hardware().Memory.BandwidthGBps; bw == nil || *bw != 90 {
		t.Errorf("RAM bandwidth %v, want 90", bw)
	}
	if slices.Contains(m.doc.Warnings, hwprobe.WarnWhatIfCPU) {
		t.Error("the small-CPU warning stays after the cores were given")
	}
	m = press(m, "u")
	if bw := m.hardware().Memory.BandwidthGBps; bw == nil || *bw == 90 {
		t.Error("u did not undo the bandwidth")
	}
}

func TestSmallThingsOfItem20(t *testing.T) {
	m := newBuiltin(t, 120, 40)
	// j/k move; K is the KV type.
	m = press(m, "j", "j", "k")
	if m.table.cursor != 1 {
		t.Errorf("j j k: cursor %d, want 1", m.table.cursor)
	}
	m = press(m, "K")
	if m.settings.KVType != "q8_0" {
		t.Errorf("K: KV %s, want q8_0", m.settings.KVType)
	}
	// Row position and breadcrumb.
	if s := screenText(m); !strings.Contains(s, fmt.Sprintf("row 1/%d", len(m.table.rows))) {
		t.Errorf("no row position:\n%s", strings.SplitN(s, "\n", 2)[0])
	}
	d := press(m, "enter")
	if title := strings.SplitN(screenText(d), "\n", 2)[0]; !strings.Contains(title, "› detail: ") {
		t.Errorf("no breadcrumb: %q", title)
	}
	// A click on a quantization row selects it.
	rm := d.model(d.detail.id)
	lines := strings.Split(screenText(d), "\n")
	want := rm.Estimates[len(rm.Estimates)-1].Quant
	for y, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, " ›"), want+" ") {
			d = update(d, tea.MouseClickMsg{Button: tea.MouseLeft, X: 4, Y: y})
			break
		}
	}
	if d.detail.quant != want {
		t.Errorf("click on %s selected %s", want, d.detail.quant)
	}
	// A terminal too small says so.
	if s := screenText(sized(m, 20, 6)); !strings.Contains(s, "too small") {
		t.Errorf("20×6:\n%s", s)
	}
	// ✗ means "does not fit" only.
	if commercialGlyph("no") == verdictGlyphs[estimate.VerdictNo] {
		t.Error("non-commercial and does-not-fit share a glyph")
	}
}

func TestProfilesKeepSettingsAndCanBeRenamedAndDeleted(t *testing.T) {
	m := press(newTest(t, 120, 40), "+", "K", "w")
	m = press(m, "s")
	m = typeText(m, "Demo")
	m, cmd := withCmd(m, keyMsg("enter"))
	m = deliver(t, m, cmd)
	hw, _, s, err := ReadProfile(m.cfg.ProfileDir, "Demo")
	if err != nil || s == nil || s.Context != 16384 || s.KVType != "q8_0" || len(hw.GPUs) != 1 {
		t.Fatalf("saved profile: err %v settings %+v GPUs %d", err, s, len(hw.GPUs))
	}
	// Loading it brings the settings back.
	m = press(m, "-", "K", "K")
	m, cmd = withCmd(m, keyMsg("o"))
	m = deliver(t, m, cmd)
	m, cmd = withCmd(m, keyMsg("enter"))
	m = deliver(t, m, cmd)
	if m.settings.Context != 16384 || m.settings.KVType != "q8_0" {
		t.Errorf("loaded profile: context %d KV %s", m.settings.Context, m.settings.KVType)
	}
	// r renames, d d deletes.
	m, cmd = withCmd(m, keyMsg("o"))
	m = deliver(t, m, cmd)
	m = press(m, "r", "ctrl+u")
	m = typeText(m, "Customer B")
	m, cmd = withCmd(m, keyMsg("enter"))
	m = deliver(t, m, cmd) // renamed
	m = deliver(t, m, listProfilesCmd(m.cfg.ProfileDir))
	if len(m.profiles.items) != 1 || m.profiles.items[0].name != "Customer B" {
		t.Fatalf("after rename: %+v (status %q)", m.profiles.items, m.status)
	}
	if _, _, _, err := ReadProfile(m.cfg.ProfileDir, "Demo"); err == nil {
		t.Error("the old file is still there")
	}
	m = press(m, "d")
	if !strings.Contains(m.status, "d again") {
		t.Errorf("first d: %q", m.status)
	}
	m, cmd = withCmd(m, keyMsg("d"))
	m = deliver(t, m, cmd)
	if _, _, _, err := ReadProfile(m.cfg.ProfileDir, "Customer B"); err == nil {
		t.Error("d d did not delete the profile")
	}
}
