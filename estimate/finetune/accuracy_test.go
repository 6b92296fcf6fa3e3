package finetune

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// measurement is one row of estimate/testdata/finetune.csv.
type measurement struct {
	id, use, kind, source string
	measured              float64
	model                 *catalog.Model
	gpu                   estimate.Device
	gpus                  int
	s                     Settings
}

func loadMeasurements(t *testing.T) []measurement {
	t.Helper()
	f, err := os.Open("../testdata/finetune.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	var out []measurement
	for _, row := range rows[1:] {
		get := func(k string) string { return row[col[k]] }
		atoi := func(k string) int {
			if get(k) == "" {
				return 0
			}
			n, err := strconv.Atoi(get(k))
			if err != nil {
				t.Fatalf("%s: %s %q: %v", get("id"), k, get(k), err)
			}
			return n
		}
		m := measurement{id: get("id"), use: get("use"), kind: get("kind"), source: get("source"), gpus: atoi("gpus")}
		if !strings.HasPrefix(m.source, "https://") || m.id == "" {
			t.Fatalf("row %v: needs an id and a source URL", row)
		}
		if m.kind != "oom" {
			if m.measured, err = strconv.ParseFloat(get("measured"), 64); err != nil {
				t.Fatalf("%s: measured %q", m.id, get("measured"))
			}
		}
		if m.model, err = cat.Find(get("model_id")); err != nil {
			t.Fatalf("%s: %v", m.id, err)
		}
		specs, err := hwprobe.ParseGPUSpec(get("gpu"))
		if err != nil || len(specs) == 0 {
			t.Fatalf("%s: gpu %q: %v", m.id, get("gpu"), err)
		}
		g := specs[0]
		m.gpu = estimate.Device{Name: g.Name, Backend: g.Backend, MemoryBytes: g.MemoryTotalBytes, TotalBytes: g.MemoryTotalBytes}
		if g.FP16TFLOPs != nil {
			m.gpu.FP16TFLOPs = *g.FP16TFLOPs
		}
		m.s = Settings{Methods: []string{get("method")}, SeqLen: atoi("seq_len"), Batch: atoi("batch"), GradAccum: 1,
			Checkpointing: get("checkpointing"), Optimizer: get("optimizer"), LoRARank: atoi("lora_rank"),
			LoRATargets: get("lora_targets"), Precision: get("precision"), Sharding: ShardNone, Epochs: 1}
		if m.s.SeqLen == 0 { // a max_seq row: any length that fits the model's context to start from
			m.s.SeqLen = 1024
		}
		out = append(out, m)
	}
	return out
}

// predict returns the estimator's figure for the row's kind (GB, GiB,
// tokens or tokens/s) and whether it says the run fits.
func predict(t *testing.T, m measurement) (float64, bool) {
	t.Helper()
	devs := slices.Repeat([]estimate.Device{m.gpu}, max(m.gpus, 1))
	rs, err := Estimate(m.model, devs, m.s)
	if err != nil {
		t.Fatalf("%s: %v", m.id, err)
	}
	r := rs[0]
	fits := r.Verdict == Fits
	switch m.kind {
	case "peak_gb":
		return float64(r.PeakBytes) / 1e9, fits
	case "peak_gib":
		return float64(r.PeakBytes) / (1 << 30), fits
	case "max_seq": // sources go past the model's context (Unsloth: 342k on a 128k model)
		c := Constants()
		return float64(maxSeqLen(newArch(m.model), m.s.Methods[0], m.s, len(devs), budget(m.gpu), 1<<22, c)), fits
	case "tps": // the speed the step would run at, whatever our memory verdict
		tps, _ := tokensPerSecond(newArch(m.model), m.s.Methods[0], m.s, devs, Constants())
		return tps, fits
	}
	return 0, fits
}

func percentile(errs []float64, p float64) float64 {
	if len(errs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(errs)
	slices.Sort(s)
	return s[int(math.Ceil(p*float64(len(s))))-1]
}

// TestFinetuneAccuracy compares the estimator with every published
// measurement and prints median and p90 absolute error per group, fitted
// and held-out rows apart. Held-out rows bound the error; every out-of-memory
// row must be predicted not to fit.
func TestFinetuneAccuracy(t *testing.T) {
	rows := loadMeasurements(t)
	if len(rows) < 25 {
		t.Errorf("%d measurements, want at least 25", len(rows))
	}
	groups := map[string][]float64{}
	for _, m := range rows {
		got, fits := predict(t, m)
		if m.kind == "oom" {
			if fits {
				t.Errorf("%s: the source ran out of memory, the estimate fits", m.id)
			}
			t.Logf("%-30s %-7s oom     → %v", m.id, m.use, map[bool]string{true: "fits (wrong)", false: "does not fit"}[fits])
			continue
		}
		if m.kind != "tps" && m.kind != "max_seq" && !fits {
			t.Errorf("%s: the source ran it (%.2f), the estimate does not fit", m.id, m.measured)
		}
		e := math.Abs(got-m.measured) / m.measured
		group := map[string]string{"peak_gb": "peak memory", "peak_gib": "peak memory", "max_seq": "largest sequence", "tps": "throughput"}[m.kind]
		groups[group+" / "+m.use] = append(groups[group+" / "+m.use], e)
		t.Logf("%-30s %-7s %-8s measured %10.2f estimated %10.2f  error %5.1f%%", m.id, m.use, m.kind, m.measured, got, 100*e)
	}
	for _, g := range slices.Sorted(func(yield func(string) bool) {
		for k := range groups {
			if !yield(k) {
				return
			}
		}
	}) {
		errs := groups[g]
		t.Logf("%-32s n=%2d  median %5.1f%%  p90 %5.1f%%", g, len(errs), 100*percentile(errs, 0.5), 100*percentile(errs, 0.9))
	}
	mem := append(groups["peak memory / holdout"], groups["peak memory / fit"]...)
	if med := percentile(mem, 0.5); med > 0.15 {
		t.Errorf("peak memory median error %.1f%%, want at most 15%%", 100*med)
	}
	if med := percentile(groups["largest sequence / holdout"], 0.5); med > 0.30 {
		t.Errorf("held-out largest-sequence median error %.1f%%, want at most 30%%", 100*med)
	}
	fmt.Fprint(os.Stderr) // keep fmt for ad-hoc debugging prints
}
