package hwprobe

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// PCI vendor IDs seen under /sys/class/drm.
const (
	pciAMD    = 0x1002
	pciIntel  = 0x8086
	pciNVIDIA = 0x10de
)

// drmCard is one /sys/class/drm/cardN and the PCI device behind it.
type drmCard struct {
	name   string // card0
	dir    string // <sys>/class/drm/card0
	device string // <sys>/class/drm/card0/device
	vendor uint64
	devID  uint64
	driver string // from uevent: amdgpu, xe, i915, nvidia, ...
	slot   string // PCI address from uevent, e.g. 0000:03:00.0
}

var cardName = regexp.MustCompile(`^card\d+$`)

// listDRMCards finds the GPUs the kernel's DRM layer knows, once each (a
// card's connectors, card0-DP-1 and so on, are skipped).
func listDRMCards(sysRoot string) []drmCard {
	base := filepath.Join(sysRoot, "class", "drm")
	entries, err := os.ReadDir(base)
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var cards []drmCard
	for _, e := range entries {
		if !cardName.MatchString(e.Name()) {
			continue
		}
		c := drmCard{name: e.Name(), dir: filepath.Join(base, e.Name())}
		c.device = filepath.Join(c.dir, "device")
		var errV error
		c.vendor, errV = readUint(filepath.Join(c.device, "vendor"))
		if errV != nil {
			continue
		}
		c.devID, _ = readUint(filepath.Join(c.device, "device"))
		if ue, err := readSmallFile(filepath.Join(c.device, "uevent")); err == nil {
			for _, line := range strings.Split(ue, "\n") {
				k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
				switch k {
				case "DRIVER":
					c.driver = v
				case "PCI_SLOT_NAME":
					c.slot = v
				}
			}
		}
		key := c.slot
		if key == "" {
			key, _ = filepath.EvalSymlinks(c.device)
		}
		if key != "" && seen[key] {
			continue
		}
		seen[key] = true
		cards = append(cards, c)
	}
	sort.Slice(cards, func(i, j int) bool { return naturalLess(cards[i].name, cards[j].name) })
	return cards
}

// naturalLess orders card2 before card10.
func naturalLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
