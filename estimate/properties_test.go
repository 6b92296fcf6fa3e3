package estimate

import (
	"math/rand"
	"testing"
	"testing/quick"

	"github.com/fitcheck/fitcheck/catalog"
)

// propModels are the architectures the property sweeps run over: dense
// MHA/GQA, tied 262k vocabulary with sliding windows, MLA+MoE, hybrid
// recurrent MoE, MXFP4 MoE with sliding windows, plus a vision model.
func propModels() map[string]*catalog.Model {
	ms := map[string]*catalog.Model{}
	for _, k := range []string{"llama2-7b", "llama3-8b", "gemma3-27b", "deepseek-v2-lite", "qwen3-next-80b", "qwen3-30b-a3b", "llama32-3b"} {
		ms[k] = sizeModels[k]
	}
	ms["gpt-oss-20b"] = gptOSS20B
	v := *sizeModels["gemma3-12b"]
	v.Arch.Vision = &catalog.Vision{Params: 417_000_000}
	ms["gemma3-12b-vision"] = &v
	return ms
}

func gpuHW(mem int64, bw float64) Hardware {
	return Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 80, CPUCores: 8, CPUFeatures: []string{"avx2"},
		GPUs: []Device{{Name: "NVIDIA GeForce RTX 4090", Backend: "cuda", MemoryBytes: mem, TotalBytes: mem, BandwidthGBps: bw, FP16TFLOPs: 165}}}
}

var propHardware = map[string]Hardware{
	"4090":  gpuHW(23<<30, 1008),
	"8GB":   gpuHW(8<<30, 448),
	"cpu":   {RAMBytes: 96 << 30, RAMBandwidthGBps: 60, CPUCores: 8, CPUFeatures: []string{"avx2"}},
	"mac":   {RAMBytes: 64 << 30, RAMBandwidthGBps: 400, CPUCores: 12, GPUs: []Device{{Name: "Apple M2 Max", Backend: "metal", MemoryBytes: 48 << 30, TotalBytes: 64 << 30, BandwidthGBps: 400, FP16TFLOPs: 13.6, Unified: true}}},
	"2xGPU": {RAMBytes: 128 << 30, RAMBandwidthGBps: 80, CPUCores: 16, GPUs: []Device{gpuHW(23<<30, 936).GPUs[0], gpuHW(11<<30, 616).GPUs[0]}},
}

var propQuants = []string{"BF16", "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "IQ4_XS", "Q3_K_M", "Q2_K", "IQ2_XXS"}

func mustEstimate(t *testing.T, m *catalog.Model, q string, hw Hardware, s Settings) Result {
	t.Helper()
	r, err := Estimate(m, q, hw, s)
	if err != nil {
		t.Fatalf("%s %s: %v", m.ID, q, err)
	}
	return r
}

// More context never needs less memory: the KV cache and, at an unchanged
// verdict, the total grow with the context.
func TestPropertyMoreContextNeedsMoreMemory(t *testing.T) {
	for name, m := range propModels() {
		for hn, hw := range propHardware {
			for _, q := range []string{"Q8_0", "Q4_K_M", "Q2_K"} {
				var prev Result
				for i, ctx := range []int{512, 2048, 8192, 32768, 65536, 131072} {
					s := DefaultSettings()
					s.Context = ctx
					for _, fa := range []bool{true, false} {
						s.FlashAttention = fa
						r := mustEstimate(t, m, q, hw, s)
						if !fa {
							continue
						}
						if i > 0 {
							if r.KVCacheBytes < prev.KVCacheBytes {
								t.Errorf("%s/%s/%s: KV %d at %d < %d before", name, hn, q, r.KVCacheBytes, ctx, prev.KVCacheBytes)
							}
							if r.Verdict == prev.Verdict && r.GPULayers == prev.GPULayers && r.TotalBytes < prev.TotalBytes {
								t.Errorf("%s/%s/%s: total %d at %d < %d before", name, hn, q, r.TotalBytes, ctx, prev.TotalBytes)
							}
							if VerdictRank(r.Verdict) > VerdictRank(prev.Verdict) {
								t.Errorf("%s/%s/%s: verdict improved from %s to %s with more context", name, hn, q, prev.Verdict, r.Verdict)
							}
						}
						prev = r
					}
				}
			}
		}
	}
}

// rowsAligned reports whether every weight row is a multiple of 256, the
// K-quant block: otherwise llama.cpp falls back to other types.
func rowsAligned(t *testing.T, m *catalog.Model) bool {
	p := mustPlan(t, m)
	for _, k := range p.kinds {
		for _, tn := range k.tensors {
			if tn.ncols%256 != 0 {
				return false
			}
		}
	}
	return p.e%256 == 0
}

// A smaller quant never needs more memory. (Not true of llama.cpp for
// models whose rows are not multiples of 256, see the next test.)
func TestPropertySmallerQuantNeedsLess(t *testing.T) {
	big := Hardware{RAMBytes: 4 << 40, GPUs: []Device{{Name: "big", Backend: "cuda", MemoryBytes: 4 << 40, BandwidthGBps: 1000}}}
	for name, m := range propModels() {
		if !rowsAligned(t, m) {
			continue
		}
		var prev Result
		for i, q := range propQuants {
			r := mustEstimate(t, m, q, big, DefaultSettings())
			if i > 0 && (r.FileBytes > prev.FileBytes || r.TotalBytes > prev.TotalBytes) {
				t.Errorf("%s: %s needs %d (file %d) > %s %d (file %d)", name, q, r.TotalBytes, r.FileBytes, prev.Quant, prev.TotalBytes, prev.FileBytes)
			}
			prev = r
		}
	}
}

// gpt-oss rows are 2880 wide: K-quants and IQ4_XS fall back to Q4_0,
// Q5_0, IQ4_NL (tensor_type_fallback), so its Q3_K_M file outweighs IQ4_XS.
func TestFallbackForUnalignedRows(t *testing.T) {
	s := DefaultSettings()
	hw := Hardware{RAMBytes: 1 << 40}
	q3 := mustEstimate(t, gptOSS20B, "Q3_K_M", hw, s)
	iq4 := mustEstimate(t, gptOSS20B, "IQ4_XS", hw, s)
	if q3.FileBytes <= iq4.FileBytes {
		t.Errorf("gpt-oss Q3_K_M %d should exceed IQ4_XS %d (Q3_K falls back to Q4_0)", q3.FileBytes, iq4.FileBytes)
	}
	if got := fallbackType(tQ4_K, 2880); got != tQ5_0 {
		t.Errorf("Q4_K on 2880 columns falls back to %d, want Q5_0", got)
	}
}

// More GPU memory never makes a verdict worse; more bandwidth never makes
// decode slower (random sweeps with testing/quick).
func TestPropertyMoreHardwareNeverWorse(t *testing.T) {
	models := propModels()
	var names []string
	for k := range models {
		names = append(names, k)
	}
	cfg := &quick.Config{MaxCount: 300, Rand: rand.New(rand.NewSource(7))}
	f := func(mi, qi uint8, memGiB, extraGiB uint16, bw, extraBW uint16, ctxExp uint8, cpuMoE bool) bool {
		m := models[names[int(mi)%len(names)]]
		q := propQuants[int(qi)%len(propQuants)]
		s := DefaultSettings()
		s.Context = 1024 << (ctxExp % 7)
		s.CPUMoE = cpuMoE
		mem := int64(memGiB%96+1) << 30
		b := float64(bw%2000 + 50)
		small := mustEstimate(t, m, q, gpuHW(mem, b), s)
		more := mustEstimate(t, m, q, gpuHW(mem+int64(extraGiB%64)<<30, b), s)
		if VerdictRank(more.Verdict) < VerdictRank(small.Verdict) {
			t.Logf("%s %s ctx %d: %d GiB %s, %d GiB %s", m.ID, q, s.Context, mem>>30, small.Verdict, (mem>>30)+int64(extraGiB%64), more.Verdict)
			return false
		}
		if VerdictRank(more.Verdict) == VerdictRank(small.Verdict) && more.GPULayers < small.GPULayers {
			return false
		}
		faster := mustEstimate(t, m, q, gpuHW(mem, b+float64(extraBW%2000)), s)
		if faster.DecodeTPS < small.DecodeTPS*(1-1e-12) {
			t.Logf("%s %s: %v GB/s %.2f t/s, more bandwidth %.2f t/s", m.ID, q, b, small.DecodeTPS, faster.DecodeTPS)
			return false
		}
		return true
	}
	if err := quick.Check(f, cfg); err != nil {
		t.Error(err)
	}
}

// MaxContext keeps the verdict: estimating at MaxContext gives the same
// verdict, one step further (256 tokens) does not (below the model maximum).
func TestMaxContextKeepsVerdict(t *testing.T) {
	for name, m := range propModels() {
		for hn, hw := range propHardware {
			for _, q := range []string{"Q8_0", "Q4_K_M"} {
				s := DefaultSettings()
				s.Context = 4096
				r := mustEstimate(t, m, q, hw, s)
				if r.Verdict == VerdictNo {
					if r.MaxContext != 0 {
						t.Errorf("%s/%s/%s: no fit but MaxContext %d", name, hn, q, r.MaxContext)
					}
					continue
				}
				if r.MaxContext < s.Context && r.MaxContext != m.Arch.ContextLength {
					t.Errorf("%s/%s/%s: MaxContext %d below the context", name, hn, q, r.MaxContext)
				}
				s2 := s
				s2.Context = r.MaxContext
				if at := mustEstimate(t, m, q, hw, s2); VerdictRank(at.Verdict) < VerdictRank(r.Verdict) {
					t.Errorf("%s/%s/%s: at MaxContext %d the verdict drops to %s", name, hn, q, r.MaxContext, at.Verdict)
				}
				if r.MaxContext+ctxPad <= m.Arch.ContextLength {
					s2.Context = r.MaxContext + ctxPad
					if at := mustEstimate(t, m, q, hw, s2); VerdictRank(at.Verdict) >= VerdictRank(r.Verdict) {
						t.Errorf("%s/%s/%s: %d still %s, MaxContext %d is not the largest", name, hn, q, s2.Context, at.Verdict, r.MaxContext)
					}
				}
			}
		}
	}
}
