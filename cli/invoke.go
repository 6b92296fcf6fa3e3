package cli

import (
	"bytes"
	"context"
	"strings"
)

// Outcome is what one fitcheck command line printed and how it ended.
type Outcome struct {
	Stdout []byte
	Stderr string
	Code   int // ExitOK, ExitFailure, ExitUsage or ExitRequirement
}

// Invoker runs fitcheck command lines in-process with base's hardware probe,
// never a TUI. Servers (MCP, HTTP) answer through it, so every operation has
// exactly the CLI's flags, limits, errors and JSON.
func Invoker(base Env) func(ctx context.Context, args []string) Outcome {
	return func(ctx context.Context, args []string) Outcome {
		var out, errs bytes.Buffer
		env := base
		env.Stdout, env.Stderr, env.IsTerminal, env.RunTUI = &out, &errs, false, nil
		code := Run(ctx, args, env)
		return Outcome{Stdout: out.Bytes(), Stderr: cleanStderr(errs.String()), Code: code}
	}
}

// cleanStderr keeps the error itself, not the hint meant for a terminal.
func cleanStderr(s string) string {
	s = strings.ReplaceAll(s, "Run 'fitcheck --help' for usage.\n", "")
	s = strings.TrimPrefix(strings.TrimSpace(s), "fitcheck: ")
	return s
}
