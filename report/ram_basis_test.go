package report

import "testing"

// A measured RAM bandwidth reaches the estimator marked as measured (the
// CPU's η is then applied on the measured basis, estimate/ram_basis.go);
// SMBIOS peaks, estimates and overrides stay peaks.
func TestMeasuredRAMBandwidthIsMarked(t *testing.T) {
	for basis, want := range map[string]bool{
		"measured 2026-12-01 (multi-threaded read)": true,
		"measured now (multi-threaded read)":        true,
		"override":                                  false,
		"SMBIOS: 2 × DDR5-6000 × 8 bytes":           false,
		"estimate: dual-channel DDR4-3200":          false,
	} {
		s := snapshot(24)
		s.Memory.BandwidthBasis = basis
		hw, _ := EstimateHardware(s, false)
		if hw.RAMBandwidthMeasured != want || hw.RAMBandwidthGBps != 80 {
			t.Errorf("basis %q: measured %v (want %v), %v GB/s", basis, hw.RAMBandwidthMeasured, want, hw.RAMBandwidthGBps)
		}
	}
}
