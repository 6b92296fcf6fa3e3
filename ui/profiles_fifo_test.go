//go:build unix

package ui

import (
	"path/filepath"
	"syscall"
	"testing"
)

// A profile that is a FIFO is refused, not waited on.
func TestProfileMustBeARegularFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fifo.json")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip(err)
	}
	if _, err := readProfile(path); err == nil {
		t.Fatal("a FIFO profile was read")
	}
}
