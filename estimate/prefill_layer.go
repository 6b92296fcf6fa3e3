package estimate

// A prefill ubatch runs every layer's kernels once whatever the model's
// width: norms, RoPE, the attention kernel's launch and the per-layer
// synchronisation cost about the same on a small model as on a large one.
// So prefill time per ubatch is FLOPs / (U·peak) plus a fixed cost per
// layer, which matters only where the compute term is small: 1-3B models
// on fast GPUs.
//
// metalPrefillLayerCost is that cost per layer and ubatch under Metal.
// The calibration table (llama.cpp discussion 4167: LLaMA-2-7B F16, Q8_0
// and Q4_0 on 79 M-series chips, M1 to M2 Ultra, a 10x range of compute)
// hardly separates it from U: with U refitted per class (calibration_test.go
// fitU subtracts the fixed part) the leave-one-out prefill median is 4.2 %
// at 0, 3.9-4.0 % anywhere from 0.2 to 0.8 ms and p90 10.1-10.7 %, so the
// table allows it up to about 0.8 ms but does not choose it. The
// small-model Metal rows of hard_cases.csv choose within that range:
// TinyLlama-1.1B and Llama-3.2-3B pp512 on an M1 Ultra 64-core
// (prefill-44, -45; build 7825) go from +16 % / +5 % at 0 to +7 / +3 % at
// 0.4, +3 / +2 % at 0.6 and −1 / +1 % at 0.8 ms; 0.6 keeps the calibration
// leave-one-out at its old 4.0 % / 10.3 % (U metal 0.742, metal-ultra
// 0.711 refitted with it). TinyLlama pp4096 (prefill-46) goes +38 -> +24 %:
// the rest is attention at depth, not this cost.
//
// CUDA, ROCm and Vulkan keep 0. The same refit for every GPU backend moves
// the CUDA leave-one-out prefill median 10.7 -> 10.0-11.1 % over 0.1-0.4 ms
// (flat) but needs CUDA U 16 % higher at 0.3 ms, which would move every
// CUDA row of hard_cases.csv fitted on today's U; the small models there
// (gemma-2b +34 % on an RTX 3090, prefill-48; TinyLlama +14 % under Vulkan
// on an RTX 2080 Ti, prefill-42) would want 0.4-0.5 ms. Not done here.
const metalPrefillLayerCost = 0.6e-3

// prefillLayerCost is the fixed prefill cost per layer and ubatch of a
// backend (seconds).
func prefillLayerCost(backend string) float64 {
	if backend == "metal" {
		return metalPrefillLayerCost
	}
	return 0
}

// prefillFixed is the fixed prefill time of `layers` layers on a device
// for nUb ubatches (kept per ubatch whatever its size: the fit saw only
// 512-token ubatches).
func prefillFixed(backend string, layers int, nUb float64) float64 {
	return prefillLayerCost(backend) * float64(layers) * nUb
}
