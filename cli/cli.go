// Package cli is fitcheck's command line: subcommands, flags, exit codes,
// and the choice between the TUI, a plain table and the JSON document.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/hwprobe"
)

// Exit codes.
const (
	ExitOK          = 0
	ExitFailure     = 1 // runtime failure: unreadable catalog, probe crashed
	ExitUsage       = 2 // bad flags or values, unknown model
	ExitRequirement = 3 // a --require was not met
)

// Env is what a run of the program talks to; tests substitute every part.
type Env struct {
	Stdout, Stderr io.Writer
	// Stdin is read by `fitcheck mcp` (the MCP stdio transport).
	Stdin io.Reader
	// IsTerminal reports whether stdout is a terminal (the TUI starts only then).
	IsTerminal bool
	Version    string
	// RunTUI starts the interactive program; nil disables it.
	RunTUI func(ctx context.Context, a *App) error
	// Probe replaces the hardware probe when set: long-running servers probe
	// once and answer every request from that snapshot.
	Probe func(ctx context.Context) hwprobe.Snapshot
	// Getenv reads the environment for the model stores `installed` lists
	// (HOME, OLLAMA_MODELS, HF_HOME, ...); nil: no store is read.
	Getenv func(string) string
}

// usageError is a mistake in how fitcheck was called (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// requirementError says a --require was not met (exit 3).
type requirementError struct{ msg string }

func (e requirementError) Error() string { return e.msg }

// Main runs fitcheck with the process's arguments and terminal.
func Main(version string) int {
	env := Env{
		Stdin:      os.Stdin,
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		IsTerminal: term.IsTerminal(os.Stdout.Fd()),
		Version:    version,
		RunTUI:     runTUI,
		Getenv:     os.Getenv,
	}
	return Run(context.Background(), os.Args[1:], env)
}

// Run executes one command line and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	// Every output path writes through out, so a failed write (a full
	// disk, a closed pipe) fails the run even where a printer drops errors.
	out := &writeTracker{w: env.Stdout}
	env.Stdout = out
	root := newRoot(&env)
	root.SetArgs(args)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil && out.err != nil {
		err = fmt.Errorf("writing the output: %w", out.err)
	}
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(env.Stderr, "fitcheck:", err)
	var ue usageError
	var re requirementError
	switch {
	case errors.As(err, &re):
		return ExitRequirement
	case errors.As(err, &ue):
		fmt.Fprintln(env.Stderr, "Run 'fitcheck --help' for usage.")
		return ExitUsage
	}
	return ExitFailure
}

func newRoot(env *Env) *cobra.Command {
	app := &App{env: env}
	root := &cobra.Command{
		Use:   "fitcheck",
		Short: "Which open-weight LLMs run on this hardware, how fast, and may you use them",
		Long: `fitcheck probes this machine (CPU, RAM with container limits, every GPU) or a what-if
machine, and estimates for every model of its catalog and every quantization whether
it fits (fully on GPU, partly offloaded, CPU only, not at all), the memory it takes,
its decode tokens/s and time to first token — with the model's licence and origin.

With a terminal it starts the interactive browser; piped, it prints a plain table of
the best that fits — models at a usable speed (--min-tps) by their quality index, an
index of published benchmark scores (--sort for other orders); with --json it prints
the full versioned JSON document, every score with its source.

Exit codes: 0 success (also when nothing fits), 1 runtime failure, 2 usage error,
3 a --require was not met.`,
		Example: `  fitcheck                                  # interactive browser
  fitcheck --json | jq '.models[] | select(.best_verdict=="gpu") | .id'
  fitcheck --gpu "2x L40S" --ram 256GiB     # what would a customer's server run?
  fitcheck fit Llama-3.1-8B-Instruct        # every quantization of one model
  fitcheck --require gpt-oss-20b@MXFP4:gpu  # exit 3 unless it fits fully on GPU
  fitcheck hw --json                        # the probed hardware`,
		Version:       env.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return app.runRoot(cmd.Context())
		},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return app.checkFlags(cmd) },
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.SetVersionTemplate("fitcheck {{.Version}}\n")
	app.flags.register(root)
	app.set = root.PersistentFlags()
	registerCompletions(root)
	root.AddCommand(newHWCommand(app), newModelsCommand(app), newFitCommand(app), newSchemaCommand(app), newInstalledCommand(app))
	root.AddCommand(newPolicyCommand(app), newReportCommand(app))
	root.AddCommand(newMCPCommand(app), newServeCommand(app), newTuneCommand(app))
	root.AddCommand(newPlanCommand(app))
	root.SetOut(env.Stdout) // before the completion command is made: it keeps the writer it sees
	root.SetErr(env.Stderr)
	strictHelpAndCompletion(root)
	return root
}

// noArgs rejects positional arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
	}
	return nil
}

// writeTracker remembers the first write error.
type writeTracker struct {
	w   io.Writer
	err error
}

func (t *writeTracker) Write(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	n, err := t.w.Write(p)
	t.err = err
	return n, err
}
