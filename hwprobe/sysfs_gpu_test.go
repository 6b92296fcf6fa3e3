package hwprobe

import (
	"strings"
	"testing"
)

func sysfsGPUs(t *testing.T, tree string) part {
	t.Helper()
	return probeSysfsGPUs("testdata/sys/" + tree)
}

func TestAMDDiscrete(t *testing.T) {
	p := sysfsGPUs(t, "amd-discrete")
	if len(p.gpus) != 1 {
		t.Fatalf("%d GPUs (connectors must not count as cards), warnings %v", len(p.gpus), p.warnings)
	}
	g := p.gpus[0].GPU
	if g.Name != "AMD Radeon RX 7900 XTX" || g.Backend != BackendROCm || g.Integrated || g.UnifiedMemory {
		t.Errorf("got %+v", g)
	}
	if g.MemoryTotalBytes != 25753026560 || g.MemoryFreeBytes == nil || *g.MemoryFreeBytes != 25753026560-1<<30 {
		t.Errorf("memory %d free %v", g.MemoryTotalBytes, g.MemoryFreeBytes)
	}
	if g.DriverVersion != "6.8.5" || g.PCIBusID != "0000:03:00.0" {
		t.Errorf("driver %q pci %q", g.DriverVersion, g.PCIBusID)
	}
	wantDatabaseRow(t, &p.gpus[0], "AMD Radeon RX 7900 XTX", 960)
}

// wantDatabaseRow checks that a probed GPU gets the figures of its
// accelerator-database row.
func wantDatabaseRow(t *testing.T, g *foundGPU, row string, bandwidth float64) {
	t.Helper()
	enrichGPU(g, Memory{TotalBytes: 64 << 30, AvailableBytes: 60 << 30})
	if g.BandwidthGBps == nil || *g.BandwidthGBps != bandwidth || !strings.HasPrefix(g.SpecSource, "database: "+row) {
		t.Errorf("database figures not filled: %v %q, want %v GB/s of %s", g.BandwidthGBps, g.SpecSource, bandwidth, row)
	}
}

func TestAMDIntegratedSharesSystemRAM(t *testing.T) {
	p := sysfsGPUs(t, "amd-apu")
	if len(p.gpus) != 1 {
		t.Fatalf("%d GPUs", len(p.gpus))
	}
	g := p.gpus[0].GPU
	if !g.Integrated || !g.UnifiedMemory {
		t.Fatalf("an APU with 512 MiB VRAM and 15.5 GiB GTT must be integrated: %+v", g)
	}
	if g.MemoryTotalBytes != 536870912+16642998272 || g.SharedMemoryBytes != 16642998272 {
		t.Errorf("memory %d shared %d", g.MemoryTotalBytes, g.SharedMemoryBytes)
	}
	if want := int64(536870912 - 268435456 + 16642998272 - 1073741824); *g.MemoryFreeBytes != want {
		t.Errorf("free %d, want %d", *g.MemoryFreeBytes, want)
	}
	if g.Name != "AMD GPU [1002:15bf]" {
		t.Errorf("name %q", g.Name)
	}
}

func TestIntelArcOnXe(t *testing.T) {
	p := sysfsGPUs(t, "intel-xe")
	if len(p.gpus) != 1 {
		t.Fatalf("%d GPUs; integrated graphics must not count", len(p.gpus))
	}
	g := p.gpus[0].GPU
	if g.MemoryTotalBytes != 16<<30 || g.Backend != BackendSYCL || g.Vendor != "Intel" || g.PCIBusID != "0000:03:00.0" {
		t.Errorf("got %+v", g)
	}
	if len(p.notes) != 1 || !strings.Contains(p.notes[0], "integrated") {
		t.Errorf("notes %v", p.notes)
	}
	if g.Name != "Intel Arc A770 Graphics" || len(p.warnings) != 0 {
		t.Errorf("device 56a0 should be named from the PCI ID table: %q, warnings %v", g.Name, p.warnings)
	}
	wantDatabaseRow(t, &p.gpus[0], "Intel Arc A770", 560)
}

func TestIntelArcUnknownDeviceID(t *testing.T) {
	p := sysfsGPUs(t, "intel-unknown-id")
	if len(p.gpus) != 1 || p.gpus[0].Name != "Intel Arc GPU [8086:ffff]" {
		t.Fatalf("got %+v", p.gpus)
	}
	if len(p.warnings) != 1 || !strings.Contains(p.warnings[0], `--gpu (e.g. "Arc A770")`) {
		t.Errorf("the unknown Arc model should be explained: %v", p.warnings)
	}
}

// TestIntelPCIIDTable checks the embedded table: it parses, the cards the
// accelerator database lists are named so that they find their row, and a
// die-only name is not taken for a product.
func TestIntelPCIIDTable(t *testing.T) {
	ids, err := parseIntelPCIIDs(intelPCIIDsCSV)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 10 {
		t.Fatalf("only %d ids", len(ids))
	}
	for id, want := range map[uint64]string{0x56a0: "Intel Arc A770", 0x56a1: "Intel Arc A750", 0x56a5: "Intel Arc A380",
		0xe20b: "Intel Arc B580", 0xe20c: "Intel Arc B570", 0xe211: "Intel Arc Pro B60", 0xe223: "Intel Arc Pro B70"} {
		name, product, ok := intelCardName(id)
		a, found := lookupProbed(name)
		if !ok || !product || !found || a.Name != want {
			t.Errorf("%04x: named %q (product %v), database row %q, want %q", id, name, product, a.Name, want)
		}
	}
	if name, product, _ := intelCardName(0xe202); product || name != "BMG G21" {
		t.Errorf("e202 names only its die, got %q (product %v)", name, product)
	}
	if embedded, _ := intelIDs(); len(ids) != len(embedded) {
		t.Errorf("the parsed table has %d ids, the embedded one %d", len(ids), len(embedded))
	}
	for _, bad := range []string{
		"device_id,name,codename,source\n56a0,A,DG2,u\n56a0,B,DG2,u\n",
		"device_id,name,codename,source\n56a,A,DG2,u\n",
		"device_id,name,codename,source\n56a0,A,DG2,\n",
		"id,name\n",
	} {
		if _, err := parseIntelPCIIDs(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestIntelArcOnI915(t *testing.T) {
	p := sysfsGPUs(t, "intel-i915")
	if len(p.gpus) != 1 || p.gpus[0].MemoryTotalBytes != 8<<30 || p.gpus[0].Name != "Intel Arc A750 Graphics" {
		t.Fatalf("got %+v", p.gpus)
	}
	wantDatabaseRow(t, &p.gpus[0], "Intel Arc A750", 512)
}

func TestIntelIntegratedIsNoGPU(t *testing.T) {
	s := Probe(t.Context(), fixtureOptions(t, "testdata/sys/intel-igpu"))
	if len(s.GPUs) != 0 {
		t.Fatalf("integrated Intel graphics listed as a GPU: %+v", s.GPUs)
	}
	if !hasWarning(s, "no GPU found") || !hasWarning(s, "Intel integrated graphics (card0) is not counted") {
		t.Errorf("warnings %q", s.Warnings)
	}
}

func TestSilentNVIDIADriverIsExplained(t *testing.T) {
	s := Probe(t.Context(), fixtureOptions(t, "testdata/sys/nvidia-silent"))
	if !hasWarning(s, "NVIDIA GPU present (card0 0000:01:00.0) but neither NVML nor nvidia-smi answered") {
		t.Errorf("warnings %q", s.Warnings)
	}
}
