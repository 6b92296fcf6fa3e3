//go:build linux && cgo

package hwprobe

import (
	"errors"
	"testing"

	"github.com/NVIDIA/go-nvml/pkg/nvml"
	"github.com/NVIDIA/go-nvml/pkg/nvml/mock"
	"github.com/NVIDIA/go-nvml/pkg/nvml/mock/dgxh100"
	"github.com/NVIDIA/go-nvml/pkg/nvml/mock/server"
)

// dgxH100 is go-nvml's mock of an 8×H100 server with the calls fitcheck
// makes that the mock leaves unset (they panic when nil) filled in, and the
// v2 memory API reporting 1 GiB in use per GPU.
func dgxH100(t *testing.T) *server.Server {
	t.Helper()
	s := dgxh100.New()
	for _, d := range s.Devices {
		dev := d.(*server.Device)
		dev.GetMemoryInfo_v2Func = func() (nvml.Memory_v2, nvml.Return) {
			total := dev.MemoryInfo.Total
			return nvml.Memory_v2{Total: total, Free: total - 1<<30, Used: 1 << 30}, nvml.SUCCESS
		}
		dev.GetMemoryBusWidthFunc = func() (uint32, nvml.Return) { return 5120, nvml.SUCCESS }
		dev.GetMaxClockInfoFunc = func(nvml.ClockType) (uint32, nvml.Return) { return 2619, nvml.SUCCESS }
		dev.GetMaxMigDeviceCountFunc = func() (int, nvml.Return) { return 7, nvml.SUCCESS }
		// Board power in milliwatts: the SXM5 part's 700 W, as shipped.
		dev.GetEnforcedPowerLimitFunc = func() (uint32, nvml.Return) { return 700000, nvml.SUCCESS }
		dev.GetPowerManagementDefaultLimitFunc = func() (uint32, nvml.Return) { return 700000, nvml.SUCCESS }
		dev.GetMigDeviceHandleByIndexFunc = func(int) (nvml.Device, nvml.Return) { return nil, nvml.ERROR_NOT_FOUND }
		// NVSwitch: every GPU's links are up.
		dev.GetNvLinkStateFunc = func(int) (nvml.EnableState, nvml.Return) { return nvml.FEATURE_ENABLED, nvml.SUCCESS }
		dev.GetP2PStatusFunc = func(nvml.Device, nvml.GpuP2PCapsIndex) (nvml.GpuP2PStatus, nvml.Return) {
			return nvml.P2P_STATUS_OK, nvml.SUCCESS
		}
	}
	return s
}

func probeMock(t *testing.T, s nvml.Interface) Snapshot {
	t.Helper()
	o := fixtureOptions(t, "testdata/sys/none")
	o.openNVML = func() (nvmlLibrary, func(), error) { return openGoNVML(s) }
	return Probe(t.Context(), o)
}

func TestNVMLMockDGXH100(t *testing.T) {
	snap := probeMock(t, dgxH100(t))
	if len(snap.GPUs) != 8 {
		t.Fatalf("%d GPUs, warnings %q", len(snap.GPUs), snap.Warnings)
	}
	for i, g := range snap.GPUs {
		if g.Name != "NVIDIA H100 80GB HBM3" || g.MemoryTotalBytes != 80<<30 || g.DriverVersion != "550.54.15" {
			t.Errorf("GPU %d: %+v", i, g)
		}
		if g.MemoryFreeBytes == nil || *g.MemoryFreeBytes != 79<<30 {
			t.Errorf("GPU %d: free memory should come from the v2 API", i)
		}
		if l, ref := g.PowerLimit(); l != 700 || ref != 700 {
			t.Errorf("GPU %d: power limit %v W against %v W, want NVML's 700 against the database's 700", i, l, ref)
		}
		if *g.BandwidthGBps != 3350 || *g.FP16TFLOPs != 989 || g.SpecSource != "database: NVIDIA H100 SXM5 80GB" {
			t.Errorf("GPU %d: %v GB/s %v TFLOPs from %q", i, *g.BandwidthGBps, *g.FP16TFLOPs, g.SpecSource)
		}
		if g.UUID == "" || g.UUID == snap.GPUs[(i+1)%8].UUID {
			t.Errorf("GPU %d: UUID %q", i, g.UUID)
		}
	}
	if len(snap.Warnings) != 0 {
		t.Errorf("warnings %q", snap.Warnings)
	}
	if snap.Interconnect != InterconnectNVLink {
		t.Errorf("interconnect %q, want nvlink (NVSwitch)", snap.Interconnect)
	}
}

// TestNVMLMockNoNVLinkNoP2P: PCIe cards without peer access (GeForce) read
// as "host"; a driver without the NVLink symbol is never called for it.
func TestNVMLMockNoNVLinkNoP2P(t *testing.T) {
	s := dgxH100(t)
	s.LookupSymbolFunc = func(name string) error {
		if name == "nvmlDeviceGetNvLinkState" {
			return errors.New("undefined symbol")
		}
		return nil
	}
	for _, d := range s.Devices {
		dev := d.(*server.Device)
		dev.GetNvLinkStateFunc = nil // calling it now would panic
		dev.GetP2PStatusFunc = func(nvml.Device, nvml.GpuP2PCapsIndex) (nvml.GpuP2PStatus, nvml.Return) {
			return nvml.P2P_STATUS_NOT_SUPPORTED, nvml.SUCCESS
		}
	}
	if snap := probeMock(t, s); snap.Interconnect != InterconnectHost {
		t.Errorf("interconnect %q, want host", snap.Interconnect)
	}
}

func TestNVMLMockOldDriverUsesV1Memory(t *testing.T) {
	s := dgxH100(t)
	s.LookupSymbolFunc = func(name string) error {
		if name == "nvmlDeviceGetMemoryInfo_v2" {
			return errors.New("undefined symbol")
		}
		return nil
	}
	for _, d := range s.Devices {
		d.(*server.Device).GetMemoryInfo_v2Func = nil // calling it now would panic
	}
	snap := probeMock(t, s)
	if len(snap.GPUs) != 8 || snap.GPUs[0].MemoryTotalBytes != 80<<30 {
		t.Fatalf("got %+v, warnings %q", snap.GPUs, snap.Warnings)
	}
}

func TestNVMLMockMIGSlices(t *testing.T) {
	s := dgxH100(t)
	dev := s.Devices[0].(*server.Device)
	dev.GetMigModeFunc = func() (int, int, nvml.Return) { return nvml.DEVICE_MIG_ENABLE, nvml.DEVICE_MIG_ENABLE, nvml.SUCCESS }
	slice := func(name string, gb uint64) *mock.Device {
		return &mock.Device{
			GetNameFunc: func() (string, nvml.Return) { return name, nvml.SUCCESS },
			GetUUIDFunc: func() (string, nvml.Return) { return "MIG-" + name, nvml.SUCCESS },
			GetPciInfoFunc: func() (nvml.PciInfo, nvml.Return) {
				return nvml.PciInfo{}, nvml.ERROR_NOT_SUPPORTED
			},
			GetMemoryInfo_v2Func: func() (nvml.Memory_v2, nvml.Return) {
				return nvml.Memory_v2{Total: gb << 30, Free: gb << 30}, nvml.SUCCESS
			},
			GetMemoryBusWidthFunc: func() (uint32, nvml.Return) { return 0, nvml.ERROR_NOT_SUPPORTED },
			GetMaxClockInfoFunc:   func(nvml.ClockType) (uint32, nvml.Return) { return 0, nvml.ERROR_NOT_SUPPORTED },
			GetMigModeFunc:        func() (int, int, nvml.Return) { return 0, 0, nvml.ERROR_NOT_SUPPORTED },
			// A MIG slice has no power limit of its own.
			GetEnforcedPowerLimitFunc: func() (uint32, nvml.Return) { return 0, nvml.ERROR_NOT_SUPPORTED },
			GetMaxMigDeviceCountFunc: func() (int, nvml.Return) {
				return 0, nvml.ERROR_NOT_SUPPORTED
			},
		}
	}
	slices := []nvml.Device{slice("NVIDIA H100 80GB HBM3 MIG 3g.40gb", 40), slice("NVIDIA H100 80GB HBM3 MIG 1g.10gb", 10)}
	dev.GetMigDeviceHandleByIndexFunc = func(i int) (nvml.Device, nvml.Return) {
		if i < len(slices) {
			return slices[i], nvml.SUCCESS
		}
		return nil, nvml.ERROR_NOT_FOUND
	}
	snap := probeMock(t, s)
	if len(snap.GPUs) != 9 { // GPU 0 is two slices, the other seven are whole
		t.Fatalf("%d devices, warnings %q", len(snap.GPUs), snap.Warnings)
	}
	g := snap.GPUs[0]
	if !g.MIG || g.Name != "NVIDIA H100 80GB HBM3 MIG 3g.40gb" || g.MemoryTotalBytes != 40<<30 || g.UUID == "" {
		t.Errorf("got %+v", g)
	}
	if !near(*g.FP16TFLOPs, 989.0*3/7) || !near(*g.BandwidthGBps, 3350.0/2) {
		t.Errorf("3g.40gb: %v TFLOPs, %v GB/s", *g.FP16TFLOPs, *g.BandwidthGBps)
	}
}

func TestNVMLMissingLibraryIsANote(t *testing.T) {
	s := &mock.Interface{InitFunc: func() nvml.Return { return nvml.ERROR_LIBRARY_NOT_FOUND }}
	if _, _, err := openGoNVML(s); !errors.Is(err, errNVMLNotFound) {
		t.Fatalf("got %v", err)
	}
	s.InitFunc = func() nvml.Return { return nvml.ERROR_DRIVER_NOT_LOADED }
	if _, _, err := openGoNVML(s); err == nil || errors.Is(err, errNVMLNotFound) {
		t.Fatalf("a driver problem must not look like a missing driver: %v", err)
	}
}
