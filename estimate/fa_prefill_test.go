package estimate

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// faPair is one published pair of llama-bench prompt-processing rates on
// one device, model file and build: pp N at depth 0 and at depth D
// (testdata/fa_prefill_pairs_*.csv).
type faPair struct {
	id, gpu, backend, model, source string
	pp, depth, powerW               float64
	tps0, tpsD                      float64
}

func readFAPairs(t *testing.T) []faPair {
	t.Helper()
	files, _ := filepath.Glob("testdata/fa_prefill_pairs_*.csv")
	var out []faPair
	for _, f := range files {
		for _, c := range readCSV(t, f) {
			out = append(out, faPair{id: c["id"], gpu: c["gpu"], backend: c["backend"], model: c["model"], source: c["source"],
				pp: atof(c["pp"]), depth: atof(c["depth"]), powerW: atof(c["power_w"]),
				tps0: atof(c["tps_d0"]), tpsD: atof(c["tps_depth"])})
		}
	}
	return out
}

// faDepthFlops is the attention work a prompt of pp tokens adds per token
// when depth tokens are already cached, against an empty cache: every
// query of a full-attention layer sees depth more keys; a sliding-window
// layer sees at most its window.
func faDepthFlops(p *plan, pp, depth float64) float64 {
	keys := func(d float64, k attnKind) float64 {
		var s float64
		for i := 0.0; i < pp; i++ {
			c := d + i
			if k == attnSWA && p.window > 0 {
				c = min(c, float64(p.window))
			}
			s += c
		}
		return s / pp
	}
	var f float64
	for k := attnFull; k <= attnMLA; k++ {
		if n := p.counts[k]; n > 0 {
			f += float64(p.pairFlops) * float64(n) * (keys(depth, k) - keys(0, k))
		}
	}
	return f
}

// faPairRates is each usable pair's flash-attention rate as a fraction
// of its device's FP16 peak (at its stated power limit), by device class
// and by device and backend (one source's many pairs of a machine, across
// its builds, count as that machine's).
// A device without an FP16 peak in the database takes the one its
// hard_cases.csv rows state; pairs of devices or models fitcheck does not
// know are skipped with a note.
func faPairRates(t *testing.T) map[devClass]map[string][]float64 {
	t.Helper()
	cat := catalogtest.Builtin(t)
	db := map[string]*hwprobe.GPU{}
	// A card the database has no FP16 peak for takes the one its
	// hard_cases.csv rows state (with their sources there).
	rowPeak := map[string]float64{}
	for _, c := range readCSV(t, "testdata/hard_cases.csv") {
		if v := atof(c["gpu_tflops"]); v > 0 {
			if g := databaseGPU(c["gpu"], c["gpu_gib"], db); g != nil && rowPeak[g.Name] == 0 {
				rowPeak[g.Name] = v
			}
		}
	}
	out := map[devClass]map[string][]float64{}
	for _, r := range readFAPairs(t) {
		m := cat.ByID(r.model)
		card := databaseGPU(r.gpu, "", db)
		var peak float64
		if card != nil {
			peak = rowPeak[card.Name]
			if card.FP16TFLOPs != nil {
				peak = *card.FP16TFLOPs
			}
		}
		if m == nil || card == nil || peak == 0 || r.tps0 <= 0 || r.tpsD <= 0 || r.depth <= 0 {
			t.Logf("%s: skipped (model %q in catalog: %v, device %q in database: %v)", r.id, r.model, m != nil, r.gpu, card != nil)
			continue
		}
		p, err := newPlan(m)
		if err != nil {
			t.Fatalf("%s: %v", r.id, err)
		}
		dt := 1/r.tpsD - 1/r.tps0
		df := faDepthFlops(p, r.pp, r.depth)
		d := Device{Name: card.Name, Backend: r.backend, FP16TFLOPs: peak, Unified: card.UnifiedMemory}
		if card.PowerReferenceW != nil {
			d.PowerLimitW, d.PowerRefW = r.powerW, *card.PowerReferenceW
		}
		ds := newDevSpeed(&d)
		peakAt := ds.flops * (1 + ds.powerGain)
		if dt <= 0 || df <= 0 {
			t.Logf("%s: skipped (no slowdown with depth: %.1f -> %.1f t/s)", r.id, r.tps0, r.tpsD)
			continue
		}
		frac := df / dt / peakAt
		if out[ds.cls] == nil {
			out[ds.cls] = map[string][]float64{}
		}
		src := r.gpu + " " + r.backend
		out[ds.cls][src] = append(out[ds.cls][src], frac)
		if os.Getenv("FITCHECK_FA") != "" {
			t.Logf("%-12s %-34s %-7s %-28s pp%-5.0f d%-6.0f %8.1f -> %8.1f t/s  FA %6.1f TFLOPS = %.2f of %.0f", r.id, r.gpu, r.backend,
				strings.TrimPrefix(r.model, "meta-llama/"), r.pp, r.depth, r.tps0, r.tpsD, df/dt/1e12, frac, peakAt/1e12)
		}
	}
	return out
}

// TestFAPrefillRate holds faPrefillRate to the pairs it was read from:
// per class, the median of the devices' median rates (FITCHECK_FA=1 also
// prints every pair). In the thirteenth stop one such constant for all of
// a prompt's attention made group prefill 8.04 -> 8.78 % on its 285 rows;
// since the sixteenth it is charged on the keys of the cache and of
// earlier ubatches only (fa_prefill.go). Strix Halo's rate is fitted on
// hard_cases.csv rows of newer builds than its pairs and is not checked
// here.
func TestFAPrefillRate(t *testing.T) {
	for c, bySource := range faPairRates(t) {
		var meds []float64
		for _, v := range bySource {
			meds = append(meds, median(v))
		}
		m := median(meds)
		if os.Getenv("FITCHECK_FA") != "" {
			t.Logf("%-12s %2d devices  median of their medians %.3f", classNames[c], len(meds), m)
		}
		if c == clsIGPU {
			continue
		}
		if want := faPrefillRate(c); math.Abs(m-want) > 0.01 {
			t.Errorf("%s: the pairs' median of device medians is %.3f, faPrefillRate %.3f", classNames[c], m, want)
		}
	}
}

// median of v (sorted in place).
func median(v []float64) float64 {
	slices.Sort(v)
	n := len(v)
	return (v[(n-1)/2] + v[n/2]) / 2
}

// TestCachedTokensPrefill: a prompt after cached tokens attends to them.
// On a class with a measured flash-attention rate the cached keys cost
// what that rate says and the prompt's own attention stays at the matmul
// rate; the window caps a sliding layer's keys; decode is quoted after
// both; a cache that does not fit the context is refused.
func TestCachedTokensPrefill(t *testing.T) {
	p, err := newPlan(sizeModels["llama3-8b"])
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sumMinCtxFrom(1000, 512, attnFull, 0), float64(1512*1511/2-1000*999/2); got != want {
		t.Errorf("keys after 1000 cached: %.0f, want %.0f", got, want)
	}
	if got, want := sumInUbatch(1200, 512, attnFull, 0), float64(2*512*511/2+176*175/2); got != want {
		t.Errorf("1200 tokens in ubatches of 512: %.0f keys within them, want %.0f", got, want)
	}
	if got, want := sumMinCtxFrom(5000, 100, attnSWA, 4096), 100.0*4096; got != want {
		t.Errorf("a window of 4096 past its fill: %.0f keys, want %.0f", got, want)
	}
	hw := oneCardMachine("NVIDIA GeForce RTX 4090", 24, 1008, 165.2)
	s := DefaultSettings()
	s.Context, s.PromptTokens = 8192, 1024 // the model's maximum context
	fresh := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", hw, s)
	s.CachedTokens = 7168
	after := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", hw, s)
	if after.PrefillTPS >= fresh.PrefillTPS || after.DecodeTPS >= fresh.DecodeTPS {
		t.Errorf("7k cached: prefill %.0f → %.0f, decode %.1f → %.1f tok/s: both should fall", fresh.PrefillTPS, after.PrefillTPS, fresh.DecodeTPS, after.DecodeTPS)
	}
	// The cached keys' time is their FLOPs at faPrefillRate of the peak.
	ds := newDevSpeed(&hw.GPUs[0])
	extra := float64(p.pairFlops) * float64(p.counts[attnFull]) * (sumMinCtxFrom(7168, 1024, attnFull, 0) - sumMinCtx(1024, attnFull, 0))
	want := extra / (faPrefillRate(ds.cls) * ds.flops * (1 + ds.powerGain))
	if got := 1024/after.PrefillTPS - 1024/fresh.PrefillTPS; math.Abs(got/want-1) > 0.02 {
		t.Errorf("7k cached keys cost %.4f s of prefill, want %.4f", got, want)
	}
	s.CachedTokens = 7169
	if _, err := Estimate(sizeModels["llama3-8b"], "Q4_K_M", hw, s); err == nil {
		t.Error("7169 cached + 1024 prompt tokens in an 8192 context: want an error")
	}
}
