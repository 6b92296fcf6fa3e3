package hwprobe

import (
	"strings"
	"testing"
)

func TestGPUSpecFree(t *testing.T) {
	for _, tc := range []struct {
		spec     string
		n        int
		wantFree int64
	}{
		{"RTX 4060 Laptop, free=7.5GiB", 1, 15 << 29},
		{"2x RTX 4090,free=20GiB", 2, 20 << 30},
		{"RTX 3070 + RTX 3070, free=7000MiB", 2, 7000 << 20},
		{"mem=24GiB,bw=1000,free=20GiB,count=3", 3, 20 << 30},
		{"free=20GiB,mem=24GiB", 1, 20 << 30},
	} {
		gpus, err := ParseGPUSpec(tc.spec)
		if err != nil {
			t.Fatalf("%q: %v", tc.spec, err)
		}
		if len(gpus) != tc.n {
			t.Fatalf("%q: %d devices, want %d", tc.spec, len(gpus), tc.n)
		}
		for _, g := range gpus {
			if *g.MemoryFreeBytes != tc.wantFree || !freeGiven(&g) {
				t.Errorf("%q: free %d, want %d (basis %q)", tc.spec, *g.MemoryFreeBytes, tc.wantFree, g.MemoryBasis)
			}
		}
		// free= is the budget; the Windows reserve does not come on top.
		s := ApplyOverrides(Snapshot{Source: SourceProbe}, Overrides{GPUs: gpus, OS: OSWindows})
		if got := GPUBudgetBytes(s.GPUs[0], false); got != tc.wantFree {
			t.Errorf("%q on windows: budget %d, want %d", tc.spec, got, tc.wantFree)
		}
	}
	// Without free= a named card stays idle: free is the total.
	gpus, err := ParseGPUSpec("RTX 4090")
	if err != nil || *gpus[0].MemoryFreeBytes != gpus[0].MemoryTotalBytes || freeGiven(&gpus[0]) {
		t.Fatalf("plain name: %v %+v", err, gpus)
	}
}

func TestGPUSpecFreeErrors(t *testing.T) {
	for spec, want := range map[string]string{
		"RTX 4060 Laptop,free=9GiB":            "more than the card",
		"RTX 4060 Laptop,mem=9GiB":             "only free=SIZE",
		"RTX 4060 Laptop,free=7GiB,free=6GiB":  "twice",
		"RTX 4060 Laptop,free=lots":            "free",
		"RTX 4060 Laptop,free":                 "did you mean",
		"M4 Max 64GB,free=20GiB":               "discrete cards",
		"mem=8GiB,free=9GiB":                   "more than the card",
		"mem=96GB,unified=true,free=20GiB":     "discrete cards",
		"no such card,free=1GiB":               "unknown accelerator",
		"mem=24GiB,free=20GiB,free=10GiB":      "twice",
		"RTX 4060 Laptop,free=7GiB,bw=100,x=1": "only free=SIZE",
		"RTX 4060 Laptop, free=0":              "more than zero",
		"RTX 4060 Laptop, free=-1GiB":          "free",
		"RTX 4060 Laptop, free=1e400GiB":       "free",
		"2x RTX 4090 + mem=8GiB,free=1GiB":     "",
	} {
		_, err := ParseGPUSpec(spec)
		if want == "" {
			continue // any answer, as long as it does not panic
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one containing %q", spec, err, want)
		}
	}
}
