// Command fitcheck answers which open-weight language models run on this
// hardware, at which quantization, how fast, and whether you may use them.
package main

import (
	"os"
	"runtime/debug"

	"github.com/fitcheck/fitcheck/cli"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	// A one-shot command builds a few MB of document and exits: collecting
	// at 4× the live heap instead of 2× takes a third off `--json` for a few
	// MB more peak memory. The TUI and the servers, which live on, go back
	// to the default (cli.LongRunning).
	debug.SetGCPercent(400)
	os.Exit(cli.Main(resolveVersion()))
}

func resolveVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
