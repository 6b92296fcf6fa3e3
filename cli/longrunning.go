package cli

import "runtime/debug"

// LongRunning restores the garbage collector's default pacing for modes
// that stay up (the TUI, serve, mcp): main raises it for one-shot commands,
// which exit before a larger heap matters.
func LongRunning() { debug.SetGCPercent(100) }
