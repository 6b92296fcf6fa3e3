// Command snapshotgen parses and validates catalog/data/*.json and writes
// catalog/builtin.gob, the snapshot fitcheck embeds. Run it through
// `go generate ./catalog` after editing the data.
package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/fitcheck/fitcheck/catalog"
)

func main() {
	c, err := catalog.ParseDir(os.DirFS("."), "data")
	if err != nil {
		fmt.Fprintln(os.Stderr, "snapshotgen:", err)
		os.Exit(1)
	}
	var buf bytes.Buffer
	if err := c.WriteSnapshot(&buf); err != nil {
		fmt.Fprintln(os.Stderr, "snapshotgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile("builtin.gob", buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "snapshotgen:", err)
		os.Exit(1)
	}
	fmt.Printf("snapshotgen: %d models, %d licences, %d bytes\n", len(c.Models), len(c.Licences), buf.Len())
}
