package hwprobe

import (
	"strings"
	"testing"
)

// power= after a database name sets the board power limit, read against
// the chip's reference power from the database.
func TestGPUSpecPower(t *testing.T) {
	gpus, err := ParseGPUSpec("2x RTX 3090, power=220W")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gpus {
		if l, ref := g.PowerLimit(); l != 220 || ref != 350 {
			t.Errorf("%s: %v W against %v W, want 220 against 350", g.Name, l, ref)
		}
	}
	// Each device holds its own value.
	*gpus[0].PowerLimitW = 100
	if *gpus[1].PowerLimitW != 220 {
		t.Error("devices share the power limit")
	}
	if g, _ := ParseGPUSpec("RTX 3090"); g[0].PowerLimitW != nil {
		t.Errorf("no power= but a limit %v", *g[0].PowerLimitW)
	}
	if g, err := ParseGPUSpec("RTX 3090,free=20GiB,power=420"); err != nil || *g[0].PowerLimitW != 420 {
		t.Errorf("power=420 after free=: %v", err)
	}
	for spec, want := range map[string]string{
		"RTX 3090,power=fast":              "not a board power",
		"RTX 3090,power=-5W":               "not a board power",
		"RTX 3090,power=900W":              "above what",
		"RTX 3090,power=220,power=250":     "given twice",
		"RTX 4070 Ti SUPER,power=250W":     "reference board power",
		"mem=24GiB,bw=900,power=220":       "unknown key",
		"RTX 3090,power=NaN":               "not a board power",
		"M4 Max 64GB,power=60W,pcie=4.0x8": "",
	} {
		_, err := ParseGPUSpec(spec)
		switch {
		case want == "" && err == nil:
			t.Errorf("%q: accepted", spec) // the Mac's pcie= is refused
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: error %v, want one that says %q", spec, err, want)
		}
	}
}
