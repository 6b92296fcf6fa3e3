package estimate

// Gated delta-net decode on Apple GPUs (issue 10).
//
// A token reads and writes every delta-net layer's recurrent state (heads
// × d_k × d_v in F32). Elsewhere that streams like the KV cache, at the
// card's bandwidth. Under Metal the state moves far slower: on one M4 Max
// (40-core GPU, 546 GB/s) four hybrids of 24 to 48 delta-net layers
// (Qwen3.5-9B, Qwen3.6-27B, Qwen3.6-35B-A3B, Qwen3.5-122B-A10B; llama.cpp
// build 9187) each decode slower than the weights say by the state's bytes
// over 24-25 GB/s, and a base M4 (10 cores, 120 GB/s) by them over 6.7 GB/s
// (hard_cases.csv apple_multigpu_decode-436..440): a rate that follows the
// GPU's size, which Apple's bandwidth follows from M4 to M4 Max. Charged as
// a share of the device's bandwidth.
//
// metalStateShare is fitted on the one fitting row with a delta-net model
// on a Mac, Qwen3.5-9B on an M4 Pro through llama-server
// (apple_multigpu_decode-51: +17.3 % before, −0.4 % at 0.085; the 33 other
// models of that host within ±7.4 %). The five M4 / M4 Max rows above were
// collected afterwards and held out: +30..+73 % before, +10..+27 % at it
// (they alone would put it near 0.05; they are llama-bench runs of a 2026
// build, the M4 Pro row a llama-server run of 2025). Other Apple
// generations have no rows.
const metalStateShare = 0.085

// recurrentStateShare is the share of a device's bandwidth the recurrent
// state of delta-net layers streams at in decode, 0 where it streams like
// the KV cache.
func recurrentStateShare(ds *devSpeed) float64 {
	if ds.backend == "metal" {
		return metalStateShare
	}
	return 0
}

// recurrentStateTime is what layers [lo, hi) of device ds add to a token's
// decode for streaming their recurrent state slower than the KV cache
// (already charged at rate, bytes per second).
func (r *run) recurrentStateTime(lo, hi int, kvRead []float64, ds *devSpeed, rate float64) float64 {
	share := recurrentStateShare(ds)
	if share <= 0 {
		return 0
	}
	var b float64
	for k := range r.p.kinds {
		if r.p.kinds[k].attn == attnRecurrent {
			b += float64(r.p.kindCount(k, lo, hi)) * kvRead[k]
		}
	}
	return max(b/(share*ds.bw*1e9)-b/rate, 0)
}
