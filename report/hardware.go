package report

import (
	"fmt"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// EstimateHardware turns a snapshot into the estimator's view of the
// machine. Budgets are free memory by default and total memory with
// assumeIdle; a GPU whose free memory is unknown uses its total, with a
// warning. RAM is the whole pool: for unified-memory GPUs the estimator
// counts their bytes against it too, so no byte is counted twice.
func EstimateHardware(snap hwprobe.Snapshot, assumeIdle bool) (estimate.Hardware, []string) {
	var warnings []string
	hw := estimate.Hardware{
		RAMBytes:     snap.Memory.AvailableBytes,
		RAMUnknown:   snap.Memory.TotalBytes <= 0,
		CPUCores:     snap.CPU.PhysicalCores,
		CPUFeatures:  snap.CPU.Features,
		CPUModel:     snap.CPU.Model,
		Interconnect: snap.Interconnect,
		OS:           snap.OS,
	}
	if hw.CPUCores <= 0 {
		hw.CPUCores = snap.CPU.LogicalCores
	}
	hw.CPUMaxGHz = derefGHz(snap.CPU.MaxGHz)
	for _, c := range snap.CPU.Clusters {
		hw.CPUClusters = append(hw.CPUClusters, estimate.CPUCluster{Model: c.Model, Cores: c.Cores, GHz: derefGHz(c.MaxGHz)})
	}
	if snap.Memory.BandwidthGBps != nil {
		hw.RAMBandwidthGBps = *snap.Memory.BandwidthGBps
		// A measured read bandwidth is not the DRAM peak the CPU's η is
		// a fraction of (estimate/ram_basis.go).
		hw.RAMBandwidthMeasured = snap.Memory.BandwidthMeasured()
	}
	if w := estimate.NoDotProductWarning(&hw); w != "" {
		warnings = append(warnings, w)
	}
	if assumeIdle {
		// Idle is without other programs, not without the OS
		// (hwprobe/os_ram_reserve.go).
		hw.RAMBytes = hwprobe.RAMLessOSReserve(snap.Memory.TotalBytes)
	}
	for _, g := range snap.GPUs {
		d := estimate.Device{
			Name:        g.Name,
			Backend:     g.Backend,
			TotalBytes:  g.MemoryTotalBytes,
			MemoryBytes: hwprobe.GPUBudgetBytes(g, assumeIdle),
			Unified:     g.UnifiedMemory,
		}
		if !assumeIdle && g.MemoryFreeBytes == nil && g.Source != hwprobe.SourceOverride {
			warnings = append(warnings, fmt.Sprintf("%s: free memory unknown, estimates use its total", g.Name))
		}
		if g.BandwidthGBps != nil {
			d.BandwidthGBps = *g.BandwidthGBps
		} else {
			warnings = append(warnings, fmt.Sprintf("%s: memory bandwidth unknown; its speeds assume %.0f GB/s (give bw= for a real figure)", g.Name, estimate.DefaultGPUBandwidthGBps))
		}
		if g.FP16TFLOPs != nil {
			d.FP16TFLOPs = *g.FP16TFLOPs
		}
		if g.PCIe != nil {
			d.PCIeGBps = g.PCIe.GBps()
		}
		d.PowerLimitW, d.PowerRefW = g.PowerLimit()
		hw.GPUs = append(hw.GPUs, d)
	}
	return hw, warnings
}

// PowerLimitNote is "220 W limit" for a card whose board power limit
// moves its prefill (a cap, or a factory card's limit above the chip's
// reference: estimate/power_limit.go), "" otherwise.
func PowerLimitNote(g hwprobe.GPU) string {
	lim, ref := g.PowerLimit()
	if estimate.PowerLimitPrefill(lim, ref) == 1 {
		return ""
	}
	return fmt.Sprintf("%.0f W limit", lim)
}

// derefGHz is a clock or 0 (unknown).
func derefGHz(g *float64) float64 {
	if g == nil {
		return 0
	}
	return *g
}
