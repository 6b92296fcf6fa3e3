package estimate

// deltaNetPrefillFlops is the prefill cost of a gated delta-net layer
// (Qwen3-Next, Qwen3.5, Qwen3.6) beyond its projections, in FLOPs per token
// and element of its delta-rule state (plan.deltaState = key head dim ×
// value dim, summed over value heads), charged at the device's prefill
// rate. llama.cpp runs the layer's recurrence chunk by chunk (64 tokens):
// within a chunk a causal key-key and query-key product, a triangular
// solve and the state read and update, small kernels that reach a fraction
// of the matmul rate. Without it every Qwen3.5/3.6 row of hard_cases.csv
// came out fast (quantised: +11 to +25 % on Strix Halo under Vulkan and
// ROCm, except Qwen3.6-27B Q8_0 under ROCm), and the gap per recurrent
// layer and ubatch grew with the state size, not with the layer's
// parameters: about 3.3, 5.8 and 7.9 ms for the 0.5, 0.8 and 1.0 M-element
// states of the 35B-A3B, 27B and 122B-A10B under Vulkan. A grid over {0,
// 64, 96, 128, 160, 192, 256}, scored on the fitting rows of the Qwen3.5/3.6
// models (prefill-11, -25, -26, -27, -29, -30, -31; -12, -24 and -28 are
// held out), was lowest at 160 (median 17.5 % → 3.7 %); 128-192 are within
// a point on the prefill group's fitting rows. Only Strix Halo rows exist
// for these models, so the value carries the igpu U. Mamba-2 layers
// (Nemotron-H, Granite 4.0-H) run llama.cpp's ssm_scan kernel instead and
// are not charged.
const deltaNetPrefillFlops = 160.0
