package ui

import (
	"slices"

	"github.com/fitcheck/fitcheck/hwprobe"
)

// whatIf is hardware changed in the TUI, laid over the probed (or
// CLI-given) snapshot, so a probe that returns late keeps the user's edits.
// The zero value changes nothing.
type whatIf struct {
	o       hwprobe.Overrides // GPUs and RAM edited on the what-if screen (the --gpu/--ram rules)
	machine *hwprobe.Snapshot // a loaded profile: the whole machine
}

func (w whatIf) active() bool {
	return w.machine != nil || w.o.NoGPU || len(w.o.GPUs) > 0 || w.o.RAMBytes > 0 || w.o.Cores > 0 || w.o.RAMBandwidthGBps > 0
}

// withCPU returns the what-if with this many CPU cores and this system
// memory bandwidth (0 leaves either as it is).
func (w whatIf) withCPU(cores int, gbps float64) whatIf {
	if cores > 0 {
		w.o.Cores = cores
	}
	if gbps > 0 {
		w.o.RAMBandwidthGBps = gbps
	}
	return w
}

// apply returns base with the what-if parts in place, by the same rules as
// the what-if flags (hwprobe.ApplyOverrides).
func (w whatIf) apply(base hwprobe.Snapshot) hwprobe.Snapshot {
	if !w.active() {
		return base
	}
	if w.machine != nil {
		base = w.machine.Clone()
	}
	s := hwprobe.ApplyOverrides(base, w.o)
	if w.machine != nil {
		s.Source = hwprobe.SourceOverride
	}
	if w.o.Cores > 0 {
		s.Warnings = slices.DeleteFunc(slices.Clone(s.Warnings), func(x string) bool { return x == hwprobe.WarnWhatIfCPU })
	}
	return s
}

// hardware is the machine every estimate is for.
func (m Model) hardware() hwprobe.Snapshot { return m.hw }

// simulated reports whether any of the hardware is what-if rather than
// probed: given by flags or changed in the TUI.
func (m Model) simulated() bool {
	src := m.hardware().Source
	return src == hwprobe.SourceOverride || src == hwprobe.SourceMixed
}

// withGPUs returns the what-if with exactly these GPUs (none: no GPU).
func (w whatIf) withGPUs(gpus []hwprobe.GPU) whatIf {
	w.o.GPUs, w.o.NoGPU = slices.Clone(gpus), len(gpus) == 0
	return w
}

// withRAM returns the what-if with system RAM of the given size, all of it
// available: a simulated machine runs nothing else.
func (w whatIf) withRAM(bytes int64) whatIf {
	w.o.RAMBytes = bytes
	return w
}

// whatIfFromSnapshot simulates exactly the given machine (a loaded profile).
func whatIfFromSnapshot(s hwprobe.Snapshot) whatIf {
	c := s.Clone()
	c.Warnings = nil
	return whatIf{machine: &c}
}

// gpuGroup is identical GPUs shown as one line ("2× RTX 4090").
type gpuGroup struct {
	gpu   hwprobe.GPU
	count int
	free  int64 // summed free memory; -1 when any is unknown
}

// groupGPUs merges consecutive identical devices, keeping order.
func groupGPUs(gpus []hwprobe.GPU) []gpuGroup {
	var out []gpuGroup
	for _, g := range gpus {
		free := int64(-1)
		if g.MemoryFreeBytes != nil {
			free = *g.MemoryFreeBytes
		}
		if n := len(out); n > 0 && out[n-1].gpu.SameKind(g) {
			if out[n-1].free >= 0 && free >= 0 {
				out[n-1].free += free
			} else {
				out[n-1].free = -1
			}
			out[n-1].count++
			continue
		}
		out = append(out, gpuGroup{gpu: g, count: 1, free: free})
	}
	return out
}
