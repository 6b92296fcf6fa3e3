package nodelabels

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

func TestLabelRules(t *testing.T) {
	names := map[string]bool{
		"fitcheck.gpu.count": true, "a": true, "fitcheck.fit.qwen.qwen3-32b": true,
		"": false, "-a": false, "a-": false, "a b": false, "a/b": false, strings.Repeat("a", 64): false, strings.Repeat("a", 63): true,
	}
	for n, ok := range names {
		if (ValidName(n) == nil) != ok {
			t.Errorf("ValidName(%q) = %v, want ok=%v", n, ValidName(n), ok)
		}
	}
	values := map[string]bool{"": true, "Q4_K_M": true, "gpu": true, "1.5": true, "_x": false, "x y": false, strings.Repeat("v", 64): false}
	for v, ok := range values {
		if (ValidValue(v) == nil) != ok {
			t.Errorf("ValidValue(%q) = %v, want ok=%v", v, ValidValue(v), ok)
		}
	}
}

func TestSlugFitsAndStaysDistinct(t *testing.T) {
	room := 63 - len("fitcheck.quant.")
	long1 := "some-organisation-with-a-long-name/" + strings.Repeat("model", 12) + "-A"
	long2 := "some-organisation-with-a-long-name/" + strings.Repeat("model", 12) + "-B"
	for _, id := range []string{"Qwen/Qwen3-32B", "meta-llama/Llama-3.3-70B-Instruct", long1, "../../weird id!!", "ünïcode/modèle"} {
		s := Slug(id, room)
		if len(s) > room || ValidName("fitcheck.quant."+s) != nil {
			t.Errorf("Slug(%q) = %q (%d chars): not a valid label name", id, s, len(s))
		}
	}
	if Slug(long1, room) == Slug(long2, room) {
		t.Errorf("two long ids share the slug %q", Slug(long1, room))
	}
	if got := Slug("Qwen/Qwen3-32B", room); got != "qwen.qwen3-32b" {
		t.Errorf("Slug = %q", got)
	}
}

func TestValueSanitises(t *testing.T) {
	for in, want := range map[string]string{
		"NVIDIA GeForce RTX 4090":         "NVIDIA-GeForce-RTX-4090",
		"  Apple M3 Ultra (80-core GPU) ": "Apple-M3-Ultra-80-core-GPU",
		strings.Repeat("x", 80):           strings.Repeat("x", 63),
		"\u202eevil":                      "evil",
	} {
		if got := Value(in); got != want || ValidValue(got) != nil {
			t.Errorf("Value(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormat(t *testing.T) {
	bw, ic := 1008.0, "host"
	hw := report.Hardware{
		CPU:          hwprobe.CPU{PhysicalCores: 16, Features: []string{"avx2", "avx512f"}},
		Memory:       hwprobe.Memory{TotalBytes: 64 << 30},
		GPUs:         []hwprobe.GPU{{Name: "NVIDIA GeForce RTX 4090", Backend: "cuda", MemoryTotalBytes: 24 << 30, BandwidthGBps: &bw}},
		Interconnect: &ic,
	}
	q, tps := "Q4_K_M", 41.7
	models := []report.Model{
		{ModelInfo: report.ModelInfo{ID: "Qwen/Qwen3-32B"}, BestQuant: &q, BestVerdict: "gpu",
			Estimates: []report.Estimate{{Quant: "Q4_K_M", DecodeTPS: &tps}}},
		{ModelInfo: report.ModelInfo{ID: "deepseek-ai/DeepSeek-V3"}, BestVerdict: "no"},
	}
	expiry := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	out, err := Format(append(Hardware(hw), Models(models)...), "written by a test\n+not a directive", expiry)
	if err != nil {
		t.Fatal(err)
	}
	want := `# +expiry-time=2026-12-07T12:00:00Z
# written by a test
# not a directive
fitcheck.cpu.avx2=true
fitcheck.cpu.avx512f=true
fitcheck.cpu.cores=16
fitcheck.fit.deepseek-ai.deepseek-v3=no
fitcheck.fit.qwen.qwen3-32b=gpu
fitcheck.gpu.backend=cuda
fitcheck.gpu.bandwidth-gbps=1008
fitcheck.gpu.count=1
fitcheck.gpu.interconnect=host
fitcheck.gpu.memory-gib=24
fitcheck.gpu.memory-total-gib=24
fitcheck.gpu.model=NVIDIA-GeForce-RTX-4090
fitcheck.gpu.unified-memory=false
fitcheck.quant.qwen.qwen3-32b=Q4_K_M
fitcheck.ram-gib=64
fitcheck.tps.qwen.qwen3-32b=41
`
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if _, err := Format([]Label{{"a", "1"}, {"a", "2"}}, "", time.Time{}); err == nil {
		t.Error("duplicate label accepted")
	}
	if _, err := Format([]Label{{"bad name", "1"}}, "", time.Time{}); err == nil {
		t.Error("invalid name accepted")
	}
	many := make([]Label, 2000)
	for i := range many {
		many[i] = Label{Name: fmt.Sprintf("fitcheck.fit.model-%04d-%s", i, strings.Repeat("m", 30)), Value: "gpu"}
	}
	if _, err := Format(many, "", time.Time{}); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("oversized file: %v", err)
	}
}
