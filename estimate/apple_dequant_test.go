package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestAppleDequantOnTables estimates the rows of the per-format Apple
// tables (testdata/apple_quant_decode.csv) of M1 and M2 chips as current
// builds and with the 2023 t0 and no dequantisation cost: the constants of
// apple_dequant.go and build_era.go were fitted on hard_cases.csv only. The
// quantised rows of the M1 Pro (2024), M2 Pro (2026) and May 2024 M1 Max
// tables must come out within 15 %; the F16 rows and the 24-core M1 Max of
// 2023 are printed (slower than η says, not modelled).
func TestAppleDequantOnTables(t *testing.T) {
	cat := catalogtest.Builtin(t)
	chips := map[string]string{"M1 Pro": "Apple M1 Pro 32GB", "Apple M2 Pro": "Apple M2 Pro 32GB", "M1 Max 32-Core GPU 64GB": "Apple M1 Max 64GB", "M1 Max 24-Core GPU 32GB": "Apple M1 Max 32GB"}
	for _, c := range readCSV(t, "testdata/apple_quant_decode.csv") {
		spec, ok := chips[c["gpu"]]
		size, tg := atof(c["size_gib"]), atof(c["tg_tps"])
		if !ok || size <= 0 || tg <= 0 {
			continue
		}
		gpus, err := hwprobe.ParseGPUSpec(spec)
		if err != nil || len(gpus) == 0 || gpus[0].BandwidthGBps == nil {
			t.Fatalf("%s: %s not in the accelerator database: %v", c["id"], spec, err)
		}
		g := gpus[0]
		dev := Device{Name: g.Name, Backend: "metal", Unified: true, MemoryBytes: g.MemoryTotalBytes * 3 / 4, TotalBytes: g.MemoryTotalBytes, BandwidthGBps: *g.BandwidthGBps}
		if g.FP16TFLOPs != nil {
			dev.FP16TFLOPs = *g.FP16TFLOPs
		}
		hw := Hardware{RAMBytes: g.MemoryTotalBytes, CPUCores: 8, GPUs: []Device{dev}}
		m := hardModel(t, cat, c["model"])
		s := DefaultSettings()
		s.Context, s.PromptTokens, s.TextOnly = 4096, 64, true
		est := func(legacy bool) float64 {
			s.LegacyBuild = legacy
			res, err := EstimateFile(m, scaledFile(t, m, c["quant"], int64(size*(1<<30))), hw, s)
			if err != nil {
				t.Fatal(err)
			}
			return res.DecodeTPS
		}
		cur, leg := est(false), est(true)
		e := (cur - tg) / tg
		t.Logf("%-6s %-24s %-7s %-22s measured %6.2f  current build %6.2f (%+5.1f%%)  2023 t0, no dequantisation %6.2f (%+5.1f%%)  %s",
			c["id"], c["gpu"], c["quant"], c["model"], tg, cur, 100*e, leg, 100*(leg-tg)/tg, c["build_or_date"])
		checked := c["table"] == "xd-m1max-l3-8b" || c["table"] == "aq-m1pro-l13" || c["table"] == "aq-m2pro-l31"
		if checked && c["quant"] != "F16" && math.Abs(e) > 0.15 {
			t.Errorf("%s (%s): %+.1f %% with the dequantisation cost", c["id"], c["quant"], 100*e)
		}
	}
	mac := func(name string) devSpeed {
		return newDevSpeed(&Device{Name: name, Backend: "metal", Unified: true, BandwidthGBps: 400})
	}
	m1, m1pro, m3 := mac("Apple M1 Max"), mac("Apple M1 Pro"), mac("Apple M3 Max")
	q4, f16 := quantNamed("Q4_K_M"), quantNamed("F16")
	if appleDequantTime(&m1, &f16, 1e9) != 0 || appleDequantTime(&m3, &q4, 1e9) != 0 || appleDequantTime(&m1pro, &q4, 1e9) != 0 || appleDequantTime(&m1, &q4, 1e9) <= 0 {
		t.Error("only quantised files on M1/M2 Max chips pay the dequantisation cost")
	}
}
