// Package ui is fitcheck's interactive terminal UI (Bubble Tea v2): the
// model table for the probed or simulated hardware, a detail view per model,
// what-if hardware with saved profiles, run settings on single keys and a
// side-by-side comparison. Every figure comes from report.Build; the UI only
// arranges it. All I/O (probing, profile files) runs in tea.Cmds.
package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/policy"
)

// Config is what the CLI hands the TUI.
type Config struct {
	Catalog    *catalog.Catalog
	Models     []*catalog.Model                           // the selection after CLI filters
	Probe      func(ctx context.Context) hwprobe.Snapshot // probes and applies what-if flags; runs in the background; nil when hardware is fully given
	Hardware   hwprobe.Snapshot                           // shown until Probe returns (what-if hardware, or an empty placeholder)
	Settings   estimate.Settings
	AssumeIdle bool
	Version    string
	ProfileDir string         // where what-if profiles are saved (user config dir/fitcheck/profiles)
	Policy     *policy.Policy // --policy; nil without
	PolicyName string         // its name, for the detail view and reports
	ExportDir  string         // where X writes reports ("" = the working directory)
	// Installed lists the catalog ids with a copy on this machine (lower
	// case), the number of models found and what could not be read; it runs
	// in the background. Nil: nothing is marked.
	Installed func(ctx context.Context) (ids map[string]bool, found int, warnings []string)
	// LookupModel finds a model by Hugging Face id (the Hub or its cache)
	// for the "add model" prompt; nil disables the prompt. It may block: the
	// TUI calls it in a tea.Cmd.
	LookupModel func(ctx context.Context, id string) (*catalog.Model, error)
	MinTPS      float64    // usable decode speed for the default "best that fits" order; 0 = report.DefaultMinTPS
	Sort        string     // --sort: report.Sort*; "" = best
	Selection   *Selection // the command line's filters, when Models is the whole catalog; nil: none
}

// Selection is the model selection the command line made (--origin FR,
// --model ...): the TUI shows it among the filters, where x clears it.
type Selection struct {
	Label string          // the flags, e.g. "--origin FR"
	IDs   map[string]bool // the models it selects
}

// Run runs the TUI on the terminal until the user quits or ctx ends. Call it
// only when stdout is a terminal.
func Run(ctx context.Context, cfg Config) error {
	m := New(cfg)
	m.ctx = ctx
	_, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	return err
}
