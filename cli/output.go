package cli

import (
	"encoding/json"
)

// writeJSON prints one JSON document with a trailing newline: indented for a
// person at a terminal, compact for pipes (half the time on the full
// catalog, and jq pretty-prints anyway).
func (a *App) writeJSON(v any) error {
	enc := json.NewEncoder(a.env.Stdout)
	if a.env.IsTerminal {
		enc.SetIndent("", "  ")
	}
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
