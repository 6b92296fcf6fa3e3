package plan

import (
	"math"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// HardwarePrice prices a probed or what-if machine from the accelerator
// database: every GPU must come from a priced row (its spec source names
// the row) at a listed memory size (within 10 %, as drivers report a
// little less than the box says). Whole systems count once per device.
// False when any part is unpriced: a partial price would mislead.
func HardwarePrice(gpus []hwprobe.GPU, rows []hwprobe.Accelerator) (Price, *float64, bool) {
	if len(gpus) == 0 {
		return Price{}, nil, false
	}
	byName := make(map[string]hwprobe.Accelerator, len(rows))
	for _, a := range rows {
		byName[a.Name] = a
	}
	var total, power float64
	powerKnown := true
	var what []string
	var first hwprobe.Price
	for i, g := range gpus {
		a, ok := byName[strings.TrimPrefix(g.SpecSource, "database: ")]
		if !ok {
			return Price{}, nil, false
		}
		mem := float64(g.MemoryTotalBytes)
		if g.UnifiedMemory && g.SharedMemoryBytes > 0 {
			mem = float64(g.SharedMemoryBytes)
		}
		mem /= 1 << 30
		var best *hwprobe.Price
		for j := range a.Prices {
			p := &a.Prices[j]
			if math.Abs(p.MemoryGiB-mem) <= 0.1*p.MemoryGiB && (best == nil || math.Abs(p.MemoryGiB-mem) < math.Abs(best.MemoryGiB-mem)) {
				best = p
			}
		}
		if best == nil {
			return Price{}, nil, false
		}
		if i == 0 {
			first = *best
		}
		total += best.USD
		what = append(what, a.Name)
		if a.PowerW != nil {
			power += *a.PowerW
		} else {
			powerKnown = false
		}
	}
	p := Price{TotalUSD: total, UnitUSD: first.USD, Units: len(gpus), Kind: first.Kind, Date: first.Date,
		What: first.What, Source: first.Source}
	if len(gpus) > 1 && total != first.USD*float64(len(gpus)) {
		p.UnitUSD, p.What = 0, "mixed: "+strings.Join(what, " + ")
	}
	if !powerKnown {
		return p, nil, true
	}
	return p, &power, true
}

// CostOn prices one estimate on a priced machine with settings.Parallel
// users: the figures of a plan for that machine.
func CostOn(m *catalog.Model, r estimate.Result, hw estimate.Hardware, s estimate.Settings, price Price, powerW *float64,
	c CostSettings, hosted []HostedPrice, inputPerOutput float64) *LocalCost {
	if r.Verdict == estimate.VerdictNo {
		return nil
	}
	sp := Throughput(m, r, hw, s, max(s.Parallel, 1))
	p := Plan{Price: &price, PowerW: powerW, AggregateTPS: sp.AggregateTPS, PrefillTPS: sp.PrefillTPS}
	return Cost(p, c, hosted, inputPerOutput)
}
