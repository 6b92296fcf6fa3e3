package hwprobe

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/fitcheck/fitcheck/internal/displaytext"
)

// GPUSpecHelp explains what ParseGPUSpec accepts; main.go can show it in
// the --gpu flag help.
const GPUSpecHelp = `a database name or alias with an optional count ("RTX 4090", "2x RTX 4090", ` +
	`"RTX 4090 x2", "M4 Max 64GB", "RTX 4060 Ti 16GB"), several joined by "+" ("RTX 4090 + RTX 3090"), ` +
	`or a custom device "mem=24GiB,bw=1008,tflops=165,backend=cuda[,unified=true][,name=...][,count=N][,free=SIZE][,pcie=4.0x8]"; ` +
	`",free=SIZE" after a name or in a custom device gives the card's free memory (default: all of it, less the Windows desktop's reserve); ` +
	`",pcie=GENxLANES" its host link (default: the card's interface; an eGPU is 3.0x4); ` +
	`",power=WATTS" after a name the board power limit (nvidia-smi -pl; default: the chip's reference), which moves prefill. ` +
	`A size after a name is the vendor's "GB", read as GiB. fitcheck hw --list-gpus lists the names`

// ErrSizeNeeded says an accelerator comes in several memory sizes and the
// spec named none (the CLI then uses --ram for a unified-memory chip).
var ErrSizeNeeded = errors.New("memory size needed")

// sizeNeeded is an error that reads as its message and matches ErrSizeNeeded.
type sizeNeeded string

func (e sizeNeeded) Error() string        { return string(e) }
func (e sizeNeeded) Is(target error) bool { return target == ErrSizeNeeded || target == errKnownName }

// errKnownName matches the errors of a name the database knows but cannot
// settle on its own (a size is needed, or it names several rows).
var errKnownName = errors.New("known accelerator name")

// ambiguousName is the error of a name that matches several rows.
type ambiguousName string

func (e ambiguousName) Error() string        { return string(e) }
func (e ambiguousName) Is(target error) bool { return target == errKnownName }

// maxGPUCount bounds counts so a typo cannot ask for a million devices.
const maxGPUCount = 64

var (
	countPrefix = regexp.MustCompile(`(?i)^(\d{1,6})\s*[x×*]\s*(\S.*)$`)
	// A trailing count needs a space, "*" or "×" before it, or an "x" right
	// after a digit ("RTX 4090x2"), so "RTX 4099" is not "RT" × 4099.
	countSuffix = regexp.MustCompile(`(?i)^(?:(.*\S)(?:\s+[x×*]|[×*])|(.*\d)x)\s*(\d{1,6})$`)
	sizeSuffix  = regexp.MustCompile(`(?i)^(.*\S)\s+(\d+(?:\.\d+)?)\s*(gib|gb|g)$`)
)

// ParseGPUSpec turns a --gpu value into devices (one entry per device). The
// devices are idle what-if hardware: free memory equals total memory.
func ParseGPUSpec(s string) ([]GPU, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("empty GPU spec: give %s", GPUSpecHelp)
	}
	if strings.Contains(s, "=") {
		name, keys, named := splitNamedKeys(s)
		if !named {
			return parseCustomGPU(s)
		}
		gpus, err := ParseGPUSpec(name)
		if err != nil {
			return nil, err
		}
		return gpus, applyNamedKeys(gpus, s, keys)
	}
	// A name may hold "+" itself ("Ryzen AI Max+ 395"), so try the whole
	// string before splitting.
	if gpus, err := parseNamedGPUs(s); err == nil {
		return gpus, nil
	} else if !strings.Contains(s, "+") {
		return nil, err
	}
	var all []GPU
	for _, part := range strings.Split(s, "+") {
		gpus, err := parseNamedGPUs(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		all = append(all, gpus...)
	}
	if len(all) > maxGPUCount {
		return nil, fmt.Errorf("GPU spec %q: %d devices; at most %d", s, len(all), maxGPUCount)
	}
	return all, nil
}

// WithSize puts a memory size after the name part of a --gpu spec ("M4
// Max" → "M4 Max 64GB", "M4 Max,free=…" → "M4 Max 64GB,free=…"), for a
// name that comes in several sizes when the size is known otherwise.
func WithSize(spec string, gib float64) string {
	name, rest, hasKeys := strings.Cut(spec, ",")
	size := fmt.Sprintf(" %gGB", gib)
	if !hasKeys || strings.Contains(name, "=") {
		return spec + size
	}
	return strings.TrimSpace(name) + size + "," + rest
}

// parseNamedGPUs reads "[N x] NAME [SIZE] [x N]".
func parseNamedGPUs(s string) ([]GPU, error) {
	if s == "" {
		return nil, fmt.Errorf("empty GPU name: give %s", GPUSpecHelp)
	}
	type reading struct {
		name  string
		count int
	}
	readings := []reading{{s, 1}}
	if m := countPrefix.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		readings = append(readings, reading{m[2], n})
	}
	if m := countSuffix.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[3])
		readings = append(readings, reading{m[1] + m[2], n})
	}
	var firstErr error
	for i, r := range readings {
		gpu, err := resolveNamedGPU(r.name)
		if err != nil {
			// Report the error for the reading with a count stripped: it is
			// what the user most likely meant. Unless the whole string is a
			// known name that needs a size or is ambiguous: "9060 XT" is
			// not 9060 × "T".
			if firstErr == nil || (i > 0 && !errors.Is(firstErr, errKnownName)) {
				firstErr = err
			}
			continue
		}
		if r.count < 1 || r.count > maxGPUCount {
			return nil, fmt.Errorf("GPU spec %q: count %d; give 1 to %d", s, r.count, maxGPUCount)
		}
		out := make([]GPU, r.count)
		for j := range out {
			out[j] = cloneGPU(gpu)
		}
		return out, nil
	}
	return nil, firstErr
}

// resolveNamedGPU finds one database row for a name with an optional size.
func resolveNamedGPU(name string) (GPU, error) {
	if m := sizeSuffix.FindStringSubmatch(name); m != nil {
		v, err := strconv.ParseFloat(m[2], 64)
		base := lookupUser(m[1])
		if err == nil && v > 0 && !math.IsInf(v, 0) && len(base) > 0 {
			sized := rowsWithMemory(base, v)
			switch {
			case len(sized) == 1:
				return gpuFromAccelerator(sized[0], int64(v*(1<<30))), nil
			case len(sized) > 1:
				return GPU{}, ambiguous(name, sized)
			case len(base) == 1:
				return GPU{}, fmt.Errorf("%q comes with %s, not %s", m[1], memoryChoices(base[0]), m[2])
			}
		}
	}
	rows := lookupUser(name)
	switch {
	case len(rows) == 0:
		msg := fmt.Sprintf("unknown accelerator %q", name)
		if s := suggestName(name); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return GPU{}, fmt.Errorf("%s (fitcheck hw --list-gpus lists the names, or describe it: mem=24GiB,bw=1008,...)", msg)
	case len(rows) > 1:
		return GPU{}, ambiguous(name, rows)
	}
	a := rows[0]
	if len(a.MemoryGiB) != 1 {
		return GPU{}, sizeNeeded(fmt.Sprintf("%q comes with %s; add the size, e.g. %q",
			name, memoryChoices(a), fmt.Sprintf("%s %gGB", name, a.MaxMemoryGiB())))
	}
	return gpuFromAccelerator(a, int64(a.MemoryGiB[0]*(1<<30))), nil
}

func ambiguous(name string, rows []Accelerator) error {
	names := make([]string, 0, len(rows))
	for _, r := range rows {
		names = append(names, r.Name)
	}
	if len(names) > 6 {
		names = append(names[:6], "...")
	}
	return ambiguousName(fmt.Sprintf("accelerator %q is ambiguous: %s; be more specific", name, strings.Join(names, ", ")))
}

// memoryChoices lists a row's memory sizes; unified chips take any size up
// to their largest.
func memoryChoices(a Accelerator) string {
	if a.Unified && len(a.MemoryGiB) > 0 {
		return joinSizes(a.MemoryGiB) + " GiB (or any size up to the largest)"
	}
	return joinSizes(a.MemoryGiB) + " GiB"
}

// rowsWithMemory keeps the rows that come with sizeGiB. Unified chips take
// any size up to their largest, since their memory lists may be incomplete.
func rowsWithMemory(rows []Accelerator, sizeGiB float64) []Accelerator {
	var out []Accelerator
	for _, a := range rows {
		ok := a.Unified && sizeGiB <= a.MaxMemoryGiB()
		for _, m := range a.MemoryGiB {
			ok = ok || m == sizeGiB
		}
		if ok {
			out = append(out, a)
		}
	}
	return out
}

func joinSizes(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.FormatFloat(x, 'f', -1, 64)
	}
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// gpuFromAccelerator makes an idle what-if device from a database row.
func gpuFromAccelerator(a Accelerator, memBytes int64) GPU {
	g := GPU{
		Name: a.Name, Vendor: a.Vendor, Backend: a.Backend,
		MemoryTotalBytes: memBytes, MemoryBasis: "database",
		BandwidthGBps: copyPtr(a.BandwidthGBps), FP16TFLOPs: copyPtr(a.FP16TFLOPs),
		UnifiedMemory: a.Unified, Integrated: a.Kind == KindIntegrated || a.Kind == KindApple,
		Source: SourceOverride, SpecSource: a.specSource(),
		PowerReferenceW: copyPtr(a.PowerW),
	}
	if u, basis, ok := usableMemory(a.Name, memBytes); ok && !a.Unified {
		g.MemoryTotalBytes, g.MemoryBasis = u, basis
	}
	if a.Unified {
		g.SharedMemoryBytes = memBytes
		if a.Kind == KindApple {
			g.MemoryTotalBytes, g.MemoryBasis = metalWorkingSet(memBytes, 0)
		} else {
			g.MemoryBasis = "database: unified memory shared with the CPU"
		}
	}
	free := g.MemoryTotalBytes
	g.MemoryFreeBytes = &free
	databasePCIeLink(&g, a)
	return g
}

var customKeys = "mem, bw, tflops, backend, unified, name, count, free, pcie"

// parseCustomGPU reads "mem=24GiB,bw=1008,tflops=165,backend=cuda,...".
func parseCustomGPU(s string) ([]GPU, error) {
	g := GPU{Name: "custom", Backend: BackendCUDA, Source: SourceOverride, SpecSource: "override", MemoryBasis: "override"}
	count := 1
	free, pcie := "", ""
	seen := map[string]bool{}
	for _, field := range strings.Split(s, ",") {
		field = strings.TrimSpace(field)
		if field == "" {
			continue
		}
		k, v, ok := strings.Cut(field, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || v == "" {
			return nil, fmt.Errorf("custom GPU %q: %q is not key=value (keys: %s)", s, field, customKeys)
		}
		if seen[k] {
			return nil, fmt.Errorf("custom GPU %q: %s given twice", s, k)
		}
		seen[k] = true
		var err error
		switch k {
		case "mem":
			g.MemoryTotalBytes, err = ParseSize(v)
		case "bw":
			g.BandwidthGBps, err = positiveNumber(v)
		case "tflops":
			g.FP16TFLOPs, err = positiveNumber(v)
		case "backend":
			g.Backend = strings.ToLower(v)
			if !validBackend(g.Backend) {
				err = fmt.Errorf("unknown backend %q (cuda, rocm, metal, vulkan, sycl)", v)
			}
		case "unified":
			g.UnifiedMemory, err = strconv.ParseBool(v)
		case "name":
			g.Name = v
			err = displaytext.Check(v, maxCustomNameRunes)
		case "free":
			free = v // applied once mem= is known
		case "pcie":
			pcie = v // applied once unified= is known
		case "count":
			count, err = strconv.Atoi(v)
			if err == nil && (count < 1 || count > maxGPUCount) {
				err = fmt.Errorf("count %d; give 1 to %d", count, maxGPUCount)
			}
		default:
			err = fmt.Errorf("unknown key %q (keys: %s)", k, customKeys)
		}
		if err != nil {
			return nil, fmt.Errorf("custom GPU %q: %s: %w", s, k, err)
		}
	}
	if g.MemoryTotalBytes == 0 {
		return nil, fmt.Errorf("custom GPU %q: mem= is required, e.g. mem=24GiB", s)
	}
	if g.UnifiedMemory {
		g.SharedMemoryBytes = g.MemoryTotalBytes
		g.Integrated = true
	}
	all := g.MemoryTotalBytes
	g.MemoryFreeBytes = &all
	// free= and pcie= as after a database name.
	one := []GPU{g}
	if free != "" {
		if err := setFree(one, s, free); err != nil {
			return nil, err
		}
	}
	if pcie != "" {
		if err := setGivenPCIe(one, s, pcie); err != nil {
			return nil, err
		}
	}
	g = one[0]
	out := make([]GPU, count)
	for i := range out {
		out[i] = cloneGPU(g)
	}
	return out, nil
}

// maxCustomNameRunes bounds name=: the name is shown in the header and
// copied into every estimate of the JSON document.
const maxCustomNameRunes = 64

func positiveNumber(s string) (*float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return nil, fmt.Errorf("%q is not a positive number", s)
	}
	return &v, nil
}

func validBackend(b string) bool {
	switch b {
	case BackendCUDA, BackendROCm, BackendMetal, BackendVulkan, BackendSYCL:
		return true
	}
	return false
}
