package estimate

// CUDA graphs in llama.cpp decode (issue 10).
//
// A CUDA graph launches a token's kernels as one unit; without it every
// kernel is launched on its own, and the launch cost shows wherever the
// GPU waits on the CPU. Which decode runs under graphs changed with the
// build, and the speed constants were fitted on one state of it:
//   - the calibration tables (discussion #15013, August 2025 builds) ran
//     Ampere and newer cards under graphs and Volta, Turing and Pascal
//     without them: ggml-cuda disabled graphs below compute capability 8.0;
//   - a decode split between GPU and CPU (--n-cpu-moe, partial -ngl) ran
//     without graphs until b7821 (PR #18934, January 2026, "a cuda graph per
//     split"): one graph per device, re-captured for every split, tripped
//     the rule that turns graphs off after 4 consecutive updates;
//   - b10042 (PR #25749, July 2026) turned them on for Volta and Turing;
//     Pascal and Maxwell still run without (PR #27721 is open).
//
// The ggml source as synced on 2026-08-21 (ggml-org/ggml d99724f,
// src/ggml-cuda) shows the current state: graphs are disabled below
// GGML_CUDA_CC_VOLTA, kept one per split (keyed by the split's first node)
// and evicted only when unused for 10 s.
//
// The hand-over cost (handover.go) and the Windows constant (host_os.go)
// were fitted on split runs of 2026 builds, most of them on Ampere and
// newer cards: they describe splits under graphs. So relative to what the
// rest of the model says:
//   - a split run without graphs (a build before b7821, or a card that has
//     none) pays graphSplitCost per hand-over;
//   - Volta and Turing on a build with graphs save graphLayerSaving per
//     layer they hold, which their graph-less calibration still carries.

// graphSplitCost is what a GPU↔CPU hand-over costs more without CUDA
// graphs: PR #18934's table (tg128 before and after it, an RTX 5090 or
// 4090 rig), GLM-4.5-Air IQ4_XS at --n-cpu-moe 8, 16, 32 and all layers
// (60.84 → 63.12, 48.25 → 50.75, 32.84 → 35.03, 25.08 → 27.49 t/s; 7,
// 15, 31 and 45 layers with experts hand over, layer 0 is dense) and
// gpt-oss-120b at 8 (95.96 → 100.93): 0.59, 1.02, 1.90, 3.50 and 0.51 ms
// a token, 0.072 ms per hand-over through the origin (0.061-0.085 apiece).
const graphSplitCost = 0.07e-3

// graphLayerSaving is what CUDA graphs save per layer of a full-GPU decode:
// PR #6766, which introduced them (2024), measured LLaMA-2-7B Q4_0 tg on an
// RTX 3090 at 116.31 → 128.27 t/s (0.80 ms a token, 32 layers) and on an
// RTX 4090 at 138.31 → 146.81 (0.42 ms). The 3090's, the older and slower
// of the two, is taken for Volta and Turing; their own before/after was
// published only as tensor-parallel gains (PR #25749: "-sm layer" runs of
// 8 V100s changed within noise).
const graphLayerSaving = 0.025e-3

// graphsCalibrated reports whether the calibration builds ran arch under
// CUDA graphs (Ampere and newer).
func graphsCalibrated(a cudaArch) bool { return a == archAmpere || a == archAda }

// runsGraphs reports whether the estimated build runs device ds's decode
// under CUDA graphs; split: the token hands over between GPU and CPU.
func (r *run) runsGraphs(ds *devSpeed, split bool) bool {
	if ds.backend != "cuda" {
		return false
	}
	oldSplit := r.s.before(r.s.NoSplitGraphs)
	switch ds.arch {
	case archAmpere, archAda:
		return !split || !oldSplit
	case archVolta, archTuring:
		return !oldSplit && !r.s.NoVoltaTuringGraphs
	}
	return false
}

// graphTime is what CUDA graphs change in a token's decode against the
// rest of the model (negative: faster): device d holds layers
// [pl.lo[d], pl.hi[d]), splits is the token's GPU↔CPU hand-overs, which the
// first GPU in use (used) runs. NVIDIA names of no known generation and
// other backends: 0.
func (r *run) graphTime(pl *placement, used, splits int) float64 {
	t := 0.0
	for d := range r.devs {
		ds := &r.devs[d]
		n := pl.hi[d] - pl.lo[d]
		if n <= 0 || ds.arch == archUnknown || ds.backend != "cuda" {
			continue
		}
		if r.runsGraphs(ds, splits > 0) && !graphsCalibrated(ds.arch) {
			t -= graphLayerSaving * float64(n)
		}
	}
	if splits > 0 && used >= 0 {
		if ds := &r.devs[used]; ds.backend == "cuda" && ds.arch != archUnknown && !r.runsGraphs(ds, true) {
			t += graphSplitCost * float64(splits)
		}
	}
	return t
}

// appendGraphBasis names the CUDA-graph term t of a token's decode (graphTime).
func appendGraphBasis(basis []byte, t float64) []byte {
	switch {
	case t > 0:
		return appendCharge(basis, "split decode without CUDA graphs, ", fmtF(1e3*graphSplitCost, 2), " ms per hand-over", t)
	case t < 0:
		basis = append(basis, "; CUDA graphs on Volta/Turing, "...)
		basis = append(basis, fmtF(1e3*graphLayerSaving, 3)...)
		basis = append(basis, " ms per layer -"...)
		basis = append(basis, fmtF(-1e3*t, 1)...)
		return append(basis, " ms"...)
	}
	return basis
}
