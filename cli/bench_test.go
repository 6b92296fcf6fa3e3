package cli

import (
	"bytes"
	"context"
	"testing"
)

// BenchmarkJSONFullCatalog is `fitcheck --json` on a what-if RTX 4090 in process:
// the whole catalog estimated and written (scripts/bench.sh times the
// whole process against its budget).
func BenchmarkJSONFullCatalog(b *testing.B) {
	for b.Loop() {
		var out, errb bytes.Buffer
		env := Env{Stdout: &out, Stderr: &errb, Version: "test"}
		if code := Run(context.Background(), []string{"--json", "--gpu", "RTX 4090", "--ram", "64"}, env); code != 0 {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
	}
}
