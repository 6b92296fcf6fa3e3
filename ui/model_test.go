package ui

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
	"github.com/fitcheck/fitcheck/report"
)

// rowIDs are the model ids of the table, in order.
func rowIDs(m Model) []string {
	ids := make([]string, len(m.table.rows))
	for i, r := range m.table.rows {
		ids[i] = m.doc.Models[r].ID
	}
	return ids
}

// withCmd feeds one message and keeps the command.
func withCmd(m Model, msg tea.Msg) (Model, tea.Cmd) {
	next, cmd := m.Update(msg)
	return next.(Model), cmd
}

// deliver runs an I/O command of the UI (probe, profile files) and feeds
// its message back. Never call it on timer commands (cursor blink).
func deliver(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	if cmd == nil {
		t.Fatal("expected a command, got none")
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			if c != nil {
				m = deliverIfOurs(m, c())
			}
		}
	default:
		m = deliverIfOurs(m, msg)
	}
	return m
}

func deliverIfOurs(m Model, msg tea.Msg) Model {
	switch msg.(type) {
	case probeDoneMsg, profilesListedMsg, profileLoadedMsg, profileSavedMsg:
		return update(m, msg)
	}
	return m
}

func TestNavigation(t *testing.T) {
	m := newTest(t, 120, 40)
	n := len(m.table.rows)
	if n != 14 {
		t.Fatalf("fixture table has %d rows, want 14", n)
	}
	if m.table.cursor != 0 {
		t.Fatalf("cursor starts at %d", m.table.cursor)
	}
	m = press(m, "down", "down")
	if m.table.cursor != 2 {
		t.Errorf("two downs: cursor %d, want 2", m.table.cursor)
	}
	m = press(m, "up", "up", "up")
	if m.table.cursor != 0 {
		t.Errorf("cursor went above the first row: %d", m.table.cursor)
	}
	m = press(m, "end")
	if m.table.cursor != n-1 {
		t.Errorf("end: cursor %d, want %d", m.table.cursor, n-1)
	}
	m = press(m, "down")
	if m.table.cursor != n-1 {
		t.Errorf("cursor went past the last row: %d", m.table.cursor)
	}
	m = press(m, "home", "pgdown")
	if m.table.cursor != n-1 {
		t.Errorf("page down on a short table: cursor %d, want last %d", m.table.cursor, n-1)
	}

	// enter opens the detail of the selected model, esc comes back to it.
	m = press(m, "home", "down")
	id := m.selectedID()
	m = press(m, "enter")
	if m.screen != screenDetail || m.detail.id != id {
		t.Fatalf("enter: screen %v detail %q, want detail of %q", m.screen, m.detail.id, id)
	}
	if !strings.Contains(screenText(m), m.model(id).Name) {
		t.Errorf("detail does not show the model name %q", m.model(id).Name)
	}
	m = press(m, "esc")
	if m.screen != screenMain || m.selectedID() != id {
		t.Errorf("esc: screen %v selected %q, want main with %q", m.screen, m.selectedID(), id)
	}
}

func TestLongTableScrolls(t *testing.T) {
	cat := catalogtest.Builtin(t)
	m := sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: rtx4090(t)}), 80, 24)
	visible := m.frame().bodyH - 1
	m = press(m, "pgdown", "pgdown")
	if m.table.cursor != 2*visible {
		t.Errorf("two page downs: cursor %d, want %d", m.table.cursor, 2*visible)
	}
	if m.table.cursor < m.table.offset || m.table.cursor >= m.table.offset+visible {
		t.Errorf("cursor %d is off screen (offset %d, %d rows)", m.table.cursor, m.table.offset, visible)
	}
	if !strings.Contains(screenText(m), "›") {
		t.Error("the selected row is not on screen")
	}
}

func TestSorting(t *testing.T) {
	m := newTest(t, 120, 40)
	// Default: best verdict first, biggest first within a verdict.
	first := m.model(rowIDs(m)[0])
	last := m.model(rowIDs(m)[len(m.table.rows)-1])
	if verdictRank(first.BestVerdict) > verdictRank(last.BestVerdict) {
		t.Errorf("default sort: %s (%s) before %s (%s)", first.ID, first.BestVerdict, last.ID, last.BestVerdict)
	}

	// s walks the columns on screen; find tok/s and check the order.
	for range len(allColumns) {
		if m.table.sort == colTPS {
			break
		}
		m = press(m, "s")
	}
	if m.table.sort != colTPS || !m.table.desc {
		t.Fatalf("sort %v desc %v, want tok/s fastest first", m.table.sort, m.table.desc)
	}
	tps := func(m Model) []float64 {
		var out []float64
		for _, r := range m.table.rows {
			if e := bestEstimate(&m.doc.Models[r]); e != nil { // rows without a speed come last either way
				out = append(out, tpsOf(e))
			}
		}
		return out
	}
	if got := tps(m); !slices.IsSortedFunc(got, func(a, b float64) int { return -cmpFloat(a, b) }) {
		t.Errorf("tok/s not descending: %v", got)
	}
	if !strings.Contains(screenText(m), "▼tok/s") {
		t.Error("the header does not mark the sorted column")
	}
	m = press(m, "S")
	if got := tps(m); !slices.IsSorted(got) {
		t.Errorf("S: tok/s not ascending: %v", got)
	}

	// Sorting shows the top of the new order (issue 14, item 4).
	m = press(m, "down", "down")
	m = press(m, "s")
	if m.table.cursor != 0 || m.table.offset != 0 {
		t.Errorf("after a re-sort: cursor %d offset %d, want the top", m.table.cursor, m.table.offset)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestSortByEveryColumn(t *testing.T) {
	// s walks the columns shown at 80 columns, and only those.
	m := newTest(t, 80, 24)
	seen := map[colID]bool{}
	for range allColumns {
		m = press(m, "s")
		seen[m.table.sort] = true
		ids := rowIDs(m)
		for i := 1; i < len(ids); i++ {
			a, b := m.model(ids[i-1]), m.model(ids[i])
			if missing(m.table.sort, a) || missing(m.table.sort, b) {
				if missing(m.table.sort, a) && !missing(m.table.sort, b) {
					t.Errorf("sort by %v: %s without a value before %s", m.table.sort, a.ID, b.ID)
				}
				continue
			}
			c := compareBy(m.table.sort, a, b)
			if m.table.desc {
				c = -c
			}
			if c > 0 {
				t.Errorf("sort by %v: %s before %s", m.table.sort, a.ID, b.ID)
			}
		}
	}
	if shown := m.shownColumns(); len(seen) != len(shown) {
		t.Errorf("s reached %d columns, %d are shown", len(seen), len(shown))
	}
}

func TestSearchIsIncremental(t *testing.T) {
	m := newTest(t, 120, 40)
	m = press(m, "/")
	if m.prompt.kind != promptSearch {
		t.Fatal("/ did not open the search")
	}
	m = typeText(m, "qw")
	n := len(m.table.rows)
	for _, id := range rowIDs(m) {
		if !strings.HasPrefix(id, "Qwen/") {
			t.Errorf("search qw kept %s", id)
		}
	}
	if n != 4 {
		t.Errorf("search qw: %d rows, want the 4 Qwen models", n)
	}
	m = typeText(m, "en3")
	if ids := rowIDs(m); len(ids) != 1 || ids[0] != "Qwen/Qwen3-30B-A3B" {
		t.Errorf("search qwen3: %v", ids)
	}
	m = press(m, "enter")
	if m.prompt.active() || m.search != "qwen3" || len(m.table.rows) != 1 {
		t.Errorf("enter: prompt %v search %q rows %d", m.prompt.active(), m.search, len(m.table.rows))
	}
	if !strings.Contains(screenText(m), "“qwen3”") {
		t.Error("the status line does not say a search is active")
	}
	// esc on the table clears the search.
	m = press(m, "esc")
	if m.search != "" || len(m.table.rows) != 14 {
		t.Errorf("esc: search %q rows %d", m.search, len(m.table.rows))
	}
	// esc inside the prompt restores the previous search.
	m = press(m, "/")
	m = typeText(m, "mistral")
	m = press(m, "esc")
	if m.search != "" || len(m.table.rows) != 14 {
		t.Errorf("esc in the prompt: search %q rows %d", m.search, len(m.table.rows))
	}
	// Typing "q" into the search does not quit.
	m = press(m, "/")
	m, cmd := withCmd(m, keyMsg("q"))
	if cmd != nil && isQuit(cmd) {
		t.Error("q in the search quit the program")
	}
	if m.search != "q" {
		t.Errorf("search is %q, want q", m.search)
	}
	// Nothing matches: the table says why.
	m = typeText(m, "zzzz")
	if !strings.Contains(screenText(m), "No model matches") {
		t.Error("an empty search result does not explain itself")
	}
}

// isQuit reports whether cmd is tea.Quit, without running it (it could be
// a cursor-blink timer).
func isQuit(cmd tea.Cmd) bool {
	return reflect.ValueOf(cmd).Pointer() == reflect.ValueOf(tea.Quit).Pointer()
}

func TestFilters(t *testing.T) {
	m := newTest(t, 120, 40)
	m = press(m, "f")
	if m.overlay != overlayFilters {
		t.Fatal("f did not open the filter panel")
	}
	facet := func(title string) int {
		return slices.IndexFunc(m.facets, func(f facet) bool { return f.title == title })
	}
	// Licence: commercial use allowed drops the non-commercial Command R.
	m = press(m, "down", "right")
	if m.facets[facet("Licence")].sel != 1 {
		t.Fatalf("licence facet at option %d", m.facets[facet("Licence")].sel)
	}
	if slices.Contains(rowIDs(m), "CohereForAI/c4ai-command-r-v01") || len(m.table.rows) != 13 {
		t.Errorf("commercial filter: %d rows %v", len(m.table.rows), rowIDs(m))
	}
	// Origin: the first origin option is the most common country, US.
	m = press(m, "up", "right")
	for _, id := range rowIDs(m) {
		if m.model(id).OriginCountry != "US" {
			t.Errorf("origin US kept %s", id)
		}
	}
	// Fits: fully on the GPU drops the 70B (partial) and DeepSeek V3 (no fit).
	m = gotoFacet(press(m, "x"), "Fits")
	m = press(m, "left")
	if got := m.facets[facet("Fits")].options[m.facets[facet("Fits")].sel].label; got != "fully on the GPU" {
		t.Fatalf("fits facet is %q", got)
	}
	for _, id := range rowIDs(m) {
		if v := m.model(id).BestVerdict; v != estimate.VerdictGPU {
			t.Errorf("fully-on-GPU filter kept %s (%s)", id, v)
		}
	}
	// 11: Command R Q2_K (23.8 GiB) no longer fits a 4090 fully once
	// llama.cpp's 1 GiB --fit margin stays free.
	if len(m.table.rows) != 11 {
		t.Errorf("fully on the GPU: %d rows, want 11", len(m.table.rows))
	}
	// Size and modality.
	m = press(gotoFacet(press(m, "x"), "Size"), "right")
	m = press(gotoFacet(m, "Modality"), "right", "right")
	for _, id := range rowIDs(m) {
		rm := m.model(id)
		if rm.ParamsTotal >= 4e9 || rm.Modality != "vision" {
			t.Errorf("size<4B + vision kept %s", id)
		}
	}
	if len(m.table.rows) != 0 || !strings.Contains(screenText(m), "0 of 14 models") {
		t.Errorf("no small vision model in the fixture, got %v", rowIDs(m))
	}
	m = press(m, "esc")
	if m.overlay != overlayNone || !strings.Contains(screenText(m), "filters: size under 4B, modality vision") {
		t.Errorf("closed panel: overlay %v, status line does not list the filters:\n%s", m.overlay, screenText(m))
	}
	m = press(m, "f", "x", "esc")
	if len(m.table.rows) != 14 {
		t.Errorf("x cleared to %d rows, want 14", len(m.table.rows))
	}
}

// gotoFacet moves the filter panel cursor to the facet with this title.
func gotoFacet(m Model, title string) Model {
	for range m.facets {
		m = press(m, "up")
	}
	for _, f := range m.facets {
		if f.title == title {
			break
		}
		m = press(m, "down")
	}
	return m
}

func TestSettingsKeysOnEveryScreen(t *testing.T) {
	for _, open := range [][]string{nil, {"enter"}, {"w"}, {"space", "down", "space", "c"}} {
		m := press(newTest(t, 120, 40), open...)
		scr := m.screen
		m = press(m, "+")
		if m.settings.Context != 16384 || m.doc.Settings.Context != 16384 {
			t.Errorf("screen %v: + gives context %d (doc %d), want 16384", scr, m.settings.Context, m.doc.Settings.Context)
		}
		m = press(m, "-", "-")
		if m.doc.Settings.Context != 4096 {
			t.Errorf("screen %v: - - gives %d, want 4096", scr, m.doc.Settings.Context)
		}
		m = press(m, "]")
		if m.doc.Settings.PromptTokens != 1024 {
			t.Errorf("screen %v: ] gives prompt %d, want 1024", scr, m.doc.Settings.PromptTokens)
		}
		m = press(m, "[", "[")
		if m.doc.Settings.PromptTokens != 256 {
			t.Errorf("screen %v: [ [ gives prompt %d, want 256", scr, m.doc.Settings.PromptTokens)
		}
		var kv []string
		for range 3 {
			m = press(m, "K")
			kv = append(kv, m.doc.Settings.KVCacheType)
		}
		if !slices.Equal(kv, []string{"q8_0", "q4_0", "f16"}) {
			t.Errorf("screen %v: k cycles %v", scr, kv)
		}
		m = press(m, "e")
		if m.doc.Settings.Engine != estimate.EngineVLLM {
			t.Errorf("screen %v: e gives engine %q", scr, m.doc.Settings.Engine)
		}
		m = press(m, "e", "i")
		if m.doc.Settings.Engine != estimate.EngineLlamaCpp || !m.doc.Settings.AssumeIdle {
			t.Errorf("screen %v: e i gives %q idle %v", scr, m.doc.Settings.Engine, m.doc.Settings.AssumeIdle)
		}
		if m.screen != scr {
			t.Errorf("settings keys changed the screen from %v to %v", scr, m.screen)
		}
	}
}

func TestContextChangesEstimates(t *testing.T) {
	m := press(newTest(t, 120, 40), "/")
	m = typeText(m, "Llama 3.1 8B")
	m = press(m, "enter")
	before := *bestEstimate(m.model(m.selectedID()))
	m = press(m, "+", "+")
	after := m.model(m.selectedID()).Estimates
	i := slices.IndexFunc(after, func(e report.Estimate) bool { return e.Quant == before.Quant })
	if i < 0 || after[i].KVCacheBytes <= before.KVCacheBytes {
		t.Errorf("context ×4 did not grow the KV cache of %s: %d → %v", before.Quant, before.KVCacheBytes, after)
	}
	if !strings.Contains(screenText(m), "context 32k") {
		t.Error("the header does not show the new context")
	}
	// The bounds hold.
	for range 20 {
		m = press(m, "-")
	}
	if m.settings.Context != minContext {
		t.Errorf("context floor %d, want %d", m.settings.Context, minContext)
	}
	for range 20 {
		m = press(m, "+")
	}
	if want := m.contextCeiling(); m.settings.Context != want {
		t.Errorf("context ceiling %d, want %d (the largest model maximum)", m.settings.Context, want)
	}
}

func TestWhatIfHardware(t *testing.T) {
	m := press(newTest(t, 120, 40), "w")
	if m.screen != screenWhatIf {
		t.Fatal("w did not open the what-if screen")
	}
	gpus := func(m Model) []string {
		var out []string
		for _, g := range m.hardware().GPUs {
			out = append(out, g.Name)
		}
		return out
	}
	// Find an H100 and add it: the header lists two GPUs, estimates change.
	gpuBefore := m.model("meta-llama/Llama-3.3-70B-Instruct").BestVerdict
	m = press(m, "/")
	m = typeText(m, "h100 sxm")
	m = press(m, "enter")
	if rows := m.accelerators(); len(rows) == 0 || !strings.Contains(rows[0].label, "H100") {
		t.Fatalf("search h100 sxm: %v", rows)
	}
	m = press(m, "enter")
	if got := gpus(m); len(got) != 2 || !strings.Contains(got[1], "H100") {
		t.Fatalf("after adding: GPUs %v", got)
	}
	text := screenText(m)
	if !strings.Contains(text, "GPU0") || !strings.Contains(text, "GPU1") || !strings.Contains(text, "WHAT-IF") {
		t.Errorf("header does not show both GPUs and the what-if mark:\n%s", text)
	}
	if got := m.model("meta-llama/Llama-3.3-70B-Instruct").BestVerdict; got != estimate.VerdictGPU || got == gpuBefore {
		t.Errorf("Llama 3.3 70B on 4090 + H100: %s (was %s), want gpu", got, gpuBefore)
	}
	// d removes one device like the selected row.
	m = press(m, "d")
	if got := gpus(m); len(got) != 1 {
		t.Errorf("after removing: GPUs %v", got)
	}
	// n: no GPU at all; every model runs on the CPU or not at all.
	m = press(m, "n")
	if len(m.hardware().GPUs) != 0 {
		t.Fatalf("n left GPUs %v", gpus(m))
	}
	for _, rm := range m.doc.Models {
		if rm.BestVerdict == estimate.VerdictGPU || rm.BestVerdict == estimate.VerdictPartial {
			t.Errorf("no GPU, yet %s is %s", rm.ID, rm.BestVerdict)
		}
	}
	// g: a --gpu spec.
	m = press(m, "g")
	m = typeText(m, "2x RTX 3090")
	m = press(m, "enter")
	if got := gpus(m); len(got) != 2 || !strings.Contains(got[0], "3090") {
		t.Errorf("g 2x RTX 3090: GPUs %v", got)
	}
	// A bad spec keeps the prompt open and says what is wrong.
	m = press(m, "g")
	m = typeText(m, "RTX 4099")
	m = press(m, "enter")
	if !m.prompt.active() || !m.statusErr || !strings.Contains(screenText(m), "unknown accelerator") {
		t.Errorf("bad GPU spec: prompt %v error %v %q", m.prompt.active(), m.statusErr, m.status)
	}
	m = press(m, "esc")
	// r: RAM.
	m = press(m, "r", "ctrl+u")
	m = typeText(m, "16GiB")
	m = press(m, "enter")
	if got := m.hardware().Memory.TotalBytes; got != 16<<30 {
		t.Errorf("r 16GiB: RAM %d", got)
	}
	if !strings.Contains(screenText(m), "16.0 GiB") {
		t.Error("the header does not show the new RAM")
	}
	// tab + machine pane: add one more of the selected group.
	m = press(m, "tab", "a")
	if got := gpus(m); len(got) != 3 {
		t.Errorf("tab a: GPUs %v", got)
	}
	// u undoes one edit at a time: the third GPU, then the RAM.
	m = press(m, "u")
	if got := gpus(m); len(got) != 2 || m.hardware().Memory.TotalBytes != 16<<30 || !strings.Contains(m.status, "undone") {
		t.Errorf("u: GPUs %v RAM %d status %q, want the 2 RTX 3090 and 16 GiB", got, m.hardware().Memory.TotalBytes, m.status)
	}
	m = press(m, "u")
	if got := m.hardware().Memory.TotalBytes; got != 64<<30 || len(gpus(m)) != 2 {
		t.Errorf("u u: RAM %d GPUs %v, want 64 GiB and the 2 RTX 3090", got, gpus(m))
	}
	// U: back to the hardware the CLI gave, in one step that u undoes.
	m = press(m, "U")
	if got := gpus(m); len(got) != 1 || m.hardware().Memory.TotalBytes != 64<<30 {
		t.Errorf("U: GPUs %v RAM %d", got, m.hardware().Memory.TotalBytes)
	}
	if m = press(m, "u"); len(gpus(m)) != 2 {
		t.Errorf("u after U: GPUs %v, want the 2 RTX 3090 back", gpus(m))
	}
	m = press(m, "U")
	m = press(m, "esc")
	if m.screen != screenMain {
		t.Errorf("esc from what-if: screen %v", m.screen)
	}
}

func TestAssumeIdleUsesTotalMemory(t *testing.T) {
	cat := fixtureCatalog(t)
	hw := rtx4090(t)
	free := int64(2 << 30) // a desktop already using 22 GiB of the card
	hw.GPUs[0].MemoryFreeBytes = &free
	m := sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: hw}), 120, 40)
	id := "meta-llama/Llama-3.1-8B-Instruct"
	if v := m.model(id).BestVerdict; v == estimate.VerdictGPU {
		t.Fatalf("8B fully on a GPU with 2 GiB free")
	}
	m = press(m, "i")
	if v := m.model(id).BestVerdict; v != estimate.VerdictGPU {
		t.Errorf("assume idle: 8B is %s, want gpu", v)
	}
	if !strings.Contains(screenText(m), "total memory") {
		t.Error("the header does not say budgets use total memory")
	}
}

func TestProfilesSaveAndLoad(t *testing.T) {
	m := press(newTest(t, 120, 40), "w")
	m = press(m, "g")
	m = typeText(m, "2x RTX 3090")
	m = press(m, "enter", "r", "ctrl+u")
	m = typeText(m, "128GiB")
	m = press(m, "enter", "i")
	want := m.hardware()

	m = press(m, "s")
	m = typeText(m, "Dual 3090 box")
	m, cmd := withCmd(m, keyMsg("enter"))
	m = deliver(t, m, cmd)
	path := filepath.Join(m.cfg.ProfileDir, "dual-3090-box.json")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("profile file: %v (status %q)", err, m.status)
	}
	if !strings.Contains(m.status, "saved profile") {
		t.Errorf("status after saving: %q", m.status)
	}

	// Reset, then open the profile again.
	m = press(m, "U", "i")
	if len(m.hardware().GPUs) != 1 || m.assumeIdle {
		t.Fatal("reset did not restore the original machine")
	}
	m, cmd = withCmd(m, keyMsg("o"))
	m = deliver(t, m, cmd)
	if m.overlay != overlayProfiles || len(m.profiles.items) != 1 {
		t.Fatalf("o: overlay %v items %v status %q", m.overlay, m.profiles.items, m.status)
	}
	if !strings.Contains(screenText(m), "Dual 3090 box") || !strings.Contains(screenText(m), "2× NVIDIA GeForce RTX 3090") {
		t.Errorf("profile picker:\n%s", screenText(m))
	}
	m, cmd = withCmd(m, keyMsg("enter"))
	m = deliver(t, m, cmd)
	got := m.hardware()
	if len(got.GPUs) != len(want.GPUs) || got.GPUs[0].Name != want.GPUs[0].Name || got.Memory.TotalBytes != want.Memory.TotalBytes || !m.assumeIdle {
		t.Errorf("loaded: GPUs %d RAM %d idle %v, want %d GPUs RAM %d idle", len(got.GPUs), got.Memory.TotalBytes, m.assumeIdle, len(want.GPUs), want.Memory.TotalBytes)
	}
	if got.Source != hwprobe.SourceOverride {
		t.Errorf("a loaded profile is %q hardware, want override", got.Source)
	}

	// A broken file is reported, not fatal.
	if err := os.WriteFile(filepath.Join(m.cfg.ProfileDir, "broken.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, cmd = withCmd(m, keyMsg("o"))
	m = deliver(t, m, cmd)
	if len(m.profiles.items) != 2 || !strings.Contains(screenText(m), "unreadable") {
		t.Errorf("broken profile not listed as unreadable:\n%s", screenText(m))
	}
}

func TestProfilesNeedADirectory(t *testing.T) {
	m := newTest(t, 120, 40)
	m.cfg.ProfileDir = ""
	m = press(m, "w", "s")
	if m.prompt.active() || !m.statusErr {
		t.Errorf("save without a profile dir: prompt %v error %v", m.prompt.active(), m.statusErr)
	}
}

func TestCompare(t *testing.T) {
	m := newTest(t, 120, 40)
	m = press(m, "c")
	if m.screen != screenMain || !strings.Contains(m.status, "mark 2 to 4") {
		t.Errorf("c with nothing marked: screen %v status %q", m.screen, m.status)
	}
	m = press(m, "space", "down", "space", "down", "space")
	if len(m.marked) != 3 {
		t.Fatalf("marked %v", m.marked)
	}
	ids := slices.Clone(m.marked)
	m = press(m, "down", "space", "down", "space")
	if len(m.marked) != maxCompare || !strings.Contains(m.status, "at most 4") {
		t.Errorf("fifth mark: marked %d status %q", len(m.marked), m.status)
	}
	m = press(m, "up", "space") // unmark the fourth
	if len(m.marked) != 3 {
		t.Fatalf("unmark: %v", m.marked)
	}
	m = press(m, "c")
	if m.screen != screenCompare {
		t.Fatal("c did not open the comparison")
	}
	text := screenText(m)
	for _, id := range ids {
		if !strings.Contains(text, m.model(id).Name) {
			t.Errorf("comparison lacks %s", m.model(id).Name)
		}
	}
	for _, row := range []string{"Licence", "Decode tok/s", "First token", "Verdict"} {
		if !strings.Contains(text, row) {
			t.Errorf("comparison lacks the %s row", row)
		}
	}
	// Settings update the comparison live.
	m = press(m, "+")
	if !strings.Contains(screenText(m), "context 16k") {
		t.Error("comparison does not follow the context")
	}
	m = press(m, "x")
	if m.screen != screenMain || len(m.marked) != 0 {
		t.Errorf("x: screen %v marked %v", m.screen, m.marked)
	}
}

func TestDetail(t *testing.T) {
	m := press(newTest(t, 200, 60), "/")
	m = typeText(m, "Qwen3")
	m = press(m, "enter", "enter")
	rm := m.model("Qwen/Qwen3-30B-A3B")
	if m.screen != screenDetail || m.detail.quant != *rm.BestQuant {
		t.Fatalf("detail of Qwen3: screen %v quant %q, want best %q", m.screen, m.detail.quant, *rm.BestQuant)
	}
	text := screenText(m)
	for _, want := range []string{"Qwen/Qwen3-30B-A3B", "Apache License 2.0", "commercial use allowed", "MoE 128 experts",
		"llama-server", "GPU | RAM", "weights", "KV cache", "first token", "config  https://huggingface.co/Qwen/Qwen3-30B-A3B"} {
		if !strings.Contains(text, want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	for _, e := range rm.Estimates {
		if !strings.Contains(text, e.Quant) {
			t.Errorf("detail lacks quantization %s", e.Quant)
		}
	}
	// The cursor moves over quantizations and the command follows.
	q := m.detail.quant
	m = press(m, "up")
	if m.detail.quant == q {
		t.Error("up did not select another quantization")
	}
	// (A long command wraps at spaces: compare the words.)
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if e := m.detailEstimate(m.model(m.detail.id)); e.Command != nil && !strings.Contains(words(screenText(m)), words(*e.Command)) {
		t.Errorf("command of %s not shown", e.Quant)
	}
	// y copies the command.
	m, cmd := withCmd(m, keyMsg("y"))
	if cmd == nil || !strings.Contains(m.status, "copied") {
		t.Errorf("y: cmd %v status %q", cmd != nil, m.status)
	}
	// Switching engine changes the quantization list; the detail copes.
	m = press(m, "e")
	if m.screen != screenDetail || !strings.Contains(screenText(m), "vllm") {
		t.Error("detail after switching to vLLM")
	}
}

func TestDetailOfModelThatDoesNotFit(t *testing.T) {
	m := press(newTest(t, 120, 40), "/")
	m = typeText(m, "DeepSeek")
	m = press(m, "enter", "enter")
	text := screenText(m)
	if !strings.Contains(text, "does not fit") || !strings.Contains(text, "×") || !strings.Contains(text, "needs") {
		t.Errorf("detail of a model that does not fit:\n%s", text)
	}
}

func TestProbeRunsInBackground(t *testing.T) {
	cat := fixtureCatalog(t)
	probed := make(chan struct{})
	cfg := Config{Catalog: cat, Models: cat.Models, Probe: func(ctx context.Context) hwprobe.Snapshot {
		close(probed)
		s := rtx4090(t)
		s.Warnings = []string{"NVML not found: NVIDIA GPUs not detected"}
		return s
	}}
	m := sized(New(cfg), 120, 40)
	select {
	case <-probed:
		t.Fatal("New probed synchronously")
	default:
	}
	if !m.probing || len(m.table.rows) != 14 {
		t.Fatalf("before the probe: probing %v, %d rows", m.probing, len(m.table.rows))
	}
	text := screenText(m)
	if !strings.Contains(text, "probing hardware…") || !strings.Contains(text, "Llama 3.1 8B") {
		t.Errorf("first frame should show the table and say it is probing:\n%s", text)
	}
	m = deliver(t, m, m.Init())
	if m.probing || m.model("meta-llama/Llama-3.1-8B-Instruct").BestVerdict != estimate.VerdictGPU {
		t.Errorf("after the probe: probing %v", m.probing)
	}
	if !strings.Contains(screenText(m), "1 warning") {
		t.Error("probe warnings are not announced in the header")
	}
	m = press(m, "!")
	if m.overlay != overlayWarnings || !strings.Contains(screenText(m), "NVML not found") {
		t.Errorf("! does not show the warnings:\n%s", screenText(m))
	}
	m = press(m, "esc")
	if m.overlay != overlayNone {
		t.Error("esc did not close the warnings")
	}
}

func TestHelpListsTheKeyMap(t *testing.T) {
	m := press(newTest(t, 200, 60), "?")
	text := screenText(m)
	k := m.keys
	for _, b := range append(m.helpFor().FullHelp()[0], k.Search, k.Sort, k.Filter, k.WhatIf, k.ContextUp, k.KVType, k.Engine, k.Quit) {
		if !strings.Contains(text, b.Help().Desc) {
			t.Errorf("help lacks %q", b.Help().Desc)
		}
	}
	m = press(m, "?")
	if m.overlay != overlayNone {
		t.Error("? did not close the help")
	}
}

func TestQuit(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		_, cmd := withCmd(newTest(t, 80, 24), keyMsg(k))
		if cmd == nil || !isQuit(cmd) {
			t.Errorf("%s does not quit", k)
		}
	}
	// ctrl+c quits even while typing a search.
	m := press(newTest(t, 80, 24), "/")
	_, cmd := withCmd(m, keyMsg("ctrl+c"))
	if cmd == nil || !isQuit(cmd) {
		t.Error("ctrl+c in the search prompt does not quit")
	}
}

func TestMouse(t *testing.T) {
	m := newTest(t, 120, 40)
	f := m.frame()
	m = update(m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.table.cursor != wheelStep {
		t.Errorf("wheel down: cursor %d, want %d", m.table.cursor, wheelStep)
	}
	// Click the fifth row, then click it again to open it.
	row := f.bodyTop + 1 + 4
	m = update(m, tea.MouseClickMsg{Button: tea.MouseLeft, X: 10, Y: row})
	if m.table.cursor != 4 {
		t.Errorf("click: cursor %d, want 4", m.table.cursor)
	}
	m = update(m, tea.MouseClickMsg{Button: tea.MouseLeft, X: 10, Y: row})
	if m.screen != screenDetail {
		t.Error("a click on the selected row does not open it")
	}
	m = press(m, "esc")
	// Click the Params title: sort by parameters, biggest first.
	cols, gap := tableColumns(120)
	x := markWidth
	for _, c := range cols {
		if c.id == colParams {
			break
		}
		x += c.width + gap
	}
	m = update(m, tea.MouseClickMsg{Button: tea.MouseLeft, X: x + 1, Y: f.bodyTop})
	if m.table.sort != colParams || !m.table.desc {
		t.Errorf("header click: sort %v desc %v", m.table.sort, m.table.desc)
	}
	if first := m.model(rowIDs(m)[0]); first.ID != "deepseek-ai/DeepSeek-V3" {
		t.Errorf("biggest model first, got %s", first.ID)
	}
}

func TestBackgroundColourRebuildsStyles(t *testing.T) {
	m := newTest(t, 80, 24)
	light := update(m, tea.BackgroundColorMsg{Color: whiteColor{}})
	if light.dark {
		t.Fatal("white background read as dark")
	}
	if light.styles.Title.GetForeground() == m.styles.Title.GetForeground() {
		t.Error("light and dark backgrounds use the same title colour")
	}
}

type whiteColor struct{}

func (whiteColor) RGBA() (r, g, b, a uint32) { return 0xffff, 0xffff, 0xffff, 0xffff }

func TestSelectionVisibleWithoutColour(t *testing.T) {
	// NO_COLOR strips colours but keeps reverse video; the cursor glyph
	// needs neither.
	m := press(newTest(t, 80, 24), "down")
	for _, l := range strings.Split(screenText(m), "\n") {
		if strings.HasPrefix(l, "›") {
			if !strings.Contains(l, m.model(m.selectedID()).Name[:10]) {
				t.Errorf("the › row is not the selected model: %q", l)
			}
			if !strings.Contains(m.styles.Selected.Render("x"), "\x1b[") || !m.styles.Selected.GetReverse() {
				t.Error("the selected row is not in reverse video")
			}
			return
		}
	}
	t.Error("no row carries the › cursor")
}

func TestPaintMatchesLipgloss(t *testing.T) {
	st := NewStyles(true)
	for i, s := range []lipgloss.Style{st.Muted, st.Marked, st.Verdict["gpu"], st.Commercial["no"], st.Selected, lipgloss.NewStyle()} {
		if got, want := paintOf(s).Render("abc"), s.Render("abc"); got != want {
			t.Errorf("style %d: paint %q, lipgloss %q", i, got, want)
		}
	}
}

func TestNothingOverflows(t *testing.T) {
	cat := catalogtest.Builtin(t)
	setups := map[string][]string{
		"main": nil, "detail": {"enter"}, "whatif": {"w"}, "compare": {"space", "down", "space", "down", "space", "c"},
		"help": {"?"}, "filters": {"f"}, "warnings": {"!"}, "search": {"/", "q", "w", "e"},
	}
	base := New(Config{Catalog: cat, Models: cat.Models, Hardware: rtx4090(t), ProfileDir: t.TempDir()})
	for _, size := range [][2]int{{40, 12}, {60, 20}, {80, 24}, {100, 30}, {120, 40}, {160, 50}, {200, 60}, {300, 80}} {
		for name, keys := range setups {
			m := press(sized(base, size[0], size[1]), keys...)
			lines := strings.Split(screenText(m), "\n")
			if len(lines) > size[1] {
				t.Errorf("%s at %dx%d: %d lines", name, size[0], size[1], len(lines))
			}
			for i, l := range lines {
				if w := textWidth(l); w > size[0] {
					t.Errorf("%s at %dx%d: line %d is %d wide: %q", name, size[0], size[1], i, w, l)
				}
			}
		}
	}
}

func TestEmptySelection(t *testing.T) {
	m := sized(New(Config{Catalog: &catalog.Catalog{}}), 80, 24)
	m = press(m, "down", "enter", "s", "space", "c", "w", "esc")
	if !strings.Contains(screenText(m), "empty") {
		t.Errorf("empty selection:\n%s", screenText(m))
	}
}
