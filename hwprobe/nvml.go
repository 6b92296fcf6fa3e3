package hwprobe

import (
	"errors"
	"fmt"
)

// nvmlLibrary is the part of NVML fitcheck reads. nvml_cgo.go adapts go-nvml
// to it and tests use fakes, so this logic builds and runs without cgo.
type nvmlLibrary interface {
	DriverVersion() (string, error)
	DeviceCount() (int, error)
	Device(i int) (nvmlDevice, error)
}

// nvmlDevice is one GPU or one MIG slice.
type nvmlDevice interface {
	Name() (string, error)
	UUID() (string, error)
	PCIBusID() (string, error)
	// Memory reads the v2 memory API where the driver has it (the v1 call
	// counts reserved memory as used on recent drivers).
	Memory() (total, free uint64, err error)
	MemoryBusWidth() (bits uint32, err error)
	MaxMemoryClockMHz() (uint32, error)
	// PowerLimits are the enforced board power limit and the board's
	// default one, in watts.
	PowerLimits() (limitW, defaultW float64, err error)
	// MIGDevices lists the MIG slices; none when MIG is off.
	MIGDevices() ([]nvmlDevice, error)
	// MaxMIGDevices is how many compute slices the GPU splits into (7 on
	// A100/H100); 0 when MIG is not supported.
	MaxMIGDevices() (int, error)
	// NVLinkActive says whether any of the GPU's NVLinks is up (an
	// NVSwitch board, or a bridge between two cards).
	NVLinkActive() (bool, error)
	// PeerToPeer says whether this GPU can read other's memory directly
	// (NVML's P2P read capability: over NVLink or PCIe).
	PeerToPeer(other nvmlDevice) (bool, error)
}

// errNVMLNotFound means libnvidia-ml is not installed: no NVIDIA driver.
var errNVMLNotFound = errors.New("NVML not found (libnvidia-ml.so.1 could not be loaded)")

// foundGPU is a probed device plus what the database step needs to fill in
// its figures.
type foundGPU struct {
	GPU
	parentName  string   // MIG: the whole GPU's name, to find its database row
	parentBytes int64    // MIG: the whole GPU's memory
	computeFrac float64  // MIG: share of the parent's compute (0 = whole GPU)
	clockBW     *float64 // NVML memory clock × bus width: a fallback only
}

// readNVML lists every NVIDIA device NVML sees (MIG slices replace the GPU
// they are cut from) and how the whole GPUs reach each other
// (Snapshot.Interconnect).
func readNVML(lib nvmlLibrary) ([]foundGPU, string, []string, error) {
	n, err := lib.DeviceCount()
	if err != nil {
		return nil, "", nil, fmt.Errorf("NVML device count: %w", err)
	}
	driver, _ := lib.DriverVersion()
	var gpus []foundGPU
	var warns []string
	var wholes []nvmlDevice
	for i := 0; i < n; i++ {
		d, err := lib.Device(i)
		if err != nil {
			warns = append(warns, fmt.Sprintf("NVML: GPU %d not readable (%v); it is not listed", i, err))
			continue
		}
		whole, w := nvmlGPU(d, i, driver)
		warns = append(warns, w...)
		migs, _ := d.MIGDevices()
		if len(migs) == 0 {
			gpus = append(gpus, whole)
			wholes = append(wholes, d)
			continue
		}
		slices, _ := d.MaxMIGDevices()
		for j, m := range migs {
			g, w := nvmlGPU(m, i, driver)
			warns = append(warns, w...)
			g.MIG = true
			g.parentName = whole.Name
			g.parentBytes = whole.MemoryTotalBytes
			g.computeFrac = migComputeShare(g.Name, slices)
			if g.PCIBusID == "" {
				g.PCIBusID = whole.PCIBusID
			}
			if g.Name == "" {
				g.Name = fmt.Sprintf("%s MIG slice %d", whole.Name, j)
			}
			gpus = append(gpus, g)
		}
	}
	return gpus, nvmlInterconnect(wholes), warns, nil
}

// nvmlInterconnect is how tensor-parallel ranks on these GPUs would talk:
// InterconnectNVLink when every GPU has an NVLink up, InterconnectPCIe when
// the first two can read each other's memory (peer-to-peer over PCIe),
// InterconnectHost when they cannot (GeForce cards without a bridge: NCCL
// stages through host memory); "" for fewer than two GPUs or when NVML
// cannot tell.
func nvmlInterconnect(devs []nvmlDevice) string {
	if len(devs) < 2 {
		return ""
	}
	linked := true
	for _, d := range devs {
		up, err := d.NVLinkActive()
		linked = linked && err == nil && up
	}
	if linked {
		return InterconnectNVLink
	}
	p2p, err := devs[0].PeerToPeer(devs[1])
	switch {
	case err != nil:
		return ""
	case p2p:
		return InterconnectPCIe
	}
	return InterconnectHost
}

func nvmlGPU(d nvmlDevice, index int, driver string) (foundGPU, []string) {
	var warns []string
	g := foundGPU{GPU: GPU{Vendor: "NVIDIA", Backend: BackendCUDA, DriverVersion: driver,
		Source: "nvml", MemoryBasis: "driver"}}
	if name, err := d.Name(); err == nil {
		g.Name = name
	} else {
		g.Name = fmt.Sprintf("NVIDIA GPU %d", index)
	}
	g.UUID, _ = d.UUID()
	g.PCIBusID, _ = d.PCIBusID()
	if total, free, err := d.Memory(); err == nil && total > 0 {
		g.MemoryTotalBytes = int64(total)
		f := int64(min(free, total))
		g.MemoryFreeBytes = &f
	} else {
		// GB10 and Grace parts report no dedicated memory: the probe fills
		// it in from system RAM when the database says they are unified.
		warns = append(warns, fmt.Sprintf("NVML: %s memory size not reported (%v)", g.Name, err))
	}
	bits, errW := d.MemoryBusWidth()
	mhz, errC := d.MaxMemoryClockMHz()
	if errW == nil && errC == nil && bits > 0 && mhz > 0 {
		// Two transfers per reported clock on each bus bit. On an H200
		// (driver 580) 3201 MHz × 2 × 6016 bits / 8 gave 4814 GB/s against
		// the 4800 GB/s spec; the database figure still wins when known.
		bw := float64(mhz) * 2 * float64(bits) / 8 / 1000
		g.clockBW = &bw
	}
	if limit, def, err := d.PowerLimits(); err == nil && limit > 0 && def > 0 {
		g.PowerLimitW, g.PowerDefaultW = &limit, &def
	}
	return g, warns
}
