package ui

import (
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// meterColumns are the columns where the header's memory meters start, by
// line label.
func meterColumns(m Model) map[string]int {
	cols := map[string]int{}
	for _, l := range strings.Split(screenText(m), "\n") {
		f := strings.Fields(l)
		if len(f) == 0 || !(f[0] == "RAM" || strings.HasPrefix(f[0], "GPU")) {
			continue
		}
		if i := strings.IndexAny(l, "░█"); i >= 0 {
			cols[f[0]] = textWidth(l[:i])
		}
	}
	return cols
}

func TestHeaderMetersInOneColumn(t *testing.T) {
	// 4 GiB of RAM next to a 24 GiB card, and two cards of different sizes:
	// the figures after the meters differ in length, the meters do not move.
	cat := fixtureCatalog(t)
	gpus, err := hwprobe.ParseGPUSpec("RTX 4090")
	if err != nil {
		t.Fatal(err)
	}
	small, err := hwprobe.ParseGPUSpec("RTX 3060")
	if err != nil {
		t.Fatal(err)
	}
	for name, o := range map[string]hwprobe.Overrides{
		"4 GiB RAM":   {GPUs: gpus, RAMBytes: 4 << 30},
		"512 GiB RAM": {GPUs: gpus, RAMBytes: 512 << 30},
		"4090 + 3060": {GPUs: append(gpus, small...), RAMBytes: 4 << 30},
	} {
		hw := hwprobe.ApplyOverrides(rtx4090(t), o)
		for _, w := range []int{80, 120, 200} {
			m := sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: hw, Settings: estimate.DefaultSettings()}), w, 40)
			cols := meterColumns(m)
			if len(cols) != 1+len(o.GPUs) {
				t.Fatalf("%s at %d: meters on %v\n%s", name, w, cols, screenText(m))
			}
			for lbl, c := range cols {
				if c != cols["RAM"] {
					t.Errorf("%s at %d columns: the %s meter starts at %d, the RAM meter at %d\n%s", name, w, lbl, c, cols["RAM"], screenText(m))
				}
			}
		}
	}
}
