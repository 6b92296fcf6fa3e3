package hwprobe

// WhatIf builds a snapshot of hardware described entirely by flags, without
// probing this machine: a customer's server has nothing to do with the CPU
// fitcheck runs on. Parts the flags leave out stay unknown, with a warning,
// and the memory bandwidth falls back to the documented estimate.
func WhatIf(o Overrides) Snapshot {
	base := Snapshot{
		Source: SourceOverride,
		// Without --cpu-features the what-if CPU keeps this machine's
		// instruction sets (read from the processor, no probing): dropping
		// them made CPU prefill 4× too slow (issue 10).
		CPU:      CPU{Source: SourceOverride, Features: cpuFeatures()},
		Memory:   Memory{Source: SourceOverride},
		GPUs:     []GPU{},
		Warnings: []string{},
	}
	if o.RAMBandwidthGBps <= 0 {
		v := estimateRAMBandwidthGBps
		base.Memory.BandwidthGBps, base.Memory.BandwidthBasis = &v, estimateRAMBandwidthBasis
	}
	s := ApplyOverrides(base, o)
	s.Source = SourceOverride
	if o.Cores <= 0 && len(o.CPUClusters) == 0 {
		s.Warnings = append(s.Warnings, WarnWhatIfCPU)
	}
	if o.CPUFeatures == nil {
		s.Warnings = append(s.Warnings, "what-if CPU features not given (--cpu-features): this machine's are assumed")
	}
	return s
}

// WarnWhatIfCPU is WhatIf's warning when no core count was given; a later
// override that gives one (the TUI's what-if editor) drops it.
const WarnWhatIfCPU = "what-if CPU not given (--cores): CPU and offload speeds assume a small CPU"
