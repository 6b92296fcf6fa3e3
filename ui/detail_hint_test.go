package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// TestHostShareHint: a speed bound by layers in RAM says that the RAM's
// share was assumed from its peak, and points at hw --measure on a probed
// machine, but not once the bandwidth is measured or for full-GPU fits.
func TestHostShareHint(t *testing.T) {
	cat := fixtureCatalog(t)
	withMemory := func(basis, source string) Model {
		hw := rtx4090(t)
		hw.Memory.BandwidthBasis, hw.Memory.Source = basis, source
		return New(Config{Catalog: cat, Models: cat.Models, Hardware: hw,
			Settings: estimate.DefaultSettings(), Version: "test", ProfileDir: t.TempDir()})
	}
	probed := withMemory("estimate: DDR5, 2 channels assumed", hwprobe.SourceProbe)
	hint := probed.hostShareHint(estimate.VerdictPartial)
	for _, want := range []string{fmt.Sprintf("%.2f", estimate.HostRAMShare()), "0.34–0.70", "hw --measure"} {
		if !strings.Contains(hint, want) {
			t.Errorf("partial on a probed machine: hint %q lacks %q", hint, want)
		}
	}
	if got := probed.hostShareHint(estimate.VerdictGPU); got != "" {
		t.Errorf("full-GPU fit: want no hint, got %q", got)
	}
	if got := withMemory("measured (cached)", hwprobe.SourceProbe).hostShareHint(estimate.VerdictCPU); got != "" {
		t.Errorf("measured bandwidth: want no hint, got %q", got)
	}
	if got := withMemory("DDR5-5600 x 2 (--ram-bw)", hwprobe.SourceOverride).hostShareHint(estimate.VerdictCPU); got == "" || strings.Contains(got, "--measure") {
		t.Errorf("what-if machine: want the share without hw --measure, got %q", got)
	}
}
