package hwprobe

import "slices"

// Snapshots hold pointers for "unknown" values; these copies keep callers
// (and the database) from sharing them.

func copyPtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func cloneGPU(g GPU) GPU {
	g.MemoryFreeBytes = copyPtr(g.MemoryFreeBytes)
	g.BandwidthGBps = copyPtr(g.BandwidthGBps)
	g.FP16TFLOPs = copyPtr(g.FP16TFLOPs)
	g.PCIe = copyPtr(g.PCIe)
	g.PowerLimitW = copyPtr(g.PowerLimitW)
	g.PowerDefaultW = copyPtr(g.PowerDefaultW)
	g.PowerReferenceW = copyPtr(g.PowerReferenceW)
	return g
}

func cloneAccelerator(a Accelerator) Accelerator {
	a.MemoryGiB = slices.Clone(a.MemoryGiB)
	a.Aliases = slices.Clone(a.Aliases)
	a.BandwidthGBps = copyPtr(a.BandwidthGBps)
	a.FP16TFLOPs = copyPtr(a.FP16TFLOPs)
	a.PowerW = copyPtr(a.PowerW)
	a.Prices = slices.Clone(a.Prices)
	a.PCIe = copyPtr(a.PCIe)
	return a
}

// Clone returns a deep copy, so overrides never change the caller's value.
func (s Snapshot) Clone() Snapshot {
	s.CPU.Features = slices.Clone(s.CPU.Features)
	s.CPU.MaxGHz = copyPtr(s.CPU.MaxGHz)
	if s.CPU.Clusters != nil {
		cs := make([]CPUCluster, len(s.CPU.Clusters))
		for i, c := range s.CPU.Clusters {
			c.MaxGHz = copyPtr(c.MaxGHz)
			cs[i] = c
		}
		s.CPU.Clusters = cs
	}
	s.Memory.CgroupLimitBytes = copyPtr(s.Memory.CgroupLimitBytes)
	s.Memory.BandwidthGBps = copyPtr(s.Memory.BandwidthGBps)
	if s.GPUs != nil {
		gpus := make([]GPU, len(s.GPUs))
		for i, g := range s.GPUs {
			gpus[i] = cloneGPU(g)
		}
		s.GPUs = gpus
	}
	s.Warnings = slices.Clone(s.Warnings)
	return s
}
