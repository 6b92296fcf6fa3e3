package estimate

import (
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestNativeMXFP4: consumer Blackwell GPUs run MXFP4 experts on their FP4
// instruction in builds since PR #17906, which gave gpt-oss-20b's prefill
// 1.26-1.27x; other GPUs, older builds and other formats are unchanged.
func TestNativeMXFP4(t *testing.T) {
	for name, want := range map[string]bool{
		"NVIDIA GeForce RTX 5090": true, "NVIDIA GeForce RTX 5060 Ti": true, "NVIDIA RTX PRO 6000 Blackwell": true,
		"NVIDIA GB10": true, "NVIDIA GeForce RTX 4090": false, "NVIDIA H100 80GB HBM3": false,
		"NVIDIA B200": false, "NVIDIA Jetson AGX Thor": false,
		"NVIDIA RTX 5000 Ada Generation": false, "Quadro RTX 5000": false, "NVIDIA GeForce RTX 5090 Laptop GPU": true,
	} {
		if got := hasFP4MMA(name); got != want {
			t.Errorf("%s: FP4 instruction %v, want %v", name, got, want)
		}
	}
	cat := catalogtest.Builtin(t)
	oss, dense := cat.ByID("openai/gpt-oss-20b"), cat.ByID("meta-llama/Llama-3.1-8B-Instruct")
	ratio := func(m *catalog.Model, quant string, hw Hardware, p int) float64 {
		t.Helper()
		s := DefaultSettings()
		s.Context, s.PromptTokens, s.TextOnly = p, p, true
		cur := mustEstimate(t, m, quant, hw, s)
		s.NoNativeMXFP4 = true
		old := mustEstimate(t, m, quant, hw, s)
		return cur.PrefillTPS / old.PrefillTPS
	}
	rtx5090 := oneCardMachine("NVIDIA GeForce RTX 5090", 32, 1792, 210)
	for _, p := range []int{512, 2048, 8192} {
		if r := ratio(oss, "MXFP4", rtx5090, p); r < 1.24 || r > 1.29 {
			t.Errorf("gpt-oss-20b pp%d on an RTX 5090: native/int8 prefill %.3f, want PR #17906's 1.26-1.27", p, r)
		}
	}
	s := DefaultSettings()
	s.Context, s.PromptTokens = 4096, 512
	if b := mustEstimate(t, oss, "MXFP4", rtx5090, s).Basis; !strings.Contains(b, "FP4 tensor cores x1.4") {
		t.Errorf("RTX 5090 basis %q does not name the FP4 gain", b)
	}
	if r := ratio(oss, "MXFP4", oneCardMachine("NVIDIA GeForce RTX 4090", 24, 1008, 165.2), 512); r != 1 {
		t.Errorf("RTX 4090: native/int8 prefill %.3f, want 1 (no FP4 instruction)", r)
	}
	if r := ratio(dense, "Q4_K_M", rtx5090, 512); r != 1 {
		t.Errorf("a Q4_K_M dense model on an RTX 5090: %.3f, want 1", r)
	}
}
