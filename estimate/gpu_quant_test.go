package estimate

import (
	"math"
	"sort"
	"strings"
	"testing"
)

type gqRow struct {
	id, table, role, gpu, backend, quant, source string
	heldout                                      bool
	bw, size, tg                                 float64
	layers                                       int
}

func loadGPUQuantRows(t *testing.T) []gqRow {
	t.Helper()
	var rows []gqRow
	for i, m := range readCSV(t, "testdata/gpu_quant_decode.csv") {
		r := gqRow{id: m["id"], table: m["table"], role: m["role"], gpu: m["gpu"], backend: m["backend"],
			quant: m["quant"], source: m["source"], heldout: m["heldout"] == "yes",
			bw: atof(m["gpu_bw_gbps"]), size: atof(m["size_gib"]), tg: atof(m["tg_tps"]), layers: int(atof(m["layers"]))}
		// Held-out discipline: every fourth row, in the order rows were added.
		if r.heldout != ((i+1)%4 == 0) {
			t.Errorf("%s: heldout=%v, want every fourth row held out", r.id, r.heldout)
		}
		if r.size <= 0 || r.tg <= 0 || r.layers <= 0 || !strings.HasPrefix(r.source, "https://") {
			t.Errorf("%s: size, tg, layers and a source URL are required", r.id)
		}
		if _, ok := LookupQuant(r.quant); !ok {
			t.Errorf("%s: unknown quant %q", r.id, r.quant)
		}
		rows = append(rows, r)
	}
	return rows
}

// gqRatios returns, per row, the effective weight bandwidth relative to the
// table's reference row: raw = (tg × size)/(tg × size)_ref, and the same with
// fitcheck's per-token latency taken out of each token time first (CUDA
// rows only; other backends' t0 are guesses, speed.go).
func gqRatios(t *testing.T, rows []gqRow) (raw, corr map[string]float64) {
	t.Helper()
	ref := map[string]gqRow{}
	for _, r := range rows {
		if r.role == "ref" {
			if _, dup := ref[r.table]; dup {
				t.Fatalf("table %s has two reference rows", r.table)
			}
			ref[r.table] = r
		}
	}
	eff := func(r gqRow, t0 float64) float64 { return r.size / (1/r.tg - t0) }
	raw, corr = map[string]float64{}, map[string]float64{}
	for _, r := range rows {
		f, ok := ref[r.table]
		if !ok {
			t.Fatalf("%s: table %s has no reference row", r.id, r.table)
		}
		raw[r.id] = eff(r, 0) / eff(f, 0)
		if r.backend == "cuda" {
			t0 := tokenLatency["cuda"] * float64(r.layers) / latencyLayers
			corr[r.id] = eff(r, t0) / eff(f, t0)
		}
	}
	return raw, corr
}

// TestGPUQuantDecodeEff refits the factors of gpu_quant.go on the
// non-held-out rows of testdata/gpu_quant_decode.csv: for every group
// (backend key × kernel family) with rows, the constant must lie within the
// rows' spread and must be closer to each row than 1 (no factor) is; held-out
// rows are printed with their error.
func TestGPUQuantDecodeEff(t *testing.T) {
	rows := loadGPUQuantRows(t)
	raw, corr := gqRatios(t, rows)

	type group struct {
		key    string
		kern   quantKernel
		ratios []float64
	}
	groups := map[string]*group{}
	t.Logf("%-6s %-4s %-10s %-15s %-8s %6s %6s %7s %7s %6s", "id", "held", "table", "gpu", "quant", "raw", "t0corr", "GB/s", "x peak", "factor")
	for _, r := range rows {
		key := gpuQuantBackend(r.backend, r.gpu)
		k := gpuQuantKernel(quantNamed(r.quant))
		f := gpuQuantDecodeEff(quantNamed(r.quant), key)
		gbs := r.tg * r.size * (1 << 30) / 1e9
		peak := math.NaN()
		if r.bw > 0 {
			peak = gbs / r.bw
		}
		c := math.NaN()
		if v, ok := corr[r.id]; ok {
			c = v
		}
		held := ""
		if r.heldout {
			held = "yes"
		}
		t.Logf("%-6s %-4s %-10s %-15s %-8s %6.3f %6.3f %7.0f %7.2f %6.2f", r.id, held, r.table, r.gpu, r.quant, raw[r.id], c, gbs, peak, f)
		if r.role == "ref" || r.heldout || r.backend == "unstated" {
			continue
		}
		gk := key + "|" + string(rune('0'+k))
		if groups[gk] == nil {
			groups[gk] = &group{key: key, kern: k}
		}
		groups[gk].ratios = append(groups[gk].ratios, raw[r.id])
	}

	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fitted := 0
	for _, gk := range keys {
		g := groups[gk]
		lo, hi := slicesMinMax(g.ratios)
		med := quantile(g.ratios, 0.5)
		if len(g.ratios)%2 == 0 {
			s := append([]float64(nil), g.ratios...)
			sort.Float64s(s)
			med = (s[len(s)/2-1] + s[len(s)/2]) / 2
		}
		// The constant the code uses for this group: any quant of the family.
		var f float64
		for _, r := range rows {
			if gpuQuantBackend(r.backend, r.gpu) == g.key && gpuQuantKernel(quantNamed(r.quant)) == g.kern {
				f = gpuQuantDecodeEff(quantNamed(r.quant), g.key)
				break
			}
		}
		t.Logf("group %-12s kernel %d: n=%d median %.3f spread %.3f-%.3f, constant %.2f", g.key, g.kern, len(g.ratios), med, lo, hi, f)
		if len(g.ratios) >= 2 && (f < lo-0.005 || f > hi+0.005) {
			t.Errorf("group %s kernel %d: factor %.2f outside the fitting rows' spread %.3f-%.3f", g.key, g.kern, f, lo, hi)
		}
		if f != 1 {
			fitted++
			if math.Abs(f-med) > 0.01 {
				t.Errorf("group %s kernel %d: factor %.2f is not the fitted median %.3f", g.key, g.kern, f, med)
			}
			for _, v := range g.ratios {
				if math.Abs(f-v) >= math.Abs(1-v) {
					t.Errorf("group %s kernel %d: factor %.2f does not beat no factor on ratio %.3f", g.key, g.kern, f, v)
				}
			}
		}
	}
	if fitted == 0 {
		t.Error("no fitted factor: every group returned 1")
	}

	// Held-out rows: the factor's error against the observed ratio.
	var errs []float64
	for _, r := range rows {
		if !r.heldout || r.role == "ref" || r.backend == "unstated" {
			continue
		}
		f := gpuQuantDecodeEff(quantNamed(r.quant), gpuQuantBackend(r.backend, r.gpu))
		e := (f - raw[r.id]) / raw[r.id]
		errs = append(errs, math.Abs(e))
		t.Logf("held out %s %s %s: observed %.3f, factor %.2f (%+.0f %%; no factor %+.0f %%)", r.id, r.gpu, r.quant, raw[r.id], f, 100*e, 100*(1-raw[r.id])/raw[r.id])
	}
	if len(errs) > 0 {
		t.Logf("held-out |error|: median %.0f %%, max %.0f %% (%d rows)", 100*quantile(errs, 0.5), 100*quantile(errs, 1), len(errs))
	}
}

func slicesMinMax(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}

func TestGPUQuantBackendAndDefaults(t *testing.T) {
	for _, c := range []struct{ backend, name, want string }{
		{"cuda", "NVIDIA GeForce RTX 3080", "cuda/ampere"},
		{"cuda", "NVIDIA GeForce RTX 3090 Ti", "cuda/ampere"},
		{"cuda", "NVIDIA GeForce RTX 3060 Laptop GPU", "cuda/ampere"},
		{"cuda", "NVIDIA GeForce RTX 4090", "cuda/ada"},
		{"cuda", "Tesla V100-PCIE-32GB", "cuda/volta"},
		{"cuda", "Quadro RTX 4000", "cuda"},
		{"cuda", "NVIDIA RTX 4000 Ada Generation", "cuda"},
		{"cuda", "NVIDIA RTX A4000", "cuda"},
		{"cuda", "NVIDIA GeForce RTX 5090", "cuda"},
		{"cuda", "NVIDIA GeForce RTX 2080 Ti", "cuda"},
		{"rocm", "AMD Radeon RX 6800", "rocm"},
	} {
		if got := gpuQuantBackend(c.backend, c.name); got != c.want {
			t.Errorf("gpuQuantBackend(%q, %q) = %q, want %q", c.backend, c.name, got, c.want)
		}
	}
	for _, c := range []struct {
		quant, backend string
		want           float64
	}{
		{"IQ2_XXS", "cuda/ampere", ampereGridEff},
		{"IQ3_M", "cuda/ampere", ampereGridEff},
		{"IQ1_S", "cuda/ampere", ampereGridEff},
		{"IQ4_XS", "cuda/ampere", 1}, // no codebook; no CUDA rows
		{"Q4_K_M", "cuda/ampere", 1},
		{"Q2_K", "cuda/ampere", 1},
		{"IQ2_XXS", "cuda/ada", 1},
		{"IQ2_XXS", "cuda", 1},
		{"Q3_K_M", "cuda/volta", voltaK23Eff},
		{"IQ2_XXS", "rocm", 1},
		{"IQ2_XXS", "metal", 1},
		{"MXFP4", "cuda/ampere", 1},
		{"AWQ", "cuda/ampere", 1},
		{"not-a-quant", "cuda/ampere", 1},
	} {
		if got := gpuQuantDecodeEff(quantNamed(c.quant), c.backend); got != c.want {
			t.Errorf("gpuQuantDecodeEff(%q, %q) = %v, want %v", c.quant, c.backend, got, c.want)
		}
	}
}

// quantNamed is the quantization of that name; the zero Quant (no factor)
// for a name fitcheck does not know.
func quantNamed(name string) Quant {
	q, _ := LookupQuant(name)
	return q
}

// TestAppleKQuantNearQ4_0 checks what build_era.go says of the Apple
// per-format tables (testdata/apple_quant_decode.csv): in every table with
// a Q4_0 reference and a Q4_K_M row, both with printed sizes, Q4_K_M streams
// within 10 % of Q4_0's effective bandwidth, so the M1/M2 per-token factor
// is not a K-quant cost in disguise.
func TestAppleKQuantNearQ4_0(t *testing.T) {
	type eff struct{ q4_0, q4km float64 }
	tables := map[string]*eff{}
	for _, m := range readCSV(t, "testdata/apple_quant_decode.csv") {
		if !strings.HasPrefix(m["source"], "https://") {
			t.Errorf("%s: no source URL", m["id"])
		}
		size, tg := atof(m["size_gib"]), atof(m["tg_tps"])
		if size <= 0 || tg <= 0 {
			continue // the source printed no size
		}
		e := tables[m["table"]]
		if e == nil {
			e = &eff{}
			tables[m["table"]] = e
		}
		switch {
		case m["quant"] == "Q4_0" && m["role"] == "ref":
			e.q4_0 = size * tg
		case m["quant"] == "Q4_K_M":
			e.q4km = size * tg
		}
	}
	n := 0
	for name, e := range tables {
		if e.q4_0 == 0 || e.q4km == 0 {
			continue
		}
		n++
		r := e.q4km / e.q4_0
		t.Logf("%s: Q4_K_M / Q4_0 effective bandwidth %.3f", name, r)
		if r < 0.9 || r > 1.1 {
			t.Errorf("%s: Q4_K_M streams at %.3f of Q4_0", name, r)
		}
	}
	if n < 3 {
		t.Errorf("%d tables with Q4_0 and Q4_K_M, want at least 3", n)
	}
}
