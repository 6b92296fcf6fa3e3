package estimate

// A GPU's board power limit sets the clock its cores hold under a
// compute-bound load: a card capped below its default (nvidia-smi -pl,
// common on multi-GPU rigs and in shared racks) runs slower, a factory
// card with a higher limit than the chip's reference (an RTX 3090 at 420
// W) faster. Prefill is compute bound and draws the card's full budget,
// so its rate follows the limit; this file charges that.
//
// powerLimitPrefill is prefill throughput against the card at its
// reference power, by the limit as a fraction of the chip's reference
// board power (the accelerator database's power_w: 350 W for an RTX
// 3090). Measured by
// club-3090's power-cap-sweep (--load-mode prefill-heavy, mainline
// llama.cpp, one air-cooled RTX 3090 whose own default limit is 370 W),
// 10 W steps from 190 W, on a dense and an MoE model:
//   - Qwen3.6-27B Q3_K_XL, 11K-token prompt:
//     https://github.com/noonghunna/club-3090/blob/4a29ab57/docs/img/power-cap-3090-prefill.py
//   - Qwen3.6-35B-A3B Q4_K_XL, 31K-token prompt:
//     https://github.com/noonghunna/club-3090/blob/4a29ab57/docs/img/power-cap-3090-a3b-prefill.py
//
// Each point is the mean of the two workloads' prefill rates at that cap,
// each divided by its rate at the stock limit (1051.07 and 2794.36 t/s;
// they differ by at most 0.04 at any cap). From 330 to 370 W the card
// sits on its boost-clock plateau (327-334 W drawn, SM clock 1605-1710
// MHz); at 380 and 390 W the firmware lets the clock rise again (1665-1785
// MHz). Beyond 390 W the sweep has no point and the rate is held there.
// The x axis is the chip's reference power, not this card's 370 W
// default: a limit binds on the silicon's draw, so two boards of one chip
// with different default limits run alike at 220 W.
// TestPowerLimitCurve recomputes the table from the sweeps; an RTX 5090
// prefill sweep under vLLM (the same repository, 400-600 W) checks that
// it carries to another chip.
//
// Decode is not charged: the same sweeps show its loss depends on the
// card and the model (at 220 W an RTX 3090 decodes the dense model at
// 0.56 of its stock rate and the MoE model at 0.87; an RTX 4090 at 230 of
// 450 W keeps 0.80 of a dense model), because the memory's own draw
// decides how much of the cap the cores get, and fitcheck has no source
// for that per card.
var powerLimitPrefill = [...]struct{ frac, rate float64 }{
	{190.0 / 350, 0.534}, {200.0 / 350, 0.591}, {210.0 / 350, 0.650},
	{220.0 / 350, 0.713}, {230.0 / 350, 0.774}, {240.0 / 350, 0.829},
	{250.0 / 350, 0.872}, {260.0 / 350, 0.896}, {270.0 / 350, 0.914},
	{280.0 / 350, 0.935}, {290.0 / 350, 0.951}, {300.0 / 350, 0.966},
	{310.0 / 350, 0.977}, {320.0 / 350, 0.990}, {330.0 / 350, 0.998},
	{340.0 / 350, 1}, {370.0 / 350, 1}, {380.0 / 350, 1.027},
	{390.0 / 350, 1.044},
}

// powerLimitPrefillFactor is the prefill rate of a card whose board
// power limit is limitW against the chip at its reference power refW; 1
// when either is unknown. Below the sweep's lowest cap the rate falls in
// proportion to the power (the cores already sit near their lowest
// voltage there).
func powerLimitPrefillFactor(limitW, refW float64) float64 {
	if limitW <= 0 || refW <= 0 {
		return 1
	}
	x := limitW / refW
	pts := powerLimitPrefill[:]
	if x >= pts[len(pts)-1].frac {
		return pts[len(pts)-1].rate
	}
	if x <= pts[0].frac {
		return max(pts[0].rate*x/pts[0].frac, 0.05)
	}
	for i := 1; i < len(pts); i++ {
		if x <= pts[i].frac {
			a, b := pts[i-1], pts[i]
			return a.rate + (b.rate-a.rate)*(x-a.frac)/(b.frac-a.frac)
		}
	}
	return 1
}

// PowerLimitPrefill is powerLimitPrefillFactor for callers outside the
// package: the header shows a card's limit where it moves prefill.
func PowerLimitPrefill(limitW, refW float64) float64 {
	return powerLimitPrefillFactor(limitW, refW)
}
