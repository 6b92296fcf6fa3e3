package hwprobe

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// A discrete GPU's host link matters where llama.cpp runs the matmuls of
// CPU-resident layers on the GPU: for every prompt ubatch it copies those
// layers' weights over PCIe (estimate/speed.go), so prefill of a partial
// offload runs at the link's rate. Laptop and mid-range cards often have
// eight lanes or four, and an eGPU sits behind Thunderbolt's PCIe 3.0 x4.

// PCIeLink is a host link: its generation and lane count.
type PCIeLink struct {
	Gen   int `json:"gen"`   // 1 to 6
	Lanes int `json:"lanes"` // 1, 2, 4, 8 or 16
}

// laneGBps is one lane's rate per direction in GB/s: the transfer rate
// after line coding (2.5 and 5 GT/s with 8b/10b; 8, 16 and 32 GT/s with
// 128b/130b; 64 GT/s with PCIe 6.0's FLIT mode, 242 of 256 bytes payload),
// as the PCI Express comparison table lists it
// (https://en.wikipedia.org/wiki/PCI_Express#Comparison_table).
var laneGBps = [...]float64{1: 0.25, 2: 0.5, 3: 0.985, 4: 1.969, 5: 3.938, 6: 7.563}

// GBps is the link's rate per direction before protocol overhead.
func (l PCIeLink) GBps() float64 {
	if l.Gen < 1 || l.Gen >= len(laneGBps) {
		return 0
	}
	return laneGBps[l.Gen] * float64(l.Lanes)
}

func (l PCIeLink) String() string { return fmt.Sprintf("PCIe %d.0 x%d", l.Gen, l.Lanes) }

var pcieLinkForm = regexp.MustCompile(`(?i)^(?:pcie\s*)?(?:gen\s*)?([1-6])(?:\.0)?\s*x\s*(\d{1,2})$`)

// ParsePCIeLink reads "4.0x8", "4x8", "gen4 x8" or "PCIe 3.0 x4".
func ParsePCIeLink(s string) (PCIeLink, error) {
	m := pcieLinkForm.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return PCIeLink{}, fmt.Errorf("PCIe link %q: give generation and lanes, e.g. 4.0x8 or 3.0x4", s)
	}
	gen, _ := strconv.Atoi(m[1])
	lanes, _ := strconv.Atoi(m[2])
	l := PCIeLink{Gen: gen, Lanes: lanes}
	if !l.valid() {
		return PCIeLink{}, fmt.Errorf("PCIe link %q: %d lanes; a link has 1, 2, 4, 8 or 16", s, lanes)
	}
	return l, nil
}

// valid reports a generation PCIe defines and a lane count a link has.
func (l PCIeLink) valid() bool {
	switch l.Lanes {
	case 1, 2, 4, 8, 16:
		return l.Gen >= 1 && l.Gen < len(laneGBps)
	}
	return false
}

// sysfsLinkSpeed maps max_link_speed's text to a generation.
var sysfsLinkSpeed = map[string]int{"2.5": 1, "5.0": 2, "5": 2, "8.0": 3, "8": 3, "16.0": 4, "16": 4, "32.0": 5, "32": 5, "64.0": 6, "64": 6}

var pciAddress = regexp.MustCompile(`^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$`)

// sysfsPCIeLink reads the link between a GPU and the CPU from sysfs: the
// narrowest negotiated width and the slowest supported speed on the path
// from the device up to its root port. The narrowest hop is the limit
// (an AMD card's internal switch reports x16 while the slot is x8, a
// Thunderbolt enclosure's bridge x4); the device's current speed is not
// used because GPUs drop to a low generation when idle. Hops that support
// no more than 2.5 GT/s are passed over: a USB4/Thunderbolt PCIe tunnel
// port reports "2.5GT/s x1" whatever the tunnel carries, while the
// enclosure's JHL7540 bridge beside it reports its real 8GT/s x4
// (https://github.com/ewagner12/all-ways-egpu/issues/37), and no GPU of
// this century sits behind a PCIe 1.x link.
func sysfsPCIeLink(sysRoot, busID string) (PCIeLink, bool) {
	addr := normalizePCIAddress(busID)
	if addr == "" {
		return PCIeLink{}, false
	}
	dir, err := filepath.EvalSymlinks(filepath.Join(sysRoot, "bus", "pci", "devices", addr))
	if err != nil {
		return PCIeLink{}, false
	}
	link := PCIeLink{}
	for hop := 0; hop < 16 && pciAddress.MatchString(filepath.Base(dir)); hop++ {
		width, werr := readUint(filepath.Join(dir, "current_link_width"))
		speed, serr := readTrimmed(filepath.Join(dir, "max_link_speed"))
		rate, _, _ := strings.Cut(speed, " ") // "16.0 GT/s PCIe"
		gen := sysfsLinkSpeed[rate]
		if werr == nil && serr == nil && width > 0 && width <= 32 && gen > 1 {
			if link.Lanes == 0 || int(width) < link.Lanes {
				link.Lanes = int(width)
			}
			if link.Gen == 0 || gen < link.Gen {
				link.Gen = gen
			}
		}
		dir = filepath.Dir(dir)
	}
	return link, link.valid()
}

// normalizePCIAddress turns NVML's "00000000:01:00.0" into sysfs's
// "0000:01:00.0"; "" when it is not a PCI address.
func normalizePCIAddress(id string) string {
	id = strings.ToLower(strings.TrimSpace(id))
	dom, rest, ok := strings.Cut(id, ":")
	if !ok || len(dom) < 4 {
		return ""
	}
	a := dom[len(dom)-4:] + ":" + rest
	if !pciAddress.MatchString(a) {
		return ""
	}
	return a
}

// PCIe link bases.
const (
	pcieBasisSysfs = "sysfs: the narrowest link between the GPU and the CPU"
	pcieBasisGiven = "given (pcie=)"
	pcieBasisSMI   = "nvidia-smi: the most the card and the system allow together"
)

// setPCIeLink records a link and where it came from.
func setPCIeLink(g *GPU, l PCIeLink, basis string) {
	g.PCIe, g.PCIeBasis = &l, basis
}

// probePCIeLink fills a probed discrete GPU's link from sysfs (Linux).
func probePCIeLink(g *GPU, sysRoot string) {
	if g.UnifiedMemory || g.Integrated || g.PCIBusID == "" || g.PCIe != nil {
		return
	}
	if l, ok := sysfsPCIeLink(sysRoot, g.PCIBusID); ok {
		setPCIeLink(g, l, pcieBasisSysfs)
	}
}

// databasePCIeLink fills a discrete GPU's link from its database row: the
// card's interface, which a narrower slot or riser may cut.
func databasePCIeLink(g *GPU, a Accelerator) {
	if g.PCIe != nil || a.PCIe == nil || g.UnifiedMemory {
		return
	}
	setPCIeLink(g, *a.PCIe, "database: "+a.Name+" (the card's interface; a narrower slot cuts it: pcie= says so)")
}
