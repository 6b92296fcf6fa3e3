package estimate

import (
	"strconv"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestGCNExpertFloorHeldOut takes the MoE rows of hard_cases.csv that
// were collected after the GCN expert floor was fixed (gcn_decode,
// backend_vendor_decode-186 on, all held out) and splits each estimate
// into the floor's share and the rest, so that the log shows what the
// measurement says of the floor itself: the per-mat-vec floor it implies
// if the rest of the estimate is right. It fails where the floor does not
// act as expert_floor.go says: it must charge the fine-grained experts
// (Qwen3-30B-A3B, GLM-4.7-Flash, Qwen3-Next: under 2 MB a mat-vec) and
// nothing for Llama-4-Scout's 8192-wide experts.
func TestGCNExpertFloorHeldOut(t *testing.T) {
	cat := catalogtest.Builtin(t)
	checked := 0
	for _, r := range parseHardRows(t) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.id, "backend_vendor_decode-"))
		if err != nil || n < 186 || r.group != "gcn_decode" || r.metric != "decode_tps" {
			continue
		}
		p, _ := newPlan(hardModel(t, cat, r.model))
		if p.nExpert <= 0 {
			continue // a dense baseline
		}
		if !r.heldout {
			t.Errorf("%s: collected after the floor was fixed, so it must be held out", r.id)
		}
		ds := newDevSpeed(&r.hw.GPUs[0])
		qi, ok := lookupQuantIndex(r.quant)
		if !ok {
			t.Fatalf("%s: quant %s", r.id, r.quant)
		}
		var w weights
		p.computeWeights(&quantTable[qi], EngineLlamaCpp, true, true, &w, nil)
		run := run{p: p}
		rate := params[ds.cls].eta * ds.vendor.etaFactor(r.quant) * ds.bw * 1e9
		floorMs := 1e3 * run.expertFloorTime(&w, 0, p.nLayer, &ds, rate)
		calls, perMat := run.expertMatVecs(&w, 0, p.nLayer)
		perMatUs := 1e6 * perMat / rate
		got, _ := predictHard(t, cat, r)
		want, _ := strconv.ParseFloat(r.want, 64)
		estMs, measMs := 1e3/got, 1e3/want
		// The floor the measurement implies: what it leaves over the rest
		// of the estimate, spread over the expert mat-vecs, plus each
		// mat-vec's own bandwidth time.
		// Where the floor charges nothing the experts stream above it, and
		// what the measurement leaves over says nothing of it.
		implied := "no floor charged"
		if floorMs > 0 {
			implied = strconv.FormatFloat(1e3*(measMs-(estMs-floorMs))/calls+perMatUs, 'f', 1, 64) + " us implied"
		}
		t.Logf("%-26s %-44s %-7s measured %6.2f ms, estimated %6.2f ms of which floor %5.2f ms (%4.0f expert mat-vecs of %4.1f us bandwidth): error %+6.1f%%, without the floor %+6.1f%%; floor %s",
			r.id, r.model, r.quant, measMs, estMs, floorMs, calls, perMatUs, 100*(got-want)/want, 100*(1e3/(estMs-floorMs)-want)/want, implied)
		switch {
		case perMatUs < 1e6*gcnExpertMatVecFloor && floorMs <= 0:
			t.Errorf("%s: %.1f us experts on a GCN card, but the floor charges nothing", r.id, perMatUs)
		case perMatUs >= 1e6*gcnExpertMatVecFloor && floorMs != 0:
			t.Errorf("%s: %.1f us experts stream above the floor, but it charges %.2f ms", r.id, perMatUs, floorMs)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no held-out GCN MoE row found in hard_cases.csv")
	}
}
