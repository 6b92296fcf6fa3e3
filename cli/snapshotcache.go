package cli

import (
	"context"
	"sync"

	"github.com/fitcheck/fitcheck/hwprobe"
)

// snapshotCache probes once, on first use, and answers every later request
// from that snapshot until refreshed: servers must not re-run GPU probes
// (up to seconds each) per request. The command line's what-if flags apply,
// so `fitcheck serve --gpu "2x L40S"` serves that machine.
type snapshotCache struct {
	app  *App
	mu   sync.Mutex
	snap *hwprobe.Snapshot
}

func (c *snapshotCache) get(ctx context.Context) hwprobe.Snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap == nil {
		s, err := c.app.Snapshot(ctx)
		if err != nil { // the flags were checked before serving; keep a usable answer
			s = hwprobe.Snapshot{Warnings: []string{err.Error()}}
		}
		c.snap = &s
	}
	return c.snap.Clone()
}

// refresh probes again now.
func (c *snapshotCache) refresh(ctx context.Context) hwprobe.Snapshot {
	c.mu.Lock()
	c.snap = nil
	c.mu.Unlock()
	return c.get(ctx)
}

// serverEnv is the environment in which a server runs requests: a's
// program, the cached snapshot as the probe, and no TUI.
func serverEnv(a *App, cache *snapshotCache) Env {
	env := *a.env
	env.Probe = cache.get
	env.RunTUI = nil
	return env
}
