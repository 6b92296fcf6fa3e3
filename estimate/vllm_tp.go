package estimate

import (
	"math"
	"strings"
)

// Interconnects between tensor-parallel ranks (Hardware.Interconnect).
const (
	InterconnectNVLink = "nvlink" // NVLink / NVSwitch: vLLM's custom all-reduce
	InterconnectPCIe   = "pcie"   // peer-to-peer over PCIe
	InterconnectHost   = "host"   // no GPU peer-to-peer: NCCL stages through host memory (or sockets)
)

// interconnect is how the ranks talk: what the caller says, else a guess
// from the GPU names. SXM/HBM3/NVL parts and Grace/Blackwell boards are
// NVLinked; GeForce cards get no PCIe peer-to-peer from the stock driver
// (vllm-project/recipes PR #971 on two RTX 3090: "No NVLink on consumer
// cards; without BAR1 P2P ..."; weicj/vLLM-2080Ti-Definitive#140: P2P on
// RTX 2080 Ti only through an NVLink bridge), so NCCL goes through the host;
// other PCIe cards (A100/H100 PCIe, L40S, RTX A6000) do peer-to-peer.
func interconnect(hw *Hardware) string {
	if hw.Interconnect != "" {
		return hw.Interconnect
	}
	if len(hw.GPUs) == 0 {
		return InterconnectPCIe
	}
	n := strings.ToUpper(hw.GPUs[0].Name)
	has := func(s ...string) bool { return containsAny(n, s...) }
	switch {
	case has("PCIE"):
		return InterconnectPCIe
	case has("SXM", "HBM3", "NVL", "GH200", "GB200", "GB300", "B200", "B300", "H200", "H800", "H20", "DGX", "HGX"):
		return InterconnectNVLink
	case has("GEFORCE", "TITAN"):
		return InterconnectHost
	}
	return InterconnectPCIe
}

// Tensor-parallel memory per rank beyond the single-GPU terms.
const (
	// vllmTPBuffersP2P: NCCL peer buffers and the custom all-reduce's
	// registered buffers when ranks do peer-to-peer: with 4× H100 (NVLink)
	// Qwen3-235B-A22B-FP8 logs 8.11 GiB of KV where the single-GPU terms
	// leave ~10 (vllm#21348); issue 10 quotes ~2 GiB from multi-GPU logs.
	vllmTPBuffersP2P = 2 << 30
	// vllmTPBuffersHost: without peer-to-peer (custom all-reduce off, NCCL
	// through the host) TP costs far less. Beyond the single-GPU terms the
	// fitting rows of hard_cases.csv leave 0.22 GiB (Qwen2-7B TP 2 on A100
	// pods, vllm_memory-19, dennislee22/vLLM-benchmarking), 0.44 (gpt-oss-120b
	// TP 4 across nodes, vllm_memory-24) and nothing (two RTX 4090 under V0
	// log non_torch 0.25 GiB in all, vllm_memory-27, vllm#13061): their
	// median, 0.22, taken as 0.2 GiB.
	vllmTPBuffersHost = 205 * mib
)

func vllmTPBuffers(ic string) int64 {
	if ic == InterconnectHost {
		return vllmTPBuffersHost
	}
	return vllmTPBuffersP2P
}

// vLLM single-stream decode. Per token each rank streams its 1/tp of the
// active weights and the KV cache, and every layer waits on its kernels'
// latency, MoE layers on the router and the fused-MoE kernels too; with
// tensor parallelism each layer adds two all-reduces (after attention and
// after the MLP/MoE) of one token's hidden state, a few KB, where latency,
// not bandwidth, counts. Summed bandwidth alone made TP decode 1.5-3× too
// fast on the older rows of testdata/vllm_tp_decode.csv.
//
// The all-reduce latencies are published small-message measurements; the
// efficiency and the per-layer latencies are one least-squares fit on the
// fitting rows of vllm_tp_decode.csv (TestFitVLLMDecodeConstants re-runs
// it and fails when these drift): one η for every row, latencies per vLLM
// generation — before 0.11 on the 0.7-0.10 rows (A100s), current on the
// 0.16-0.23 rows (RTX 3090s, B200s, an A100).
const (
	vllmEta = 0.78 // fraction of the peak memory bandwidth a decode step streams at (one request: GEMVs)
	// vllmLayerLatency per layer and token with full decode CUDA graphs
	// (vLLM ≥ 0.11): fixed kernel time at batch 1. The held-out Qwen3-8B
	// on an H100 under 0.11 comes out 2 % off with it.
	vllmLayerLatency = 36e-6
	// vllmMoELayerLatency: what an MoE layer adds with full graphs; the
	// fit puts it at nothing (Nemotron-3-Nano-30B-A3B TP 2 on B200s, the
	// only current MoE row; vllm PR #25444 names MoEs among the models full
	// graphs speed up most).
	vllmMoELayerLatency = 0.0
	// vllmLayerLatencyPiecewise per layer and token before vLLM 0.11 (V1
	// piecewise graphs, V0): launches between graph pieces.
	vllmLayerLatencyPiecewise = 106e-6
	// vllmMoELayerLatencyPiecewise: what an MoE layer added then (router
	// top-k, fused-MoE kernels, expert biases); fitted on gpt-oss-120b on
	// A100s, TP 1/2/4 (vllm#22331): it is why TP 2 and 4 decoded no faster
	// than TP 1 there.
	vllmMoELayerLatencyPiecewise = 175e-6
	// allReduceNVLink: vLLM's custom all-reduce on H100 (NVLink), 512 B to
	// 32 KB, TP 2/4/8: 8.7-11.8 µs (sgl-project/sglang PR #2904, the
	// "vllm" table); all-reduce + RMSNorm of 32 tokens × 8192 on two H100:
	// 10 µs (vllm PR #22086).
	allReduceNVLink = 9e-6
	// allReducePCIe: NCCL all-reduce inside a CUDA graph, 4 ranks behind a
	// PCIe switch with peer-to-peer, 4-16 KB: 19.4-22.3 µs
	// (haohervchb/sglang-V100 PR #2).
	allReducePCIe = 20e-6
	// allReduceHost: NCCL without peer-to-peer stages through host memory;
	// no published small-message figure at hand, so the PCIe one (the no-P2P
	// rows of vllm_tp_decode.csv, A100 pods and RTX 3090s, come out within
	// 5 % except Gemma-4 on the 3090s, +20 %).
	allReduceHost = 20e-6
)

func allReduceLatency(ic string) float64 {
	switch ic {
	case InterconnectNVLink:
		return allReduceNVLink
	case InterconnectHost:
		return allReduceHost
	}
	return allReducePCIe
}

// vllmStep is what one decode step of one sequence costs a rank.
type vllmStep struct {
	bytes     float64 // streamed per rank: active weights and KV at the prompt's depth, ÷ tp
	bw        float64 // GB/s of the slowest rank's card (the first: TP ranks are alike)
	layers    int
	moeLayers int
	tp        int
	ic        string
	piecewise bool // vLLM before 0.11 (Settings.VLLMPiecewiseGraphs, VLLMV0)
}

func (r *run) vllmDecodeStep(w *weights, tp int) vllmStep {
	p := r.p
	depth := r.s.decodeDepth()
	var kvRead float64
	for k := attnFull; k <= attnRecurrent; k++ {
		kvRead += float64(int64(p.counts[k]) * r.kvReadKind(k, depth))
	}
	active := float64(w.cumActive[p.nLayer] + w.output)
	st := vllmStep{bytes: (active + kvRead) / float64(tp), bw: r.devs[0].bw, layers: p.nLayer,
		moeLayers: p.moeLayers, tp: tp, ic: interconnect(r.hw), piecewise: r.s.VLLMPiecewiseGraphs || r.s.VLLMV0}
	for d := 1; d < tp && d < len(r.devs); d++ {
		st.bw = math.Min(st.bw, r.devs[d].bw)
	}
	return st
}

// latencies are the per-layer and per-MoE-layer latencies of the step's
// vLLM generation.
func (st vllmStep) latencies() (layer, moe float64) {
	if st.piecewise {
		return vllmLayerLatencyPiecewise, vllmMoELayerLatencyPiecewise
	}
	return vllmLayerLatency, vllmMoELayerLatency
}

func (st vllmStep) time() float64 {
	layer, moe := st.latencies()
	return st.seconds(vllmEta, layer, moe)
}

// seconds is the step's time with the given efficiency and latencies (the
// fit in accuracy_vllm_tp_test.go varies them).
func (st vllmStep) seconds(eta, layer, moeLayer float64) float64 {
	t := st.bytes/(eta*st.bw*1e9) + float64(st.layers)*layer + float64(st.moeLayers)*moeLayer
	if st.tp > 1 {
		t += 2 * float64(st.layers) * allReduceLatency(st.ic)
	}
	return t
}

func (st vllmStep) basis(name string) string {
	b := name + " " + fmtF(st.bw, 0) + " GB/s x " + fmtF(vllmEta, 2)
	if st.tp > 1 {
		b += " ÷ TP" + fmtF(float64(st.tp), 0)
	}
	layer, moe := st.latencies()
	b += " + " + fmtF(layer*1e6, 0) + " µs/layer"
	if st.moeLayers > 0 && moe > 0 {
		b += " (MoE +" + fmtF(moe*1e6, 0) + ")"
	}
	if st.tp > 1 {
		b += " + 2 all-reduces/layer × " + fmtF(allReduceLatency(st.ic)*1e6, 0) + " µs (" + st.ic + ")"
	}
	return b
}
