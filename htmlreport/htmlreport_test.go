package htmlreport

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

func ptr[T any](v T) *T { return &v }

// doc is a hand-made document: one model that fits and one that does not.
func doc(name string) report.Document {
	fits := report.Model{
		ModelInfo: report.ModelInfo{ID: "org/" + name, Name: name, Organisation: "Org <b>", OriginCountry: "FR",
			Licence: "mit", LicenceName: "MIT License", LicenceURL: "https://opensource.org/license/mit",
			CommercialUse: "yes", Openness: "open-source", ParamsTotal: 7e9, ParamsActive: 7e9, ContextMax: 32768,
			Guardrails: report.Guardrails{AcceptableUsePolicy: ptr("https://example.org/aup")},
			Policy:     &report.PolicyCheck{Pass: false, Reasons: []string{"origin FR is blocked (block_origins)"}, Flags: []string{}}},
		BestQuant: ptr("Q4_K_M"), BestVerdict: "gpu",
		Estimates: []report.Estimate{{Quant: "Q4_K_M", WeightsBytes: 4 << 30, KVCacheBytes: 1 << 30, ComputeBytes: 300 << 20,
			TotalBytes: 5<<30 + 300<<20, GPUBytes: 5<<30 + 300<<20, Verdict: "gpu", GPULayers: 33, TotalLayers: 33,
			DecodeTPS: ptr(100.0), DecodeTPSLow: ptr(80.0), DecodeTPSHigh: ptr(120.0), TTFTSeconds: ptr(0.2), PrefillTPS: ptr(3000.0),
			Command: ptr("llama-server -m x.gguf")}},
	}
	none := report.Model{ModelInfo: report.ModelInfo{ID: "org/big", Name: "Big"}, BestVerdict: "no"}
	return report.Document{FitcheckVersion: "t1", Settings: report.Settings{Context: 8192, PromptTokens: 512, KVCacheType: "f16", Engine: "llama.cpp", Parallel: 1},
		Hardware: report.Hardware{GPUs: []hwprobe.GPU{{Name: "Card", MemoryTotalBytes: 24 << 30, MemoryFreeBytes: ptr(int64(24 << 30))}},
			Memory: hwprobe.Memory{TotalBytes: 64 << 30, AvailableBytes: 64 << 30}},
		Models: []report.Model{fits, none}}
}

func input(n int) Input {
	in := Input{Generated: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)}
	for i := range n {
		in.Options = append(in.Options, Option{Label: []string{"A", "B", "C", "D", "E"}[i], Doc: doc("Small <script>alert(1)</script>")})
	}
	return in
}

func TestHTMLEscapesAndShowsEveryPart(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, input(2)); err != nil {
		t.Fatal(err)
	}
	h := b.String()
	if strings.Contains(h, "<script>alert") || strings.Contains(h, "Org <b>") {
		t.Error("catalog text reached the page unescaped")
	}
	for _, want := range []string{
		"Small &lt;script&gt;", "fails policy", "origin FR is blocked", "80.0–120 tok/s", "does not fit",
		"https://example.org/aup", "llama-server -m x.gguf", "2026-01-02 03:04 UTC", "t1",
		"Safety evaluation / red-teaming report</th><td><span class=\"muted\">unknown", // unknown stays unknown
		`aria-label="weights 4 GiB, KV cache 1 GiB, compute buffers 300 MiB; budget 24 GiB"`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(h, "Cost / M tokens") {
		t.Error("cost column without a cost source")
	}
}

func TestCostColumnComesFromTheCostFunc(t *testing.T) {
	in := input(1)
	in.Cost = func(m report.Model, option int) *Cost {
		if m.BestQuant == nil {
			return nil
		}
		return &Cost{PerMillionTokens: 0.42, Currency: "USD"}
	}
	var b bytes.Buffer
	if err := HTML(&b, in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Cost / M tokens") || !strings.Contains(b.String(), "0.42 USD") {
		t.Error("cost not shown")
	}
}

func TestInputChecks(t *testing.T) {
	if err := HTML(&bytes.Buffer{}, input(0)); err == nil {
		t.Error("no option accepted")
	}
	if err := HTML(&bytes.Buffer{}, input(5)); err == nil {
		t.Error("five options accepted")
	}
	in := input(2)
	in.Options[1].Doc.Models = in.Options[1].Doc.Models[:1]
	if err := Markdown(&bytes.Buffer{}, in); err == nil {
		t.Error("options with different models accepted")
	}
}

func TestMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := Markdown(&b, input(2)); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{"Small &lt;script&gt;", "Org &lt;b&gt;", "| A | Q4_K_M", "fails", "```sh\nllama-server -m x.gguf\n```"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestNiceAxis(t *testing.T) {
	for _, c := range []struct{ in, max, step float64 }{{184, 200, 50}, {9.3, 12, 2}, {0, 10, 2}, {1000, 1200, 200}} {
		if m, s := niceAxis(c.in); m != c.max || s != c.step {
			t.Errorf("niceAxis(%g) = %g, %g; want %g, %g", c.in, m, s, c.max, c.step)
		}
	}
}
