package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every key binding of the TUI. The same bindings drive Update
// and the help views, so help never disagrees with behaviour.
type KeyMap struct {
	// Moving
	Up, Down, PageUp, PageDown, Home, End key.Binding
	Open                                  key.Binding // detail of the selected model
	Back                                  key.Binding

	// Main table
	Search, Sort, Reverse, Filter, Mark, Compare key.Binding
	SortBy                                       []key.Binding // one per allColumns entry, same order

	// Settings, from any screen
	ContextUp, ContextDown, PromptUp, PromptDown, KVType, Engine, Idle key.Binding

	// Screens and overlays, from any screen
	WhatIf, Warnings, Help, Quit key.Binding
	Export                       key.Binding // X: write an HTML report of the view (x is "clear" in the filter panel and compare screen)

	// Detail
	Copy key.Binding
	Tune key.Binding // t: the fine-tune screen of the model

	// Fine-tune screen
	TuneSeqUp, TuneSeqDown, TuneBatchUp, TuneBatchDown, TuneCheckpointing, TuneOptimizer key.Binding
	TuneRankUp, TuneRankDown, TuneTargets, TunePrecision, TuneSharding                   key.Binding

	// Plan (from a model's detail)
	Plan, UsersUp, UsersDown, TPSUp, TPSDown key.Binding
	// Main table: look a model up on the Hugging Face Hub
	AddModel key.Binding

	// What-if hardware
	Add, Remove, SwitchPane, SetRAM, GPUSpec, NoGPU, Undo, Reset, Save, Load key.Binding
	SetCores, SetRAMBW                                                       key.Binding

	// Filter panel
	Prev, Next, Clear key.Binding
}

// DefaultKeyMap is fitcheck's key map.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	sortBy := make([]key.Binding, len(allColumns))
	for i, c := range allColumns {
		sortBy[i] = b([]string{c.key}, c.key, c.title)
		if c.key == "" { // a column without a direct key: s and clicks still sort by it
			sortBy[i] = key.NewBinding(key.WithDisabled())
		}
	}
	return KeyMap{
		SortBy:   sortBy,
		Up:       b([]string{"up", "k", "ctrl+p"}, "↑/k", "up"),
		Down:     b([]string{"down", "j", "ctrl+n"}, "↓/j", "down"),
		PageUp:   b([]string{"pgup"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown"}, "pgdn", "page down"),
		Home:     b([]string{"home"}, "home", "first"),
		End:      b([]string{"end"}, "end", "last"),
		Open:     b([]string{"enter"}, "enter", "open"),
		Back:     b([]string{"esc", "backspace"}, "esc", "back"),

		Search:  b([]string{"/"}, "/", "search"),
		Sort:    b([]string{"s"}, "s", "sort"),
		Reverse: b([]string{"S"}, "S", "reverse sort"),
		Filter:  b([]string{"f"}, "f", "filter"),
		Mark:    b([]string{"space"}, "space", "mark"),
		Compare: b([]string{"c"}, "c", "compare"),

		ContextUp:   b([]string{"+", "="}, "+", "context ×2"),
		ContextDown: b([]string{"-", "_"}, "-", "context ÷2"),
		PromptUp:    b([]string{"]"}, "]", "prompt ×2"),
		PromptDown:  b([]string{"["}, "[", "prompt ÷2"),
		KVType:      b([]string{"K"}, "K", "KV cache type"), // k moves up, as in vim
		Engine:      b([]string{"e"}, "e", "engine"),
		Idle:        b([]string{"i"}, "i", "free/total memory"),

		WhatIf:   b([]string{"w"}, "w", "what-if"),
		Warnings: b([]string{"!"}, "!", "probe warnings"),
		Help:     b([]string{"?"}, "?", "help"),
		Quit:     b([]string{"q", "ctrl+c"}, "q", "quit"),
		Export:   b([]string{"X"}, "X", "export report"),

		Copy: b([]string{"y"}, "y", "copy command"),
		Tune: b([]string{"t"}, "t", "fine-tune"),

		TuneSeqUp:         b([]string{">", "."}, ">", "sequence ×2"),
		TuneSeqDown:       b([]string{"<", ","}, "<", "sequence ÷2"),
		TuneBatchUp:       b([]string{"b"}, "b", "micro batch +1"),
		TuneBatchDown:     b([]string{"B"}, "B", "micro batch −1"),
		TuneCheckpointing: b([]string{"c"}, "c", "checkpointing"),
		TuneOptimizer:     b([]string{"o"}, "o", "optimizer"),
		TuneRankUp:        b([]string{"r"}, "r", "LoRA rank ×2"),
		TuneRankDown:      b([]string{"R"}, "R", "LoRA rank ÷2"),
		TuneTargets:       b([]string{"a"}, "a", "LoRA targets"),
		TunePrecision:     b([]string{"p"}, "p", "precision"),
		TuneSharding:      b([]string{"z"}, "z", "sharding"),

		Plan:      b([]string{"p"}, "p", "plan hardware"),
		UsersUp:   b([]string{">", "."}, ">", "users ×2"),
		UsersDown: b([]string{"<", ","}, "<", "users ÷2"),
		TPSUp:     b([]string{"t"}, "t", "tok/s +5"),
		TPSDown:   b([]string{"T"}, "T", "tok/s −5"),
		AddModel:  b([]string{"a"}, "a", "add a Hub model"),

		Add:        b([]string{"enter", "a"}, "enter/a", "add"),
		Remove:     b([]string{"d", "delete"}, "d", "remove one"),
		SwitchPane: b([]string{"tab", "shift+tab"}, "tab", "switch pane"),
		SetRAM:     b([]string{"r"}, "r", "set RAM"),
		SetCores:   b([]string{"c"}, "c", "set CPU cores"),
		SetRAMBW:   b([]string{"b"}, "b", "set RAM bandwidth"),
		GPUSpec:    b([]string{"g"}, "g", "type a GPU spec"),
		NoGPU:      b([]string{"n"}, "n", "no GPU"),
		Undo:       b([]string{"u"}, "u", "undo last edit"),
		Reset:      b([]string{"U"}, "U", "reset what-if"),
		Save:       b([]string{"s"}, "s", "save profile"),
		Load:       b([]string{"o"}, "o", "open profile"),

		Prev:  b([]string{"left", "h"}, "←", "previous value"),
		Next:  b([]string{"right", "l"}, "→", "next value"),
		Clear: b([]string{"x"}, "x", "clear all"),
	}
}

// settingsKeys are the keys that change run settings on every screen.
func (k KeyMap) settingsKeys() []key.Binding {
	return []key.Binding{k.ContextUp, k.ContextDown, k.PromptUp, k.PromptDown, k.KVType, k.Engine, k.Idle}
}

// keyHelp is a context-sensitive help.KeyMap: the footer shows short, the
// help overlay shows full.
type keyHelp struct {
	short []key.Binding
	full  []helpGroup
}

// helpGroup is one titled column of the full help.
type helpGroup struct {
	title    string
	bindings []key.Binding
}

func (h keyHelp) ShortHelp() []key.Binding { return h.short }

func (h keyHelp) FullHelp() [][]key.Binding {
	out := make([][]key.Binding, len(h.full))
	for i, g := range h.full {
		out[i] = g.bindings
	}
	return out
}

// helpFor is the help of the current screen.
func (m Model) helpFor() keyHelp {
	k := m.keys
	global := helpGroup{"Screens", []key.Binding{k.WhatIf, k.Warnings, k.Export, k.Help, k.Back, k.Quit}}
	settings := helpGroup{"Settings", k.settingsKeys()}
	nav := helpGroup{"Move", []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}}
	if m.overlay == overlayFilters { // the panel takes every key: the table's would do nothing
		return keyHelp{short: []key.Binding{k.Up, k.Down, k.Prev, k.Next, k.Clear, k.Back, k.Quit}}
	}
	switch m.screen {
	case screenDetail:
		return keyHelp{
			short: []key.Binding{k.Help, k.Back, k.Plan, k.Tune, k.Copy, k.Up, k.Down, k.Quit, k.Mark, k.ContextUp, k.ContextDown, k.KVType, k.Engine},
			full:  []helpGroup{{"Detail", []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Copy, k.Plan, k.Tune, k.Mark, k.Compare}}, settings, global},
		}
	case screenPlan:
		return keyHelp{
			short: []key.Binding{k.Help, k.Back, k.Up, k.Down, k.UsersUp, k.UsersDown, k.TPSUp, k.TPSDown, k.Quit, k.ContextUp, k.ContextDown, k.Engine, k.Copy},
			full: []helpGroup{{"Plan", []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.UsersUp, k.UsersDown, k.TPSUp, k.TPSDown, k.Copy}},
				{"Settings", slices.DeleteFunc(k.settingsKeys(), func(b key.Binding) bool { return b.Help().Key == k.Idle.Help().Key })}, global},
		}
	case screenWhatIf:
		return keyHelp{
			short: []key.Binding{k.Help, k.Back, k.Add, k.Remove, k.SwitchPane, k.Search, k.GPUSpec, k.SetRAM, k.Quit, k.Idle, k.Save, k.Load},
			full: []helpGroup{{"What-if", []key.Binding{k.Add, k.Remove, k.SwitchPane, k.Search, k.GPUSpec, k.SetRAM,
				k.SetCores, k.SetRAMBW, k.NoGPU, k.Undo, k.Reset, k.Save, k.Load}}, nav, settings, global},
		}
	case screenFinetune:
		return keyHelp{short: k.tuneShortHelp(), full: []helpGroup{k.tuneHelpGroup(), global}}
	case screenCompare:
		return keyHelp{
			short: []key.Binding{k.Help, k.Back, k.Up, k.Down, k.Clear, k.Quit, k.ContextUp, k.ContextDown, k.KVType, k.Engine},
			full:  []helpGroup{{"Compare", []key.Binding{k.Up, k.Down, k.Clear}}, settings, global},
		}
	}
	return keyHelp{
		// In order of importance: a narrow footer drops from the end (help
		// and quit stay); the settings keys are also on the Run line.
		short: []key.Binding{k.Help, k.Search, k.Open, k.Sort, k.Filter, k.WhatIf, k.Quit, k.Mark, k.Compare, k.ContextUp, k.ContextDown, k.KVType, k.Engine},
		full: []helpGroup{
			{"Models", []key.Binding{k.Open, k.Search, k.Sort, k.Reverse, k.Filter, k.Mark, k.Compare, k.AddModel}},
			{"Sort by (shown columns)", m.shownSortKeys()},
			nav, settings, global,
		},
	}
}

// shownSortKeys are the direct sort keys of the columns on screen.
func (m Model) shownSortKeys() []key.Binding {
	var out []key.Binding
	for _, c := range m.shownColumns() {
		i := slices.IndexFunc(allColumns, func(a column) bool { return a.id == c.id })
		out = append(out, m.keys.SortBy[i])
	}
	return out
}
