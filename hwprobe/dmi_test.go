package hwprobe

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dmiEntry builds a raw SMBIOS 3.x type-17 entry (length 0x28).
func dmiEntry(memType byte, width, sizeMiB, speed, configured uint16) []byte {
	b := make([]byte, 0x28)
	b[0], b[1] = 17, 0x28
	binary.LittleEndian.PutUint16(b[dmiDataWidth:], width)
	binary.LittleEndian.PutUint16(b[dmiSize:], sizeMiB)
	b[dmiMemoryType] = memType
	binary.LittleEndian.PutUint16(b[dmiSpeed:], speed)
	binary.LittleEndian.PutUint16(b[dmiConfigured:], configured)
	return append(b, 0, 0) // empty string table
}

func TestDMIBandwidth(t *testing.T) {
	root := t.TempDir()
	write := func(name string, raw []byte) {
		d := filepath.Join(root, "firmware/dmi/entries", name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "raw"), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Two DDR5 modules rated 5600, configured 4800; two empty slots.
	write("17-0", dmiEntry(0x22, 64, 16384, 5600, 4800))
	write("17-1", dmiEntry(0x22, 64, 0, 0, 0))
	write("17-2", dmiEntry(0x22, 64, 16384, 5600, 4800))
	write("17-3", dmiEntry(0x22, 64, 0, 0, 0))
	v, basis, ok := dmiBandwidth(root)
	if !ok || math.Abs(v-76.8) > 1e-9 || !strings.Contains(basis, "2 × DDR5-4800") {
		t.Errorf("got %v %q %v, want 76.8 GB/s from 2 × DDR5-4800", v, basis, ok)
	}
	if _, _, ok := dmiBandwidth(t.TempDir()); ok {
		t.Error("no table should find nothing")
	}
	if _, ok := parseDMIMemoryDevice([]byte{17, 4, 0, 0}); ok {
		t.Error("a truncated entry parsed")
	}
}
