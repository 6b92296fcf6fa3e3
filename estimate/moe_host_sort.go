package estimate

// Before llama.cpp PR #15525 ("CUDA: MoE helper in device code, better
// tile sizes", JohannesGaessler, August 2025), every expert matmul of a
// prompt ubatch on the CUDA backend (and on ROCm, which compiles the same
// code) copied the router's expert ids to the host, synchronised the
// stream, built each expert's token list in a loop on the CPU (experts ×
// tokens × experts used) and copied the lists back before it launched the
// matmul: ggml-cuda's mul_mat_id as it stood then. The GPU sits idle
// through that, so the cost is time per token and MoE layer that a faster
// GPU does not shorten; a faster host does. The PR moved the list building
// into a kernel and "eliminates the need for synchronization".
//
// hostSortedMoELayer is that time per prompt token and MoE layer.
//   - The PR's own table (RTX 3090, deepseek2 16B Q4_0, pp512, master
//     against the PR) gives 2103.93 → 2253.15 t/s at -ub 128 and 3280.19 →
//     3628.64 at -ub 256: 31.5 and 29.2 µs a token, 1.2 and 1.1 µs a token
//     and MoE layer (26 of them). The same per token at both ubatch sizes:
//     a cost per token, not per ubatch.
//   - One RTX PRO 6000 Max-Q ran gpt-oss-120b with b6199 and again with
//     b6445 (llama.cpp discussion #15396, "40-50% PP" in three weeks):
//     75 and 92 µs a token at pp8192 and pp32768 (hard_cases.csv
//     prefill-2252/2256 and -2254/2258), 2.1 and 2.6 µs a token and MoE
//     layer; those weeks brought other changes too.
//   - Fitted: over 1.0 to 2.2 µs in steps of 0.2, on the fitting rows of
//     gpt-oss under CUDA builds before b6445 (prefill-2250, -2252, -2254,
//     -2260, -2262, -2264, -2266, -2268; the Max-Q as its own card in the
//     database), median |error| 63.0 % without the cost, lowest at 1.8 µs
//     (6.0 %; 1.6: 6.2, 2.0: 7.1). Held out, the 26 such rows go from a
//     median of 23.9 % (worst +81 %) to 10.1 % (worst +22 %) on eight
//     GeForce and RTX PRO cards from an RTX 5060 Ti to an RTX PRO 6000,
//     which the one constant fits alike.
//   - PR #15525's table also has GLM-4.5-Air on three RTX 4090 at -ub 512
//     (1799.77 → 2679.69 t/s, hard_cases.csv prefill-2270/2271): 4.0 µs a
//     token and MoE layer for 128 experts, 8 used, where DeepSeek-V2-Lite's
//     64 and 6 lost 1.1-1.2. The loop's cost grows with the experts a token
//     visits; one constant leaves that out (prefill-2270 +16 %).
//
// The host differs from row to row and fitcheck does not model it: the
// PR's own machine lost 1.1-1.2 µs, the fit says 1.8.
const hostSortedMoELayer = 1.8e-6

// hostSortedMoETime is the time the MoE layers among [lo, hi) add to a
// prefill of P tokens on device ds in a build before PR #15525.
func (r *run) hostSortedMoETime(ds *devSpeed, lo, hi int, P float64) float64 {
	if ds.backend != "cuda" && ds.backend != "rocm" || !r.s.HostSortedMoE && !r.s.LegacyBuild {
		return 0
	}
	p := r.p
	var layers int64
	for k := range p.kinds {
		if p.kinds[k].moe {
			layers += p.kindCount(k, lo, hi)
		}
	}
	return float64(layers) * P * hostSortedMoELayer
}
