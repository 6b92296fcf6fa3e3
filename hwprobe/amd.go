package hwprobe

import (
	"fmt"
	"path/filepath"
	"strings"
)

// readAMDGPUs reads amdgpu's sysfs files: VRAM (mem_info_vram_*) and GTT,
// the system RAM the GPU can map (mem_info_gtt_*).
func readAMDGPUs(cards []drmCard, sysRoot string) (gpus []foundGPU, warns []string) {
	driver, _ := readTrimmed(filepath.Join(sysRoot, "module", "amdgpu", "version"))
	for _, c := range cards {
		if c.vendor != pciAMD {
			continue
		}
		file := func(n string) string { return filepath.Join(c.device, n) }
		vram, err := readUint(file("mem_info_vram_total"))
		if err != nil || !plausibleBytes(vram) {
			warns = append(warns, fmt.Sprintf("AMD GPU %s: VRAM size unreadable from %s (%s); it is not listed",
				c.name, file("mem_info_vram_total"), errText(err, vram)))
			continue
		}
		vramUsed, errU := readUint(file("mem_info_vram_used"))
		gtt, _ := readUint(file("mem_info_gtt_total"))
		gttUsed, _ := readUint(file("mem_info_gtt_used"))
		if !plausibleBytes(gtt) {
			gtt, gttUsed = 0, 0
		}
		g := foundGPU{GPU: GPU{Vendor: "AMD", Backend: BackendROCm, DriverVersion: driver,
			Source: "sysfs", MemoryBasis: "driver", PCIBusID: c.slot}}
		g.Name, _ = readTrimmed(file("product_name"))
		if g.Name == "" || !printable(g.Name) {
			g.Name = fmt.Sprintf("AMD GPU [%04x:%04x]", c.vendor, c.devID)
		}
		hasBoardInfo := exists(file("mem_info_vram_vendor")) || exists(file("board_info"))
		if amdIntegrated(vram, gtt, hasBoardInfo) {
			// An APU: a small carve-out plus GTT, both system RAM.
			g.Integrated, g.UnifiedMemory = true, true
			g.Backend = BackendVulkan
			g.MemoryTotalBytes = int64(vram + gtt)
			g.SharedMemoryBytes = int64(gtt)
			g.MemoryBasis = "driver: VRAM carve-out + GTT (shared system RAM)"
			if errU == nil && vramUsed <= vram && gttUsed <= gtt {
				f := int64(vram - vramUsed + gtt - gttUsed)
				g.MemoryFreeBytes = &f
			}
		} else {
			g.MemoryTotalBytes = int64(vram)
			if errU == nil && vramUsed <= vram {
				f := int64(vram - vramUsed)
				g.MemoryFreeBytes = &f
			}
		}
		gpus = append(gpus, g)
	}
	return gpus, warns
}

// amdIntegrated tells an APU from a discrete card the way ollama does: no
// VRAM vendor or board info, at most 4 GiB of VRAM, and GTT at least 8 GiB
// and four times the VRAM.
func amdIntegrated(vram, gtt uint64, hasBoardInfo bool) bool {
	return !hasBoardInfo && vram <= 4<<30 && gtt >= 8<<30 && gtt >= 4*vram
}

func errText(err error, v uint64) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("implausible value %d", v)
}

// printable rejects names with control bytes (garbage in product_name).
func printable(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0xfffd })
}
