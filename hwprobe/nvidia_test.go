package hwprobe

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeNVML is a pure-Go NVML for tests that need no cgo.
type fakeNVML struct {
	driver  string
	devices []nvmlDevice
	failAt  int // Device(failAt) errors; -1 = none
}

func (f fakeNVML) DriverVersion() (string, error) { return f.driver, nil }
func (f fakeNVML) DeviceCount() (int, error)      { return len(f.devices), nil }
func (f fakeNVML) Device(i int) (nvmlDevice, error) {
	if i == f.failAt {
		return nil, errors.New("GPU is lost")
	}
	return f.devices[i], nil
}

type fakeDevice struct {
	name, uuid, pci   string
	total, free       uint64
	memErr            error
	busBits, memMHz   uint32
	migs              []nvmlDevice
	maxMIG            int
	nvlink            bool
	p2pErr            error
	noP2P             bool
	powerW, powerDefW float64 // 0: not supported
}

func (d fakeDevice) Name() (string, error)     { return d.name, nil }
func (d fakeDevice) UUID() (string, error)     { return d.uuid, nil }
func (d fakeDevice) PCIBusID() (string, error) { return d.pci, nil }
func (d fakeDevice) Memory() (uint64, uint64, error) {
	return d.total, d.free, d.memErr
}
func (d fakeDevice) MemoryBusWidth() (uint32, error) {
	if d.busBits == 0 {
		return 0, errors.New("not supported")
	}
	return d.busBits, nil
}
func (d fakeDevice) MaxMemoryClockMHz() (uint32, error) { return d.memMHz, nil }
func (d fakeDevice) MIGDevices() ([]nvmlDevice, error)  { return d.migs, nil }
func (d fakeDevice) PowerLimits() (float64, float64, error) {
	if d.powerW == 0 {
		return 0, 0, errors.New("not supported")
	}
	return d.powerW, d.powerDefW, nil
}
func (d fakeDevice) MaxMIGDevices() (int, error) { return d.maxMIG, nil }
func (d fakeDevice) NVLinkActive() (bool, error) { return d.nvlink, nil }
func (d fakeDevice) PeerToPeer(nvmlDevice) (bool, error) {
	return !d.noP2P && d.p2pErr == nil, d.p2pErr
}

func withNVML(lib nvmlLibrary) func() (nvmlLibrary, func(), error) {
	return func() (nvmlLibrary, func(), error) { return lib, func() {}, nil }
}

func TestNVMLWorkstation(t *testing.T) {
	o := fixtureOptions(t, "testdata/sys/none")
	o.openNVML = withNVML(fakeNVML{driver: "550.54.15", failAt: 2, devices: []nvmlDevice{
		fakeDevice{name: "NVIDIA GeForce RTX 4090", uuid: "GPU-1", pci: "00000000:01:00.0", total: 24564 << 20, free: 23000 << 20, busBits: 384, memMHz: 10501},
		fakeDevice{name: "NVIDIA Mystery 9000", total: 48 << 30, free: 40 << 30, busBits: 384, memMHz: 10501},
		nil,
	}})
	s := Probe(t.Context(), o)
	if len(s.GPUs) != 2 {
		t.Fatalf("%d GPUs, warnings %q", len(s.GPUs), s.Warnings)
	}
	g := s.GPUs[0]
	if g.Name != "NVIDIA GeForce RTX 4090" || g.MemoryTotalBytes != 24564<<20 || *g.MemoryFreeBytes != 23000<<20 ||
		g.DriverVersion != "550.54.15" || g.Source != "nvml" || g.UUID != "GPU-1" {
		t.Errorf("got %+v", g)
	}
	if *g.BandwidthGBps != 1008 || *g.FP16TFLOPs != 165.2 || g.SpecSource != "database: NVIDIA GeForce RTX 4090" {
		t.Errorf("database figures: %v %v %q", *g.BandwidthGBps, *g.FP16TFLOPs, g.SpecSource)
	}
	// Unknown model: memory clock × bus width, labelled, FP16 unknown.
	m := s.GPUs[1]
	if m.BandwidthGBps == nil || int(*m.BandwidthGBps) != 1008 || m.FP16TFLOPs != nil || !strings.HasPrefix(m.SpecSource, "estimate:") {
		t.Errorf("fallback: %v %v %q", m.BandwidthGBps, m.FP16TFLOPs, m.SpecSource)
	}
	if !hasWarning(s, `GPU "NVIDIA Mystery 9000" is not in fitcheck's accelerator database`) || !hasWarning(s, "NVML: GPU 2 not readable") {
		t.Errorf("warnings %q", s.Warnings)
	}
	if hasWarning(s, "no GPU found") {
		t.Error("no-GPU warning on a machine with GPUs")
	}
}

func TestNVMLMIGSlicesAreDevices(t *testing.T) {
	slice := func(profile string, gb uint64) nvmlDevice {
		return fakeDevice{name: "NVIDIA H100 80GB HBM3 MIG " + profile, uuid: "MIG-" + profile, total: gb << 30, free: gb << 30}
	}
	lib := fakeNVML{failAt: -1, devices: []nvmlDevice{fakeDevice{name: "NVIDIA H100 80GB HBM3", pci: "00000000:18:00.0",
		total: 80 << 30, maxMIG: 7, migs: []nvmlDevice{slice("3g.40gb", 40), slice("1g.10gb", 10)}}}}
	gpus, _, warns, err := readNVML(lib)
	if err != nil || len(warns) != 0 || len(gpus) != 2 {
		t.Fatalf("%d devices, %v, %v", len(gpus), warns, err)
	}
	for i := range gpus {
		enrichGPU(&gpus[i], Memory{TotalBytes: 1 << 40})
	}
	small := gpus[1]
	if !small.MIG || small.MemoryTotalBytes != 10<<30 || small.PCIBusID != "00000000:18:00.0" {
		t.Errorf("got %+v", small.GPU)
	}
	// 1 of 7 compute slices; 10 of 80 GiB of memory and so of bandwidth.
	if !near(*small.FP16TFLOPs, 989.0/7) || !near(*small.BandwidthGBps, 3350.0/8) {
		t.Errorf("slice figures: %v TFLOPs %v GB/s", *small.FP16TFLOPs, *small.BandwidthGBps)
	}
	if !strings.Contains(small.SpecSource, "estimate: MIG slice of NVIDIA H100 SXM5 80GB") {
		t.Errorf("spec source %q", small.SpecSource)
	}
}

func TestNVMLUnifiedGB10TakesSystemRAM(t *testing.T) {
	lib := fakeNVML{failAt: -1, devices: []nvmlDevice{fakeDevice{name: "NVIDIA GB10", memErr: errors.New("Not Supported")}}}
	gpus, _, _, _ := readNVML(lib)
	sys := Memory{TotalBytes: 119 << 30, AvailableBytes: 100 << 30}
	enrichGPU(&gpus[0], sys)
	g := gpus[0]
	if !g.UnifiedMemory || g.MemoryTotalBytes != sys.TotalBytes || *g.MemoryFreeBytes != sys.AvailableBytes || *g.BandwidthGBps != 273 {
		t.Errorf("got %+v", g.GPU)
	}
	if got := GPUBudgetBytes(g.GPU, false); got > sys.AvailableBytes {
		t.Errorf("GPU budget %d exceeds the shared RAM available %d", got, sys.AvailableBytes)
	}
}

func TestNvidiaSMIFallback(t *testing.T) {
	text, _ := os.ReadFile("testdata/nvidia-smi/workstation.csv")
	o := fixtureOptions(t, "testdata/sys/none")
	o.runSMI = func(context.Context) ([]byte, error) { return text, nil }
	s := Probe(t.Context(), o)
	if len(s.GPUs) != 3 {
		t.Fatalf("%d GPUs, %q", len(s.GPUs), s.Warnings)
	}
	if g := s.GPUs[1]; g.Name != "NVIDIA GeForce RTX 3080" || *g.BandwidthGBps != 912 || g.Source != "nvidia-smi" {
		t.Errorf("the 12 GB RTX 3080 should get its own row: %+v %v", g, *g.BandwidthGBps)
	}
	if g := s.GPUs[2]; !g.UnifiedMemory || g.MemoryTotalBytes != s.Memory.TotalBytes {
		t.Errorf("GB10 ([N/A] memory) should share system RAM: %+v", g)
	}
}

func TestParseNvidiaSMI(t *testing.T) {
	text, _ := os.ReadFile("testdata/nvidia-smi/dgx-h100.csv")
	gpus, warns := parseNvidiaSMI(string(text))
	if len(gpus) != 2 || len(warns) != 0 {
		t.Fatalf("%d GPUs, %v", len(gpus), warns)
	}
	g := gpus[1]
	if g.Name != "NVIDIA H100 80GB HBM3" || g.MemoryTotalBytes != 81559<<20 || *g.MemoryFreeBytes != 1024<<20 ||
		g.PCIBusID != "00000000:2A:00.0" || g.DriverVersion != "580.159.04" {
		t.Errorf("got %+v", g.GPU)
	}
	garbage, _ := os.ReadFile("testdata/nvidia-smi/garbage.txt")
	gpus, warns = parseNvidiaSMI(string(garbage))
	for _, g := range gpus {
		if g.MemoryTotalBytes < 0 || (g.MemoryFreeBytes != nil && *g.MemoryFreeBytes < 0) {
			t.Errorf("garbage gave %+v", g.GPU)
		}
	}
	if len(warns) == 0 {
		t.Error("garbage gave no warning")
	}
}

func TestNvidiaSMIErrorsAreWarnings(t *testing.T) {
	o := fixtureOptions(t, "testdata/sys/none")
	o.runSMI = func(context.Context) ([]byte, error) {
		return nil, errors.New("nvidia-smi failed: exit status 9 driver mismatch")
	}
	s := Probe(t.Context(), o)
	if len(s.GPUs) != 0 || !hasWarning(s, "driver mismatch") {
		t.Errorf("warnings %q", s.Warnings)
	}
}

func near(a, b float64) bool { return a > b*0.999 && a < b*1.001 }

// TestNVMLInterconnect: every GPU with an NVLink up is NVLink; otherwise
// peer-to-peer between the first two says PCIe, its absence the host; one
// GPU, or a driver that cannot tell, leaves it unknown.
func TestNVMLInterconnect(t *testing.T) {
	gpu := func(nvlink, noP2P bool, p2pErr error) nvmlDevice {
		return fakeDevice{name: "NVIDIA GeForce RTX 3090", total: 24 << 30, free: 23 << 30, nvlink: nvlink, noP2P: noP2P, p2pErr: p2pErr}
	}
	for _, c := range []struct {
		devs []nvmlDevice
		want string
	}{
		{[]nvmlDevice{gpu(true, false, nil)}, ""},
		{[]nvmlDevice{gpu(true, true, nil), gpu(true, true, nil)}, InterconnectNVLink},
		{[]nvmlDevice{gpu(true, false, nil), gpu(false, false, nil)}, InterconnectPCIe},
		{[]nvmlDevice{gpu(false, true, nil), gpu(false, true, nil)}, InterconnectHost},
		{[]nvmlDevice{gpu(false, false, errors.New("Not Supported")), gpu(false, false, nil)}, ""},
	} {
		_, got, _, err := readNVML(fakeNVML{failAt: -1, devices: c.devs})
		if err != nil || got != c.want {
			t.Errorf("%d GPUs: interconnect %q (%v), want %q", len(c.devs), got, err, c.want)
		}
	}
}

// nvidia-smi's link fields (a Windows or WSL2 host has no sysfs): a 4060
// Ti in a PCIe 3.0 board gets 3.0 x8 from the driver, a card whose driver
// says [N/A] its database interface.
func TestNvidiaSMILinks(t *testing.T) {
	text, err := os.ReadFile("testdata/nvidia-smi/links.csv")
	if err != nil {
		t.Fatal(err)
	}
	o := fixtureOptions(t, "testdata/sys/none")
	o.runSMI = func(context.Context) ([]byte, error) { return text, nil }
	s := Probe(t.Context(), o)
	if len(s.GPUs) != 2 {
		t.Fatalf("%d GPUs, %q", len(s.GPUs), s.Warnings)
	}
	if g := s.GPUs[0]; g.PCIe == nil || *g.PCIe != (PCIeLink{3, 8}) || g.PCIeBasis != pcieBasisSMI {
		t.Errorf("RTX 4060 Ti: %v %q; want nvidia-smi's PCIe 3.0 x8", g.PCIe, g.PCIeBasis)
	}
	if g := s.GPUs[1]; g.PCIe == nil || *g.PCIe != (PCIeLink{4, 16}) || !strings.HasPrefix(g.PCIeBasis, "database") {
		t.Errorf("RTX 3090 with [N/A] link: %v %q; want the database's 4.0 x16", g.PCIe, g.PCIeBasis)
	}
	// Power: the 3090's 220 W cap (its board's default is 370 W) is read
	// against the chip's 350 W reference from the database.
	if l, ref := s.GPUs[1].PowerLimit(); l != 220 || ref != 350 {
		t.Errorf("RTX 3090 power limit %v against %v W, want 220 against 350", l, ref)
	}
	if l, _ := s.GPUs[0].PowerLimit(); l != 165 {
		t.Errorf("RTX 4060 Ti power limit %v W, want nvidia-smi's 165", l)
	}
}

// An nvidia-smi that refuses the link fields (an old driver) is asked
// again with the base fields, and the GPUs are still found.
func TestNvidiaSMIWithoutLinkFields(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a shell-script stand-in for nvidia-smi")
	}
	dir := t.TempDir()
	script := "#!/bin/sh\ncase \"$1\" in *pcie.link*) echo 'Field \"pcie.link.gen.max\" is not a valid field to query.' >&2; exit 2;; esac\n" +
		"echo '0, NVIDIA GeForce RTX 3090, GPU-eeee, 00000000:05:00.0, 24576, 24000, 470.57.02'\n"
	if err := os.WriteFile(filepath.Join(dir, "nvidia-smi"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	out, err := runNvidiaSMI(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	gpus, warns := parseNvidiaSMI(string(out))
	if len(gpus) != 1 || len(warns) != 0 || gpus[0].PCIe != nil {
		t.Errorf("gpus %+v, warnings %q", gpus, warns)
	}
}
