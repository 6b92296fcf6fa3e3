package estimate

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

var spreadNames = map[spreadClass]string{
	spreadCUDA: "CUDA", spreadCUDAUnified: "CUDA unified", spreadIGPU: "Strix Halo",
	spreadIntelVulkan: "Intel Vulkan", spreadMetal: "Metal", spreadGPU: "other GPUs (all GPU rows)", spreadCPU: "CPU",
}

// TestPrefillRangeCoverage recomputes each spread class's interval from
// the fitting rows of group prefill (measured / estimated, 5th and 95th
// percentiles, nearest rank), fails when a constant of prefill_range.go is more than
// 0.02 from it or rests on fewer than minSpreadRows rows, and checks that
// at least 75 % of the held-out rows fall inside the stated range.
func TestPrefillRangeCoverage(t *testing.T) {
	cat := catalogtest.Builtin(t)
	fit := map[spreadClass][]float64{}
	var pooled []float64 // every fitting GPU row: spreadGPU, the class of GPUs with too few rows of their own
	type cov struct{ in, n int }
	var heldCov, fitCov cov
	heldBy := map[spreadClass]*cov{}
	unstated := 0
	for _, r := range parseHardRows(t) {
		if r.group != "prefill" || r.metric != "prefill_tps" {
			continue
		}
		res := estimateHard(t, cat, r)
		if res.PrefillTPS <= 0 {
			continue // beyond VRAM on a driver's fallback, or beyond RAM (TestAccuracyHardCases)
		}
		if pastContext(r, res) {
			continue // past the model's context (TestAccuracyHardCases)
		}
		if r.unsteadyPrefill() {
			continue // a tool's first timed run on a GPU (TestAccuracyHardCases)
		}
		want := atof(r.want)
		ratio := want / res.PrefillTPS
		set := res.prefillSpreads
		single := set != 0 && set&(set-1) == 0
		if !r.heldout && single && set != spreadNone {
			fit[set] = append(fit[set], ratio)
			if set != spreadCPU {
				pooled = append(pooled, ratio)
			}
		}
		if res.PrefillTPSLow <= 0 {
			unstated++
			continue
		}
		inside := want >= res.PrefillTPSLow && want <= res.PrefillTPSHigh
		c := &fitCov
		if r.heldout {
			c = &heldCov
			if single {
				if heldBy[set] == nil {
					heldBy[set] = &cov{}
				}
				heldBy[set].n++
				if inside {
					heldBy[set].in++
				}
			}
		}
		c.n++
		if inside {
			c.in++
		}
	}
	// Apple GPUs: the calibration tables' Metal rows too, on which their
	// prefill rate was fitted.
	for _, r := range loadCalibration(t) {
		if r.pp > 0 && strings.EqualFold(r.backend, "metal") {
			if pp, _, _ := predict(t, r); pp > 0 {
				fit[spreadMetal] = append(fit[spreadMetal], r.pp/pp)
			}
		}
	}
	fit[spreadGPU] = pooled
	for c := spreadClass(1); c < spreadNone; c <<= 1 {
		v := fit[c]
		slices.Sort(v)
		if len(v) < minSpreadRows {
			t.Errorf("spread class %s: %d fitting rows, under %d: fold it into another class", spreadNames[c], len(v), minSpreadRows)
			continue
		}
		lo, hi := quantile(v, 0.05), quantile(v, 0.95)
		s := c.spread()
		h := heldBy[c]
		if h == nil {
			h = &cov{}
		}
		t.Logf("%-13s fitting rows %3d: measured/estimated %.2f..%.2f (stated %.2f..%.2f); held out %3d, %3d inside", spreadNames[c], len(v), lo, hi, s.lo, s.hi, h.n, h.in)
		if math.Abs(lo-s.lo) > 0.02 || math.Abs(hi-s.hi) > 0.02 {
			t.Errorf("spread class %s: the fitting rows give %.2f..%.2f, prefill_range.go states %.2f..%.2f", spreadNames[c], lo, hi, s.lo, s.hi)
		}
	}
	t.Logf("inside the stated range: fitting rows %d of %d (%.0f %%), held out %d of %d (%.0f %%); %d rows with no range (no fitting rows for their CPU)",
		fitCov.in, fitCov.n, 100*float64(fitCov.in)/float64(fitCov.n), heldCov.in, heldCov.n, 100*float64(heldCov.in)/float64(heldCov.n), unstated)
	if 4*heldCov.in < 3*heldCov.n {
		t.Errorf("the stated prefill range holds %d of %d held-out measurements, under 75 %%", heldCov.in, heldCov.n)
	}
}

// TestPrefillRange checks the interval of a mixed estimate (the widest of
// its classes) and that a class with no fitting rows states none.
func TestPrefillRange(t *testing.T) {
	s, ok := prefillRange(spreadCUDA | spreadCPU)
	if !ok || s.lo != min(spreadCUDA.spread().lo, spreadCPU.spread().lo) || s.hi != max(spreadCUDA.spread().hi, spreadCPU.spread().hi) {
		t.Errorf("CUDA with the CPU: %v %v", s, ok)
	}
	if _, ok := prefillRange(spreadCPU | spreadNone); ok {
		t.Error("a CPU without dot products states a range")
	}
	if _, ok := prefillRange(0); ok {
		t.Error("no devices state a range")
	}
}
