package estimate

import (
	"slices"
	"testing"
)

// TestThreadsCostHandOvers: with the experts of most layers in RAM, every
// layer hands over between GPU and CPU, and more CPU threads make each
// hand-over dearer (handover.go), while a model wholly on the GPU does not
// notice; -t N reaches the command line, and a negative count is refused.
func TestThreadsCostHandOvers(t *testing.T) {
	m := sizeModels["gpt-oss-120b"]
	hw := rtx4090Host()
	s := DefaultSettings()
	s.NCPUMoE = 30
	few, many := s, s
	few.Threads, many.Threads = 8, 48
	a, b := mustEstimate(t, m, "MXFP4", hw, few), mustEstimate(t, m, "MXFP4", hw, many)
	// 30 hand-overs × 40 more threads × 6 µs = 7.2 ms more per token.
	got := 1/b.DecodeTPS - 1/a.DecodeTPS
	if d := got - 30*40*handOverPerThread; d < -1e-9 || d > 1e-9 {
		t.Errorf("48 threads vs 8: %.3f ms more per token, want %.3f", 1e3*got, 1e3*30*40*handOverPerThread)
	}
	if args := EngineArgs(b, many); !slices.Contains(args, "-t") || args[slices.Index(args, "-t")+1] != "48" {
		t.Errorf("command %v lacks -t 48", args)
	}
	if args := EngineArgs(a, s); slices.Contains(args, "-t") {
		t.Errorf("default threads: command %v should leave -t to llama.cpp", args)
	}
	small := sizeModels["llama3-8b"]
	g1, g2 := mustEstimate(t, small, "Q4_K_M", hw, few), mustEstimate(t, small, "Q4_K_M", hw, many)
	if g1.Verdict != VerdictGPU || g1.DecodeTPS != g2.DecodeTPS {
		t.Errorf("wholly on the GPU the thread count must not matter: %s %.2f vs %.2f tok/s", g1.Verdict, g1.DecodeTPS, g2.DecodeTPS)
	}
	bad := s
	bad.Threads = -1
	if _, err := Estimate(m, "MXFP4", hw, bad); err == nil {
		t.Error("threads -1: want an error")
	}
}
