package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/report"
)

func doc(t *testing.T, a ...string) report.Document {
	t.Helper()
	code, out, errs := run(t, append(a, "--json")...)
	if code != ExitOK {
		t.Fatalf("%q: exit %d: %s", a, code, errs)
	}
	var d report.Document
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// firstRow is the model id of the piped table's first data row.
func firstRow(t *testing.T, a ...string) (id, table string) {
	t.Helper()
	code, out, errs := run(t, a...)
	if code != ExitOK {
		t.Fatalf("%q: exit %d: %s", a, code, errs)
	}
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "MODEL ") && i+1 < len(lines) {
			return strings.Fields(lines[i+1])[0], out
		}
	}
	t.Fatalf("no table in %s", out)
	return "", ""
}

// Acceptance of issue 16: on an RTX 4090 with 64 GiB the first row is an
// instruct model at ≥ 10 tok/s whose index is in the top quartile of the
// models that fit.
func TestBestThatFitsOnRTX4090(t *testing.T) {
	d := doc(t, whatIf...)
	id, table := firstRow(t, whatIf...)
	var top *report.Model
	var fitIndexes []float64
	for i := range d.Models {
		m := &d.Models[i]
		if m.ID == id {
			top = m
		}
		if _, ok := report.PickFor(m, report.DefaultMinTPS); ok && m.Quality.Index != nil {
			fitIndexes = append(fitIndexes, *m.Quality.Index)
		}
	}
	if top == nil {
		t.Fatalf("first row %q is not in the document", id)
	}
	p, _ := report.PickFor(top, report.DefaultMinTPS)
	if top.Quality.BaseModel || top.Quality.Index == nil || !p.Usable {
		t.Fatalf("first row %s: base %v, index %v, usable %v\n%s", id, top.Quality.BaseModel, top.Quality.Index, p.Usable, table)
	}
	slices.Sort(fitIndexes)
	q3 := fitIndexes[len(fitIndexes)*3/4]
	if *top.Quality.Index < q3 {
		t.Errorf("first row %s has index %.1f, below the top quartile %.1f of the fits", id, *top.Quality.Index, q3)
	}
	if *p.Estimate.DecodeTPS < 10 {
		t.Errorf("first row %s runs at %.1f tok/s", id, *p.Estimate.DecodeTPS)
	}
}

// On a 16 GiB CPU box the first row runs at ≥ 10 tok/s, or the table says
// that none does.
func TestBestThatFitsOnSmallCPU(t *testing.T) {
	cpu := []string{"--no-gpu", "--ram", "16GiB"}
	d := doc(t, cpu...)
	id, _ := firstRow(t, cpu...)
	for i := range d.Models {
		if d.Models[i].ID == id {
			p, _ := report.PickFor(&d.Models[i], report.DefaultMinTPS)
			if !p.Usable || *p.Estimate.DecodeTPS < 10 {
				t.Errorf("first row %s at %v tok/s", id, p.Estimate.DecodeTPS)
			}
		}
	}
	_, out, _ := run(t, append(cpu, "--min-tps", "5000")...)
	if !strings.Contains(out, "none runs at ≥ 5000 tok/s") {
		t.Errorf("an impossible --min-tps does not say so:\n%.600s", out)
	}
}

func TestSortOrdersAndFlags(t *testing.T) {
	for _, o := range report.SortOrders {
		if code, _, errs := run(t, args("--sort", o)...); code != ExitOK {
			t.Errorf("--sort %s: exit %d %s", o, code, errs)
		}
	}
	id, _ := firstRow(t, args("--sort", "speed")...)
	d := doc(t, whatIf...)
	fastest, best := "", 0.0
	for i := range d.Models {
		if p, ok := report.PickFor(&d.Models[i], 10); ok && *p.Estimate.DecodeTPS > best {
			fastest, best = d.Models[i].ID, *p.Estimate.DecodeTPS
		}
	}
	if id != fastest {
		t.Errorf("--sort speed starts with %s, the fastest is %s", id, fastest)
	}
	for _, bad := range [][]string{{"--sort", "fastest"}, {"--min-tps", "0"}, {"--min-tps", "-3"}, {"--min-tps", "NaN"}} {
		code, out, errs := run(t, args(bad...)...)
		if code != ExitUsage || out != "" || !strings.Contains(errs, bad[0]) {
			t.Errorf("%q: exit %d, stderr %q", bad, code, errs)
		}
	}
}

func TestOneMoreGPU(t *testing.T) {
	d := doc(t, args("--one-more-gpu")...)
	u := d.OneMoreGPU
	if u == nil || u.GPUsNow != 1 || u.GPUsThen != 2 || u.Now == nil || u.Then == nil {
		t.Fatalf("one_more_gpu = %+v", u)
	}
	if *u.Then.Index < *u.Now.Index {
		t.Errorf("a second GPU lowers the best pick: %+v -> %+v", u.Now, u.Then)
	}
	if d2 := doc(t, whatIf...); d2.OneMoreGPU != nil {
		t.Error("one_more_gpu is set without the flag")
	}
	_, out, _ := run(t, "--no-gpu", "--ram", "16GiB", "--one-more-gpu")
	if !strings.Contains(out, "no GPU to add") {
		t.Errorf("--one-more-gpu without a GPU says nothing:\n%.400s", out)
	}
	_, out, _ = run(t, args("--one-more-gpu")...)
	if !strings.Contains(out, "One more NVIDIA GeForce RTX 4090 (1 → 2 GPUs)") {
		t.Errorf("the table lacks the upgrade line:\n%s", out)
	}
}

// Every score in the JSON document carries a benchmark, a date and a source.
func TestQualityScoresCarrySources(t *testing.T) {
	d := doc(t, args("--model", "Qwen/Qwen3-32B", "--model", "meta-llama/Llama-3.1-8B", "--model", "gpt-oss-20b")...)
	for _, m := range d.Models {
		if len(m.Quality.Scores) == 0 {
			t.Errorf("%s has no scores", m.ID)
		}
		for _, s := range m.Quality.Scores {
			if s.Benchmark == "" || s.BenchmarkName == "" || s.Date == "" || !strings.HasPrefix(s.Source, "http") {
				t.Errorf("%s: incomplete score %+v", m.ID, s)
			}
		}
		if m.ID == "meta-llama/Llama-3.1-8B" && !m.Quality.BaseModel {
			t.Error("Llama-3.1-8B is not marked as a base model")
		}
	}
}
