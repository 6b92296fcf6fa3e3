package estimate

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// A BF16 prompt under CUDA runs on cuBLAS at the FP32-accumulate tensor
// peak, so its matmul rate can never pass that peak; before
// cublas_prefill.go the int8 MMQ U put LLaMA-3-8B on an RTX 4090 at 175
// TFLOPS of a 165.2 TFLOPS card.
func TestBF16PrefillUnderTensorPeak(t *testing.T) {
	m := sizeModels["llama3-8b"]
	hw := oneCardMachine("NVIDIA GeForce RTX 4090", 24, 1008, 165.2)
	s := DefaultSettings()
	s.Context, s.PromptTokens = 4096, 512
	bf16 := mustEstimate(t, m, "BF16", hw, s)
	q8 := mustEstimate(t, m, "Q8_0", hw, s)
	active := 2 * float64(m.ParamsTotal-int64(m.Arch.VocabSize)*int64(m.Arch.HiddenSize)) // FLOPs per token, embeddings apart
	if bf16.Verdict != VerdictGPU {
		t.Fatalf("verdict %s, want the whole model on the card", bf16.Verdict)
	}
	if got := active * bf16.PrefillTPS / 1e12; got > 165.2 {
		t.Errorf("BF16 prefill %.0f tok/s = %.0f TFLOPS of matmuls, over the card's 165.2 BF16 peak", bf16.PrefillTPS, got)
	}
	if bf16.PrefillTPS >= q8.PrefillTPS {
		t.Errorf("BF16 %.0f tok/s should prefill slower than Q8_0 %.0f on a GeForce card (int8 tensor cores at 4x)", bf16.PrefillTPS, q8.PrefillTPS)
	}
}

// The cost factor follows ggml-cuda's compute types: F16 accumulates in
// FP16, twice the BF16 rate on GeForce and the same on data-centre parts;
// F32 runs as TF32 at half the BF16 rate; quantised weights and cards
// without tensor cores keep the class U.
func TestCublasCost(t *testing.T) {
	geforce := newDevSpeed(&Device{Name: "NVIDIA GeForce RTX 3090", Backend: "cuda", BandwidthGBps: 936, FP16TFLOPs: 71})
	hbm := newDevSpeed(&Device{Name: "NVIDIA H100 SXM5 80GB", Backend: "cuda", BandwidthGBps: 3350, FP16TFLOPs: 989})
	pascal := newDevSpeed(&Device{Name: "NVIDIA GeForce GTX 1080 Ti", Backend: "cuda", BandwidthGBps: 484, FP16TFLOPs: 11.3})
	const u = 1.0
	near := func(a, b float64) bool { return a > 0 && b > 0 && a/b > 0.999 && a/b < 1.001 }
	if c := cublasCost(&geforce, "BF16", u); !near(c, u/cublasPrefillUtil) {
		t.Errorf("GeForce BF16 cost %.3f, want %.3f", c, u/cublasPrefillUtil)
	}
	if !near(cublasCost(&geforce, "F16", u), cublasCost(&geforce, "BF16", u)/2) {
		t.Error("GeForce F16 should cost half of BF16 (FP16 accumulate at twice the rate)")
	}
	if !near(cublasCost(&hbm, "F16", u), cublasCost(&hbm, "BF16", u)) {
		t.Error("H100 F16 and BF16 run at one rate")
	}
	if !near(cublasCost(&hbm, "F32", u), 2*cublasCost(&hbm, "BF16", u)) {
		t.Error("F32 runs as TF32 at half the BF16 rate")
	}
	for _, c := range []struct {
		ds *devSpeed
		q  string
	}{{&geforce, "Q4_K_M"}, {&geforce, "Q8_0"}, {&pascal, "BF16"}, {nil, "BF16"}} {
		if got := cublasCost(c.ds, c.q, u); got != 1 {
			t.Errorf("%s: cost %.3f, want 1 (not cuBLAS's road)", c.q, got)
		}
	}
}

// TestCublasPeaksTable reads testdata/cublas_peaks.md, where each card's
// FP16-accumulate and FP32-accumulate tensor peaks are quoted from its
// whitepaper, and checks that cublasPeakMult gives its class that ratio.
func TestCublasPeaksTable(t *testing.T) {
	text, err := os.ReadFile("testdata/cublas_peaks.md")
	if err != nil {
		t.Fatal(err)
	}
	first := func(cell string) float64 {
		f := strings.Fields(strings.TrimSpace(cell))
		if len(f) == 0 {
			return 0
		}
		v, _ := strconv.ParseFloat(f[0], 64)
		return v
	}
	cards := map[string]string{ // the table's card → a device name the database uses
		"GeForce RTX 2080 Ti": "NVIDIA GeForce RTX 2080 Ti", "GeForce RTX 3090": "NVIDIA GeForce RTX 3090",
		"GeForce RTX 4090": "NVIDIA GeForce RTX 4090", "GeForce RTX 5090": "NVIDIA GeForce RTX 5090",
		"Tesla V100": "Tesla V100-SXM2-32GB", "A100": "NVIDIA A100 SXM4 80GB",
	}
	seen := 0
	for _, line := range strings.Split(string(text), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 5 {
			continue
		}
		card := strings.TrimSpace(cells[1])
		if i := strings.Index(card, " ("); i > 0 {
			card = card[:i]
		}
		name, ok := cards[card]
		if !ok {
			continue
		}
		acc16, acc32 := first(cells[2]), first(cells[3])
		if acc16 <= 0 || acc32 <= 0 {
			t.Fatalf("%s: unreadable peaks %q / %q", card, cells[2], cells[3])
		}
		ds := newDevSpeed(&Device{Name: name, Backend: "cuda", BandwidthGBps: 900, FP16TFLOPs: acc32})
		if got, want := cublasPeakMult(ds.cls), acc16/acc32; math.Abs(got/want-1) > 0.02 {
			t.Errorf("%s: FP16-accumulate / FP32-accumulate %.3f in its whitepaper, cublasPeakMult %.3f", card, want, got)
		}
		seen++
	}
	if seen != len(cards) {
		t.Errorf("read %d of the table's %d cards", seen, len(cards))
	}
}
