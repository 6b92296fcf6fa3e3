package hwprobe

import (
	"strings"
	"testing"
)

func probedBox() Snapshot {
	bw := 51.2
	free := int64(20 << 30)
	return Snapshot{
		Source: SourceProbe,
		CPU:    CPU{Model: "Ryzen", PhysicalCores: 8, LogicalCores: 16, Source: SourceProbe},
		Memory: Memory{TotalBytes: 64 << 30, AvailableBytes: 60 << 30, HostTotalBytes: 64 << 30,
			BandwidthGBps: &bw, BandwidthBasis: "measured 2026-01-01 (multi-threaded read)", Source: SourceProbe},
		GPUs:     []GPU{{Name: "NVIDIA GeForce RTX 3060 12GB", MemoryTotalBytes: 12 << 30, MemoryFreeBytes: &free, Source: "nvml"}},
		Warnings: []string{"NVML: GPU 1 not readable", "cgroup x unreadable"},
	}
}

func mustGPUs(t *testing.T, spec string) []GPU {
	t.Helper()
	g, err := ParseGPUSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestOverrideSources(t *testing.T) {
	cases := []struct {
		name string
		o    Overrides
		want string
	}{
		{"nothing", Overrides{}, SourceProbe},
		{"gpu only", Overrides{GPUs: mustGPUs(t, "2x RTX 4090")}, SourceMixed},
		{"ram only", Overrides{RAMBytes: 32 << 30}, SourceMixed},
		{"bandwidth only", Overrides{RAMBandwidthGBps: 90}, SourceMixed},
		{"everything", Overrides{GPUs: mustGPUs(t, "RTX 4090"), RAMBytes: 32 << 30, Cores: 4}, SourceOverride},
		{"no gpu, ram, cores", Overrides{NoGPU: true, RAMBytes: 32 << 30, Cores: 4}, SourceOverride},
		{"a Mac brings its RAM", Overrides{GPUs: mustGPUs(t, "M4 Max 64GB"), Cores: 16}, SourceOverride},
	}
	for _, c := range cases {
		if got := ApplyOverrides(probedBox(), c.o).Source; got != c.want {
			t.Errorf("%s: source %q, want %q", c.name, got, c.want)
		}
	}
}

func TestOverrideGPUsReplaceProbedOnes(t *testing.T) {
	base := probedBox()
	s := ApplyOverrides(base, Overrides{GPUs: mustGPUs(t, "2x RTX 4090")})
	if len(s.GPUs) != 2 || s.GPUs[0].Name != "NVIDIA GeForce RTX 4090" || *s.GPUs[0].BandwidthGBps != 1008 {
		t.Fatalf("got %+v", s.GPUs)
	}
	if hasWarning(s, "NVML") || !hasWarning(s, "cgroup") {
		t.Errorf("GPU warnings of the probed machine should go, others stay: %q", s.Warnings)
	}
	if len(base.GPUs) != 1 || len(base.Warnings) != 2 {
		t.Error("ApplyOverrides changed its input")
	}
	if s := ApplyOverrides(base, Overrides{NoGPU: true}); len(s.GPUs) != 0 || s.GPUs == nil {
		t.Errorf("--no-gpu: %+v", s.GPUs)
	}
}

func TestOverrideRAMAndCores(t *testing.T) {
	s := ApplyOverrides(probedBox(), Overrides{RAMBytes: 128 << 30, Cores: 32})
	if s.Memory.TotalBytes != 128<<30 || s.Memory.Source != SourceOverride {
		t.Errorf("memory %+v", s.Memory)
	}
	if s.Memory.AvailableBytes != 128<<30-OSRAMReserveBytes {
		t.Errorf("a what-if machine's OS keeps its share: available %d of %d", s.Memory.AvailableBytes, s.Memory.TotalBytes)
	}
	if strings.HasPrefix(s.Memory.BandwidthBasis, "measured") {
		t.Errorf("this machine's measured bandwidth says nothing about other RAM: %q", s.Memory.BandwidthBasis)
	}
	if s.CPU.PhysicalCores != 32 || s.CPU.Source != SourceOverride {
		t.Errorf("cpu %+v", s.CPU)
	}
	s = ApplyOverrides(probedBox(), Overrides{RAMBandwidthGBps: 90})
	if *s.Memory.BandwidthGBps != 90 || s.Memory.BandwidthBasis != SourceOverride || s.Memory.TotalBytes != 64<<30 {
		t.Errorf("memory %+v", s.Memory)
	}
}

func TestOverrideWithAMac(t *testing.T) {
	s := ApplyOverrides(probedBox(), Overrides{GPUs: mustGPUs(t, "M2 Ultra 192GB")})
	if s.Memory.TotalBytes != 192<<30 {
		t.Fatalf("a what-if Mac's RAM is its unified memory: %d", s.Memory.TotalBytes)
	}
	if *s.Memory.BandwidthGBps != 819.2 {
		t.Errorf("and its bandwidth: %v", *s.Memory.BandwidthGBps)
	}
	if gpu := GPUBudgetBytes(s.GPUs[0], true); gpu >= 192<<30 || gpu <= 96<<30 {
		t.Errorf("the GPU's working set %d should be a large part of the 192 GiB, not all of it", gpu)
	}
}

func TestBudgets(t *testing.T) {
	free := int64(10 << 30)
	g := GPU{MemoryTotalBytes: 24 << 30, MemoryFreeBytes: &free}
	if GPUBudgetBytes(g, false) != 10<<30 || GPUBudgetBytes(g, true) != 24<<30 {
		t.Error("free by default, total when idle")
	}
	g.MemoryFreeBytes = nil
	if GPUBudgetBytes(g, false) != 24<<30 {
		t.Error("unknown free memory falls back to total")
	}
}
