package estimate

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/hwprobe"
)

// TestPCIeCopyEff recomputes pcieCopyEff: the median share of its link's
// rate that a pinned host-to-GPU copy reaches, over the published
// measurements of testdata/pcie_copy_rates.csv.
func TestPCIeCopyEff(t *testing.T) {
	var shares []float64
	for _, c := range readCSV(t, "testdata/pcie_copy_rates.csv") {
		l, err := hwprobe.ParsePCIeLink(c["link"])
		if err != nil || !strings.HasPrefix(c["source"], "https://") {
			t.Fatalf("%s: link %q (%v), source %q", c["system"], c["link"], err, c["source"])
		}
		shares = append(shares, atof(c["h2d_gbps"])/l.GBps())
	}
	slices.Sort(shares)
	med := shares[len(shares)/2]
	if len(shares)%2 == 0 {
		med = (med + shares[len(shares)/2-1]) / 2
	}
	if math.Abs(med-pcieCopyEff) > 0.01 {
		t.Errorf("median of %d systems %.3f, speed.go has pcieCopyEff %.2f", len(shares), med, pcieCopyEff)
	}
}
