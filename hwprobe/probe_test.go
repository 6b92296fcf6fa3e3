package hwprobe

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestProbeThisMachine checks the real probe against what the kernel says.
func TestProbeThisMachine(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("compares with /proc")
	}
	start := time.Now()
	s := Probe(t.Context(), Options{CacheDir: t.TempDir()})
	took := time.Since(start)

	memTotal := procMeminfoKB(t, "MemTotal") << 10
	if s.Memory.CgroupLimitBytes == nil {
		if diff := float64(s.Memory.TotalBytes-memTotal) / float64(memTotal); diff > 0.01 || diff < -0.01 {
			t.Errorf("RAM total %d, /proc/meminfo says %d", s.Memory.TotalBytes, memTotal)
		}
	} else if s.Memory.TotalBytes > *s.Memory.CgroupLimitBytes {
		t.Errorf("RAM total %d above the container limit %d", s.Memory.TotalBytes, *s.Memory.CgroupLimitBytes)
	}
	if s.Memory.AvailableBytes <= 0 || s.Memory.AvailableBytes > s.Memory.TotalBytes {
		t.Errorf("available %d of %d", s.Memory.AvailableBytes, s.Memory.TotalBytes)
	}
	if n := runtime.NumCPU(); s.CPU.LogicalCores < n || s.CPU.PhysicalCores < 1 || s.CPU.PhysicalCores > s.CPU.LogicalCores {
		t.Errorf("cores %d/%d, Go sees %d CPUs", s.CPU.PhysicalCores, s.CPU.LogicalCores, n)
	}
	if model := cpuinfoModel(t); model != "" && s.CPU.Model != model {
		t.Errorf("CPU model %q, /proc/cpuinfo says %q", s.CPU.Model, model)
	}
	if s.CPU.Arch != runtime.GOARCH || s.Source != SourceProbe {
		t.Errorf("arch %q source %q", s.CPU.Arch, s.Source)
	}
	if s.Memory.BandwidthGBps == nil || !strings.HasPrefix(s.Memory.BandwidthBasis, "estimate:") {
		t.Errorf("without a measurement the bandwidth must be a labelled estimate: %q", s.Memory.BandwidthBasis)
	}
	if noGPUHere() {
		if len(s.GPUs) != 0 || !hasWarning(s, "no GPU found") {
			t.Errorf("GPUs %+v, warnings %q", s.GPUs, s.Warnings)
		}
	}
	if took > time.Second {
		t.Errorf("probe took %v; it should take milliseconds", took)
	}
	b, err := json.Marshal(s)
	if err != nil || !strings.Contains(string(b), `"gpus":[`) || !strings.Contains(string(b), `"warnings":[`) {
		t.Errorf("JSON %s (%v): arrays must be [] rather than null", b, err)
	}
	t.Logf("probe took %v: %s", took, b)
}

// noGPUHere: no DRM card and no nvidia-smi, as on CI.
func noGPUHere() bool {
	cards, _ := filepath.Glob("/sys/class/drm/card*")
	_, err := exec.LookPath("nvidia-smi")
	return len(cards) == 0 && err != nil
}

func procMeminfoKB(t *testing.T, key string) int64 {
	t.Helper()
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && k == key {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	t.Fatalf("no %s in /proc/meminfo", key)
	return 0
}

func cpuinfoModel(t *testing.T) string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return "" // ARM kernels may not name the model
}

func TestProbeFixtureMachine(t *testing.T) {
	s := Probe(t.Context(), fixtureOptions(t, "testdata/machine/sys"))
	c := s.CPU
	if c.Model != "12th Gen Intel(R) Core(TM) i7-1260P" || c.Vendor != "Intel" || c.LogicalCores != 4 || c.PhysicalCores != 2 {
		t.Errorf("CPU %+v", c)
	}
	if s.Memory.TotalBytes != 16318480<<10 || s.Memory.AvailableBytes != 12582912<<10 || s.Memory.CgroupLimitBytes != nil {
		t.Errorf("memory %+v", s.Memory)
	}
	if len(s.GPUs) != 0 || !hasWarning(s, "no GPU found: NVML not found") || !hasWarning(s, "nvidia-smi not on PATH") {
		t.Errorf("warnings %q", s.Warnings)
	}
}

// TestHungProbeTimesOut: a probe stuck in a driver call (one that ignores
// its context) must not hold fitcheck up.
func TestHungProbeTimesOut(t *testing.T) {
	stuck := make(chan struct{})
	defer close(stuck)
	start := time.Now()
	parts := runProbes(t.Context(), []probe{
		{"fast", func(context.Context) part { return part{warnings: []string{"fast done"}} }},
		{"NVIDIA GPU", func(context.Context) part { <-stuck; return part{} }},
	}, 50*time.Millisecond)
	if took := time.Since(start); took > time.Second {
		t.Fatalf("runProbes waited %v for a hung probe", took)
	}
	if parts[0].warnings[0] != "fast done" || !strings.Contains(parts[1].warnings[0], "NVIDIA GPU probe gave no answer within 50ms") {
		t.Errorf("got %+v", parts)
	}

	o := fixtureOptions(t, "testdata/machine/sys")
	o.Timeout = 100 * time.Millisecond
	o.openNVML = func() (nvmlLibrary, func(), error) { <-stuck; return nil, nil, nil }
	start = time.Now()
	s := Probe(t.Context(), o)
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("Probe waited %v for a hung NVML", took)
	}
	if !hasWarning(s, "NVIDIA GPU probe gave no answer") || s.CPU.LogicalCores != 4 || s.Memory.TotalBytes == 0 {
		t.Errorf("the other probes must still report: %+v", s)
	}
}

func TestPanickingProbeIsAWarning(t *testing.T) {
	parts := runProbes(t.Context(), []probe{{"sysfs GPU", func(context.Context) part { panic("index out of range") }}}, time.Second)
	if !strings.Contains(parts[0].warnings[0], "sysfs GPU probe failed (index out of range)") {
		t.Errorf("got %q", parts[0].warnings)
	}
}

// TestGarbageEverywhere fills every fixture file with garbage: the probe
// must neither panic nor invent hardware, and must say something is off.
func TestGarbageEverywhere(t *testing.T) {
	garbage := []string{"", "\x00\xff\xfe garbage \x01", "-1", "99999999999999999999999999", "0x", "max\nmax",
		"NaN", strings.Repeat("9", 5000), "18446744073709551615"}
	for i, g := range garbage {
		dir := t.TempDir()
		copyGarbage(t, "testdata", dir, g)
		for _, sys := range []string{"amd-discrete", "amd-apu", "intel-xe", "intel-i915"} {
			o := fixtureOptions(t, filepath.Join(dir, "sys", sys))
			o.ProcRoot = filepath.Join(dir, "machine", "proc")
			o.CgroupRoot = filepath.Join(dir, "cgroup", "v1-own", "cgroup")
			smi, _ := os.ReadFile(filepath.Join(dir, "nvidia-smi", "workstation.csv"))
			o.runSMI = func(context.Context) ([]byte, error) { return smi, nil }
			s := Probe(t.Context(), o)
			if len(s.Warnings) == 0 {
				t.Errorf("garbage %d in %s: no warning", i, sys)
			}
			for _, gpu := range s.GPUs {
				if gpu.MemoryTotalBytes <= 0 || gpu.MemoryTotalBytes > 16<<40 {
					t.Errorf("garbage %d in %s: GPU %+v", i, sys, gpu)
				}
			}
			if s.Memory.TotalBytes < 0 || s.CPU.LogicalCores < 1 {
				t.Errorf("garbage %d: memory %+v cpu %+v", i, s.Memory, s.CPU)
			}
		}
		for _, f := range []string{"m1-8gb.txt", "m4max-128gb-wired.txt"} {
			b, _ := os.ReadFile(filepath.Join(dir, "apple", f))
			facts, w := appleFactsFrom(parseSysctl(string(b)))
			g, w2 := appleGPU(facts)
			if g != nil && (g.MemoryTotalBytes <= 0 || g.MemoryTotalBytes > g.SharedMemoryBytes) {
				t.Errorf("garbage %d in %s: %+v", i, f, g)
			}
			if g == nil && len(w)+len(w2) == 0 {
				t.Errorf("garbage %d in %s: no GPU and no warning", i, f)
			}
		}
	}
}

// copyGarbage copies the tree, replacing every file's content with g.
func copyGarbage(t *testing.T, from, to, g string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		return os.WriteFile(filepath.Join(to, rel), []byte(g), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
