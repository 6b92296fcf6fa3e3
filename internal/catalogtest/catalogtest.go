// Package catalogtest gives tests of every package the built-in catalog
// without repeating the load-and-fail lines in each.
package catalogtest

import (
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
)

// Builtin is the built-in catalog, or the test stops.
func Builtin(tb testing.TB) *catalog.Catalog {
	tb.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		tb.Fatalf("built-in catalog: %v", err)
	}
	return cat
}
