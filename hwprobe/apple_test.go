package hwprobe

import (
	"context"
	"os"
	"strings"
	"testing"
)

func appleFixture(t *testing.T, file string) appleFacts {
	t.Helper()
	b, err := os.ReadFile("testdata/apple/" + file)
	if err != nil {
		t.Fatal(err)
	}
	f, warns := appleFactsFrom(parseSysctl(string(b)))
	if len(warns) != 0 {
		t.Fatalf("%s: %v", file, warns)
	}
	return f
}

func TestAppleMachines(t *testing.T) {
	cases := []struct {
		file     string
		cores    int
		ramGiB   int64
		gpuShare float64 // expected GPU share of RAM
		row      string
		estimate bool
	}{
		{"m1-8gb.txt", 0, 8, 0.667, "Apple M1 (7-core GPU)", true},        // cores unknown: the slower variant
		{"m2-16gb.txt", 0, 16, 11.0 / 16, "Apple M2 (10-core GPU)", true}, // RAM less the 5 GiB macOS keeps
		{"m3max-64gb.txt", 40, 64, 59.0 / 64, "Apple M3 Max (40-core GPU)", true},
		{"m4max-128gb-wired.txt", 0, 128, 120.0 / 128, "Apple M4 Max (32-core GPU)", false}, // 122880 MB wired limit
	}
	for _, c := range cases {
		f := appleFixture(t, c.file)
		f.GPUCores = c.cores
		g, warns := appleGPU(f)
		if g == nil || len(warns) != 0 {
			t.Fatalf("%s: %v", c.file, warns)
		}
		ram := c.ramGiB << 30
		if g.SharedMemoryBytes != ram || !g.UnifiedMemory || g.Backend != BackendMetal {
			t.Errorf("%s: %+v", c.file, g.GPU)
		}
		share := float64(g.MemoryTotalBytes) / float64(ram)
		if share < c.gpuShare-0.01 || share > c.gpuShare+0.01 {
			t.Errorf("%s: GPU gets %.3f of RAM, want %.3f", c.file, share, c.gpuShare)
		}
		if got := strings.HasPrefix(g.MemoryBasis, "estimate:"); got != c.estimate {
			t.Errorf("%s: memory basis %q", c.file, g.MemoryBasis)
		}
		sys := Memory{TotalBytes: ram, HostTotalBytes: ram, AvailableBytes: ram * 3 / 4}
		enrichGPU(g, sys)
		if !strings.Contains(g.SpecSource, c.row) || g.BandwidthGBps == nil {
			t.Errorf("%s: spec source %q", c.file, g.SpecSource)
		}
		// The GPU's share is part of the RAM, never more than it (the
		// estimator counts it against the same pool).
		if GPUBudgetBytes(g.GPU, true) > sys.TotalBytes {
			t.Errorf("%s: GPU budget %d > RAM %d", c.file, GPUBudgetBytes(g.GPU, true), sys.TotalBytes)
		}
	}
}

func TestAppleThroughProbe(t *testing.T) {
	o := fixtureOptions(t, "testdata/sys/none")
	o.readApple = func(context.Context) (appleFacts, []string) {
		f := appleFixture(t, "m3max-64gb.txt")
		b, _ := os.ReadFile("testdata/apple/ioreg-m3max.txt")
		f.GPUCores = parseGPUCores(string(b))
		return f, nil
	}
	s := Probe(t.Context(), o)
	if len(s.GPUs) != 1 || s.GPUs[0].Name != "Apple M3 Max (40-core GPU)" || s.GPUs[0].DriverVersion != "macOS 15.1" {
		t.Fatalf("got %+v, warnings %q", s.GPUs, s.Warnings)
	}
	if !strings.Contains(s.Memory.BandwidthBasis, "unified memory") || *s.Memory.BandwidthGBps != 409.6 {
		t.Errorf("a Mac's RAM bandwidth is its unified memory's: %v %q", *s.Memory.BandwidthGBps, s.Memory.BandwidthBasis)
	}
}

func TestNotAppleSilicon(t *testing.T) {
	for _, f := range []appleFacts{
		{Chip: "Intel(R) Core(TM) i9-9880H CPU @ 2.30GHz", MemBytes: 16 << 30},
		{Chip: "Apple M2", MemBytes: 0},
	} {
		if g, warns := appleGPU(f); g != nil || len(warns) != 1 || !strings.HasPrefix(warns[0], "Apple GPU") {
			t.Errorf("%+v: %v %v", f, g, warns)
		}
	}
}

func TestMetalWorkingSetNeverAllRAM(t *testing.T) {
	for _, gb := range []int64{4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512} {
		ws, basis := metalWorkingSet(gb<<30, 0)
		if ws <= 0 || ws >= gb<<30 || !strings.HasPrefix(basis, "estimate:") {
			t.Errorf("%d GiB: %d (%s)", gb, ws, basis)
		}
	}
	if ws, _ := metalWorkingSet(16<<30, 1<<20); ws != 16<<30 {
		t.Errorf("a wired limit above RAM is capped at RAM: %d", ws)
	}
}
