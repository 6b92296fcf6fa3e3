package hwprobe

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// appleFacts is what the darwin probe reads with sysctl and ioreg; the
// logic below is portable so tests run everywhere.
type appleFacts struct {
	Chip         string // machdep.cpu.brand_string, e.g. "Apple M2 Pro"
	MemBytes     uint64 // hw.memsize
	WiredLimitMB uint64 // iogpu.wired_limit_mb; 0 = macOS default
	GPUCores     int    // ioreg gpu-core-count; 0 = unknown
	OSVersion    string // kern.osproductversion
}

// Measured Metal recommendedMaxWorkingSetSize as a share of RAM (craft.md
// §4): 16 GB Macs 10.67 GB (exo-explore/exo#1672; 11.84 on an M3,
// llmfit#754), 24 GB 17.76 GiB (sgl-project/sglang#29949), 128 GiB
// 107.52 GiB (antirez/ds4#893). The lowest reading at 16 GB is used; below
// 16 GB and above 128 GiB the nearest share is kept.
var metalShare = []struct{ ramGiB, share float64 }{
	{16, 10.67 / 16},
	{24, 17.76 / 24},
	{128, 107.52 / 128},
}

// metalWorkingSet is how much of ramBytes the GPU may use: the
// iogpu.wired_limit_mb the user set, or else the larger of Metal's
// recommended working set (interpolated from measured points) and the RAM
// less what macOS keeps (never the whole RAM).
func metalWorkingSet(ramBytes int64, wiredLimitMB uint64) (int64, string) {
	if wiredLimitMB > 0 {
		limit := int64(min(wiredLimitMB, uint64(ramBytes>>20))) << 20
		return limit, fmt.Sprintf("iogpu.wired_limit_mb=%d", wiredLimitMB)
	}
	ram := float64(ramBytes) / (1 << 30)
	ws, basis := recommendedWorkingSet(ramBytes, ram)
	// llama.cpp allocates past Metal's recommended working set (ggml-metal
	// only warns), so what bounds a model is the RAM macOS leaves free.
	if ram-macOSReserveGiB > float64(ws)/(1<<30) {
		return int64((ram - macOSReserveGiB) * (1 << 30)), fmt.Sprintf(
			"estimate: %s RAM less %.0f GiB kept for macOS (llama.cpp runs past Metal's recommended working set of %s, "+
				"which it only warns about; a 24 GB M4 Pro ran a 17.3 GiB model fully on its GPU); set iogpu.wired_limit_mb or --gpu to change it",
			gib(ramBytes), macOSReserveGiB, gib(ws))
	}
	return ws, basis
}

// macOSReserveGiB is the RAM macOS keeps when llama.cpp fills unified
// memory: a 24 GB M4 Pro ran Qwen3-30B-A3B Q4_K_M (17.3 GiB of weights,
// about 18.6 GiB with cache and buffers) fully on its GPU at 70 tok/s
// (https://github.com/AlexsJones/llmfit/blob/78692d18f3ed6aaadc7bb2704a1bfca16c9c7f06/llmfit-core/data/community/apple-m4-pro/1785350891-d9aff26a.json),
// leaving about 5 GiB.
const macOSReserveGiB = 5.0

// recommendedWorkingSet is Metal's recommendedMaxWorkingSetSize estimated
// from the measured shares.
func recommendedWorkingSet(ramBytes int64, ram float64) (int64, string) {
	share := metalShare[0].share
	for i, p := range metalShare {
		if ram < p.ramGiB {
			break
		}
		share = p.share
		if i+1 < len(metalShare) && ram < metalShare[i+1].ramGiB {
			next := metalShare[i+1]
			share += (next.share - p.share) * (ram - p.ramGiB) / (next.ramGiB - p.ramGiB)
		}
	}
	return int64(math.Floor(float64(ramBytes) * share)), fmt.Sprintf(
		"estimate: %.0f%% of %s RAM (Metal's working-set limit, measured at 67%% on 16 GB, 74%% on 24 GB and "+
			"84%% on 128 GiB Macs); set iogpu.wired_limit_mb or --gpu to change it", share*100, gib(ramBytes))
}

// appleGPU turns the facts into the Mac's GPU. Its memory is the Metal
// working set; SharedMemoryBytes is all of RAM, which that set is part of.
func appleGPU(f appleFacts) (*foundGPU, []string) {
	chip := strings.TrimSpace(f.Chip)
	if !strings.HasPrefix(chip, "Apple ") || !printable(chip) {
		return nil, []string{fmt.Sprintf("Apple GPU: %q is not an Apple Silicon chip; its GPU is not probed", chip)}
	}
	if f.MemBytes == 0 || f.MemBytes > 16<<40 {
		return nil, []string{fmt.Sprintf("Apple GPU: hw.memsize %d is not a memory size; the GPU is not listed", f.MemBytes)}
	}
	ram := int64(f.MemBytes)
	g := foundGPU{GPU: GPU{Name: chip, Vendor: "Apple", Backend: BackendMetal, UnifiedMemory: true,
		Integrated: true, SharedMemoryBytes: ram, Source: "sysctl"}}
	if f.GPUCores > 0 {
		g.Name = fmt.Sprintf("%s (%d-core GPU)", chip, f.GPUCores)
	}
	if f.OSVersion != "" && printable(f.OSVersion) {
		g.DriverVersion = "macOS " + f.OSVersion
	}
	g.MemoryTotalBytes, g.MemoryBasis = metalWorkingSet(ram, f.WiredLimitMB)
	g.parentName = chip // the chip name finds the row when the core count is unknown
	return &g, nil
}

// appleRow picks the database row for a Mac's GPU. Without a core count the
// slowest variant of the chip is taken, so estimates err low.
func appleRow(name, chip string) (Accelerator, string, bool) {
	if a, ok := lookupProbed(name); ok && a.Kind == KindApple && name != chip {
		return a, a.specSource(), true
	}
	var best Accelerator
	found := false
	for _, a := range ListAccelerators() {
		if a.Kind != KindApple || !strings.HasPrefix(a.Name, chip+" (") {
			continue
		}
		if !found || bandwidthOf(a) < bandwidthOf(best) {
			best, found = a, true
		}
	}
	if !found {
		return Accelerator{}, "", false
	}
	return best, best.specSource() + fmt.Sprintf(" (GPU core count unknown: the slowest %s variant)", chip), true
}

func bandwidthOf(a Accelerator) float64 {
	if a.BandwidthGBps == nil {
		return math.Inf(1)
	}
	return *a.BandwidthGBps
}

// parseSysctl reads `sysctl name...` output ("name: value" or
// "name = value" lines) into a map.
func parseSysctl(text string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			k, v, ok = strings.Cut(line, "=")
		}
		if ok {
			out[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return out
}

// appleFactsFrom reads the sysctl values fitcheck needs; a value that is
// not a number becomes a warning.
func appleFactsFrom(m map[string]string) (appleFacts, []string) {
	f := appleFacts{Chip: m["machdep.cpu.brand_string"], OSVersion: m["kern.osproductversion"]}
	var warns []string
	if v, ok := m["hw.memsize"]; ok {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			warns = append(warns, fmt.Sprintf("Apple GPU: hw.memsize %q is not a number", v))
		}
		f.MemBytes = n
	}
	if v, ok := m["iogpu.wired_limit_mb"]; ok {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			warns = append(warns, fmt.Sprintf("Apple GPU: iogpu.wired_limit_mb %q is not a number; the default limit is assumed", v))
		}
		f.WiredLimitMB = n
	}
	return f, warns
}

var gpuCoreCount = regexp.MustCompile(`"gpu-core-count"\s*=\s*(\d+)`)

// parseGPUCores reads the GPU core count from `ioreg -rc AGXAccelerator`.
func parseGPUCores(ioreg string) int {
	m := gpuCoreCount.FindStringSubmatch(ioreg)
	if m == nil {
		return 0
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n <= 0 || n > 1024 {
		return 0
	}
	return n
}
