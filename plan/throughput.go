package plan

import (
	"math"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// Speed is what a configuration delivers to Users concurrent streams.
type Speed struct {
	Users        int
	PerUserTPS   float64 // decode tokens/s each user sees
	AggregateTPS float64 // decode tokens/s of all users together
	PrefillTPS   float64 // prompt tokens/s with the machine busy prefilling
	TTFTSeconds  float64 // one request's prompt while the others decode
	BurstTTFT    float64 // the last of Users requests arriving at once
	Capacity     float64 // sequences of the full context the memory holds
}

// Throughput turns the estimator's single-stream figures into what Users
// concurrent streams see on hw. The estimator prices one decode step as
// the bytes it streams over the memory bandwidth (weights + that
// sequence's KV cache) plus fixed per-token latencies, calibrated on
// llama-bench; estimating again with every bandwidth doubled separates the
// two parts exactly, since the step is linear in 1/bandwidth. A batched
// step of N sequences streams the weights once and each sequence's KV
// cache — for a mixture of experts up to N times the active experts, never
// more than all of them — so the bandwidth part is scaled by
// bytes(N)/bytes(1) and the latency part is paid once. A step cannot be
// faster than its FLOPs: N tokens at the estimator's prefill rate, which
// is calibrated compute throughput at the same prompt depth. The step
// takes the larger of the two (a roofline). This batching model is an
// engineering estimate, not fitted to measured multi-user runs; it never
// gives a user more than the single-stream estimate.
func Throughput(m *catalog.Model, r estimate.Result, hw estimate.Hardware, s estimate.Settings, users int) Speed {
	return throughputOn(nil, m, r, hw, s, users)
}

// throughputOn is Throughput re-estimating with est (nil: a fresh one).
func throughputOn(est *estimate.Estimator, m *catalog.Model, r estimate.Result, hw estimate.Hardware, s estimate.Settings, users int) Speed {
	share := 1.0 // one user: the split does not matter, the step is the estimator's
	if users > 1 {
		share = memoryShare(est, m, r, hw, s)
	}
	return throughput(m, r, s, users, share)
}

func throughput(m *catalog.Model, r estimate.Result, s estimate.Settings, users int, memShare float64) Speed {
	sp := Speed{Users: users}
	if r.Verdict == estimate.VerdictNo || r.DecodeTPS <= 0 || users < 1 {
		return sp
	}
	n := float64(users)
	t1 := 1 / r.DecodeTPS
	wTotal := float64(r.WeightsBytes)
	wActive := wTotal * activeFraction(m)
	kvRead := kvReadPerToken(r, s)
	bytes1 := wActive + kvRead
	bytesN := math.Min(wTotal, wActive*n) + kvRead*n
	step := t1
	if bytes1 > 0 {
		step = t1*(1-memShare) + t1*memShare*bytesN/bytes1
	}
	if r.PrefillTPS > 0 {
		step = math.Max(step, n/r.PrefillTPS)
	}
	sp.PerUserTPS = 1 / step
	sp.AggregateTPS = n / step
	sp.PrefillTPS = r.PrefillTPS
	if r.PrefillTPS > 0 {
		p := float64(max(s.PromptTokens, 1))
		sp.TTFTSeconds = p/r.PrefillTPS + step
		sp.BurstTTFT = n*p/r.PrefillTPS + step
	}
	sp.Capacity = n // llama.cpp allocates -np slots of the full context up front
	if r.Engine == estimate.EngineVLLM {
		sp.Capacity = r.MaxConcurrency
	}
	return sp
}

// memoryShare is the part of the single-stream decode time that moves
// bytes: the estimate again with every bandwidth doubled takes half of it
// off. 1 (all of it, the conservative end) when that cannot be told.
func memoryShare(est *estimate.Estimator, m *catalog.Model, r estimate.Result, hw estimate.Hardware, s estimate.Settings) float64 {
	if r.DecodeTPS <= 0 {
		return 1
	}
	fast := hw
	fast.GPUs = make([]estimate.Device, len(hw.GPUs))
	for i, d := range hw.GPUs {
		d.BandwidthGBps *= 2
		fast.GPUs[i] = d
	}
	fast.RAMBandwidthGBps *= 2
	r2, err := est.Estimate(m, r.Quant, fast, s)
	if err != nil || r2.DecodeTPS <= 0 || r2.Verdict != r.Verdict {
		return 1
	}
	t1, t2 := 1/r.DecodeTPS, 1/r2.DecodeTPS
	return math.Min(1, math.Max(0, 2*(t1-t2)/t1))
}

// activeFraction is the share of the weights one token reads.
func activeFraction(m *catalog.Model) float64 {
	if m == nil || m.ParamsActive == nil || m.ParamsTotal <= 0 || *m.ParamsActive >= m.ParamsTotal {
		return 1
	}
	return float64(*m.ParamsActive) / float64(m.ParamsTotal)
}

// kvReadPerToken is the KV cache one sequence reads per decoded token at
// the prompt depth: its share of the cache, scaled from the full context to
// the depth (sliding-window layers read less; counting them in full keeps
// the figure conservative).
func kvReadPerToken(r estimate.Result, s estimate.Settings) float64 {
	ctx := float64(max(r.Context, 1))
	perSeq := 0.0
	switch {
	case r.Engine == estimate.EngineVLLM && r.MaxConcurrency > 0:
		perSeq = float64(r.KVCacheBytes) / r.MaxConcurrency
	case r.Engine != estimate.EngineVLLM:
		perSeq = float64(r.KVCacheBytes) / float64(max(s.Parallel, 1))
	}
	depth := math.Min(float64(max(s.PromptTokens, 1)), ctx)
	return perSeq * depth / ctx
}
