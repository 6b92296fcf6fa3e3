package hwprobe

import (
	"fmt"
	"path/filepath"
)

// readIntelGPUs finds Intel discrete GPUs (Arc). Local memory is what marks
// them: xe lists it per tile (tile*/physical_vram_size_bytes), i915 as
// lmem_total_bytes. Integrated graphics has neither and is not listed.
// The model comes from the PCI device ID (intel_names.go).
func readIntelGPUs(cards []drmCard) (gpus []foundGPU, notes, warns []string) {
	for _, c := range cards {
		if c.vendor != pciIntel {
			continue
		}
		vram, files, bad := intelLocalMemory(c)
		if bad != "" {
			warns = append(warns, fmt.Sprintf("Intel GPU %s: %s; it is not listed", c.name, bad))
			continue
		}
		if files == 0 {
			notes = append(notes, fmt.Sprintf("Intel integrated graphics (%s) is not counted as a GPU", c.name))
			continue
		}
		id := fmt.Sprintf("%04x:%04x", c.vendor, c.devID)
		name, product, known := intelCardName(c.devID)
		switch {
		case !known:
			name = "Intel Arc GPU [" + id + "]"
			warns = append(warns, fmt.Sprintf("Intel GPU %s (PCI %s, driver %s): the device ID is not in fitcheck's "+
				"table of Intel cards, so its bandwidth and speed are unknown; describe it with --gpu "+
				"(e.g. \"Arc A770\") for speed estimates", c.name, id, c.driver))
		case !product:
			warns = append(warns, fmt.Sprintf("Intel GPU %s (PCI %s, driver %s): the drivers name only its die (%s), "+
				"not the product, so its bandwidth and speed are unknown; describe it with --gpu for speed estimates",
				c.name, id, c.driver, name))
			name = "Intel GPU " + name + " [" + id + "]"
		}
		gpus = append(gpus, foundGPU{GPU: GPU{
			Name: name, Vendor: "Intel", Backend: BackendSYCL,
			MemoryTotalBytes: int64(vram), MemoryBasis: "driver", Source: "sysfs", PCIBusID: c.slot,
		}})
	}
	return gpus, notes, warns
}

// intelLocalMemory sums the card's local memory. files counts the memory
// files found (0 = integrated); bad says why a file that exists is unusable.
func intelLocalMemory(c drmCard) (vram uint64, files int, bad string) {
	tiles, _ := filepath.Glob(filepath.Join(c.device, "tile*", "physical_vram_size_bytes")) // xe
	if len(tiles) == 0 {
		for _, p := range []string{filepath.Join(c.dir, "lmem_total_bytes"), filepath.Join(c.device, "lmem_total_bytes")} { // i915
			if exists(p) {
				tiles = []string{p}
				break
			}
		}
	}
	for _, p := range tiles {
		v, err := readUint(p)
		if err != nil || !plausibleBytes(v) {
			return 0, len(tiles), fmt.Sprintf("unreadable %s (%s)", p, errText(err, v))
		}
		vram += v
	}
	return vram, len(tiles), ""
}
