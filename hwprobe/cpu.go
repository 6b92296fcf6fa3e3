package hwprobe

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"

	"github.com/shirou/gopsutil/v4/common"
	"github.com/shirou/gopsutil/v4/cpu"
	xcpu "golang.org/x/sys/cpu"
)

// withRoots points gopsutil at other procfs/sysfs roots (fixture trees).
func withRoots(ctx context.Context, procRoot, sysRoot string) context.Context {
	return context.WithValue(ctx, common.EnvKey, common.EnvMap{
		common.HostProcEnvKey: procRoot,
		common.HostSysEnvKey:  sysRoot,
	})
}

// probeCPU reads the model and core counts with gopsutil and the
// instruction-set features with x/sys/cpu (which asks the CPU itself, so
// features always describe the running machine, not a fixture).
func probeCPU(ctx context.Context, procRoot, sysRoot string) (CPU, []string) {
	ctx = withRoots(ctx, procRoot, sysRoot)
	c := CPU{Arch: runtime.GOARCH, Features: cpuFeatures(), Source: SourceProbe}
	var warns []string
	infos, err := cpu.InfoWithContext(ctx)
	if err == nil && len(infos) > 0 {
		c.Model = coreName(infos[0])
		c.Vendor = cpuVendor(infos[0].VendorID, c.Model)
		c.MaxGHz = maxClockGHz(infos)
		c.Clusters = cpuClusters(infos)
	} else {
		warns = append(warns, fmt.Sprintf("CPU model unknown (%v)", errOr(err, "no CPU listed")))
	}
	if n, err := cpu.CountsWithContext(ctx, true); err == nil && n > 0 {
		c.LogicalCores = n
	} else {
		c.LogicalCores = runtime.NumCPU()
		warns = append(warns, fmt.Sprintf("CPU thread count unreadable (%v); using the %d CPUs Go sees",
			errOr(err, "none found"), c.LogicalCores))
	}
	if n, err := cpu.CountsWithContext(ctx, false); err == nil && n > 0 && n <= c.LogicalCores {
		c.PhysicalCores = n
	} else {
		c.PhysicalCores = c.LogicalCores
		warns = append(warns, fmt.Sprintf("physical core count unknown (%v); assuming one thread per core",
			errOr(err, "none found")))
	}
	if c.Model == "" {
		c.Model = "unknown " + c.Arch + " CPU"
	}
	return c, warns
}

func errOr(err error, fallback string) string {
	if err != nil {
		return err.Error()
	}
	return fallback
}

// cleanModel collapses runs of spaces some firmware pads the brand with.
func cleanModel(s string) string {
	if !printable(s) {
		return ""
	}
	return strings.Join(strings.Fields(s), " ")
}

func cpuVendor(vendorID, model string) string {
	switch {
	case vendorID == "GenuineIntel":
		return "Intel"
	case vendorID == "AuthenticAMD":
		return "AMD"
	case strings.HasPrefix(model, "Apple "):
		return "Apple"
	case vendorID != "" && printable(vendorID):
		return vendorID
	}
	return "unknown"
}

// cpuFeatures lists the instruction sets llama.cpp and friends use for CPU
// inference. x/sys/cpu also checks that the OS enables them.
func cpuFeatures() []string {
	var f []string
	add := func(ok bool, name string) {
		if ok {
			f = append(f, name)
		}
	}
	switch runtime.GOARCH {
	case "amd64", "386":
		add(xcpu.X86.HasAVX, "avx")
		add(xcpu.X86.HasAVX2, "avx2")
		add(xcpu.X86.HasFMA, "fma")
		add(xcpu.X86.HasAVX512F, "avx512f")
		add(xcpu.X86.HasAVX512BW, "avx512bw")
		add(xcpu.X86.HasAVX512VNNI, "avx512_vnni")
		add(xcpu.X86.HasAVX512BF16, "avx512_bf16")
		add(xcpu.X86.HasAVXVNNI, "avx_vnni")
		add(xcpu.X86.HasAMXTile, "amx_tile")
		add(xcpu.X86.HasAMXInt8, "amx_int8")
		add(xcpu.X86.HasAMXBF16, "amx_bf16")
	case "arm64":
		// Apple Silicon always has NEON; x/sys/cpu reads feature bits on
		// Linux and sysctl on darwin.
		add(xcpu.ARM64.HasASIMD || runtime.GOOS == "darwin", "neon")
		add(xcpu.ARM64.HasASIMDDP, "dotprod")
		add(xcpu.ARM64.HasI8MM, "i8mm")
		add(xcpu.ARM64.HasSVE, "sve")
		add(xcpu.ARM64.HasSVE2, "sve2")
	}
	if f == nil {
		f = []string{}
	}
	return f
}

// maxClockGHz is the highest clock gopsutil reports (Linux: each CPU's
// cpufreq cpuinfo_max_freq) among the CPUs of the first CPU's model, nil
// when none does: the clock of the core type Model names, not of another
// cluster of a big.LITTLE chip.
func maxClockGHz(infos []cpu.InfoStat) *float64 {
	var mhz float64
	first := coreName(infos[0])
	for _, in := range infos {
		if coreName(in) == first && clockGHz(in.Mhz) != nil {
			mhz = max(mhz, in.Mhz)
		}
	}
	return clockGHz(mhz)
}

// clockGHz is a clock gopsutil gives in MHz, rounded to the MHz, as GHz;
// nil when it gave none (0) or nonsense.
func clockGHz(mhz float64) *float64 {
	if mhz <= 0 || mhz >= 20000 {
		return nil
	}
	ghz := math.Round(mhz) / 1000
	return &ghz
}
