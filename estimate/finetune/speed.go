package finetune

import (
	"fmt"

	"github.com/fitcheck/fitcheck/estimate"
)

// flopsPerToken is the training compute per token: forward 2·N, backward
// 4·N for full fine-tuning (gradients of activations and of weights) or
// 2·N with a frozen base (activations only; the adapters add little),
// another forward when checkpointing recomputes, plus causal attention
// (2·L·s·q_dim forward, three times that in training).
func flopsPerToken(a arch, method string, s Settings) float64 {
	n := float64(a.active)
	passes := 6.0
	if method != Full {
		passes = 4
	}
	if s.Checkpointing != CkptNone {
		passes += 2
	}
	attn := 3 * 2 * float64(a.layers) * float64(s.SeqLen) * float64(a.qDim)
	return passes*n + attn
}

// speed fills tokens/s and hours: the GPUs' dense 16-bit TFLOPs at the
// utilisation measured for the method. Only CUDA and ROCm have published
// training utilisations here; Apple (MLX) and CPU training is not estimated.
func (r *Result) speed(a arch, method string, s Settings, gpus []estimate.Device, c constantSet) {
	if r.Verdict != Fits {
		r.SpeedBasis = "does not fit"
		return
	}
	tps, basis := tokensPerSecond(a, method, s, gpus, c)
	r.SpeedBasis = basis
	if tps <= 0 {
		return
	}
	r.TokensPerSecond = &tps
	if s.DatasetTokens > 0 && s.Epochs > 0 {
		h := float64(s.DatasetTokens) * s.Epochs / tps / 3600
		r.Hours = &h
	}
}

// tokensPerSecond is the training speed on gpus, and its basis; 0 when it
// cannot be estimated.
func tokensPerSecond(a arch, method string, s Settings, gpus []estimate.Device, c constantSet) (float64, string) {
	d := gpus[0]
	mfu := map[string]float64{Full: c.MFUFull, LoRA: c.MFULoRA, QLoRA: c.MFUQLoRA}[method]
	switch {
	case d.Backend != "cuda" && d.Backend != "rocm":
		return 0, fmt.Sprintf("not estimated: no published training utilisation for %s (Apple GPUs train with MLX, CPUs far slower)", d.Backend)
	case d.FP16TFLOPs <= 0:
		return 0, "not estimated: the GPU's TFLOPs are unknown"
	}
	f := flopsPerToken(a, method, s)
	tps := float64(len(gpus)) * d.FP16TFLOPs * 1e12 * mfu / f
	return tps, fmt.Sprintf("%d × %.0f TFLOPs at %.0f%% utilisation (measured for %s), %.1f GFLOP per token",
		len(gpus), d.FP16TFLOPs, mfu*100, method, f/1e9)
}
