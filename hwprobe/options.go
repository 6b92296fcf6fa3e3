package hwprobe

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Default roots and timeout.
const (
	DefaultProcRoot   = "/proc"
	DefaultSysRoot    = "/sys"
	DefaultCgroupRoot = "/sys/fs/cgroup"
	// DefaultTimeout bounds each probe; the first nvidia-smi call after
	// boot can take a second or two while the driver wakes up.
	DefaultTimeout = 2 * time.Second
)

// Options tune Probe. The zero value probes this machine.
type Options struct {
	ProcRoot   string        // procfs root; default /proc
	SysRoot    string        // sysfs root; default /sys
	CgroupRoot string        // cgroup fs root; default /sys/fs/cgroup
	Timeout    time.Duration // per probe; default 2 s

	DisableNVML      bool // skip libnvidia-ml
	DisableNvidiaSMI bool // skip the nvidia-smi fallback

	// MeasureBandwidth runs MeasureBandwidth's benchmark (a few hundred
	// ms) when no cached measurement exists. Off, Probe uses the cache, the
	// firmware's memory table or a labelled estimate and stays a few
	// milliseconds long, except on an Arm Linux board without a memory
	// table, which is measured once (bandwidth.go autoMeasure).
	MeasureBandwidth bool
	// CacheDir holds the bandwidth cache; default os.UserCacheDir()/fitcheck.
	// "off" neither reads nor writes a cache.
	CacheDir string

	// Test seams; nil means the real thing.
	openNVML  func() (nvmlLibrary, func(), error)
	runSMI    func(context.Context) ([]byte, error)
	readApple func(context.Context) (appleFacts, []string)
	benchSize int // bandwidth benchmark bytes; 0 = sized from RAM
}

func (o Options) withDefaults() Options {
	if o.ProcRoot == "" {
		o.ProcRoot = DefaultProcRoot
	}
	if o.SysRoot == "" {
		o.SysRoot = DefaultSysRoot
	}
	if o.CgroupRoot == "" {
		o.CgroupRoot = DefaultCgroupRoot
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.openNVML == nil {
		o.openNVML = openNVML
	}
	if o.runSMI == nil {
		o.runSMI = runNvidiaSMI
	}
	if o.readApple == nil && probeApple {
		o.readApple = readAppleFacts
	}
	if o.CacheDir == "" {
		o.CacheDir = defaultCacheDir()
	}
	return o
}

// realRoots reports whether the options describe this machine rather than
// a fixture tree.
func (o Options) realRoots() bool {
	return runtime.GOOS == "linux" && o.ProcRoot == DefaultProcRoot && o.SysRoot == DefaultSysRoot &&
		o.CgroupRoot == DefaultCgroupRoot
}

func defaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "off"
	}
	return filepath.Join(dir, "fitcheck")
}
