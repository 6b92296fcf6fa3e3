package estimate

import (
	"math"
	"testing"
)

// The club-3090 sweeps powerLimitPrefill is built from (cap W, prefill t/s),
// copied from the two scripts its comment names.
var (
	sweep3090Dense = [][2]float64{{190, 542.04}, {200, 606.05}, {210, 666.44}, {220, 732.61}, {230, 796.31},
		{240, 855.79}, {250, 906.79}, {260, 934.60}, {270, 959.59}, {280, 982.50}, {290, 1000.34}, {300, 1015.32},
		{310, 1028.58}, {320, 1041.55}, {330, 1050.31}, {340, 1051.35}, {370, 1051.07}, {380, 1080.69}, {390, 1104.81}}
	sweep3090MoE = [][2]float64{{190, 1542.94}, {200, 1690.30}, {210, 1860.96}, {220, 2039.30}, {230, 2210.92},
		{240, 2356.70}, {250, 2461.22}, {260, 2523.67}, {270, 2558.30}, {280, 2611.96}, {290, 2657.45}, {300, 2699.15},
		{310, 2726.33}, {320, 2763.36}, {330, 2786.61}, {340, 2802.41}, {370, 2794.36}, {380, 2866.93}, {390, 2900.05}}
)

// TestPowerLimitCurve recomputes the table from the RTX 3090 sweeps (stock
// rates at 370 W: 1051.07 and 2794.36 t/s, reference power 350 W).
func TestPowerLimitCurve(t *testing.T) {
	if len(sweep3090Dense) != len(powerLimitPrefill) || len(sweep3090MoE) != len(powerLimitPrefill) {
		t.Fatalf("table has %d points, sweeps %d and %d", len(powerLimitPrefill), len(sweep3090Dense), len(sweep3090MoE))
	}
	for i, p := range powerLimitPrefill {
		d, m := sweep3090Dense[i], sweep3090MoE[i]
		if d[0] != m[0] || math.Abs(p.frac-d[0]/350) > 1e-9 {
			t.Fatalf("point %d: cap %v W / %v W, table fraction %v", i, d[0], m[0], p.frac)
		}
		want := (d[1]/1051.07 + m[1]/2794.36) / 2
		if d[0] >= 340 && d[0] <= 370 {
			want = 1 // the plateau: within 0.3 % of the stock rates
		}
		if math.Abs(p.rate-want) > 0.0015 {
			t.Errorf("%v W: table %.3f, sweeps give %.4f", d[0], p.rate, want)
		}
	}
}

// TestPowerLimitCarriesToRTX5090: an RTX 5090's prefill under vLLM capped at
// 400-550 W of its 575 W (club-3090 docs/img/power-cap-5090-qwen36-prefill.py,
// Qwen3.6-27B AutoRound, ~50K-token prompt), against its rate near stock
// (mean of the 570 and 580 W points, 290.68 t/s): not used to build the
// table, within 2 % of it.
func TestPowerLimitCarriesToRTX5090(t *testing.T) {
	const stock = (289.69 + 291.66) / 2
	for _, p := range [][2]float64{{400, 247.33}, {450, 265.71}, {500, 278.90}, {550, 287.28}} {
		got := powerLimitPrefillFactor(p[0], 575)
		if want := p[1] / stock; math.Abs(got/want-1) > 0.02 {
			t.Errorf("RTX 5090 at %v W: curve %.3f, measured %.3f", p[0], got, want)
		}
	}
}

func TestPowerLimitPrefillFactor(t *testing.T) {
	for _, c := range []struct {
		limit, ref, want float64
	}{
		{0, 350, 1}, {220, 0, 1}, {350, 350, 1}, {340, 350, 1}, {370, 350, 1},
		{390, 350, 1.044}, {420, 350, 1.044}, // held beyond the sweep
		{220, 350, 0.713}, {245, 350, (0.829 + 0.872) / 2},
		{95, 350, 0.534 / 2}, // half the lowest cap: half its rate
	} {
		if got := powerLimitPrefillFactor(c.limit, c.ref); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("powerLimitPrefillFactor(%v, %v) = %v, want %v", c.limit, c.ref, got, c.want)
		}
	}
}
