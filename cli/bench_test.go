package cli

import (
	"context"
	"io"
	"testing"
)

// BenchmarkJSONFullCatalog is `fitcheck --json` for the whole catalog on
// fixed what-if hardware, in-process (scripts/bench.sh times the process).
func BenchmarkJSONFullCatalog(b *testing.B) {
	env := Env{Stdout: io.Discard, Stderr: io.Discard, Version: "bench"}
	for b.Loop() {
		if code := Run(context.Background(), []string{"--json", "--gpu", "RTX 4090", "--ram", "64GiB"}, env); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
