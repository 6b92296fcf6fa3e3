package hwprobe

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

// Probe describes this machine (or the fixture tree opts points at). It
// never fails: whatever could not be probed becomes a warning, and every
// probe runs concurrently under opts.Timeout, so a hung driver cannot hang
// the caller.
func Probe(ctx context.Context, opts Options) Snapshot {
	o := opts.withDefaults()
	probes := []probe{
		{"CPU", func(ctx context.Context) part {
			c, w := probeCPU(ctx, o.ProcRoot, o.SysRoot)
			return part{cpu: &c, warnings: w}
		}},
		{"memory", func(ctx context.Context) part {
			m, w := probeMemory(ctx, o)
			return part{memory: &m, warnings: w}
		}},
		{"NVIDIA GPU", func(ctx context.Context) part { return probeNVIDIA(ctx, o) }},
		{"sysfs GPU", func(context.Context) part { return probeSysfsGPUs(o.SysRoot) }},
	}
	if o.readApple != nil {
		probes = append(probes, probe{"Apple GPU", func(ctx context.Context) part {
			f, w := o.readApple(ctx)
			if f.Chip == "" && len(w) == 0 {
				return part{} // not a Mac
			}
			g, w2 := appleGPU(f)
			p := part{warnings: append(w, w2...)}
			if g != nil {
				p.gpus = []foundGPU{*g}
			}
			return p
		}})
	}
	return assemble(ctx, runProbes(ctx, probes, o.Timeout), o)
}

// probeNVIDIA asks NVML and, when NVML is missing, nvidia-smi.
func probeNVIDIA(ctx context.Context, o Options) part {
	var p part
	if !o.DisableNVML {
		lib, closeLib, err := o.openNVML()
		if err == nil {
			gpus, ic, w, err := readNVML(lib)
			closeLib()
			if err == nil {
				p.gpus, p.interconnect, p.warnings = gpus, ic, w
				return p
			}
			p.warnings = append(p.warnings, fmt.Sprintf("NVML: %v; trying nvidia-smi", err))
		} else if errors.Is(err, errNVMLNotFound) || strings.Contains(err.Error(), "not built") {
			p.notes = append(p.notes, err.Error())
		} else {
			p.warnings = append(p.warnings, fmt.Sprintf("%v; trying nvidia-smi", err))
		}
	}
	if o.DisableNvidiaSMI {
		return p
	}
	out, err := o.runSMI(ctx)
	switch {
	case errors.Is(err, errSMINotFound):
		p.notes = append(p.notes, err.Error())
	case err != nil:
		p.warnings = append(p.warnings, err.Error())
	default:
		gpus, w := parseNvidiaSMI(string(out))
		p.gpus, p.warnings = gpus, append(p.warnings, w...)
	}
	return p
}

// probeSysfsGPUs reads AMD and Intel GPUs from /sys/class/drm and notes
// NVIDIA cards, whose memory only the NVIDIA driver can tell.
func probeSysfsGPUs(sysRoot string) part {
	var p part
	cards := listDRMCards(sysRoot)
	amd, w := readAMDGPUs(cards, sysRoot)
	intel, notes, w2 := readIntelGPUs(cards)
	p.gpus = append(amd, intel...)
	p.warnings = append(w, w2...)
	p.notes = notes
	for _, c := range cards {
		if c.vendor == pciNVIDIA {
			p.nvidiaPCI = append(p.nvidiaPCI, strings.TrimSpace(c.name+" "+c.slot))
		}
	}
	if len(amd)+len(intel) == 0 && len(notes) == 0 {
		p.notes = append(p.notes, "no AMD or Intel GPU under "+filepath.Join(sysRoot, "class", "drm"))
	}
	return p
}

// assemble merges the probes' parts into a snapshot and fills in what the
// parts imply: database figures, unified-memory budgets, RAM bandwidth.
func assemble(ctx context.Context, parts []part, o Options) Snapshot {
	s := Snapshot{Source: SourceProbe, GPUs: []GPU{}, Warnings: []string{}, OS: hostOS()}
	var found []foundGPU
	var notes, nvidiaPCI []string
	for _, p := range parts {
		if p.cpu != nil {
			s.CPU = *p.cpu
		}
		if p.memory != nil {
			s.Memory = *p.memory
		}
		found = append(found, p.gpus...)
		notes = append(notes, p.notes...)
		nvidiaPCI = append(nvidiaPCI, p.nvidiaPCI...)
		s.Warnings = append(s.Warnings, p.warnings...)
		if p.interconnect != "" {
			s.Interconnect = p.interconnect
		}
	}
	if s.CPU.Source == "" { // the CPU probe timed out or failed
		n := runtime.NumCPU()
		s.CPU = CPU{Model: "unknown " + runtime.GOARCH + " CPU", Vendor: "unknown", Arch: runtime.GOARCH,
			PhysicalCores: n, LogicalCores: n, Features: cpuFeatures(), Source: SourceProbe}
	}
	if s.Memory.Source == "" {
		s.Memory.Source = SourceProbe
	}
	nvidiaFound := false
	for i := range found {
		probePCIeLink(&found[i].GPU, o.SysRoot)
		s.Warnings = append(s.Warnings, enrichGPU(&found[i], s.Memory)...)
		s.GPUs = append(s.GPUs, found[i].GPU)
		nvidiaFound = nvidiaFound || found[i].Vendor == "NVIDIA"
	}
	if len(nvidiaPCI) > 0 && !nvidiaFound {
		s.Warnings = append(s.Warnings, fmt.Sprintf("NVIDIA GPU present (%s) but neither NVML nor nvidia-smi "+
			"answered: NVIDIA GPUs not detected; is the NVIDIA driver installed?", strings.Join(nvidiaPCI, ", ")))
	} else if len(s.GPUs) == 0 {
		s.Warnings = append(s.Warnings, "no GPU found: "+strings.Join(notes, "; ")+"; estimates are for the CPU only")
	}
	s.Memory.BandwidthGBps, s.Memory.BandwidthBasis = ramBandwidth(ctx, s, o)
	return s
}

// enrichGPU fills bandwidth and FP16 TFLOPs from the database and settles
// unified memory against system RAM.
func enrichGPU(g *foundGPU, sys Memory) []string {
	var warns []string
	var row Accelerator
	var ok bool
	switch {
	case g.MIG:
		row, ok = lookupProbedWithMemory(migParentName(g.Name), g.parentBytes)
		if !ok && g.parentName != "" {
			row, ok = lookupProbedWithMemory(g.parentName, g.parentBytes)
		}
	case g.Vendor == "Apple":
		var src string
		row, src, ok = appleRow(g.Name, g.parentName)
		if ok {
			g.SpecSource = src
		}
	default:
		row, ok = lookupProbedWithMemory(g.Name, g.MemoryTotalBytes)
	}

	if ok && row.Unified && !g.UnifiedMemory {
		// GB10-class parts: one pool with the CPU, often without a
		// dedicated memory size in NVML.
		g.UnifiedMemory, g.Integrated = true, true
		g.SharedMemoryBytes = sys.TotalBytes
		if g.MemoryTotalBytes == 0 {
			g.MemoryTotalBytes = sys.TotalBytes
			g.MemoryBasis = "system RAM (unified memory; the driver reports no dedicated memory)"
		}
	}
	if g.UnifiedMemory && g.MemoryFreeBytes == nil && sys.AvailableBytes > 0 {
		free := min(g.MemoryTotalBytes, sys.AvailableBytes)
		g.MemoryFreeBytes = &free
	}

	switch {
	case ok && g.MIG && g.parentBytes > 0:
		memShare := float64(g.MemoryTotalBytes) / float64(g.parentBytes)
		compute := g.computeFrac
		if compute == 0 {
			compute = memShare
		}
		g.BandwidthGBps = scaled(row.BandwidthGBps, memShare)
		g.FP16TFLOPs = scaled(row.FP16TFLOPs, compute)
		g.SpecSource = fmt.Sprintf("estimate: MIG slice of %s (%.0f%% of its compute, bandwidth in proportion to its %.0f%% of memory)",
			row.Name, compute*100, memShare*100)
	case ok:
		g.BandwidthGBps, g.FP16TFLOPs = copyPtr(row.BandwidthGBps), copyPtr(row.FP16TFLOPs)
		g.PowerReferenceW = copyPtr(row.PowerW)
		if g.SpecSource == "" {
			g.SpecSource = row.specSource()
		}
		databasePCIeLink(&g.GPU, row)
	case g.clockBW != nil:
		g.BandwidthGBps = copyPtr(g.clockBW)
		g.SpecSource = "estimate: NVML memory clock × bus width"
		warns = append(warns, fmt.Sprintf("GPU %q is not in fitcheck's accelerator database: bandwidth is estimated "+
			"from its memory clock and FP16 TFLOPs are unknown", g.Name))
	case g.Vendor != "Intel": // Intel's warning is already given by its probe
		warns = append(warns, fmt.Sprintf("GPU %q is not in fitcheck's accelerator database: its bandwidth and "+
			"FP16 TFLOPs are unknown; --gpu can describe it", g.Name))
	}
	return warns
}

func scaled(p *float64, f float64) *float64 {
	if p == nil || f <= 0 {
		return nil
	}
	v := *p * f
	return &v
}

// lookupProbedWithMemory prefers the row for the exact memory size, since
// drivers give cards that differ only in memory one name ("RTX 3080" is
// the 10 GB and the 12 GB card).
func lookupProbedWithMemory(name string, bytes int64) (Accelerator, bool) {
	if bytes > 0 {
		gibs := (bytes + 1<<29) >> 30 // round to whole GiB
		k := fmt.Sprintf("%s %dgb", normalizeName(name), gibs)
		if r := dbIndex().exact[k]; len(r) == 1 {
			rows, _ := database()
			return cloneAccelerator(rows[r[0]]), true
		}
	}
	return lookupProbed(name)
}
