package cli

import (
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

// hwDocument is `fitcheck hw --json`: the hardware part of the full
// document, with the same field names.
type hwDocument struct {
	SchemaVersion   string          `json:"schema_version"`
	FitcheckVersion string          `json:"fitcheck_version"`
	Hardware        report.Hardware `json:"hardware"`
	Warnings        []string        `json:"warnings"`
}

func newHWCommand(a *App) *cobra.Command {
	var listGPUs, measure bool
	var nfd nfdOptions
	cmd := &cobra.Command{
		Use:   "hw",
		Short: "Show the probed (or what-if) hardware",
		Long: `Show what fitcheck found: CPU (model, cores, inference-relevant features), system
memory (total, available, container limit, bandwidth and where that figure came
from) and every GPU (memory total and free, bandwidth, FP16 TFLOPs, driver).
What-if flags (--gpu, --ram, --ram-bw, --cores, --no-gpu) replace probed parts.`,
		Example: `  fitcheck hw
  fitcheck hw --measure           # measure memory bandwidth (cached per machine)
  fitcheck hw --json
  fitcheck hw --list-gpus         # the accelerator database for --gpu
  fitcheck hw --nfd --model Qwen3-32B --model gpt-oss-20b   # Kubernetes node labels`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if measure && (listGPUs || nfd.on) { // it would be ignored: neither output has a bandwidth to measure into
				return usagef("--measure goes with plain `fitcheck hw`, not with --list-gpus or --nfd")
			}
			if listGPUs {
				return writeAccelerators(a)
			}
			nfd.useHostRoot(a)
			if nfd.on {
				if a.flags.json {
					return usagef("--nfd prints a node-feature-discovery feature file, not JSON: leave out --json")
				}
				ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
				defer stop()
				return runNFD(ctx, a, nfd)
			}
			snap, err := a.Snapshot(cmd.Context())
			if err != nil {
				return err
			}
			var measureErr error // reported after the output, which still shows the measurement
			if measure && snap.Source != hwprobe.SourceOverride {
				snap, measureErr = hwprobe.WithMeasuredBandwidth(cmd.Context(), snap)
			}
			if a.flags.json {
				if err := a.writeJSON(hwDocument{
					SchemaVersion: report.SchemaVersion, FitcheckVersion: a.Version(),
					Hardware: report.HardwareOf(snap), Warnings: nonNilStrings(snap.Warnings),
				}); err != nil {
					return err
				}
				return measureErr
			}
			writeHardware(a.env.Stdout, snap)
			return measureErr
		},
	}
	cmd.Flags().BoolVar(&listGPUs, "list-gpus", false, "list the accelerator database (names and aliases for --gpu)")
	cmd.Flags().BoolVar(&measure, "measure", false, "measure system memory bandwidth now (well under a second) and cache it")
	nfd.register(cmd)
	return cmd
}

func writeHardware(w io.Writer, s hwprobe.Snapshot) {
	source := map[string]string{hwprobe.SourceProbe: "probed", hwprobe.SourceOverride: "what-if", hwprobe.SourceMixed: "probed + what-if"}[s.Source]
	fmt.Fprintf(w, "Hardware (%s)\n\n", source)
	c := s.CPU
	switch {
	case c.PhysicalCores > 0:
		fmt.Fprintf(w, "CPU     %s (%s), %d cores / %d threads\n", orUnknown(c.Model), orUnknown(c.Arch), c.PhysicalCores, c.LogicalCores)
	case s.Source == hwprobe.SourceOverride:
		fmt.Fprintln(w, "CPU     not specified (what-if: --cores sets it)")
	default:
		fmt.Fprintf(w, "CPU     %s (%s), cores unknown\n", orUnknown(c.Model), orUnknown(c.Arch))
	}
	if len(c.Features) > 0 {
		fmt.Fprintf(w, "        features: %s\n", strings.Join(c.Features, " "))
	}
	if len(c.Clusters) > 0 {
		fmt.Fprintf(w, "        cores: %s\n", hwprobe.ClusterSummary(c.Clusters))
	} else if c.MaxGHz != nil {
		fmt.Fprintf(w, "        max clock %.2f GHz\n", *c.MaxGHz)
	}
	m := s.Memory
	fmt.Fprintf(w, "Memory  %s total, %s available", report.Bytes(m.TotalBytes), report.Bytes(m.AvailableBytes))
	if m.CgroupLimitBytes != nil {
		fmt.Fprintf(w, " (container limit %s)", report.Bytes(*m.CgroupLimitBytes))
	}
	if r := m.OSReserveBytes(); r > 0 {
		fmt.Fprintf(w, " (%s)", hwprobe.OSRAMReserveNote(r))
	}
	fmt.Fprintln(w)
	if m.BandwidthGBps != nil {
		fmt.Fprintf(w, "        bandwidth %.0f GB/s (%s)\n", *m.BandwidthGBps, m.BandwidthBasis)
	}
	if len(s.GPUs) == 0 {
		fmt.Fprintln(w, "GPU     none")
	}
	for i, g := range s.GPUs {
		free := "free unknown"
		if g.MemoryFreeBytes != nil {
			free = report.Bytes(*g.MemoryFreeBytes) + " free"
			if strings.Contains(g.MemoryBasis, hwprobe.WindowsReserveNote) {
				free += " (" + hwprobe.WindowsReserveNote + ")"
			}
		}
		kind := g.Backend
		if g.UnifiedMemory {
			kind += ", unified memory"
		}
		if g.Integrated {
			kind += ", integrated"
		}
		fmt.Fprintf(w, "GPU %d   %s (%s): %s total, %s", i, g.Name, kind, report.Bytes(g.MemoryTotalBytes), free)
		if g.BandwidthGBps != nil {
			fmt.Fprintf(w, ", %.0f GB/s", *g.BandwidthGBps)
		}
		if g.FP16TFLOPs != nil {
			fmt.Fprintf(w, ", %.0f FP16 TFLOPs", *g.FP16TFLOPs)
		}
		if g.PCIe != nil {
			fmt.Fprintf(w, ", %s host link", g.PCIe)
			// The basis's first word: sysfs, database or given.
			if f := strings.FieldsFunc(g.PCIeBasis, func(r rune) bool { return r == ':' || r == ' ' }); len(f) > 0 {
				fmt.Fprintf(w, " (%s)", f[0])
			}
		}
		if lim, ref := g.PowerLimit(); lim > 0 {
			// The limit in force against the chip's reference: a cap slows
			// prefill, a factory card's higher limit speeds it.
			fmt.Fprintf(w, ", %.0f W power limit (reference %.0f W", lim, ref)
			if f := estimate.PowerLimitPrefill(lim, ref); f != 1 {
				fmt.Fprintf(w, ", prefill x %.2f", f)
			}
			fmt.Fprint(w, ")")
		}
		if g.DriverVersion != "" {
			fmt.Fprintf(w, ", driver %s", g.DriverVersion)
		}
		fmt.Fprintln(w)
	}
	if s.Interconnect != "" {
		fmt.Fprintf(w, "Links   %s (GPU to GPU, for tensor parallelism)\n", interconnectLabel[s.Interconnect])
	}
	if s.OS != "" {
		fmt.Fprintf(w, "OS      %s\n", osLabel[s.OS])
	}
	writeWarnings(w, s.Warnings)
}

var osLabel = map[string]string{
	hwprobe.OSLinux:   "Linux",
	hwprobe.OSWindows: "Windows" + hybridOSNote,
	hwprobe.OSWSL:     "WSL2" + hybridOSNote,
	hwprobe.OSMacOS:   "macOS",
}

var hybridOSNote = fmt.Sprintf(" (with experts in RAM, decode costs %.0f ms more a token than on Linux)", 1e3*estimate.WindowsHybridToken)

var interconnectLabel = map[string]string{
	hwprobe.InterconnectNVLink: "NVLink",
	hwprobe.InterconnectPCIe:   "PCIe peer-to-peer",
	hwprobe.InterconnectHost:   "through host memory (no peer-to-peer)",
}

func writeAccelerators(a *App) error {
	list := hwprobe.ListAccelerators()
	if a.flags.json {
		// Versioned like every other document (report/schema_gpus.json).
		return a.writeJSON(struct {
			SchemaVersion   string                `json:"schema_version"`
			FitcheckVersion string                `json:"fitcheck_version"`
			Accelerators    []hwprobe.Accelerator `json:"accelerators"`
		}{report.SchemaVersion, a.Version(), list})
	}
	w := a.env.Stdout
	t := newTable(w)
	row(t, "NAME", "VENDOR", "MEMORY", "BANDWIDTH", "FP16", "BACKEND", "PCIE", "PRICE", "ALIASES")
	derived := false
	for _, acc := range list {
		link := "-"
		if acc.PCIe != nil {
			link = strings.TrimPrefix(acc.PCIe.String(), "PCIe ")
		}
		fp16 := floatLabel(acc.FP16TFLOPs, "TFLOPs")
		if acc.FP16Basis != "" {
			fp16 += "*"
			derived = true
		}
		row(t, acc.Name, acc.Vendor, acc.MemoryLabel(), floatLabel(acc.BandwidthGBps, "GB/s"), fp16,
			acc.Backend, link, priceLabel(acc), strings.Join(acc.Aliases, ", "))
	}
	if err := t.Flush(); err != nil {
		return err
	}
	if derived {
		fmt.Fprintln(w, "\n* no published figure: the chip's GPU cores x its generation's per-core rate (--json: fp16_basis)")
	}
	fmt.Fprintf(w, "\n%d accelerators. Use a name or alias with --gpu, e.g. --gpu \"2x %s\".\n", len(list), list[0].Name)
	return nil
}

// priceLabel is the first sourced price of a row and its date ("?" when none).
func priceLabel(a hwprobe.Accelerator) string {
	if len(a.Prices) == 0 {
		return "?"
	}
	p := a.Prices[0]
	s := fmt.Sprintf("$%.0f %s", p.USD, p.Date)
	if len(a.MemoryGiB) > 1 {
		s = fmt.Sprintf("$%.0f (%g GB) %s", p.USD, p.MemoryGiB, p.Date)
	}
	return s
}

func floatLabel(v *float64, unit string) string {
	if v == nil {
		return "?"
	}
	return fmt.Sprintf("%.0f %s", *v, unit)
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
