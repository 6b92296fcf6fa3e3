package hwprobe

import (
	"fmt"
	"slices"
	"strings"
)

// Overrides are the what-if hardware flags. Zero values keep what was
// probed.
type Overrides struct {
	GPUs             []GPU        // --gpu (from ParseGPUSpec): replaces every probed GPU
	NoGPU            bool         // --no-gpu: drop every GPU
	RAMBytes         int64        // --ram (from ParseSize)
	RAMBandwidthGBps float64      // --ram-bw, decimal GB/s
	Cores            int          // --cores: physical cores (and threads)
	CPUFeatures      []string     // --cpu-features (from ParseCPUFeatures); nil keeps what was probed
	CPUModel         string       // --cpu-model: the CPU's name or Arm core type ("Cortex-A76"); "" keeps the probe's
	CPUClusters      []CPUCluster // --cpu-model "4x Cortex-A76@2.4+4x Cortex-A55@1.8" (ParseCPUClusters); CPUModel is then the first's
	CPUGHz           float64      // --cpu-ghz: the CPU's maximum clock; 0 keeps the probe's
	Interconnect     string       // --interconnect: InterconnectNVLink, InterconnectPCIe, InterconnectHost; "" keeps the probe's (or, with --gpu, guesses)
	OS               string       // --os (from ParseOS); "" keeps this machine's, or with --gpu leaves it unknown
}

// ApplyOverrides returns snap with the flags' hardware in place of the
// probed parts. Source becomes "override" when GPUs, RAM and cores were all
// replaced, "mixed" when some were. snap itself is not changed.
func ApplyOverrides(snap Snapshot, o Overrides) Snapshot {
	s := snap.Clone()
	replaced, kept := 0, 0
	count := func(did bool) {
		if did {
			replaced++
		} else {
			kept++
		}
	}

	gpusReplaced := o.NoGPU || len(o.GPUs) > 0
	if gpusReplaced {
		s.GPUs = []GPU{}
		if !o.NoGPU {
			for _, g := range o.GPUs {
				s.GPUs = append(s.GPUs, cloneGPU(g))
			}
		}
		// What the probes said about this machine's GPUs no longer applies.
		s.Warnings = slices.DeleteFunc(s.Warnings, isGPUWarning)
		s.Interconnect = ""
		// A what-if machine need not run this machine's OS.
		s.OS = ""
	}
	if o.Interconnect != "" {
		s.Interconnect = o.Interconnect
	}
	if o.OS != "" {
		s.OS = o.OS
	}
	if gpusReplaced {
		reserveWindowsDisplay(s.GPUs, s.OS)
	}
	count(gpusReplaced)

	ram := o.RAMBytes
	if ram <= 0 && len(s.GPUs) > 0 {
		// A what-if Apple or DGX Spark brings its RAM with it.
		for _, g := range s.GPUs {
			if g.Source == SourceOverride && g.UnifiedMemory {
				ram = max(ram, g.SharedMemoryBytes)
			}
		}
	}
	if o.RAMBytes > 0 {
		resizeUnified(s.GPUs, o.RAMBytes)
	}
	if ram > 0 {
		// The OS keeps its share of a what-if machine's RAM (os_ram_reserve.go).
		s.Memory.TotalBytes, s.Memory.AvailableBytes, s.Memory.HostTotalBytes = ram, RAMLessOSReserve(ram), ram
		s.Memory.CgroupLimitBytes = nil
		s.Memory.Source = SourceOverride
		if o.RAMBandwidthGBps <= 0 && s.Memory.BandwidthMeasured() {
			// A measurement of this machine says nothing about other RAM.
			v := estimateRAMBandwidthGBps
			s.Memory.BandwidthGBps, s.Memory.BandwidthBasis = &v, estimateRAMBandwidthBasis
		}
	}
	count(ram > 0)

	if o.RAMBandwidthGBps > 0 {
		v := o.RAMBandwidthGBps
		s.Memory.BandwidthGBps, s.Memory.BandwidthBasis = &v, SourceOverride
		if s.Memory.Source == SourceProbe {
			s.Memory.Source = SourceMixed
		}
	} else if ram > 0 && len(s.GPUs) > 0 {
		for _, g := range s.GPUs {
			if g.Source == SourceOverride && g.UnifiedMemory && g.BandwidthGBps != nil {
				v := *g.BandwidthGBps
				s.Memory.BandwidthGBps, s.Memory.BandwidthBasis = &v, g.SpecSource+" (unified memory)"
			}
		}
	}

	if o.Cores > 0 {
		s.CPU.PhysicalCores, s.CPU.LogicalCores = o.Cores, o.Cores
		s.CPU.Source = SourceOverride
	}
	if o.CPUFeatures != nil {
		s.CPU.Features = slices.Clone(o.CPUFeatures)
		s.CPU.Source = SourceOverride
	}
	if o.CPUModel != "" {
		// Another CPU's clock and clusters would not be this one's.
		s.CPU.Model, s.CPU.MaxGHz, s.CPU.Clusters = o.CPUModel, nil, nil
		s.CPU.Source = SourceOverride
	}
	if len(o.CPUClusters) > 0 {
		s.CPU.Clusters = slices.Clone(o.CPUClusters)
		s.CPU.Model, s.CPU.MaxGHz = o.CPUClusters[0].Model, copyPtr(o.CPUClusters[0].MaxGHz)
		if o.Cores <= 0 {
			// The list counts the cores; --cores still sets the threads.
			n := 0
			for _, c := range o.CPUClusters {
				n += c.Cores
			}
			s.CPU.PhysicalCores, s.CPU.LogicalCores = n, n
		}
	}
	if o.CPUGHz > 0 {
		v := o.CPUGHz
		s.CPU.MaxGHz = &v
		s.CPU.Source = SourceOverride
	}
	count(o.Cores > 0 || len(o.CPUClusters) > 0)

	switch {
	case replaced == 0 && o.RAMBandwidthGBps <= 0:
		// nothing given: the snapshot stays as probed
	case kept == 0:
		s.Source = SourceOverride
	default:
		s.Source = SourceMixed
	}
	return s
}

// Probe warnings about GPUs begin with one of these, so a --gpu override can
// drop them.
var gpuWarningPrefixes = []string{"NVML", "nvidia-smi", "NVIDIA GPU", "AMD GPU", "Intel GPU", "Apple GPU",
	"sysfs GPU", "GPU ", "no GPU"}

// ParseInterconnect checks an --interconnect value.
func ParseInterconnect(v string) (string, error) {
	switch x := strings.ToLower(strings.TrimSpace(v)); x {
	case InterconnectNVLink, InterconnectPCIe, InterconnectHost:
		return x, nil
	}
	return "", fmt.Errorf("--interconnect %q: give nvlink (NVLink or NVSwitch), pcie (peer-to-peer over PCIe) or host (no peer-to-peer)", v)
}

func isGPUWarning(w string) bool {
	for _, p := range gpuWarningPrefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// resizeUnified gives a what-if unified-memory chip the RAM the flags name
// (--gpu "M3 Ultra" --ram 192GiB is an M3 Ultra with 192 GiB): its GPU share
// is recomputed from that RAM, so GPU and CPU together never exceed it.
// Several unified chips are several machines, each with its own RAM, and
// keep their database sizes.
func resizeUnified(gpus []GPU, ram int64) {
	var unified []*GPU
	for i := range gpus {
		if gpus[i].UnifiedMemory && gpus[i].Source == SourceOverride {
			unified = append(unified, &gpus[i])
		}
	}
	if len(unified) != 1 {
		return
	}
	g := unified[0]
	g.SharedMemoryBytes = ram
	if g.Backend == BackendMetal {
		g.MemoryTotalBytes, g.MemoryBasis = metalWorkingSet(ram, 0)
	} else {
		g.MemoryTotalBytes = min(g.MemoryTotalBytes, ram)
	}
	free := g.MemoryTotalBytes
	g.MemoryFreeBytes = &free
}
