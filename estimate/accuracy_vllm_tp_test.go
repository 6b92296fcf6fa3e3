package estimate

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// vllmTPRows reads testdata/vllm_tp_decode.csv: published single-request
// vLLM decode rates with tensor parallelism (and TP = 1 rows on the same
// cards), each with the interconnect its source states.
func vllmTPRows(t *testing.T) []hardRow {
	t.Helper()
	var rows []hardRow
	seen := map[string]bool{}
	for _, c := range readCSV(t, "testdata/vllm_tp_decode.csv") {
		if !strings.HasPrefix(c["source"], "https://") {
			t.Fatalf("row %s has no source URL", c["id"])
		}
		if seen[c["id"]] {
			t.Fatalf("duplicate row id %s", c["id"])
		}
		seen[c["id"]] = true
		n := int(atof(c["gpu_count"]))
		if tp := int(atof(c["tp"])); tp != n {
			t.Fatalf("%s: tp %d on %d GPUs (the rows give the engine exactly its ranks)", c["id"], tp, n)
		}
		r := hardRow{id: c["id"], group: "vllm_tp_decode", metric: "decode_tps", want: c["value"], source: c["source"],
			heldout: c["heldout"] == "yes", model: c["model"], quant: c["quant"]}
		mem := int64(atof(c["gpu_gib"]) * (1 << 30))
		for i := 0; i < n; i++ {
			r.hw.GPUs = append(r.hw.GPUs, Device{Name: c["gpu"], Backend: "cuda", MemoryBytes: mem, TotalBytes: mem,
				BandwidthGBps: atof(c["gpu_bw"]), FP16TFLOPs: atof(c["gpu_tflops"])})
		}
		r.hw.RAMBytes, r.hw.CPUCores = 256<<30, 16
		if ic := c["interconnect"]; ic != "unknown" {
			r.hw.Interconnect = ic
		}
		s := DefaultSettings()
		s.Engine = EngineVLLM
		s.Context = int(atof(c["context"]))
		s.PromptTokens = int(atof(c["prompt"]))
		s.GPUMemoryUtilization = atof(c["gpu_util"])
		// The engine generation from the row's vLLM version: V1 became the
		// default in 0.8, full decode CUDA graphs in 0.11 (PR #25444).
		s.VLLMV0 = versionBefore(c["vllm"], 0, 8)
		s.VLLMPiecewiseGraphs = versionBefore(c["vllm"], 0, 11)
		r.s = s
		rows = append(rows, r)
	}
	return rows
}

// TestAccuracyVLLMTPDecode estimates every row of vllm_tp_decode.csv and
// prints median and p90 |error|, the held-out rows separately. It fails when
// a row that ran is estimated not to fit, when the engine would use another
// tensor-parallel size than the source, and when the group's errors exceed
// its ceiling.
func TestAccuracyVLLMTPDecode(t *testing.T) {
	cat := catalogtest.Builtin(t)
	rows := vllmTPRows(t)
	var fit, held []float64
	tpRows := 0
	for _, r := range rows {
		m := hardModel(t, cat, r.model)
		res, err := Estimate(m, r.quant, r.hw, r.s)
		if err != nil {
			t.Fatalf("%s: %v", r.id, err)
		}
		if res.Verdict == VerdictNo {
			t.Errorf("%s: estimated not to fit, but the source ran it (%s)", r.id, r.source)
			continue
		}
		if res.TensorParallel != len(r.hw.GPUs) {
			t.Errorf("%s: tensor parallel %d, the source ran %d", r.id, res.TensorParallel, len(r.hw.GPUs))
		}
		if res.TensorParallel > 1 {
			tpRows++
		}
		want, err := strconv.ParseFloat(r.want, 64)
		if err != nil {
			t.Fatalf("%s: value %q", r.id, r.want)
		}
		got := res.DecodeTPS
		e := math.Abs(got-want) / want
		tag := ""
		if r.heldout {
			held = append(held, e)
			tag = " held-out"
		} else {
			fit = append(fit, e)
		}
		t.Logf("%-18s TP%d %-7s %-5s measured %7.2f estimated %7.2f %+6.1f%%%s  %s  [%s]", r.id, res.TensorParallel,
			r.hw.Interconnect, r.quant, want, got, 100*(got-want)/want, tag, r.model, res.Basis)
	}
	if tpRows < 8 {
		t.Errorf("want at least 8 tensor-parallel rows, have %d", tpRows)
	}
	all := append(append([]float64(nil), fit...), held...)
	m, p := medianP90(all)
	hm, hp := medianP90(held)
	t.Logf("%-24s %5s %9s %9s %5s %9s %9s", "group", "rows", "median", "p90", "held", "median", "p90")
	t.Logf("%-24s %5d %8.1f%% %8.1f%% %5d %8.1f%% %8.1f%%", "vllm_tp_decode", len(all), 100*m, 100*p, len(held), 100*hm, 100*hp)
	if c := vllmTPCeiling; 100*m > c[0] || 100*p > c[1] {
		t.Errorf("group vllm_tp_decode: median %.1f%% / p90 %.1f%% over its ceiling %.0f%% / %.0f%%", 100*m, 100*p, c[0], c[1])
	}
}

// vllmTPCeiling: median and p90 |error| in % of vllm_tp_decode when its
// constants were last fitted (README), with a little slack.
var vllmTPCeiling = [2]float64{6, 18}

// vllmEngineFlags splits a hard_cases.csv engine such as
// "vllm+flashinfer+host" into the engine, whether the log shows FlashInfer's
// sampler, and the ranks' interconnect when the log says it ("" = guess
// from the GPU names).
func vllmEngineFlags(e string) (engine string, flashinfer bool, ic string) {
	parts := strings.Split(e, "+")
	for _, f := range parts[1:] {
		switch f {
		case "flashinfer":
			flashinfer = true
		case InterconnectNVLink, InterconnectPCIe, InterconnectHost:
			ic = f
		}
	}
	return parts[0], flashinfer, ic
}

// versionBefore: whether version "a.b.c" is older than major.minor.
func versionBefore(v string, major, minor int) bool {
	f := strings.Split(v, ".")
	if len(f) < 2 {
		return false
	}
	a, b := int(atof(f[0])), int(atof(f[1]))
	return a < major || a == major && b < minor
}

// TestFitVLLMDecodeConstants re-fits vLLM's decode efficiency and per-layer
// latencies on the fitting rows of vllm_tp_decode.csv (held-out rows never
// enter) by least squares of log(estimate / measured) over a grid, the
// all-reduce latencies held at their published values: one efficiency η
// for all rows, per-layer and per-MoE-layer latencies for the rows before
// vLLM 0.11 (piecewise graphs) and for the later ones. It fails when the
// constants in vllm_tp.go drift from the fit.
func TestFitVLLMDecodeConstants(t *testing.T) {
	cat := catalogtest.Builtin(t)
	type obs struct {
		st   vllmStep
		want float64
	}
	var old, cur []obs
	for _, r := range vllmTPRows(t) {
		if r.heldout {
			continue
		}
		res, err := Estimate(hardModel(t, cat, r.model), r.quant, r.hw, r.s)
		if err != nil || res.Verdict == VerdictNo {
			t.Fatalf("%s: %v %s", r.id, err, res.Verdict)
		}
		o := obs{res.vllmStep, atof(r.want)}
		if o.st.piecewise {
			old = append(old, o)
		} else {
			cur = append(cur, o)
		}
	}
	// fit: the latencies that minimise one generation's squared log
	// errors at efficiency e.
	fit := func(rows []obs, e float64) (sse, layer, moe float64) {
		sse = math.Inf(1)
		for l := 20e-6; l <= 160e-6+1e-9; l += 2e-6 {
			for m := 0.0; m <= 300e-6+1e-9; m += 5e-6 {
				var s float64
				for _, o := range rows {
					d := math.Log(o.want * o.st.seconds(e, l, m))
					s += d * d
				}
				if s < sse {
					sse, layer, moe = s, l, m
				}
			}
		}
		return
	}
	// One efficiency for both generations (it is the card's), latencies
	// per generation.
	best, eta, lPW, mPW, lFull, mFull := math.Inf(1), 0.0, 0.0, 0.0, 0.0, 0.0
	for e := 0.70; e <= 1.0001; e += 0.01 {
		s1, l1, m1 := fit(old, e)
		s2, l2, m2 := fit(cur, e)
		if s1+s2 < best {
			best, eta, lPW, mPW, lFull, mFull = s1+s2, e, l1, m1, l2, m2
		}
	}
	t.Logf("fit: eta %.2f; before 0.11 (%d rows) layer %.0f µs, MoE layer %.0f µs; current (%d rows) layer %.0f µs, MoE layer %.0f µs",
		eta, len(old), lPW*1e6, mPW*1e6, len(cur), lFull*1e6, mFull*1e6)
	t.Logf("code: eta %.2f; %.0f / %.0f µs; %.0f / %.0f µs", vllmEta, vllmLayerLatencyPiecewise*1e6,
		vllmMoELayerLatencyPiecewise*1e6, vllmLayerLatency*1e6, vllmMoELayerLatency*1e6)
	near := func(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
	if !near(eta, vllmEta, 0.02) || !near(lPW, vllmLayerLatencyPiecewise, 6e-6) || !near(mPW, vllmMoELayerLatencyPiecewise, 10e-6) ||
		!near(lFull, vllmLayerLatency, 6e-6) || !near(mFull, vllmMoELayerLatency, 10e-6) {
		t.Errorf("vllm_tp.go constants drifted from the fit")
	}
}

// TestInterconnectGuess: the names NVML reports map to the interconnect
// the boards have; a stated interconnect wins.
func TestInterconnectGuess(t *testing.T) {
	for name, want := range map[string]string{
		"NVIDIA H100 80GB HBM3":   InterconnectNVLink, // the SXM part
		"NVIDIA H100 PCIe":        InterconnectPCIe,
		"NVIDIA H100 NVL":         InterconnectNVLink,
		"NVIDIA A100-SXM4-80GB":   InterconnectNVLink,
		"NVIDIA A100 80GB PCIe":   InterconnectPCIe,
		"NVIDIA H200":             InterconnectNVLink,
		"NVIDIA B200":             InterconnectNVLink,
		"NVIDIA GeForce RTX 4090": InterconnectHost,
		"NVIDIA GeForce RTX 3090": InterconnectHost,
		"NVIDIA L40S":             InterconnectPCIe,
		"NVIDIA RTX A6000":        InterconnectPCIe,
	} {
		if got := interconnect(&Hardware{GPUs: []Device{{Name: name}}}); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	hw := &Hardware{GPUs: []Device{{Name: "NVIDIA GeForce RTX 3090"}}, Interconnect: InterconnectNVLink}
	if got := interconnect(hw); got != InterconnectNVLink {
		t.Errorf("a stated interconnect is kept: got %s", got)
	}
}

// TestVLLMTPDecodeShape: tensor parallelism helps a dense model less over
// a slow interconnect, and per-layer latency keeps TP 8 well short of 8×.
func TestVLLMTPDecodeShape(t *testing.T) {
	cat := catalogtest.Builtin(t)
	m := hardModel(t, cat, "Qwen/QwQ-32B")
	decode := func(n int, ic string) float64 {
		hw := Hardware{RAMBytes: 256 << 30, CPUCores: 16, Interconnect: ic}
		for i := 0; i < n; i++ {
			hw.GPUs = append(hw.GPUs, Device{Name: "NVIDIA A100 80GB", Backend: "cuda", MemoryBytes: 80 << 30,
				TotalBytes: 80 << 30, BandwidthGBps: 1935, FP16TFLOPs: 312})
		}
		s := DefaultSettings()
		s.Engine, s.Context = EngineVLLM, 4096
		res, err := Estimate(m, "BF16", hw, s)
		if err != nil || res.Verdict == VerdictNo {
			t.Fatalf("TP%d %s: %v %s", n, ic, err, res.Verdict)
		}
		return res.DecodeTPS
	}
	nv2, nv8, host2 := decode(2, InterconnectNVLink), decode(8, InterconnectNVLink), decode(2, InterconnectHost)
	if !(host2 < nv2) {
		t.Errorf("TP 2 through the host %.1f tok/s, over NVLink %.1f: want slower", host2, nv2)
	}
	if r := nv8 / nv2; r <= 1 || r >= 3 {
		t.Errorf("TP 8 / TP 2 = %.2f, want between 1 and 3 (the rows: 63.5 / 36.4 = 1.74)", r)
	}
}
