package ui

import (
	"context"
	"slices"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

type screen int

const (
	screenMain screen = iota
	screenDetail
	screenWhatIf
	screenCompare
	screenPlan
	screenFinetune
)

type overlay int

const (
	overlayNone overlay = iota
	overlayHelp
	overlayWarnings
	overlayFilters
	overlayProfiles
)

// Model is the root model of the TUI, the only tea.Model: screens are
// plain state plus render functions, so there is one place that routes
// messages.
type Model struct {
	cfg    Config
	ctx    context.Context
	keys   KeyMap
	styles Styles
	dark   bool // terminal background, for components with their own styles
	help   help.Model
	width  int
	height int

	// What the estimates are for.
	base       hwprobe.Snapshot // probed, or given by the CLI
	probing    bool
	whatIf     whatIf           // changes made in the TUI
	undo       []whatIfStep     // what-if states before each edit, newest last
	hw         hwprobe.Snapshot // base with whatIf applied: what the estimates are for (set by rebuild)
	settings   estimate.Settings
	assumeIdle bool

	installed         map[string]bool // catalog ids on disk, once listed
	installedWarnings []string

	est     *estimate.Estimator // keeps each model's plan across rebuilds (one per TUI)
	doc     report.Document
	upgrade *report.Upgrade           // what one more GPU buys; computed while the what-if screen is open (ui/quality.go)
	quality qualityData               // the catalog's scores and index, computed once
	byID    map[string]int            // model id → index in doc.Models
	catalog map[string]*catalog.Model // model id → catalog entry

	table  tableState
	search string
	facets []facet
	marked []string // model ids marked for comparison, in marking order

	screen     screen
	stack      []screen // screens to go back to
	overlay    overlay
	detail     detailState
	wi         whatIfState
	cmp        compareState
	plan       planState
	tune       tuneState
	fcursor    int        // filter panel row
	helpOffset int        // first line of the help overlay when it scrolls
	ftyping    bool       // the filter panel reads a value's start (after /)
	ftyped     string     // what was typed
	selection  *Selection // the command line's model selection, until x clears it
	profiles   profilesState

	prompt    prompt
	status    string
	statusErr bool
}

// tableState is the filtered, sorted table and its cursor.
type tableState struct {
	rows   []int // indices into doc.Models
	cursor int
	offset int
	sort   colID
	desc   bool
}

// New builds the root model; the first estimates are computed here, so the
// first frame already shows the table.
func New(cfg Config) Model {
	if cfg.Catalog == nil {
		cfg.Catalog = &catalog.Catalog{}
	}
	m := Model{
		cfg:        cfg,
		ctx:        context.Background(),
		keys:       DefaultKeyMap(),
		styles:     NewStyles(true),
		dark:       true,
		help:       help.New(),
		base:       cfg.Hardware,
		probing:    cfg.Probe != nil,
		settings:   withDefaults(cfg.Settings),
		assumeIdle: cfg.AssumeIdle,
		catalog:    make(map[string]*catalog.Model, len(cfg.Models)),
		table:      initialTable(cfg.Sort),
		est:        new(estimate.Estimator),
	}
	m.help.Styles = m.styles.Help
	for _, cm := range cfg.Models {
		m.catalog[cm.ID] = cm
	}
	m.facets = newFacets(cfg.Models)
	if cfg.Policy != nil {
		m.facets = append(m.facets, policyFacet())
	}
	m.quality.scores, m.quality.index = report.QualityIndex(cfg.Catalog)
	m.quality.byID = report.Qualities(cfg.Catalog, m.quality.scores, m.quality.index)
	m.selection = cfg.Selection
	m.rebuild()
	return m
}

// withDefaults fills the settings the CLI left zero.
func withDefaults(s estimate.Settings) estimate.Settings {
	d := estimate.DefaultSettings()
	if s.Context <= 0 {
		s.Context = d.Context
	}
	if s.PromptTokens <= 0 {
		s.PromptTokens = d.PromptTokens
	}
	if s.KVType == "" {
		s.KVType = d.KVType
	}
	if s.Engine == "" {
		s.Engine = d.Engine
	}
	if s.Parallel <= 0 {
		s.Parallel = d.Parallel
	}
	if s.GPUMemoryUtilization <= 0 {
		s.GPUMemoryUtilization = d.GPUMemoryUtilization
	}
	s.Context = min(s.Context, maxContext)
	s.PromptTokens = min(s.PromptTokens, s.Context)
	s.CachedTokens = min(max(s.CachedTokens, 0), s.Context-s.PromptTokens)
	switch {
	case s.Engine == estimate.EngineVLLM && s.KVType == "q4_0":
		s.KVType = "q8_0" // vLLM's nearest: fp8
	case !kvTypeValid(s.Engine, s.KVType):
		s.KVType = d.KVType
	}
	return s
}

// Init asks for the background colour and starts the hardware probe.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if m.cfg.Probe != nil {
		cmds = append(cmds, probeCmd(m.ctx, m.cfg.Probe))
	}
	if m.cfg.Installed != nil {
		cmds = append(cmds, installedCmd(m.ctx, m.cfg.Installed))
	}
	return tea.Batch(cmds...)
}

// Update routes each message type to one small method.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.styles = NewStyles(m.dark)
		m.help.Styles = m.styles.Help
	case probeDoneMsg:
		m = m.probed(msg)
	case installedMsg:
		m = m.installedListed(msg)
	case profilesListedMsg:
		m = m.profilesListed(msg)
	case profileLoadedMsg:
		m = m.profileLoaded(msg)
	case profileSavedMsg:
		m = m.profileSaved(msg)
	case reportExportedMsg:
		m = m.reportExported(msg)
	case planDoneMsg:
		m = m.planDone(msg)
	case modelLookedUpMsg:
		m = m.modelLookedUp(msg)
	case profileChangedMsg:
		m, cmd = m.profileChanged(msg)
	case tea.KeyPressMsg:
		m, cmd = m.updateKey(msg)
		if c := m.planRefresh(); c != nil { // a setting changed under the plan screen
			cmd = tea.Batch(cmd, c)
		}
	case tea.MouseWheelMsg:
		m = m.updateWheel(msg)
	case tea.MouseClickMsg:
		m = m.updateClick(msg)
	default:
		if m.prompt.active() {
			m, cmd = m.updatePrompt(msg)
		}
	}
	m.keepCursorsVisible()
	return m, cmd
}

// View renders the frame in the alternate screen with mouse reporting.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "fitcheck"
	return v
}

func (m Model) probed(msg probeDoneMsg) Model {
	atTop, keep := m.table.cursor == 0, m.selectedID()
	m.base, m.probing = msg.snap, false
	m.rebuild()
	if !atTop {
		// The rows were ranked without hardware: a cursor the user never
		// moved stays on the new first row (rebuild put it there); one the
		// user moved follows its model.
		m.selectRow(keep)
	}
	if n := len(msg.snap.Warnings); n > 0 {
		m.setStatus("hardware probed with " + plural(n, "a warning", "warnings") + ": press ! to read")
	}
	return m
}

// updateKey: ctrl+c always quits; an open prompt or overlay gets every
// other key; then the screen's own keys; then keys that work everywhere.
func (m Model) updateKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if msg.String() == "ctrl+c" {
		return m, tea.Quit
	}
	if m.prompt.active() {
		return m.updatePrompt(msg)
	}
	m.status, m.statusErr = "", false
	if m.overlay != overlayNone {
		return m.updateOverlay(msg)
	}
	var (
		cmd     tea.Cmd
		handled bool
	)
	switch m.screen {
	case screenMain:
		m, cmd, handled = m.updateMain(msg)
	case screenDetail:
		m, cmd, handled = m.updateDetail(msg)
	case screenWhatIf:
		m, cmd, handled = m.updateWhatIf(msg)
	case screenCompare:
		m, cmd, handled = m.updateCompare(msg)
	case screenPlan:
		m, cmd, handled = m.updatePlan(msg)
	case screenFinetune:
		m, cmd, handled = m.updateTune(msg)
	}
	if handled {
		return m, cmd
	}
	return m.updateGlobal(msg)
}

// updateGlobal handles the keys that work on every screen.
func (m Model) updateGlobal(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.overlay, m.helpOffset = overlayHelp, 0
	case key.Matches(msg, k.Warnings):
		m.overlay = overlayWarnings
	case key.Matches(msg, k.WhatIf):
		if m.screen != screenWhatIf {
			m.push(screenWhatIf)
			m.upgrade = m.oneMoreGPU()
		}
	case key.Matches(msg, k.Back):
		m.pop()
	case key.Matches(msg, k.Export):
		return m, m.exportCmd()
	default:
		if s, ok := m.updateSettings(msg); ok {
			return s, nil
		}
	}
	return m, nil
}

func (m Model) updateOverlay(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if key.Matches(msg, m.keys.Quit) && m.overlay != overlayProfiles && !m.ftyping {
		return m, tea.Quit // q quits everywhere, as the help says
	}
	switch m.overlay {
	case overlayFilters:
		return m.updateFilters(msg), nil
	case overlayProfiles:
		return m.updateProfiles(msg)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Back, k.Help, k.Warnings) || msg.String() == "enter":
		m.overlay = overlayNone
	case m.overlay == overlayHelp && key.Matches(msg, k.Up):
		m.helpOffset = max(0, m.helpOffset-1)
	case m.overlay == overlayHelp && key.Matches(msg, k.Down):
		m.helpOffset = min(m.helpMaxOffset(), m.helpOffset+1)
	case m.overlay == overlayHelp && key.Matches(msg, k.PageUp):
		m.helpOffset = max(0, m.helpOffset-m.frame().bodyH/2)
	case m.overlay == overlayHelp && key.Matches(msg, k.PageDown):
		m.helpOffset = min(m.helpMaxOffset(), m.helpOffset+m.frame().bodyH/2)
	}
	return m, nil
}

// push opens a screen on top of the current one; pop goes back.
func (m *Model) push(s screen) {
	m.stack = append(m.stack, m.screen)
	m.screen = s
}

func (m *Model) pop() {
	if n := len(m.stack); n > 0 {
		m.screen = m.stack[n-1]
		m.stack = m.stack[:n-1]
		return
	}
	if m.screen == screenMain && m.search != "" {
		m.search = ""
		m.refresh()
	}
}

// rebuild applies the what-if hardware, recomputes every estimate for it
// and the settings, then re-applies filters and sorting, and shows the top
// of the new order (following the selected row would land in the middle
// of a reshuffled table, e.g. among the models that no longer fit). It
// runs in Update:
// report.Build is pure and takes a few milliseconds for the whole built-in
// catalog (BenchmarkRebuild), too little to be worth a command and a stale
// frame.
func (m *Model) rebuild() {
	m.hw = m.whatIf.apply(m.base)
	m.doc = report.Build(m.hw, m.cfg.Catalog, m.cfg.Models, report.Options{
		Version: m.cfg.Version, Settings: m.settings, AssumeIdle: m.assumeIdle, MinTPS: m.cfg.MinTPS,
		Scores: m.quality.scores, Quality: m.quality.index, Qualities: m.quality.byID, Installed: m.installed,
		Estimator: m.est,
	})
	m.doc.ApplyPolicy(m.cfg.Policy)
	m.doc.Warnings = append(m.doc.Warnings, m.installedWarnings...)
	m.byID = make(map[string]int, len(m.doc.Models))
	for i := range m.doc.Models {
		m.byID[m.doc.Models[i].ID] = i
	}
	if m.screen == screenWhatIf {
		m.upgrade = m.oneMoreGPU()
	}
	m.refresh()
	m.toTop()
}

// refresh filters and sorts the table, keeping the cursor on the same model.
func (m *Model) refresh() {
	keep := m.selectedID()
	rows := m.table.rows[:0:0]
	for i := range m.doc.Models {
		if m.visible(&m.doc.Models[i]) {
			rows = append(rows, i)
		}
	}
	col, desc := m.table.sort, m.table.desc
	slices.SortStableFunc(rows, func(a, b int) int {
		ma, mb := &m.doc.Models[a], &m.doc.Models[b]
		if na, nb := missing(col, ma), missing(col, mb); na != nb {
			if na {
				return 1
			}
			return -1
		}
		c := compareBy(col, ma, mb)
		if desc {
			c = -c
		}
		if c == 0 {
			c = compareBy(colName, ma, mb)
		}
		return c
	})
	m.table.rows = rows
	m.selectRow(keep)
}

// selectRow puts the cursor on a model's row (the first row when it is not
// in the table).
func (m *Model) selectRow(id string) {
	m.table.cursor = max(0, slices.IndexFunc(m.table.rows, func(r int) bool { return m.doc.Models[r].ID == id }))
}

// selectedID is the model under the table cursor ("" when the table is empty).
func (m Model) selectedID() string {
	if m.table.cursor < 0 || m.table.cursor >= len(m.table.rows) {
		return ""
	}
	return m.doc.Models[m.table.rows[m.table.cursor]].ID
}

// model is the document entry of a model id (nil when unknown).
func (m Model) model(id string) *report.Model {
	i, ok := m.byID[id]
	if !ok {
		return nil
	}
	return &m.doc.Models[i]
}

func (m *Model) setStatus(s string) { m.status, m.statusErr = s, false }

func (m *Model) setError(err error) { m.status, m.statusErr = err.Error(), true }

// keepCursorsVisible scrolls lists so their cursors stay on screen.
func (m *Model) keepCursorsVisible() {
	f := m.frame()
	m.table.offset = scrollTo(m.table.offset, m.table.cursor, len(m.table.rows), f.bodyH-1)
	m.wi.offset = scrollTo(m.wi.offset, m.wi.cursor, len(m.accelerators()), m.whatIfListHeight(f.bodyH))
}

// scrollTo returns the offset that shows cursor in a window of h rows.
func scrollTo(offset, cursor, n, h int) int {
	if h <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+h {
		offset = cursor - h + 1
	}
	return max(0, min(offset, n-h))
}
