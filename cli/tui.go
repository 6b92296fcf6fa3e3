package cli

import (
	"cmp"
	"context"
	"os"
	"path/filepath"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/ui"
)

// runTUI starts the interactive browser with the same catalog, selection,
// settings and hardware the flags describe. Probing runs inside the TUI, in
// the background, so the table appears at once.
func runTUI(ctx context.Context, a *App) error {
	LongRunning()
	cat, models, err := a.Selection()
	if err != nil {
		return err
	}
	settings, err := a.Settings()
	if err != nil {
		return err
	}
	fixed, probe, err := a.HardwareSource()
	if err != nil {
		return err
	}
	minTPS, err := a.minTPS()
	if err != nil {
		return err
	}
	order, err := a.order()
	if err != nil {
		return err
	}
	cfg := ui.Config{
		Catalog: cat, Models: models, Probe: probe, Settings: settings,
		AssumeIdle: a.AssumeIdle(), Version: a.Version(), ProfileDir: profileDir(), MinTPS: minTPS, Sort: order,
		LookupModel: func(ctx context.Context, id string) (*catalog.Model, error) {
			if m := cat.ByID(id); m != nil {
				return m, nil
			}
			return a.HubClient().Lookup(ctx, id, cat)
		},
	}
	if a.env.Getenv != nil {
		cfg.Installed = func(ctx context.Context) (map[string]bool, int, []string) {
			inv := a.Installed(ctx, cat)
			return inv.CatalogIDs(), len(inv.Entries), inv.Warnings
		}
	}
	if cfg.Policy, err = a.Policy(); err != nil {
		return err
	}
	if cfg.Policy != nil {
		cfg.PolicyName = cmp.Or(cfg.Policy.Name, filepath.Base(a.flags.policyFile))
	}
	if label := a.selectionLabel(); label != "" {
		// The TUI estimates the whole catalog and shows the command line's
		// selection as a filter it can clear (x), not as a smaller catalog.
		ids := make(map[string]bool, len(models))
		for _, m := range models {
			ids[m.ID] = true
		}
		cfg.Models, cfg.Selection = cat.Models, &ui.Selection{Label: label, IDs: ids}
	}
	if fixed != nil {
		cfg.Hardware = *fixed
	} else {
		cfg.Hardware = hwprobe.Snapshot{Source: hwprobe.SourceProbe, Warnings: []string{}}
	}
	return ui.Run(ctx, cfg)
}

// profileDir is where the TUI keeps named what-if hardware profiles.
func profileDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "fitcheck", "profiles")
}
