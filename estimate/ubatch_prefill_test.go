package estimate

import (
	"strings"
	"testing"
)

// TestUBatchSpeedsOffloadPrefill: with experts in RAM every ubatch copies
// them to the GPU, so a 4096-token prompt in one -ub 4096 ubatch prefills
// several times faster than in eight 512-token ones; the command carries
// -ub (and -b, which must hold it).
func TestUBatchSpeedsOffloadPrefill(t *testing.T) {
	m := sizeModels["qwen3-30b-a3b"]
	hw := Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 80, CPUCores: 8, CPUFeatures: []string{"avx2"}, GPUs: []Device{{
		Name: "NVIDIA GeForce RTX 4060 Ti", Backend: "cuda", MemoryBytes: 8 << 30, TotalBytes: 8 << 30,
		BandwidthGBps: 288, FP16TFLOPs: 88}}}
	s := DefaultSettings()
	s.Context, s.PromptTokens = 16384, 4096
	small := mustEstimate(t, m, "Q4_K_M", hw, s)
	s.UBatch = 4096
	big := mustEstimate(t, m, "Q4_K_M", hw, s)
	if small.Verdict != VerdictPartial || big.Verdict != VerdictPartial {
		t.Fatalf("verdicts %s / %s, want partial offload", small.Verdict, big.Verdict)
	}
	if big.PrefillTPS < 3*small.PrefillTPS {
		t.Errorf("prefill %.0f tok/s at -ub 4096 vs %.0f at 512: one copy of the experts instead of eight should be several times faster", big.PrefillTPS, small.PrefillTPS)
	}
	if big.CPUMoELayers < small.CPUMoELayers {
		t.Errorf("the larger compute buffer should leave fewer experts on the GPU: %d vs %d layers in RAM", big.CPUMoELayers, small.CPUMoELayers)
	}
	cmd := strings.Join(EngineArgs(big, s), " ")
	if !strings.Contains(cmd, "-b 4096 -ub 4096") {
		t.Errorf("command %q lacks -b 4096 -ub 4096", cmd)
	}
	s.UBatch = 1024
	if cmd := strings.Join(EngineArgs(mustEstimate(t, m, "Q4_K_M", hw, s), s), " "); !strings.Contains(cmd, "-ub 1024") || strings.Contains(cmd, "-b ") {
		t.Errorf("command %q: -ub 1024 fits the default -b 2048", cmd)
	}
}
