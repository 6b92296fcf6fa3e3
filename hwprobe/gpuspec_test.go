package hwprobe

import (
	"errors"
	"strings"
	"testing"
)

func TestParseGPUSpecNames(t *testing.T) {
	cases := []struct {
		spec  string
		count int
		name  string
		gib   float64
	}{
		{"RTX 4090", 1, "NVIDIA GeForce RTX 4090", 24},
		{"4090", 1, "NVIDIA GeForce RTX 4090", 24},
		{"nvidia geforce rtx 4090", 1, "NVIDIA GeForce RTX 4090", 24},
		{"2x RTX 4090", 2, "NVIDIA GeForce RTX 4090", 24},
		{"2 x RTX 4090", 2, "NVIDIA GeForce RTX 4090", 24},
		{"RTX 4090 x2", 2, "NVIDIA GeForce RTX 4090", 24},
		{"RTX 4090*3", 3, "NVIDIA GeForce RTX 4090", 24},
		{"8x h100", 8, "NVIDIA H100 SXM5 80GB", 80},
		{"h100-sxm", 1, "NVIDIA H100 SXM5 80GB", 80},
		{"H100 PCIe", 1, "NVIDIA H100 PCIe 80GB", 80},
		{"RX 7900 XTX", 1, "AMD Radeon RX 7900 XTX", 24}, // "XTX" is not a count
		{"MI300X", 1, "AMD Instinct MI300X", 192},
		{"RTX 4060 Ti 16GB", 1, "NVIDIA GeForce RTX 4060 Ti", 16},
		{"2x RTX 4060 Ti 8GB", 2, "NVIDIA GeForce RTX 4060 Ti", 8},
		{"V100 SXM2 32GB", 1, "NVIDIA V100 SXM2", 32},
		{"Strix Halo", 1, "AMD Ryzen AI Max+ 395 (Strix Halo)", 128},
		{"Ryzen AI Max+ 395", 1, "AMD Ryzen AI Max+ 395 (Strix Halo)", 128}, // "+" inside a name
		{"DGX Spark", 1, "NVIDIA DGX Spark (GB10)", 128},
	}
	for _, c := range cases {
		gpus, err := ParseGPUSpec(c.spec)
		if err != nil {
			t.Errorf("%q: %v", c.spec, err)
			continue
		}
		if len(gpus) != c.count {
			t.Errorf("%q: %d devices, want %d", c.spec, len(gpus), c.count)
			continue
		}
		g := gpus[0]
		if g.Name != c.name || g.Source != SourceOverride {
			t.Errorf("%q: %q (source %s), want %q", c.spec, g.Name, g.Source, c.name)
		}
		want := int64(c.gib * (1 << 30))
		if u, _, ok := usableMemory(c.name, want); ok {
			want = u // the driver-reported total (usable_memory.csv)
		}
		if g.SharedMemoryBytes == 0 && g.MemoryTotalBytes != want {
			t.Errorf("%q: memory %d, want %d", c.spec, g.MemoryTotalBytes, want)
		}
		if g.MemoryFreeBytes == nil || *g.MemoryFreeBytes != g.MemoryTotalBytes {
			t.Errorf("%q: a what-if device should be idle", c.spec)
		}
	}
}

func TestParseGPUSpecMixedDevices(t *testing.T) {
	gpus, err := ParseGPUSpec("RTX 4090 + 2x RTX 3090")
	if err != nil {
		t.Fatal(err)
	}
	if len(gpus) != 3 || gpus[0].Name != "NVIDIA GeForce RTX 4090" || gpus[2].Name != "NVIDIA GeForce RTX 3090" {
		t.Fatalf("got %+v", gpus)
	}
	*gpus[1].BandwidthGBps = 1
	if *gpus[2].BandwidthGBps == 1 {
		t.Fatal("devices share their figures")
	}
}

func TestParseGPUSpecAppleUsesTheMetalShare(t *testing.T) {
	gpus, err := ParseGPUSpec("M4 Max 128GB")
	if err != nil {
		t.Fatal(err)
	}
	g := gpus[0]
	if !g.UnifiedMemory || g.SharedMemoryBytes != 128<<30 {
		t.Fatalf("unified %v, shared %d", g.UnifiedMemory, g.SharedMemoryBytes)
	}
	if g.MemoryTotalBytes >= g.SharedMemoryBytes || g.MemoryTotalBytes < 100<<30 {
		t.Errorf("GPU share of 128 GiB is %s; Metal allows about 84%%", gib(g.MemoryTotalBytes))
	}
	if !strings.HasPrefix(g.MemoryBasis, "estimate:") {
		t.Errorf("memory basis %q should say it is an estimate", g.MemoryBasis)
	}
}

func TestParseGPUSpecCustom(t *testing.T) {
	gpus, err := ParseGPUSpec("mem=24GiB,bw=1008,tflops=165,backend=cuda,name=My card,count=2")
	if err != nil {
		t.Fatal(err)
	}
	if len(gpus) != 2 || gpus[0].Name != "My card" || gpus[0].MemoryTotalBytes != 24<<30 ||
		*gpus[0].BandwidthGBps != 1008 || *gpus[0].FP16TFLOPs != 165 || gpus[0].Backend != "cuda" {
		t.Fatalf("got %+v", gpus[0])
	}
	gpus, err = ParseGPUSpec("mem=96GB, unified=true, backend=vulkan")
	if err != nil {
		t.Fatal(err)
	}
	if g := gpus[0]; !g.UnifiedMemory || g.SharedMemoryBytes != 96e9 || g.BandwidthGBps != nil {
		t.Fatalf("got %+v", g)
	}
}

func TestParseGPUSpecErrors(t *testing.T) {
	cases := []struct{ spec, want string }{
		{"RTX 4099", `unknown accelerator "RTX 4099"; did you mean "RTX 4090"?`},
		{"RTX 5900", `did you mean`},
		{"totally unknown thing", `unknown accelerator`},
		{"A100", `ambiguous`},
		{"M4 Max", `comes with 36, 48, 64 or 128 GiB (or any size up to the largest); add the size, e.g. "M4 Max 128GB"`},
		{"RTX 4060 Ti 12GB", `"RTX 4060 Ti" comes with 8 or 16 GiB, not 12`},
		{"M4 Max 512GB", `not 512`},
		{"A100 40GB", `ambiguous: NVIDIA A100 PCIe 40GB, NVIDIA A100 SXM4 40GB`},
		{"0x RTX 4090", `count 0`},
		{"99x RTX 4090", `count 99`},
		{"", `empty GPU spec`},
		{"RTX 4090 + ", `empty GPU name`},
		{"mem=24GiB,backend=opencl", `unknown backend`},
		{"bw=1008", `mem= is required`},
		{"mem=24GiB,mem=12GiB", `given twice`},
		{"mem=24GiB,speed=9", `unknown key`},
		{"mem=lots", `no number`},
		{"mem=24GiB,bw=-5", `not a positive number`},
		{"mem=24GiB,count=1000", `count 1000`},
	}
	for _, c := range cases {
		_, err := ParseGPUSpec(c.spec)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to contain %q", c.spec, err, c.want)
		}
	}
}

func TestParseSize(t *testing.T) {
	cases := map[string]int64{
		"24GiB": 24 << 30, "24 GiB": 24 << 30, "24gib": 24 << 30,
		"24GB": 24e9, "24G": 24 << 30, "24": 24 << 30, "1.5TiB": 3 << 39, "2TB": 2e12,
		"512MiB": 512 << 20, "512MB": 512e6, "512M": 512 << 20, "4096K": 4 << 20, "1000B": 1000, "0.5": 1 << 29,
	}
	for in, want := range cases {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "GiB", "-1G", "0", "1e3G", "24 PB", "12 apples", "1.2.3G", "99999999999T", "0.0000001B", "NaN"} {
		if got, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", in, got)
		}
	}
	_, err := ParseSize("12 bananas")
	if err == nil || !strings.Contains(err.Error(), "24G = 24GiB") {
		t.Errorf("the error should explain the units: %v", err)
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"24GiB", "24GB", "24", "1.5T", "-1", "", "9999999999999999999999G", ".", "0x10G"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err == nil && n < 1 {
			t.Fatalf("ParseSize(%q) = %d without an error", s, n)
		}
	})
}

func FuzzParseGPUSpec(f *testing.F) {
	for _, s := range []string{"RTX 4090", "2x RTX 4090", "RTX 4090 x2", "M4 Max 64GB", "mem=24GiB,bw=1008",
		"RTX 4090 + RTX 3090", "a+b+c", "=", "x", "99x", "mem=1,count=64,unified=true", "Ryzen AI Max+ 395"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		gpus, err := ParseGPUSpec(s)
		if err != nil {
			return
		}
		if len(gpus) == 0 || len(gpus) > maxGPUCount {
			t.Fatalf("ParseGPUSpec(%q): %d devices", s, len(gpus))
		}
		for _, g := range gpus {
			if g.MemoryTotalBytes <= 0 || g.Name == "" || !validBackend(g.Backend) {
				t.Fatalf("ParseGPUSpec(%q): bad device %+v", s, g)
			}
		}
	})
}

func TestLargeCountsAreOutOfRangeNotUnknown(t *testing.T) {
	for _, spec := range []string{"1000x RTX 4090", "RTX 4090 x 100", "65x H100"} {
		_, err := ParseGPUSpec(spec)
		if err == nil || !strings.Contains(err.Error(), "give 1 to 64") {
			t.Errorf("%q: %v, want a count range error", spec, err)
		}
	}
}

func TestWithSize(t *testing.T) {
	for spec, want := range map[string]string{
		"M4 Max":                "M4 Max 64GB",
		"M4 Max, free=20GiB":    "M4 Max 64GB, free=20GiB",
		"mem=24GiB,free=20GiB":  "mem=24GiB,free=20GiB 64GB",
		"RTX 4060 Ti,free=7GiB": "RTX 4060 Ti 64GB,free=7GiB",
	} {
		if got := WithSize(spec, 64); got != want {
			t.Errorf("WithSize(%q) = %q, want %q", spec, got, want)
		}
	}
}

// A known name that needs a size is not read as a count: "9060 XT" is not
// 9060 × "T".
func TestGPUSpecNameBeforeCount(t *testing.T) {
	_, err := ParseGPUSpec("9060 XT")
	if !errors.Is(err, ErrSizeNeeded) || !strings.Contains(err.Error(), `"9060 XT" comes with`) {
		t.Errorf("9060 XT: %v; want the size question", err)
	}
	if gpus, err := ParseGPUSpec("9060 XT 16GB"); err != nil || len(gpus) != 1 {
		t.Errorf("9060 XT 16GB: %v %v", gpus, err)
	}
	if _, err := ParseGPUSpec("100x RTX 4090"); err == nil || !strings.Contains(err.Error(), "count 100") {
		t.Errorf("100x RTX 4090: %v; want the count error", err)
	}
}
