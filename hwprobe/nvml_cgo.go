//go:build linux && cgo

package hwprobe

import (
	"errors"
	"fmt"

	"github.com/NVIDIA/go-nvml/pkg/nvml"
)

// openNVML loads libnvidia-ml at run time; without a driver it fails with
// errNVMLNotFound and fitcheck carries on.
func openNVML() (nvmlLibrary, func(), error) {
	return openGoNVML(nvml.New())
}

func openGoNVML(lib nvml.Interface) (nvmlLibrary, func(), error) {
	if ret := lib.Init(); ret != nvml.SUCCESS {
		if errors.Is(ret, nvml.ERROR_LIBRARY_NOT_FOUND) {
			return nil, nil, errNVMLNotFound
		}
		return nil, nil, fmt.Errorf("NVML init failed: %v", ret)
	}
	// Calling a symbol an old driver lacks would crash (go-nvml links with
	// unresolved symbols), so ask first.
	ext := lib.Extensions()
	g := goNVML{lib: lib, caps: nvmlCaps{
		memoryV2: ext.LookupSymbol("nvmlDeviceGetMemoryInfo_v2") == nil,
		nvlink:   ext.LookupSymbol("nvmlDeviceGetNvLinkState") == nil,
		p2p:      ext.LookupSymbol("nvmlDeviceGetP2PStatus") == nil,
	}}
	return g, func() { lib.Shutdown() }, nil
}

// nvmlCaps are the optional symbols this driver's library has.
type nvmlCaps struct{ memoryV2, nvlink, p2p bool }

type goNVML struct {
	lib  nvml.Interface
	caps nvmlCaps
}

func nvmlErr(ret nvml.Return) error {
	if ret == nvml.SUCCESS {
		return nil
	}
	return ret
}

func (g goNVML) DriverVersion() (string, error) {
	v, ret := g.lib.SystemGetDriverVersion()
	return v, nvmlErr(ret)
}

func (g goNVML) DeviceCount() (int, error) {
	n, ret := g.lib.DeviceGetCount()
	return n, nvmlErr(ret)
}

func (g goNVML) Device(i int) (nvmlDevice, error) {
	d, ret := g.lib.DeviceGetHandleByIndex(i)
	if err := nvmlErr(ret); err != nil {
		return nil, err
	}
	return goNVMLDevice{d: d, caps: g.caps}, nil
}

type goNVMLDevice struct {
	d    nvml.Device
	caps nvmlCaps
}

func (g goNVMLDevice) Name() (string, error) {
	v, ret := g.d.GetName()
	return v, nvmlErr(ret)
}

func (g goNVMLDevice) UUID() (string, error) {
	v, ret := g.d.GetUUID()
	return v, nvmlErr(ret)
}

func (g goNVMLDevice) PCIBusID() (string, error) {
	p, ret := g.d.GetPciInfo()
	if err := nvmlErr(ret); err != nil {
		return "", err
	}
	var b []byte
	for _, c := range p.BusId {
		if c == 0 {
			break
		}
		b = append(b, byte(c))
	}
	return string(b), nil
}

func (g goNVMLDevice) Memory() (uint64, uint64, error) {
	if g.caps.memoryV2 {
		m, ret := g.d.GetMemoryInfo_v2()
		if ret == nvml.SUCCESS {
			return m.Total, m.Free, nil
		}
	}
	m, ret := g.d.GetMemoryInfo()
	return m.Total, m.Free, nvmlErr(ret)
}

func (g goNVMLDevice) MemoryBusWidth() (uint32, error) {
	v, ret := g.d.GetMemoryBusWidth()
	return v, nvmlErr(ret)
}

func (g goNVMLDevice) MaxMemoryClockMHz() (uint32, error) {
	v, ret := g.d.GetMaxClockInfo(nvml.CLOCK_MEM)
	return v, nvmlErr(ret)
}

func (g goNVMLDevice) PowerLimits() (float64, float64, error) {
	limit, ret := g.d.GetEnforcedPowerLimit() // milliwatts
	if err := nvmlErr(ret); err != nil {
		return 0, 0, err
	}
	def, ret := g.d.GetPowerManagementDefaultLimit()
	if err := nvmlErr(ret); err != nil {
		return 0, 0, err
	}
	return float64(limit) / 1000, float64(def) / 1000, nil
}

func (g goNVMLDevice) MaxMIGDevices() (int, error) {
	v, ret := g.d.GetMaxMigDeviceCount()
	return v, nvmlErr(ret)
}

func (g goNVMLDevice) MIGDevices() ([]nvmlDevice, error) {
	current, _, ret := g.d.GetMigMode()
	if ret != nvml.SUCCESS || current != nvml.DEVICE_MIG_ENABLE {
		return nil, nil // MIG unsupported or off
	}
	n, ret := g.d.GetMaxMigDeviceCount()
	if err := nvmlErr(ret); err != nil {
		return nil, err
	}
	var out []nvmlDevice
	for i := 0; i < n; i++ {
		m, ret := g.d.GetMigDeviceHandleByIndex(i)
		if ret != nvml.SUCCESS {
			continue // slots without a slice answer NOT_FOUND
		}
		out = append(out, goNVMLDevice{d: m, caps: g.caps})
	}
	return out, nil
}

func (g goNVMLDevice) NVLinkActive() (bool, error) {
	if !g.caps.nvlink {
		return false, errors.New("NVML has no nvmlDeviceGetNvLinkState")
	}
	for link := 0; link < nvml.NVLINK_MAX_LINKS; link++ {
		state, ret := g.d.GetNvLinkState(link)
		if ret == nvml.SUCCESS && state == nvml.FEATURE_ENABLED {
			return true, nil
		}
	}
	return false, nil // no link up, or NOT_SUPPORTED: a GPU without NVLink
}

func (g goNVMLDevice) PeerToPeer(other nvmlDevice) (bool, error) {
	o, ok := other.(goNVMLDevice)
	if !ok || !g.caps.p2p {
		return false, errors.New("NVML peer-to-peer status not available")
	}
	st, ret := g.d.GetP2PStatus(o.d, nvml.P2P_CAPS_INDEX_READ)
	if err := nvmlErr(ret); err != nil {
		return false, err
	}
	return st == nvml.P2P_STATUS_OK, nil
}
