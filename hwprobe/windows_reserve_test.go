package hwprobe

import "testing"

// TestWindowsDisplayReserve: a what-if discrete card on Windows or WSL2
// loses the display reserve from its free memory, on Linux it does not; a
// probed card (its free memory already counts the desktop) and a unified
// device keep theirs.
func TestWindowsDisplayReserve(t *testing.T) {
	const total = 8 << 30
	card := func(src string, unified bool) GPU {
		free := int64(total)
		return GPU{Name: "RTX 3070", Source: src, MemoryTotalBytes: total, MemoryFreeBytes: &free, UnifiedMemory: unified, MemoryBasis: "database"}
	}
	probed := Snapshot{Source: SourceProbe, OS: OSWindows, GPUs: []GPU{card(SourceProbe, false)}}
	for _, tc := range []struct {
		name     string
		snap     Snapshot
		o        Overrides
		wantFree int64
	}{
		{"what-if on windows", probed, Overrides{GPUs: []GPU{card(SourceOverride, false)}, OS: OSWindows}, total - WindowsDisplayReserveBytes},
		{"what-if on wsl", probed, Overrides{GPUs: []GPU{card(SourceOverride, false)}, OS: OSWSL}, total - WindowsDisplayReserveBytes},
		{"what-if on linux", probed, Overrides{GPUs: []GPU{card(SourceOverride, false)}, OS: OSLinux}, total},
		{"what-if, OS unknown", probed, Overrides{GPUs: []GPU{card(SourceOverride, false)}}, total},
		{"what-if unified on windows", probed, Overrides{GPUs: []GPU{card(SourceOverride, true)}, OS: OSWindows}, total},
		{"probed card, --os windows", probed, Overrides{OS: OSWindows}, total},
	} {
		s := ApplyOverrides(tc.snap, tc.o)
		g := s.GPUs[0]
		if got := GPUBudgetBytes(g, false); got != tc.wantFree {
			t.Errorf("%s: budget %d MiB, want %d MiB (basis %q)", tc.name, got>>20, tc.wantFree>>20, g.MemoryBasis)
		}
		if got := GPUBudgetBytes(g, true); got != total {
			t.Errorf("%s: assume-idle budget %d MiB, want the total", tc.name, got>>20)
		}
	}
	// The overrides' own GPU is not changed.
	o := Overrides{GPUs: []GPU{card(SourceOverride, false)}, OS: OSWindows}
	ApplyOverrides(probed, o)
	if *o.GPUs[0].MemoryFreeBytes != total {
		t.Error("ApplyOverrides changed the caller's GPU")
	}
}
