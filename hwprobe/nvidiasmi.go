package hwprobe

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strconv"
	"strings"
)

// smiFields is the nvidia-smi query, in the order parseNvidiaSMI reads it.
// Every field has existed for many driver releases.
var smiFields = []string{"index", "name", "uuid", "pci.bus_id", "memory.total", "memory.free", "driver_version"}

// smiLinkFields follow smiFields where the driver knows them: the host
// link's generation and width, the most the card and the system allow
// together (the current values drop when the GPU idles). They are how a
// Windows or WSL2 host, which has no sysfs, learns its cards' links.
// The board power limit in force and the board's default follow them
// (GPU.PowerLimit).
var smiLinkFields = []string{"pcie.link.gen.max", "pcie.link.width.max", "power.limit", "power.default_limit"}

// smiPCIeFields: older fixtures and wrappers print the two PCIe link
// fields without the power ones.
const smiPCIeFields = 2

var errSMINotFound = errors.New("nvidia-smi not on PATH")

// runNvidiaSMI asks nvidia-smi about every GPU; ctx bounds it (the first
// call after boot can take seconds while the driver initialises).
func runNvidiaSMI(ctx context.Context) ([]byte, error) {
	path, err := exec.LookPath("nvidia-smi")
	if err != nil {
		return nil, errSMINotFound
	}
	out, err := querySMI(ctx, path, append(slices.Clone(smiFields), smiLinkFields...))
	if err != nil && ctx.Err() == nil {
		// A driver that does not know a link field refuses the whole
		// query; ask again without them.
		out, err = querySMI(ctx, path, smiFields)
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("nvidia-smi did not answer in time: %w", ctx.Err())
	}
	if err != nil {
		msg := strings.TrimSpace(string(out))
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) && len(ee.Stderr) > 0 {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return nil, fmt.Errorf("nvidia-smi failed: %v %s", err, firstLine(msg))
	}
	return out, nil
}

func querySMI(ctx context.Context, path string, fields []string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, path, "--query-gpu="+strings.Join(fields, ","), "--format=csv,noheader,nounits")
	return cmd.Output()
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// parseNvidiaSMI reads `--format=csv,noheader,nounits` output of smiFields.
// Memory is in MiB; "[N/A]" and "[Not Supported]" mean unknown.
func parseNvidiaSMI(text string) ([]foundGPU, []string) {
	r := csv.NewReader(strings.NewReader(text))
	r.TrimLeadingSpace = true
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var gpus []foundGPU
	var warns []string
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				warns = append(warns, fmt.Sprintf("nvidia-smi output line %d unreadable: %v", line, err))
			}
			break
		}
		if len(rec) != len(smiFields) && len(rec) != len(smiFields)+smiPCIeFields && len(rec) != len(smiFields)+len(smiLinkFields) {
			warns = append(warns, fmt.Sprintf("nvidia-smi output line %d has %d fields, want %d: %q",
				line, len(rec), len(smiFields), firstLine(strings.Join(rec, ","))))
			continue
		}
		name := smiValue(rec[1])
		if name == "" {
			name = "NVIDIA GPU " + smiValue(rec[0])
		}
		g := foundGPU{GPU: GPU{Name: name, Vendor: "NVIDIA", Backend: BackendCUDA, UUID: smiValue(rec[2]),
			PCIBusID: smiValue(rec[3]), DriverVersion: smiValue(rec[6]), Source: "nvidia-smi", MemoryBasis: "driver"}}
		total, okT := smiMiB(rec[4])
		free, okF := smiMiB(rec[5])
		if okT {
			g.MemoryTotalBytes = total
			if okF {
				f := min(free, total)
				g.MemoryFreeBytes = &f
			}
		} else {
			warns = append(warns, fmt.Sprintf("nvidia-smi: %s memory size not reported (%q)", name, rec[4]))
		}
		if len(rec) > len(smiFields) {
			if l, err := ParsePCIeLink(smiValue(rec[7]) + "x" + smiValue(rec[8])); err == nil {
				setPCIeLink(&g.GPU, l, pcieBasisSMI)
			}
		}
		if len(rec) == len(smiFields)+len(smiLinkFields) {
			limit, okL := smiWatts(rec[9])
			def, okD := smiWatts(rec[10])
			if okL && okD {
				g.PowerLimitW, g.PowerDefaultW = &limit, &def
			}
		}
		gpus = append(gpus, g)
	}
	return gpus, warns
}

func smiValue(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") { // [N/A], [Not Supported]
		return ""
	}
	return s
}

// smiWatts reads a power field ("350.00"); a board without power
// management says [N/A].
func smiWatts(s string) (float64, bool) {
	v, err := strconv.ParseFloat(smiValue(s), 64)
	if err != nil || v <= 0 || v > 100000 {
		return 0, false
	}
	return v, true
}

func smiMiB(s string) (int64, bool) {
	v, err := strconv.ParseInt(smiValue(s), 10, 64)
	if err != nil || v <= 0 || v > 1<<40 { // more than an exabyte is garbage
		return 0, false
	}
	return v << 20, true
}
