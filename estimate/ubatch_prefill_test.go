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
	hw := oneCardMachine("NVIDIA GeForce RTX 4060 Ti", 8, 288, 88)
	s := DefaultSettings()
	s.Context = 16384
	small, big := ubatchPair(t, hw, s)
	s.PromptTokens, s.UBatch = 4096, 4096 // big's settings, for its command line
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
	if cmd := strings.Join(EngineArgs(mustEstimate(t, sizeModels["qwen3-30b-a3b"], "Q4_K_M", hw, s), s), " "); !strings.Contains(cmd, "-ub 1024") || strings.Contains(cmd, "-b ") {
		t.Errorf("command %q: -ub 1024 fits the default -b 2048", cmd)
	}
}

// TestCUDAExpertUbatchGain: a larger -ub gives each expert more rows, but
// the sweeps measured gain far less than t/(t+150) promised (prefill_fits.go
// cudaExpertPeak): for the whole prompt 1.26x from -ub 512 to 4096 on a
// Tesla P40 (Qwen3-30B-A3B, PR #15631), 1.52x from 512 to 2048 on an RTX
// 3090 (gemma-4-26B-A4B, PR #22298), none on an RTX 4090 (gpt-oss-20b,
// slower at 4096 than at 1024). The estimate must stay inside that range.
func TestCUDAExpertUbatchGain(t *testing.T) {
	small, big := ubatchPair(t, oneCardMachine("NVIDIA GeForce RTX 4090", 24, 1008, 165.2), DefaultSettings())
	if small.Verdict != VerdictGPU || big.Verdict != VerdictGPU {
		t.Fatalf("verdicts %s / %s, want the whole model on the card", small.Verdict, big.Verdict)
	}
	if g := big.PrefillTPS / small.PrefillTPS; g < 1 || g > 1.6 {
		t.Errorf("prefill %.0f tok/s at -ub 4096 vs %.0f at 512: gain %.2f, want 1 to 1.6", big.PrefillTPS, small.PrefillTPS, g)
	}
}

// oneCardMachine is a desktop with 64 GiB of RAM, eight AVX2 cores and one
// CUDA card of gib GiB.
func oneCardMachine(name string, gib int64, bw, tflops float64) Hardware {
	return Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 80, CPUCores: 8, CPUFeatures: []string{"avx2"}, GPUs: []Device{{
		Name: name, Backend: "cuda", MemoryBytes: gib << 30, TotalBytes: gib << 30, BandwidthGBps: bw, FP16TFLOPs: tflops}}}
}

// ubatchPair estimates Qwen3-30B-A3B Q4_K_M with a 4096-token prompt at
// -ub 512 and at -ub 4096 (a context of 8192 unless s gives more).
func ubatchPair(t *testing.T, hw Hardware, s Settings) (small, big Result) {
	t.Helper()
	m := sizeModels["qwen3-30b-a3b"]
	s.Context, s.PromptTokens = max(s.Context, 8192), 4096
	small = mustEstimate(t, m, "Q4_K_M", hw, s)
	s.UBatch = 4096
	return small, mustEstimate(t, m, "Q4_K_M", hw, s)
}
