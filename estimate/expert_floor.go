package estimate

// A routed expert's mat-vec has a floor on AMD GCN cards. At batch 1 a
// token runs experts_per_token small mat-vecs per expert matrix, and on the
// Vega-based MI50 each takes about 9 µs however few bytes it reads.
//
// Measured against fitcheck's bandwidth model on the MI50 rows of
// hard_cases.csv (group gcn_decode, kyuz0 and lota09), the excess per
// active expert mat-vec is 7.5 µs for Qwen3.6-35B-A3B (experts of 512 ×
// 2048: 0.6 MB at Q4_K, 1.3 µs of bandwidth), 6.6 µs for gemma-4-26B-A4B
// (704 × 2816) and about 1 µs or less for Nemotron-3-Nano (1856 × 2688) and
// gpt-oss-20b (2880 × 2880: 9.5 µs of bandwidth), under ROCm and Vulkan
// alike. A floor explains all four; a constant per MoE layer would slow
// gpt-oss and Nemotron, which the bandwidth model gets right, and one per
// layer dense Llama-2-7B, within 7 % on the same card. 9 µs is the best
// of 6-12 µs on the fitting rows (backend_vendor_decode-168..170, 173,
// 174, 176: median |error| 5.3 / 4.5 / 6.1 % at 8 / 9 / 10 µs, 94 %
// without); held out, Qwen3.6 and gemma-4 (171, 175) come out +8.4 and
// +2.9 %, and Qwen3-30B-A3B / Qwen3-Coder-30B-A3B on two other MI50 hosts,
// collected afterwards (186, 188), imply 7.5 and 6.9 µs. RDNA, NVIDIA and
// Apple rows show no such floor, and a gfx906 fork with its own small-MoE
// kernels beats it: it is upstream llama.cpp's kernels on this hardware.
const gcnExpertMatVecFloor = 9e-6

// expertMatVecFloor is the per-mat-vec floor of the device's expert
// kernels, 0 where none was measured.
func expertMatVecFloor(ds *devSpeed) float64 {
	if ds.cls == clsROCmGCN || ds.vendor == &amdGCNVulkan {
		return gcnExpertMatVecFloor
	}
	return 0
}

// expertMatVecs is the routed-expert mat-vecs a token runs in layers
// [lo, hi) and the bytes each one reads.
func (r *run) expertMatVecs(w *weights, lo, hi int) (calls, perMat float64) {
	n := r.p.moeRange(lo, hi)
	if n == 0 || w.cumExpert == nil || r.p.nExpert <= 0 {
		return 0, 0
	}
	mats := 3.0 // gate, up, down
	if r.p.a.FFNType == "plain" {
		mats = 2 // up, down
	}
	calls = float64(n*r.p.expertsUsed) * mats
	perMat = float64(rangeSum(w.cumExpert, lo, hi)) / float64(n) / (float64(r.p.nExpert) * mats)
	return calls, perMat
}

// expertFloorTime is what the floor adds per token to the routed experts
// that run on device ds in layers [lo, hi), at rate bytes/s: each active
// expert's mat-vec takes at least the floor.
func (r *run) expertFloorTime(w *weights, lo, hi int, ds *devSpeed, rate float64) float64 {
	floor := expertMatVecFloor(ds)
	if floor <= 0 || hi <= lo {
		return 0
	}
	calls, perMat := r.expertMatVecs(w, lo, hi)
	if lost := floor - perMat/rate; calls > 0 && lost > 0 {
		return calls * lost
	}
	return 0
}
