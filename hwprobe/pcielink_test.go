package hwprobe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParsePCIeLink(t *testing.T) {
	for in, want := range map[string]PCIeLink{
		"4.0x8": {4, 8}, "4x16": {4, 16}, "gen3 x4": {3, 4}, "PCIe 3.0 x4": {3, 4}, " 5.0X16 ": {5, 16},
	} {
		got, err := ParsePCIeLink(in)
		if err != nil || got != want {
			t.Errorf("ParsePCIeLink(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "x8", "4.0", "4.0x3", "7.0x16", "4.0x32", "4.1x8", "fast"} {
		if _, err := ParsePCIeLink(bad); err == nil {
			t.Errorf("ParsePCIeLink(%q): no error", bad)
		}
	}
	if got := (PCIeLink{4, 8}).GBps(); got < 15.7 || got > 15.8 {
		t.Errorf("PCIe 4.0 x8 = %.2f GB/s, want 15.75", got)
	}
	if got := (PCIeLink{3, 16}).GBps(); got < 15.7 || got > 15.8 {
		t.Errorf("PCIe 3.0 x16 = %.2f GB/s, want 15.76", got)
	}
}

// writeLink makes one PCI function directory with its link attributes.
func writeLink(t *testing.T, dir, width, speed string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for f, v := range map[string]string{"current_link_width": width, "max_link_speed": speed} {
		if v == "" {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, f), []byte(v+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// linkBusID makes /sys/bus/pci/devices/<address> point at a device
// directory, as sysfs does.
func linkBusID(t *testing.T, root, dev string) {
	t.Helper()
	devs := filepath.Join(root, "bus", "pci", "devices")
	if err := os.MkdirAll(devs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dev, filepath.Join(devs, filepath.Base(dev))); err != nil {
		t.Fatal(err)
	}
}

// An AMD card behind its internal switch: the GPU function and the switch
// report x16 at 16 GT/s, the root port's slot is x8 at 8 GT/s. The link is
// the narrowest and slowest hop, not what the GPU function says.
func TestSysfsPCIeLinkNarrowestHop(t *testing.T) {
	root := t.TempDir()
	port := filepath.Join(root, "devices", "pci0000:00", "0000:00:01.1")
	up := filepath.Join(port, "0000:01:00.0")
	down := filepath.Join(up, "0000:02:00.0")
	gpu := filepath.Join(down, "0000:03:00.0")
	writeLink(t, port, "8", "8.0 GT/s PCIe")
	writeLink(t, up, "16", "16.0 GT/s PCIe")
	writeLink(t, down, "16", "16.0 GT/s PCIe")
	writeLink(t, gpu, "16", "16.0 GT/s PCIe")
	linkBusID(t, root, gpu)
	l, ok := sysfsPCIeLink(root, "00000000:03:00.0") // NVML's spelling
	if !ok || l != (PCIeLink{3, 8}) {
		t.Errorf("link %v, %v; want PCIe 3.0 x8", l, ok)
	}
	g := GPU{Name: "test", PCIBusID: "0000:03:00.0"}
	probePCIeLink(&g, root)
	if g.PCIe == nil || *g.PCIe != (PCIeLink{3, 8}) || !strings.HasPrefix(g.PCIeBasis, "sysfs") {
		t.Errorf("probe: %v %q", g.PCIe, g.PCIeBasis)
	}
	if _, ok := sysfsPCIeLink(root, "0000:09:00.0"); ok {
		t.Error("a device that is not there has no link")
	}
	if _, ok := sysfsPCIeLink(root, "garbage"); ok {
		t.Error("a bus ID that is not a PCI address has no link")
	}
}

// Unreadable or nonsense attributes leave the link unknown.
func TestSysfsPCIeLinkUnreadable(t *testing.T) {
	root := t.TempDir()
	gpu := filepath.Join(root, "devices", "pci0000:00", "0000:00:01.0", "0000:01:00.0")
	writeLink(t, gpu, "0", "Unknown")
	writeLink(t, filepath.Dir(gpu), "", "")
	linkBusID(t, root, gpu)
	if l, ok := sysfsPCIeLink(root, "0000:01:00.0"); ok {
		t.Errorf("link %v from unreadable attributes", l)
	}
}

func TestGPUSpecPCIe(t *testing.T) {
	gpus, err := ParseGPUSpec("2x RTX 4090, pcie=3.0x4")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gpus {
		if g.PCIe == nil || *g.PCIe != (PCIeLink{3, 4}) || g.PCIeBasis != pcieBasisGiven {
			t.Errorf("%s: link %v %q", g.Name, g.PCIe, g.PCIeBasis)
		}
	}
	gpus, err = ParseGPUSpec("RTX 4090,free=20GiB,pcie=4x8")
	if err != nil || gpus[0].PCIe == nil || gpus[0].PCIe.Lanes != 8 || *gpus[0].MemoryFreeBytes != 20<<30 {
		t.Errorf("free and pcie together: %v %v", gpus, err)
	}
	custom, err := ParseGPUSpec("mem=8GiB,bw=256,pcie=4.0x8")
	if err != nil || custom[0].PCIe == nil || *custom[0].PCIe != (PCIeLink{4, 8}) {
		t.Errorf("custom device: %v %v", custom, err)
	}
	for _, bad := range []string{
		"RTX 4090,pcie=4.0x3", "RTX 4090,pcie=4x8,pcie=3x4", "RTX 4090,pcie=",
		"mem=64GiB,unified=true,pcie=4x8", "M4 Max 64GB,pcie=4x8", "mem=8GiB,pcie=fast",
	} {
		if _, err := ParseGPUSpec(bad); err == nil {
			t.Errorf("ParseGPUSpec(%q): no error", bad)
		}
	}
}

// A what-if card takes its interface from the database; pcie= replaces it.
func TestDatabasePCIeLink(t *testing.T) {
	gpus, err := ParseGPUSpec("RTX 4070 Laptop")
	if err != nil {
		t.Fatal(err)
	}
	g := gpus[0]
	if g.PCIe == nil || *g.PCIe != (PCIeLink{4, 8}) || !strings.HasPrefix(g.PCIeBasis, "database") {
		t.Errorf("RTX 4070 Laptop: %v %q; want the database's PCIe 4.0 x8", g.PCIe, g.PCIeBasis)
	}
	mac, err := ParseGPUSpec("M4 Max 64GB")
	if err != nil || mac[0].PCIe != nil {
		t.Errorf("a unified chip has no host link: %v %v", mac, err)
	}
	n := 0
	for _, a := range ListAccelerators() {
		if a.PCIe == nil {
			continue
		}
		n++
		if a.Unified || a.Kind == KindApple || a.Kind == KindIntegrated {
			t.Errorf("%s: a PCIe link on a unified or integrated part", a.Name)
		}
	}
	if n < 70 {
		t.Errorf("%d database rows carry a PCIe link, want the 77 sourced ones", n)
	}
	bad := "name,vendor,kind,backend,memory_gib,bandwidth_gbps,fp16_tflops,power_w,unified,aliases,source,notes,pcie\n" +
		"X,NVIDIA,consumer,cuda,8,256,,,false,,src,,4.0x3\n"
	if _, err := parseAccelerators(bad); err == nil || !strings.Contains(err.Error(), "row 2") {
		t.Errorf("a bad pcie cell: %v", err)
	}
}

// Every database link names its source.
func TestDatabasePCIeSources(t *testing.T) {
	for _, a := range ListAccelerators() {
		if a.PCIe != nil && a.PCIeSource == "" {
			t.Errorf("%s: PCIe %v without a source", a.Name, a.PCIe)
		}
	}
}

func TestSameKind(t *testing.T) {
	x8, x16 := PCIeLink{4, 8}, PCIeLink{4, 16}
	a := GPU{Name: "RTX 3090", MemoryTotalBytes: 24 << 30, PCIe: &x16}
	b := a
	c := a
	c.PCIe = &x8
	d := a
	d.PCIe = nil
	if !a.SameKind(b) || a.SameKind(c) || a.SameKind(d) || !d.SameKind(d) {
		t.Error("SameKind: same name and memory on different links must be told apart")
	}
}

// A Thunderbolt eGPU: the USB4 tunnel port says 2.5 GT/s x1, the
// enclosure's bridge 8 GT/s x4, the card behind it 16 GT/s x16. The link
// is the bridge's PCIe 3.0 x4, not the tunnel's placeholder.
func TestSysfsPCIeLinkThunderbolt(t *testing.T) {
	root := t.TempDir()
	tunnel := filepath.Join(root, "devices", "pci0000:00", "0000:00:03.1")
	bridge := filepath.Join(tunnel, "0000:61:00.0")
	gpu := filepath.Join(bridge, "0000:62:00.0")
	writeLink(t, tunnel, "1", "2.5 GT/s PCIe")
	writeLink(t, bridge, "4", "8.0 GT/s PCIe")
	writeLink(t, gpu, "16", "16.0 GT/s PCIe")
	linkBusID(t, root, gpu)
	if l, ok := sysfsPCIeLink(root, "0000:62:00.0"); !ok || l != (PCIeLink{3, 4}) {
		t.Errorf("eGPU link %v, %v; want PCIe 3.0 x4", l, ok)
	}
}

// NarrowLink picks out the links worth showing beside a card.
func TestNarrowLink(t *testing.T) {
	x8, x16 := PCIeLink{Gen: 4, Lanes: 8}, PCIeLink{Gen: 5, Lanes: 16}
	if l := (GPU{PCIe: &x8}).NarrowLink(); l == nil || *l != x8 {
		t.Errorf("x8: %v, want it shown", l)
	}
	for _, g := range []GPU{{PCIe: &x16}, {}} {
		if l := g.NarrowLink(); l != nil {
			t.Errorf("%v: %v, want nothing shown", g.PCIe, l)
		}
	}
}
