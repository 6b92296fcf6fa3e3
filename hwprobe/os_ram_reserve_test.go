package hwprobe

import "testing"

// A what-if machine keeps the desktop reserve, and a small board the bare
// window manager's: a 2 GB Raspberry Pi 5 keeps room for a 0.5B model.
func TestOSRAMReserveBySize(t *testing.T) {
	for _, c := range []struct {
		total, want int64
	}{
		{64 << 30, 64<<30 - OSRAMReserveBytes},
		{8 << 30, 8<<30 - OSRAMReserveBytes},
		{4 << 30, 4<<30 - SmallOSRAMReserveBytes},
		{2 << 30, 2<<30 - SmallOSRAMReserveBytes},
		{5 << 30, 4<<30 - SmallOSRAMReserveBytes},
		{512 << 20, 0},
	} {
		if got := RAMLessOSReserve(c.total); got != c.want {
			t.Errorf("RAMLessOSReserve(%d MiB) = %d MiB, want %d MiB", c.total>>20, got>>20, c.want>>20)
		}
	}
	for g := int64(1); g < 16; g++ {
		if a, b := RAMLessOSReserve(g<<30), RAMLessOSReserve((g+1)<<30); b < a {
			t.Errorf("%d GiB leaves %d MiB, %d GiB less: %d MiB", g, a>>20, g+1, b>>20)
		}
	}
	if n := OSRAMReserveNote(SmallOSRAMReserveBytes); n != "0.9 GiB kept for the OS" {
		t.Errorf("note %q", n)
	}
}
