package hwprobe

import "slices"

// Snapshots hold pointers for "unknown" values; these copies keep callers
// (and the database) from sharing them.

func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func copyInt(p *int64) *int64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func cloneGPU(g GPU) GPU {
	g.MemoryFreeBytes = copyInt(g.MemoryFreeBytes)
	g.BandwidthGBps = copyFloat(g.BandwidthGBps)
	g.FP16TFLOPs = copyFloat(g.FP16TFLOPs)
	if g.PCIe != nil {
		l := *g.PCIe
		g.PCIe = &l
	}
	return g
}

func cloneAccelerator(a Accelerator) Accelerator {
	a.MemoryGiB = slices.Clone(a.MemoryGiB)
	a.Aliases = slices.Clone(a.Aliases)
	a.BandwidthGBps = copyFloat(a.BandwidthGBps)
	a.FP16TFLOPs = copyFloat(a.FP16TFLOPs)
	a.PowerW = copyFloat(a.PowerW)
	a.Prices = slices.Clone(a.Prices)
	if a.PCIe != nil {
		l := *a.PCIe
		a.PCIe = &l
	}
	return a
}

// Clone returns a deep copy, so overrides never change the caller's value.
func (s Snapshot) Clone() Snapshot {
	s.CPU.Features = slices.Clone(s.CPU.Features)
	s.Memory.CgroupLimitBytes = copyInt(s.Memory.CgroupLimitBytes)
	s.Memory.BandwidthGBps = copyFloat(s.Memory.BandwidthGBps)
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
