package estimate

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
)

// calRow is one published llama-bench (or Ollama) result.
type calRow struct {
	hardware, backend, source string
	model, quant              string
	fa                        bool
	ppTokens, tgTokens        int
	pp, tg                    float64
	hw                        Hardware
	extra                     bool
}

// calModels: architectures the calibration rows use (config URLs in gguf_sizes_test.go, plus
// https://huggingface.co/Qwen/Qwen3-8B/blob/main/config.json).
func calModel(name string) *catalog.Model {
	switch name {
	case "LLaMA 2 7B":
		return sizeModels["llama2-7b"]
	case "qwen25-7b": // https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/config.json
		return &catalog.Model{ID: "Qwen/Qwen2.5-7B-Instruct", ParamsTotal: 7_615_616_512, Arch: catalog.Arch{
			ModelType: "qwen2", Layers: 28, HiddenSize: 3584, Heads: 28, KVHeads: 4, HeadDim: 128,
			IntermediateSize: 18944, VocabSize: 152064, ContextLength: 32768}}
	case "qwen3-8b":
		return &catalog.Model{ID: "Qwen/Qwen3-8B", ParamsTotal: 8_190_735_360, Arch: catalog.Arch{
			ModelType: "qwen3", Layers: 36, HiddenSize: 4096, Heads: 32, KVHeads: 8, HeadDim: 128,
			IntermediateSize: 12288, VocabSize: 151936, ContextLength: 40960}}
	}
	return sizeModels[name]
}

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = -1 // trailing optional columns (hard_cases.csv cpu_model) may be left off
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		out = append(out, m)
	}
	return out
}

func atof(s string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return v
}

const bigMem = 512 << 30

func loadCalibration(t *testing.T) []calRow {
	t.Helper()
	devs := map[string]map[string]string{}
	for _, d := range readCSV(t, "testdata/calibration_devices.csv") {
		devs[d["hardware"]] = d
	}
	var rows []calRow
	for _, c := range readCSV(t, "testdata/calibration_speed.csv") {
		d := devs[c["hardware"]]
		if d == nil {
			t.Fatalf("no device spec for %q", c["hardware"])
		}
		bw := atof(c["mem_bandwidth_GBps"])
		if bw == 0 {
			bw = atof(d["bandwidth_GBps"])
		}
		rows = append(rows, calRow{
			hardware: c["hardware"], backend: c["backend"], source: c["source"],
			model: c["model"], quant: c["quant"], fa: c["backend"] == "CUDA+FA",
			ppTokens: 512, tgTokens: 128, pp: atof(c["pp512_tps"]), tg: atof(c["tg128_tps"]),
			hw: Hardware{RAMBytes: bigMem, CPUCores: 16, RAMBandwidthGBps: 100, GPUs: []Device{{
				Name: c["gpu_or_chip"], Backend: d["backend"], MemoryBytes: bigMem, TotalBytes: bigMem,
				BandwidthGBps: bw, FP16TFLOPs: atof(d["fp16_tflops"]), Unified: d["unified"] == "true"}}},
		})
	}
	for _, c := range readCSV(t, "testdata/calibration_extra.csv") {
		if !strings.HasPrefix(c["source"], "https://") {
			t.Fatalf("extra row without source URL: %v", c)
		}
		row := calRow{hardware: c["hardware"], backend: c["backend"], source: c["source"], model: c["model"],
			quant: c["quant"], fa: c["fa"] == "1", ppTokens: int(atof(c["pp_tokens"])), tgTokens: int(atof(c["tg_tokens"])),
			pp: atof(c["pp_tps"]), tg: atof(c["tg_tps"]), extra: true}
		row.hw = Hardware{RAMBytes: bigMem, CPUCores: 16, RAMBandwidthGBps: 100}
		if c["backend"] == "cpu" {
			row.hw.CPUCores = int(atof(c["cpu_cores"]))
			row.hw.RAMBandwidthGBps = atof(c["ram_GBps"])
			row.hw.CPUFeatures = strings.Fields(c["cpu_features"])
		} else {
			row.hw.GPUs = []Device{{Name: c["hardware"], Backend: c["backend"], MemoryBytes: bigMem, TotalBytes: bigMem,
				BandwidthGBps: atof(c["bandwidth_GBps"]), FP16TFLOPs: atof(c["fp16_tflops"]), Unified: c["unified"] == "true"}}
		}
		rows = append(rows, row)
	}
	return rows
}

// predict runs the estimator on one row: decode at the mean depth of the
// tg run, prefill of the pp prompt.
func predict(t *testing.T, r calRow) (pp, tg float64, cls devClass) {
	m := calModel(r.model)
	if m == nil {
		t.Fatalf("no architecture for %q", r.model)
	}
	s := DefaultSettings()
	s.Context = 4096
	s.FlashAttention = r.fa
	// The main tables are the builds the per-token latency was fitted on.
	s.LegacyBuild = !r.extra
	cls = clsCPU
	if len(r.hw.GPUs) > 0 {
		cls = classify(&r.hw.GPUs[0])
	}
	if r.tg > 0 {
		s.PromptTokens = r.tgTokens / 2
		res, err := Estimate(m, r.quant, r.hw, s)
		if err != nil {
			t.Fatal(err)
		}
		tg = res.DecodeTPS
	}
	if r.pp > 0 {
		s.PromptTokens = r.ppTokens
		res, err := Estimate(m, r.quant, r.hw, s)
		if err != nil {
			t.Fatal(err)
		}
		pp = res.PrefillTPS
	}
	return pp, tg, cls
}

func relErr(est, obs float64) float64 { return math.Abs(est-obs) / obs }

func quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	i := int(math.Ceil(q*float64(len(s)))) - 1
	if i < 0 {
		i = 0
	}
	return s[i]
}

func backendGroup(r calRow) string {
	if r.backend == "CUDA+FA" {
		return "CUDA"
	}
	return r.backend
}

// TestSpeedAccuracy runs the estimator over every calibration row and
// reports median / p90 absolute relative error per backend; the main file
// (Metal + CUDA) must stay under 12 % (decode) and 25 % (prefill) median.
func TestSpeedAccuracy(t *testing.T) {
	rows := loadCalibration(t)
	type acc struct{ dec, pre []float64 }
	groups := map[string]*acc{}
	var order []string
	for _, r := range rows {
		pp, tg, _ := predict(t, r)
		g := backendGroup(r)
		if r.extra {
			g = "extra:" + g
		}
		a := groups[g]
		if a == nil {
			a = &acc{}
			groups[g] = a
			order = append(order, g)
		}
		if r.tg > 0 {
			a.dec = append(a.dec, relErr(tg, r.tg))
		}
		if r.pp > 0 {
			a.pre = append(a.pre, relErr(pp, r.pp))
		}
		if testing.Verbose() && os.Getenv("FITCHECK_ROWS") != "" {
			t.Logf("%-34s %-8s %-7s tg %7.1f est %7.1f | pp %8.1f est %8.1f", r.hardware, r.backend, r.quant, r.tg, tg, r.pp, pp)
		}
	}
	t.Logf("%-14s %5s %9s %9s %5s %9s %9s", "backend", "n", "tg med", "tg p90", "n", "pp med", "pp p90")
	for _, g := range order {
		a := groups[g]
		t.Logf("%-14s %5d %8.1f%% %8.1f%% %5d %8.1f%% %8.1f%%", g, len(a.dec), 100*quantile(a.dec, 0.5), 100*quantile(a.dec, 0.9),
			len(a.pre), 100*quantile(a.pre, 0.5), 100*quantile(a.pre, 0.9))
		if strings.HasPrefix(g, "extra:") {
			continue
		}
		if m := quantile(a.dec, 0.5); m > 0.12 {
			t.Errorf("%s decode median error %.1f %% > 12 %%", g, 100*m)
		}
		if m := quantile(a.pre, 0.5); m > 0.25 {
			t.Errorf("%s prefill median error %.1f %% > 25 %%", g, 100*m)
		}
	}
}

// --- fitting (FITCHECK_FIT=1 go test -run TestFitSpeedConstants -v ./estimate/) ---

// solve solves the small dense system a·x = b (Gaussian elimination).
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		if a[c][c] == 0 {
			continue
		}
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		if a[r][r] != 0 {
			x[r] = s / a[r][r]
		}
	}
	return x
}

// fitDecode fits obs_time ≈ x_class·raw + t0 (one t0 per backend), minimising
// squared relative error. It returns x per class and t0.
func fitDecode(pts []fitPt, fixedT0 float64) (map[devClass]float64, float64) {
	if fixedT0 >= 0 {
		// Too few rows for a latency term: fit η alone with t0 given.
		num, den := map[devClass]float64{}, map[devClass]float64{}
		for _, p := range pts {
			w := 1 / (p.obs * p.obs)
			num[p.cls] += w * p.raw * (p.obs - fixedT0)
			den[p.cls] += w * p.raw * p.raw
		}
		out := map[devClass]float64{}
		for c := range num {
			out[c] = num[c] / den[c]
		}
		return out, fixedT0
	}
	var classes []devClass
	idx := map[devClass]int{}
	for _, p := range pts {
		if _, ok := idx[p.cls]; !ok {
			idx[p.cls] = len(classes)
			classes = append(classes, p.cls)
		}
	}
	n := len(classes) + 1
	a := make([][]float64, n)
	for i := range a {
		a[i] = make([]float64, n)
	}
	b := make([]float64, n)
	for _, p := range pts {
		w := 1 / (p.obs * p.obs)
		v := make([]float64, n)
		v[idx[p.cls]] = p.raw
		v[n-1] = 1
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				a[i][j] += w * v[i] * v[j]
			}
			b[i] += w * v[i] * p.obs
		}
	}
	x := solve(a, b)
	out := map[devClass]float64{}
	for c, i := range idx {
		out[c] = x[i]
	}
	return out, x[n-1]
}

type fitPt struct {
	cls      devClass
	raw, obs float64
	fixed    float64 // prefill: the part of raw that U does not scale (prefill_layer.go)
}

// TestFitSpeedConstants refits η, t0 and U from the calibration rows,
// checks that speed.go holds the fitted values (backends and classes with
// enough rows) and checks them on held-out rows: leave one row out, refit,
// predict it. FITCHECK_FIT=1 prints every fitted constant.
func TestFitSpeedConstants(t *testing.T) {
	rows := loadCalibration(t)
	saved, savedT0 := params, map[string]float64{}
	for k, v := range tokenLatency {
		savedT0[k] = v
	}
	defer func() {
		params = saved
		for k, v := range savedT0 {
			tokenLatency[k] = v
		}
	}()
	// Raw decode time: η = 1, t0 = 0. Raw prefill time: U = 1.
	for c := range params {
		params[c].eta, params[c].util = 1, 1
	}
	for k := range tokenLatency {
		tokenLatency[k] = 0
	}
	byBackend := map[string][]fitPt{}
	preBy := map[devClass][]fitPt{}
	preBackend := map[devClass]string{}
	for _, r := range rows {
		pp, tg, cls := predict(t, r)
		b := backendKey(strings.ToLower(strings.TrimSuffix(r.backend, "+FA")))
		if r.backend == "cpu" {
			b = "cpu"
		}
		if r.tg > 0 {
			byBackend[b] = append(byBackend[b], fitPt{cls: cls, raw: 1 / tg, obs: 1 / r.tg})
		}
		if r.pp > 0 {
			// Raw time = compute at U = 1 + the fixed per-layer part;
			// at U = 0.5 the compute doubles, which separates the two.
			for c := range params {
				params[c].util = 0.5
			}
			pp2, _, _ := predict(t, r)
			for c := range params {
				params[c].util = 1
			}
			comp, fixed := 1/pp2-1/pp, 2/pp-1/pp2
			preBy[cls] = append(preBy[cls], fitPt{cls: cls, raw: comp, fixed: fixed, obs: 1 / r.pp})
			preBackend[cls] = b
		}
	}
	verbose := os.Getenv("FITCHECK_FIT") != ""
	near := func(what string, got, want float64) {
		if math.Abs(got-want) > 0.03*math.Abs(want) {
			t.Errorf("%s: speed.go has %.4g, the calibration rows give %.4g: refit (FITCHECK_FIT=1)", what, want, got)
		}
	}
	var backends []string
	for b := range byBackend {
		backends = append(backends, b)
	}
	sort.Strings(backends)
	t.Logf("held-out (leave one row out) errors:")
	for _, b := range backends {
		pts := byBackend[b]
		fixed := -1.0
		if len(pts) < 10 {
			fixed = savedT0[b]
		}
		x, t0 := fitDecode(pts, fixed)
		var loo []float64
		for i := range pts {
			rest := append(append([]fitPt(nil), pts[:i]...), pts[i+1:]...)
			xi, ti := fitDecode(rest, fixed)
			xv, ok := xi[pts[i].cls]
			if !ok {
				continue // the only row of its class: nothing to hold out against
			}
			loo = append(loo, relErr(xv*pts[i].raw+ti, pts[i].obs))
		}
		var cs []string
		for c, v := range x {
			cs = append(cs, fmt.Sprintf("%s η=%.3f", classNames[c], 1/v))
			if len(pts) >= 10 {
				near("η "+classNames[c], 1/v, saved[c].eta)
			}
		}
		if len(pts) >= 10 {
			near("t0 "+b, t0, savedT0[b])
		}
		sort.Strings(cs)
		t.Logf("  decode  %-7s rows %3d  median %5.1f%%  p90 %5.1f%%", b, len(pts), 100*quantile(loo, 0.5), 100*quantile(loo, 0.9))
		if verbose {
			t.Logf("          t0=%.2f ms %s", t0*1e3, strings.Join(cs, " "))
		}
		if len(pts) >= 10 && quantile(loo, 0.5) > 0.12 {
			t.Errorf("%s held-out decode median %.1f %% > 12 %%", b, 100*quantile(loo, 0.5))
		}
	}
	// x = 1/U by least squares on relative error of x·raw + fixed:
	// x = Σ q(1 − f) / Σ q² with q = raw/obs, f = fixed/obs.
	fitU := func(ps []fitPt) float64 {
		var num, den float64
		for _, p := range ps {
			q := p.raw / p.obs
			num += q * (1 - p.fixed/p.obs)
			den += q * q
		}
		return num / den
	}
	looBy := map[string][]float64{}
	var classes []devClass
	for c := range preBy {
		classes = append(classes, c)
	}
	sort.Slice(classes, func(i, j int) bool { return classes[i] < classes[j] })
	for _, c := range classes {
		pts := preBy[c]
		x := fitU(pts)
		if len(pts) >= 5 {
			near("U "+classNames[c], 1/x, saved[c].util)
		}
		for i := range pts {
			if len(pts) < 2 {
				break
			}
			rest := append(append([]fitPt(nil), pts[:i]...), pts[i+1:]...)
			looBy[preBackend[c]] = append(looBy[preBackend[c]], relErr(fitU(rest)*pts[i].raw+pts[i].fixed, pts[i].obs))
		}
		if verbose {
			t.Logf("          prefill %-15s rows %3d U=%.3f", classNames[c], len(pts), 1/x)
		}
	}
	var bs []string
	for b := range looBy {
		bs = append(bs, b)
	}
	sort.Strings(bs)
	for _, b := range bs {
		l := looBy[b]
		t.Logf("  prefill %-7s rows %3d  median %5.1f%%  p90 %5.1f%%", b, len(l), 100*quantile(l, 0.5), 100*quantile(l, 0.9))
		if (b == "cuda" || b == "metal") && quantile(l, 0.5) > 0.25 {
			t.Errorf("%s held-out prefill median %.1f %% > 25 %%", b, 100*quantile(l, 0.5))
		}
	}
}

// TestUnknownPeakRatios recomputes unknownPeakPerGBps: the median FP16
// TFLOPS per GB/s of the calibration devices per kind.
func TestUnknownPeakRatios(t *testing.T) {
	by := map[string][]float64{}
	for _, c := range readCSV(t, "testdata/calibration_devices.csv") {
		d := Device{Name: c["hardware"], Backend: c["backend"], Unified: c["unified"] == "true"}
		r := atof(c["fp16_tflops"]) / atof(c["bandwidth_GBps"])
		switch cls := classify(&d); {
		case cls == clsMetal || cls == clsMetalUltra:
			by["apple"] = append(by["apple"], r)
		case cls == clsCUDANoTensor || cls == clsCUDATuringNoTensor || cls == clsCUDANoDP4A:
			by["no tensor cores"] = append(by["no tensor cores"], r)
		default:
			by["tensor cores"] = append(by["tensor cores"], r)
		}
	}
	// GeForce generations: RTX 20, 30 and 50 take their own medians; RTX 40
	// keeps the tensor-core one, which its own median is within 5 % of.
	gen := map[byte][]float64{}
	for _, c := range readCSV(t, "testdata/calibration_devices.csv") {
		n := strings.ToUpper(c["hardware"])
		if i := strings.Index(n, "RTX "); i >= 0 && len(n) >= i+8 && n[i+5] == '0' && n[i+7] == '0' && n[i+6] >= '5' && !strings.Contains(n, "ADA") {
			gen[n[i+4]] = append(gen[n[i+4]], atof(c["fp16_tflops"])/atof(c["bandwidth_GBps"]))
		}
	}
	median := func(v []float64) float64 {
		slices.Sort(v)
		if len(v)%2 == 0 {
			return (v[len(v)/2-1] + v[len(v)/2]) / 2
		}
		return v[len(v)/2]
	}
	for _, g := range []struct {
		digit byte
		name  string
	}{{'2', "NVIDIA GeForce RTX 2080 SUPER"}, {'3', "NVIDIA GeForce RTX 3080 Ti"}, {'5', "NVIDIA GeForce RTX 5060"}} {
		if len(gen[g.digit]) < 3 {
			t.Fatalf("RTX %c0 cards in the calibration: %d", g.digit, len(gen[g.digit]))
		}
		if got, want := geforceGenPeakPerGBps(g.name)/1e12, median(gen[g.digit]); math.Abs(got-want) > 0.0015 {
			t.Errorf("RTX %c0: %s takes %.4f, the calibration's %d cards give %.4f", g.digit, g.name, got, len(gen[g.digit]), want)
		}
	}
	if m, all := median(gen['4']), unknownPeakPerGBps(clsCUDAConsumer)/1e12; math.Abs(m/all-1) > 0.05 {
		t.Errorf("RTX 40: median %.4f, %.0f %% from the tensor-core ratio %.4f: give it its own", m, 100*(m/all-1), all)
	}
	for _, n := range []string{"NVIDIA GeForce RTX 4090", "NVIDIA RTX 5000 Ada Generation", "NVIDIA RTX 2000 Ada Generation", "Quadro RTX 5000", "NVIDIA RTX A6000", "NVIDIA RTX PRO 6000 Blackwell", "NVIDIA GeForce RTX 30800"} {
		if r := geforceGenPeakPerGBps(n); r != 0 {
			t.Errorf("%s: GeForce generation ratio %v, want none", n, r)
		}
	}
	for kind, cls := range map[string]devClass{"apple": clsMetal, "no tensor cores": clsCUDANoTensor, "tensor cores": clsCUDAConsumer} {
		v := by[kind]
		slices.Sort(v)
		med := v[len(v)/2]
		if len(v)%2 == 0 {
			med = (v[len(v)/2-1] + v[len(v)/2]) / 2
		}
		if got := unknownPeakPerGBps(cls) / 1e12; math.Abs(got-med) > 0.0015 {
			t.Errorf("%s: unknownPeakPerGBps %.4f, the %d calibration devices give %.4f", kind, got, len(v), med)
		}
	}
}
