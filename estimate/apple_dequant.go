package estimate

import "strings"

// Dequantisation on M1 Max and M2 Max GPUs (issue 10).
//
// On current llama.cpp builds the Max chips of the M1 and M2 generations
// (Apple GPU families 7 and 8) decode quantised files slower than their
// bandwidth and the per-token cost say, by a time that grows with the
// weights a token reads, not with the layers: an M2 Max laptop's Q4_K_M
// sweep from 0.6B to 32B (hard_cases.csv apple_multigpu_decode-604..620)
// takes 5.6 ms per GB with no intercept, about 45 % of its 400 GB/s, where
// an M3 Max of the same year reaches 87 % with Qwen3-32B. The per-format
// tables (testdata/apple_quant_decode.csv) show the same on a 32-core M1
// Max of May 2024: Llama-3-8B at 35.7 t/s in Q4_K_M and 18.8 in F16, a
// 16.8 ms intercept between two files of the same weights. The base and
// Pro chips do not show it: an M1 Pro (2024, Q4_0 and Q8_0) and an M2 Pro
// (2026, Q4_K_M and Q8_0) are within 6 % of the 2023 per-token cost
// without it, as are the M1 base rows of hard_cases.csv. What limits the
// Max chips (their memory fabric, the kernels' dequantisation at their
// core count) these rows do not say; the M3 generation does not show it.
//
// appleMaxDequantPerWeight is the time per weight a token reads, for
// quantised GGUF files (MXFP4 included) on M1/M2 Max chips under current builds (the 2023
// calibration tables of #4167 fold it into their t0, so legacy-build
// estimates do not add it). Fitted together with the M1/M2 t0 factor
// (build_era.go) on the 25 fitting rows of M1 and M2 chips: a grid over
// the factor {0.35, 0.6, 1} × this cost {0, 1, 1.1, 1.25, 1.4, 1.5, 2} ms
// per 10⁹ weights, applied to the Max chips only or to all M1/M2 chips,
// puts their median |error| at 6.9 % for the Max chips at factor 1 and
// 1.25 ms (5.9 % applied to all, but then the Pro tables above come out
// −15..−25 %). Held out, 20 rows (M1 Max of four sources, an M1, an M1
// 7-core, the M2 Max): median |error| 15.7 → 8.6 %, signed −2.8 % (with
// MXFP4 counted as quantised: two gpt-oss-20b rows on an M1 Max +37 → −8 %).
// F16 on these chips is slower than η says too (+17 % on the May 2024
// M1 Max, +77 % on a 24-core one of 2023): not modelled.
const appleMaxDequantPerWeight = 1.25e-12 // seconds per weight

// appleMax78 reports an M1 Max or M2 Max chip name.
func appleMax78(name string) bool {
	return appleFamily78(name) && strings.Contains(strings.ToUpper(name), "MAX")
}

// appleDequantPerWeight is device ds's dequantisation cost per weight on
// current builds (newDevSpeed stores it in devSpeed.dequantPerWeight).
func appleDequantPerWeight(ds *devSpeed) float64 {
	if ds.backend != "metal" || !appleMax78(ds.name) {
		return 0
	}
	return appleMaxDequantPerWeight
}

// appleDequantTime is what dequantising wread bytes of weights of
// quantisation q adds on device ds, 0 where it does not apply.
func appleDequantTime(ds *devSpeed, q *Quant, wread float64) float64 {
	quantised := (q.Format == FormatGGUF || q.Format == FormatMXFP4) && q.BPW < 16
	if ds.dequantPerWeight == 0 || !quantised {
		return 0
	}
	return ds.dequantPerWeight * wread / (q.BPW / 8)
}
