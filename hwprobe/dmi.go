package hwprobe

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// RAM bandwidth from the firmware's memory table (SMBIOS type 17, "Memory
// Device", DMTF DSP0134): each populated module's type, data width and
// configured speed. Linux exposes the entries as
// /sys/firmware/dmi/entries/17-N/raw, readable by root only on most
// systems; elsewhere this finds nothing and the caller falls back.
//
// Peak = Σ over populated modules of data width/8 × MT/s, which assumes
// one module per memory channel (two per channel share it: the figure
// errs high on such boards, and the basis says what was assumed).

// dmiModule is one populated memory device.
type dmiModule struct {
	kind      string // DDR4, DDR5, LPDDR5, ...
	widthBits int
	mts       int // configured speed, else rated speed, MT/s
}

// SMBIOS 3.x type 17 offsets (DSP0134 §7.18).
const (
	dmiDataWidth    = 0x0A
	dmiSize         = 0x0C
	dmiMemoryType   = 0x12
	dmiSpeed        = 0x15
	dmiConfigured   = 0x20
	dmiMaxEntryRead = 4 << 10
)

var dmiMemoryTypes = map[byte]string{0x12: "DDR", 0x13: "DDR2", 0x18: "DDR3", 0x1A: "DDR4", 0x1B: "LPDDR",
	0x1C: "LPDDR2", 0x1D: "LPDDR3", 0x1E: "LPDDR4", 0x20: "HBM", 0x21: "HBM2", 0x22: "DDR5", 0x23: "LPDDR5", 0x24: "HBM3"}

// parseDMIMemoryDevice reads one raw type-17 entry; ok is false for an
// empty slot or an entry too short to say.
func parseDMIMemoryDevice(raw []byte) (dmiModule, bool) {
	if len(raw) < dmiSpeed+2 || raw[0] != 17 || int(raw[1]) > len(raw) || raw[1] < dmiSpeed+2 {
		return dmiModule{}, false
	}
	size := binary.LittleEndian.Uint16(raw[dmiSize:])
	if size == 0 || size == 0xFFFF { // no module installed / unknown
		return dmiModule{}, false
	}
	m := dmiModule{
		kind:      dmiMemoryTypes[raw[dmiMemoryType]],
		widthBits: int(binary.LittleEndian.Uint16(raw[dmiDataWidth:])),
		mts:       int(binary.LittleEndian.Uint16(raw[dmiSpeed:])),
	}
	if int(raw[1]) >= dmiConfigured+2 {
		if c := int(binary.LittleEndian.Uint16(raw[dmiConfigured:])); c > 0 && c != 0xFFFF {
			m.mts = c
		}
	}
	if m.widthBits <= 0 || m.widthBits == 0xFFFF || m.mts <= 0 || m.mts == 0xFFFF {
		return dmiModule{}, false
	}
	return m, true
}

// dmiBandwidth sums the populated modules under sysRoot; ok is false when
// the table cannot be read (not root, not Linux, no entries).
func dmiBandwidth(sysRoot string) (float64, string, bool) {
	paths, _ := filepath.Glob(filepath.Join(sysRoot, "firmware/dmi/entries/17-*/raw"))
	sort.Strings(paths)
	var mods []dmiModule
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		b, err := readSmallFile(p)
		if err != nil {
			continue
		}
		if len(b) > dmiMaxEntryRead {
			b = b[:dmiMaxEntryRead]
		}
		if m, ok := parseDMIMemoryDevice([]byte(b)); ok {
			mods = append(mods, m)
		}
	}
	if len(mods) == 0 {
		return 0, "", false
	}
	var gbps float64
	for _, m := range mods {
		gbps += float64(m.widthBits) / 8 * float64(m.mts) / 1000
	}
	m := mods[0]
	kind := m.kind
	if kind == "" {
		kind = "RAM"
	}
	return gbps, fmt.Sprintf("SMBIOS: %d × %s-%d, %d-bit (peak, assuming one module per channel)",
		len(mods), kind, m.mts, m.widthBits), true
}
