//go:build unix

package regularfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.json")
	os.WriteFile(ok, []byte("{}"), 0o644)
	if data, err := Read(ok, 10); err != nil || string(data) != "{}" {
		t.Fatalf("%q %v", data, err)
	}
	big := filepath.Join(dir, "big")
	os.WriteFile(big, make([]byte, 2048), 0o644)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	for path, want := range map[string]string{
		big:                       "larger than 1 KiB",
		fifo:                      "named pipe",
		dir:                       "directory",
		"/dev/zero":               "device",
		filepath.Join(dir, "nop"): "no such file",
	} {
		if _, err := Read(path, 1024); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", path, err, want)
		}
	}
}
