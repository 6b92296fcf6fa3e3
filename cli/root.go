package cli

import "context"

// runRoot is `fitcheck` without a subcommand: the TUI on a terminal, else
// the JSON document (--json) or a plain table of the best fits.
func (a *App) runRoot(ctx context.Context) error {
	cat, models, err := a.Selection()
	if err != nil {
		return err
	}
	reqs, err := a.parseRequirements(cat)
	if err != nil {
		return err
	}
	order, err := a.order()
	if err != nil {
		return err
	}
	interactive := a.env.IsTerminal && !a.flags.json && !a.flags.plain && len(reqs) == 0 && a.env.RunTUI != nil
	if interactive {
		// Validate every flag before the screen switches.
		if _, err := a.Settings(); err != nil {
			return err
		}
		if _, _, err := a.HardwareSource(); err != nil {
			return err
		}
		return a.env.RunTUI(ctx, a)
	}
	snap, err := a.Snapshot(ctx)
	if err != nil {
		return err
	}
	doc, err := a.Document(snap, cat, models)
	if err != nil {
		return err
	}
	if err := a.checkRequirements(snap, cat, reqs, &doc); err != nil {
		return err
	}
	if err := a.withOneMoreGPU(snap, cat, models, &doc); err != nil {
		return err
	}
	if a.flags.json {
		if err := a.writeJSON(doc); err != nil {
			return err
		}
	} else if err := writeBestFits(a.env.Stdout, doc, order); err != nil {
		return err
	}
	return requirementsOutcome(doc.Requirements)
}
