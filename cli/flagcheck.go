package cli

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/estimate"
)

// Every subcommand takes every flag (they are persistent on the root), so
// a flag can reach a command it means nothing to. checkFlags runs before
// every command: values that cannot be meant are usage errors, and flags
// the command does not use are named on stderr instead of being dropped
// without a word.

// estimateOnly are the flags that only shape estimates: a command without
// estimates refuses --require (a script must never read exit 0 as "it
// fits") and warns about the others.
var estimateOnly = []string{"fits", "quant", "require", "context", "prompt-tokens", "cached-tokens", "kv-type", "engine",
	"parallel", "cpu-moe", "text-only", "no-flash-attn", "gpu-util", "assume-idle"}

// selectionFlags choose models from the catalog.
var selectionFlags = []string{"model", "origin", "licence", "commercial", "family", "org", "search",
	"min-params", "max-params", "modality"}

// hardwareFlags describe what-if hardware.
var hardwareFlags = []string{"gpu", "ram", "ram-bw", "cores", "no-gpu", "profile"}

// checkFlags validates values the individual parsers cannot see as wrong,
// and warns about flags the command ignores.
func (a *App) checkFlags(cmd *cobra.Command) error {
	if strings.HasPrefix(cmd.Name(), "__") { // shell completion: the flags are half typed
		return nil
	}
	f := &a.flags
	// A given flag with an empty value is a mistake (an unset shell
	// variable, usually), never a request for the default.
	for _, name := range []string{"ram", "catalog", "profile", "engine", "kv-type", "modality", "min-params", "max-params", "search"} {
		if fl := a.set.Lookup(name); a.given(name) && strings.TrimSpace(fl.Value.String()) == "" {
			return usagef("--%s is empty", name)
		}
	}
	for name, v := range map[string]float64{"ram-bw": f.ramBW, "gpu-util": f.gpuUtil} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return usagef("--%s %v: not a number", name, v)
		}
	}
	if a.given("profile") {
		if err := a.loadProfile(); err != nil {
			return err
		}
		a.profileSettings() // before anything reads the settings flags
	}
	// One case rule: enum values are matched ignoring case, as --engine is.
	f.modality = strings.ToLower(strings.TrimSpace(f.modality))
	f.kvType = strings.ToLower(strings.TrimSpace(f.kvType))

	switch cmd.Name() {
	case "models", "hw", "schema":
		if a.given("require") {
			return usagef("--require checks an estimate; `fitcheck %s` makes none (use `fitcheck --require ...` or `fitcheck fit MODEL --require ...`)", cmd.Name())
		}
		a.warnUnused(cmd.Name(), estimateOnly, "makes no estimates")
	}
	switch cmd.Name() {
	case "hw", "schema":
		a.warnUnused(cmd.Name(), append(slices.Clone(selectionFlags), "catalog"), "does not read the catalog")
	case "fit":
		a.warnUnused(cmd.Name(), selectionFlags, "estimates the one MODEL it is given")
	case "models":
		a.warnUnused(cmd.Name(), hardwareFlags, "lists the catalog without hardware")
	}
	if cmd.Name() == "schema" {
		a.warnUnused(cmd.Name(), hardwareFlags, "prints a fixed document")
	}

	// Engine-specific flags under the other engine.
	vllm := strings.EqualFold(f.engine, estimate.EngineVLLM)
	for _, name := range []string{"cpu-moe", "text-only", "no-flash-attn"} {
		if vllm && a.given(name) {
			a.warnf("--%s applies to llama.cpp; ignored with --engine vllm", name)
		}
	}
	if !vllm && a.given("gpu-util") {
		a.warnf("--gpu-util applies to vLLM; ignored with --engine %s", f.engine)
	}
	if vllm && f.noGPU {
		a.warnf("vLLM runs on a GPU only: with --no-gpu no model fits (use --engine llama.cpp for CPU inference)")
	}
	return nil
}

// warnUnused names the given flags among names that cmd ignores.
func (a *App) warnUnused(cmd string, names []string, why string) {
	var given []string
	for _, n := range names {
		if a.given(n) {
			given = append(given, "--"+n)
		}
	}
	if len(given) > 0 {
		a.warnf("%s ignored: `fitcheck %s` %s", strings.Join(given, ", "), cmd, why)
	}
}

func (a *App) warnf(format string, args ...any) {
	fmt.Fprintf(a.env.Stderr, "fitcheck: warning: "+format+"\n", args...)
}

// selectionLabel spells the selection flags given ("--origin FR --fits"),
// "" when none.
func (a *App) selectionLabel() string {
	var parts []string
	for _, n := range selectionFlags {
		if !a.given(n) {
			continue
		}
		v := strings.Trim(a.set.Lookup(n).Value.String(), "[]")
		if a.set.Lookup(n).Value.Type() == "bool" {
			parts = append(parts, "--"+n)
		} else {
			parts = append(parts, "--"+n+" "+v)
		}
	}
	return strings.Join(parts, " ")
}
