package estimate

import (
	"math"
	"math/rand"
	"strings"
	"testing"
	"testing/quick"

	"github.com/fitcheck/fitcheck/catalog"
)

func TestLookupQuant(t *testing.T) {
	for in, want := range map[string]string{
		"q4_k_m": "Q4_K_M", "Q4_K": "Q4_K_M", "fp16": "F16", "bf16": "BF16", " iq4_xs ": "IQ4_XS",
		"mxfp4_moe": "MXFP4", "awq": "AWQ", "gptq": "GPTQ", "fp8": "FP8", "int8": "INT8", "nf4": "NF4",
	} {
		q, ok := LookupQuant(in)
		if !ok || q.Name != want {
			t.Errorf("LookupQuant(%q) = %q, %v; want %q", in, q.Name, ok, want)
		}
	}
	if _, ok := LookupQuant("Q9_Z"); ok {
		t.Error("unknown quant found")
	}
	// The list of GGUF types and serving formats.
	for _, n := range strings.Fields("F32 F16 BF16 Q8_0 Q6_K Q5_K_M Q5_K_S Q5_0 Q4_K_M Q4_K_S Q4_0 IQ4_XS IQ4_NL Q3_K_L Q3_K_M Q3_K_S IQ3_M IQ3_XXS Q2_K IQ2_M IQ2_XS IQ2_XXS IQ1_M IQ1_S MXFP4 FP8 INT8 AWQ GPTQ NF4") {
		if _, ok := LookupQuant(n); !ok {
			t.Errorf("quant %s missing", n)
		}
	}
	qs := Quants()
	for i := 1; i < len(qs); i++ {
		if qs[i].Rank > qs[i-1].Rank {
			t.Errorf("Quants not ordered by quality at %s", qs[i].Name)
		}
	}
}

func TestDefaultQuants(t *testing.T) {
	got := strings.Join(DefaultQuants(EngineLlamaCpp, sizeModels["llama3-8b"]), " ")
	if got != "BF16 Q8_0 Q6_K Q5_K_M Q4_K_M IQ4_XS Q3_K_M Q2_K" {
		t.Errorf("llama.cpp ladder %q", got)
	}
	// A native-MXFP4 model lists MXFP4 first and then only the files it
	// lists: the generic ladder would show near-identical sizes (every
	// published GGUF keeps the experts in MXFP4).
	g := *gptOSS20B
	g.Quants = []string{"MXFP4", "BF16", "Q8_0", "Q4_K_M"}
	if oss := strings.Join(DefaultQuants(EngineLlamaCpp, &g), " "); oss != "MXFP4 BF16 Q8_0 Q4_K_M" {
		t.Errorf("gpt-oss ships MXFP4, which should rank first, then its listed files only: %q", oss)
	}
	if oss := strings.Join(DefaultQuants(EngineVLLM, &g), " "); oss != "MXFP4 BF16" {
		t.Errorf("gpt-oss on vLLM: %q", oss)
	}
	m := *sizeModels["llama3-8b"]
	m.Quants = []string{"Q4_0", "IQ2_M", "FP8", "GPTQ"}
	if got := DefaultQuants(EngineLlamaCpp, &m); !contains(got, "Q4_0") || !contains(got, "IQ2_M") || contains(got, "FP8") {
		t.Errorf("listed GGUF types should join the ladder, serving formats not: %v", got)
	}
	if got := DefaultQuants(EngineVLLM, &m); strings.Join(got, " ") != "BF16 FP8 AWQ GPTQ" {
		t.Errorf("vLLM defaults %v", got)
	}
	if DefaultQuants("tgi", &m) != nil {
		t.Error("unknown engine should give nil")
	}
	if !ValidKVType("q8_0") || !ValidKVType("F16") || ValidKVType("q3_k") {
		t.Error("ValidKVType")
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Bad input is an error, never a panic.
func TestEstimateRejectsBadInput(t *testing.T) {
	good := sizeModels["llama3-8b"]
	hw := gpuHW(24<<30, 1000)
	s := DefaultSettings()
	noArch := &catalog.Model{ID: "x"}
	zeroHeads := *good
	zeroHeads.Arch.Heads = 0
	negLayers := *good
	negLayers.Arch.Layers = -3
	badMoE := *good
	badMoE.Arch.MoE = &catalog.MoE{Experts: 4, ExpertsPerToken: 8, ExpertFFN: 100}
	badMLA := *good
	badMLA.Arch.MLA = &catalog.MLA{}
	for name, m := range map[string]*catalog.Model{"nil": nil, "no arch": noArch, "zero heads": &zeroHeads,
		"negative layers": &negLayers, "bad moe": &badMoE, "bad mla": &badMLA} {
		if _, err := Estimate(m, "Q4_K_M", hw, s); err == nil {
			t.Errorf("%s: no error", name)
		}
		if EstimateModel(m, hw, s, nil) != nil {
			t.Errorf("%s: EstimateModel should give nil", name)
		}
	}
	bad := func(f func(*Settings)) Settings { x := s; f(&x); return x }
	for name, st := range map[string]Settings{
		"zero context":     bad(func(x *Settings) { x.Context = 0 }),
		"negative prompt":  bad(func(x *Settings) { x.PromptTokens = -1 }),
		"prompt > context": bad(func(x *Settings) { x.PromptTokens = x.Context + 1 }),
		"kv type":          bad(func(x *Settings) { x.KVType = "q3_k" }),
		"engine":           bad(func(x *Settings) { x.Engine = "tgi" }),
		"parallel":         bad(func(x *Settings) { x.Parallel = -2 }),
		"utilisation":      bad(func(x *Settings) { x.GPUMemoryUtilization = 1.5 }),
		"vllm q4_0 kv":     bad(func(x *Settings) { x.Engine = EngineVLLM; x.KVType = "q4_0" }),
	} {
		if _, err := Estimate(good, "Q4_K_M", hw, st); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Estimate(good, "Q4_K_M", Hardware{GPUs: []Device{{MemoryBytes: -1}}}, s); err == nil {
		t.Error("negative GPU memory: no error")
	}
	if _, err := Estimate(good, "Q4_K_M", Hardware{GPUs: []Device{{BandwidthGBps: math.NaN()}}}, s); err == nil {
		t.Error("NaN bandwidth: no error")
	}
	if _, err := Estimate(good, "Q4_K_Q", hw, s); err == nil {
		t.Error("unknown quant: no error")
	}
	if _, err := Estimate(good, "AWQ", hw, s); err == nil {
		t.Error("AWQ on llama.cpp: no error")
	}
	vs := s
	vs.Engine = EngineVLLM
	if _, err := Estimate(good, "Q4_K_M", hw, vs); err == nil {
		t.Error("GGUF quant on vLLM: no error")
	}
}

// Random architectures and hardware never panic, and every result is sane.
func TestEstimateNeverPanics(t *testing.T) {
	f := func(layers, hidden, heads, kv, hd, ffn, vocab int16, swa, moe, mla, rec bool, mem int32, ctx int32, q uint8) bool {
		m := &catalog.Model{ID: "fuzz", ParamsTotal: int64(hidden) * 1000, Arch: catalog.Arch{
			Layers: int(layers % 200), HiddenSize: int(hidden), Heads: int(heads % 130), KVHeads: int(kv % 130),
			HeadDim: int(hd % 300), IntermediateSize: int(ffn), VocabSize: int(vocab), ContextLength: int(ctx % 300000)}}
		if swa {
			m.Arch.SlidingWindow, m.Arch.SWALayers = 512, int(layers%200)/2
		}
		if moe {
			m.Arch.MoE = &catalog.MoE{Experts: int(kv%64) + 1, ExpertsPerToken: 1, ExpertFFN: int(ffn%4096) + 1, SharedExperts: int(heads % 3), DenseLayers: int(hd % 5)}
		}
		if mla {
			m.Arch.MLA = &catalog.MLA{KVLoraRank: 512, QKRopeHeadDim: 64, QKNopeHeadDim: 128, VHeadDim: 128, QLoraRank: int(hd % 2 * 768)}
		}
		if rec {
			m.Arch.Recurrent = &catalog.Recurrent{Kind: []string{"mamba2", "gated_deltanet", "rwkv", "mamba"}[int(q)%4], Layers: int(layers%200) / 2, StateSize: 128, Heads: 8, HeadDim: 64}
		}
		hw := gpuHW(int64(mem)<<10, float64(mem%3000))
		s := DefaultSettings()
		s.Context = int(ctx%200000) + 1
		s.PromptTokens = min(s.PromptTokens, s.Context)
		name := quantTable[int(q)%len(quantTable)].Name
		r, err := Estimate(m, name, hw, s)
		if err != nil {
			return true
		}
		ok := r.TotalBytes >= 0 && !math.IsNaN(r.DecodeTPS) && !math.IsInf(r.DecodeTPS, 0) && r.DecodeTPS >= 0
		if r.Verdict != VerdictNo && r.DecodeTPS <= 0 {
			ok = false
		}
		if !ok {
			t.Logf("bad result %+v for %+v", r, m.Arch)
		}
		return ok
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 3000, Rand: rand.New(rand.NewSource(1))}); err != nil {
		t.Error(err)
	}
}

func TestBestQuant(t *testing.T) {
	rs := []Result{
		{Quant: "Q8_0", QualityRank: 95, Verdict: VerdictPartial, DecodeTPS: 5},
		{Quant: "Q4_K_M", QualityRank: 78, Verdict: VerdictGPU, DecodeTPS: 100},
		{Quant: "Q2_K", QualityRank: 50, Verdict: VerdictGPU, DecodeTPS: 150},
	}
	if b, ok := BestQuant(rs); !ok || b.Quant != "Q4_K_M" {
		t.Errorf("best %s, want Q4_K_M (highest quality fully on GPU)", b.Quant)
	}
	rs = []Result{
		{Quant: "BF16", QualityRank: 100, Verdict: VerdictPartial, DecodeTPS: 2},
		{Quant: "Q8_0", QualityRank: 95, Verdict: VerdictPartial, DecodeTPS: 9},
		{Quant: "Q4_K_M", QualityRank: 78, Verdict: VerdictPartial, DecodeTPS: 15},
		{Quant: "Q2_K", QualityRank: 50, Verdict: VerdictCPU, DecodeTPS: 20},
	}
	if b, ok := BestQuant(rs); !ok || b.Quant != "Q8_0" {
		t.Errorf("best partial %s, want Q8_0 (highest quality within 2x of the fastest partial)", b.Quant)
	}
	if _, ok := BestQuant([]Result{{Verdict: VerdictNo}}); ok {
		t.Error("nothing fits: want false")
	}
	// Through the estimator: 70B on one 24 GB card is partial at best.
	res := EstimateModel(sizeModels["llama31-70b"], gpuHW(23<<30, 1008), DefaultSettings(), nil)
	if b, ok := BestQuant(res); !ok || b.Verdict != VerdictPartial {
		t.Errorf("70B on 24 GB: best %+v", b)
	}
}

// Placement follows llama.cpp: the last layers go to the GPU, the output
// only with all of them, layers split across GPUs by free memory.
func TestPlacement(t *testing.T) {
	m := sizeModels["llama31-70b"]
	s := DefaultSettings()
	r := mustEstimate(t, m, "Q4_K_M", gpuHW(23<<30, 1008), s)
	if r.Verdict != VerdictPartial || r.GPULayers <= 0 || r.GPULayers > 80 || r.NGL != r.GPULayers || r.TotalLayers != 81 {
		t.Fatalf("70B Q4_K_M on 24 GB: %s %d/%d", r.Verdict, r.GPULayers, r.TotalLayers)
	}
	if r.DeviceBytes[0] > 23<<30 {
		t.Errorf("device over budget: %d", r.DeviceBytes[0])
	}
	two := gpuHW(30<<30, 936)
	two.GPUs = append(two.GPUs, Device{Name: "NVIDIA GeForce RTX 3090", Backend: "cuda", MemoryBytes: 15 << 30, BandwidthGBps: 936, FP16TFLOPs: 71})
	two.RAMBytes = 128 << 30
	r2 := mustEstimate(t, m, "Q4_K_M", two, s)
	if r2.TensorSplit[0] < r2.TensorSplit[1]*3/2 {
		t.Errorf("layers should split ~2:1 by free memory: %v", r2.TensorSplit)
	}
	// One 24 GB card holds 8B Q4_K_M entirely.
	r3 := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", gpuHW(23<<30, 1008), s)
	if r3.Verdict != VerdictGPU || r3.NGL != 33 || r3.RAMBytes > 1<<30 {
		t.Errorf("8B on 24 GB: %s ngl %d ram %d", r3.Verdict, r3.NGL, r3.RAMBytes)
	}
	// CPU only.
	r4 := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", Hardware{RAMBytes: 16 << 30, RAMBandwidthGBps: 50, CPUCores: 8}, s)
	if r4.Verdict != VerdictCPU || r4.GPUBytes != 0 || r4.DecodeTPS <= 0 || r4.PrefillTPS <= 0 {
		t.Errorf("CPU only: %+v", r4)
	}
	// Nothing fits.
	r5 := mustEstimate(t, sizeModels["llama31-70b"], "Q8_0", Hardware{RAMBytes: 16 << 30}, s)
	if r5.Verdict != VerdictNo || r5.DecodeTPS != 0 || r5.MaxContext != 0 {
		t.Errorf("70B Q8_0 in 16 GB: %+v", r5)
	}
}

// --cpu-moe keeps the experts in RAM: the GPU holds little, RAM the rest.
func TestCPUMoE(t *testing.T) {
	s := DefaultSettings()
	hw := gpuHW(15<<30, 288)
	on := s
	on.CPUMoE = true
	a := mustEstimate(t, sizeModels["qwen3-30b-a3b"], "Q4_K_M", hw, s)
	b := mustEstimate(t, sizeModels["qwen3-30b-a3b"], "Q4_K_M", hw, on)
	// Every layer is offloaded but most weights stay in RAM: partial, not
	// "full GPU" (a --require ...:gpu must not pass on it).
	if b.Verdict != VerdictPartial || b.GPULayers != b.TotalLayers || b.GPUBytes >= 5<<30 || b.RAMBytes < 15<<30 {
		t.Errorf("cpu-moe: %s %d/%d layers, gpu %d ram %d", b.Verdict, b.GPULayers, b.TotalLayers, b.GPUBytes, b.RAMBytes)
	}
	// Prefill copies the host experts over PCIe for every 512-token ubatch.
	// (RAMBytes also holds host buffers, hence the margin.)
	if limit := 1.1 * 512 / (float64(b.RAMBytes) / (defaultPCIeGBps * pcieCopyEff * 1e9)); b.PrefillTPS > limit {
		t.Errorf("cpu-moe prefill %.0f tok/s, above the PCIe bound %.0f", b.PrefillTPS, limit)
	}
	if a.Verdict != VerdictPartial {
		t.Errorf("17 GiB model on 15 GiB without --cpu-moe should be partial, got %s", a.Verdict)
	}
}

// Unified memory: the Metal budget limits the GPU, and the same bytes are
// not counted again as RAM.
func TestUnifiedMemory(t *testing.T) {
	mac := propHardware["mac"]
	r := mustEstimate(t, sizeModels["llama3-8b"], "Q8_0", mac, DefaultSettings())
	if r.Verdict != VerdictGPU {
		t.Fatalf("8B Q8_0 on a 64 GB Mac: %s", r.Verdict)
	}
	if r.RAMBytes > 2<<30 || r.TotalBytes != r.GPUBytes+r.RAMBytes {
		t.Errorf("unified bytes counted twice: gpu %d ram %d total %d", r.GPUBytes, r.RAMBytes, r.TotalBytes)
	}
	// 70B Q8_0 (75 GB) cannot use the RAM beyond the working set as a
	// second pool: it shares the 64 GB with the GPU part.
	r2 := mustEstimate(t, sizeModels["llama31-70b"], "Q8_0", mac, DefaultSettings())
	if r2.Verdict != VerdictNo {
		t.Errorf("70B Q8_0 on a 64 GB Mac: %s", r2.Verdict)
	}
}

// vLLM: tensor parallelism over a power of two of GPUs dividing the heads,
// the KV pool and the concurrency it allows.
func TestVLLM(t *testing.T) {
	s := DefaultSettings()
	s.Engine = EngineVLLM
	// At the default 0.9 the profiling run (sampler warm-up over 1024 rows,
	// NCCL buffers) leaves a 70B BF16 no KV room on two H100s.
	s.GPUMemoryUtilization = 0.95
	h := Device{Name: "NVIDIA H100 80GB HBM3", Backend: "cuda", MemoryBytes: 79 << 30, TotalBytes: 80 << 30, BandwidthGBps: 3350, FP16TFLOPs: 989}
	hw := Hardware{RAMBytes: 512 << 30, GPUs: []Device{h, h, h}}
	r := mustEstimate(t, sizeModels["llama31-70b"], "BF16", hw, s)
	if r.TensorParallel != 2 || r.Verdict != VerdictGPU || r.MaxConcurrency < 1 {
		t.Fatalf("70B BF16 on 3×H100: tp %d %s conc %.2f", r.TensorParallel, r.Verdict, r.MaxConcurrency)
	}
	// Pool = 0.95 × (80 GiB − what CUDA hides) − weights/2 − activations − non-torch, per rank.
	perRank := int64(0.95 * float64(80<<30-cudaHidden))
	if r.DeviceBytes[0] != perRank || r.DeviceBytes[2] != 0 {
		t.Errorf("vLLM takes utilisation × total on the ranks it uses: %v", r.DeviceBytes)
	}
	kvPerTok := int64(80 * 2 * 4 * 128 * 2) // layers × K,V × kv heads per rank × head dim × bf16
	if c := float64(r.KVCacheBytes/2) / float64(kvPerTok*8192); math.Abs(c-r.MaxConcurrency)/c > 0.01 {
		t.Errorf("concurrency %.2f, pool says %.2f", r.MaxConcurrency, c)
	}
	one := Hardware{RAMBytes: 512 << 30, GPUs: []Device{h}}
	if r1 := mustEstimate(t, sizeModels["llama31-70b"], "BF16", one, s); r1.Verdict != VerdictNo {
		t.Errorf("70B BF16 on one H100: %s", r1.Verdict)
	}
	// FP8 halves the weights: one H100 holds them, with --max-num-seqs 256
	// (at the default 1024 rows the sampler warm-up, ~4.3 GiB for a 128k
	// vocabulary, takes the room left).
	s8 := s
	s8.Parallel = 256
	r8 := mustEstimate(t, sizeModels["llama31-70b"], "FP8", one, s8)
	if r8.Verdict != VerdictGPU || r8.MaxContext < 8192 {
		t.Errorf("70B FP8 on one H100: %s max ctx %d", r8.Verdict, r8.MaxContext)
	}
	if r.DecodeTPS <= r8.DecodeTPS*0.9 {
		t.Errorf("TP2 BF16 (%.1f t/s) should stream about as fast as TP1 FP8 (%.1f t/s)", r.DecodeTPS, r8.DecodeTPS)
	}
}

func TestKVTypes(t *testing.T) {
	s := DefaultSettings()
	hw := Hardware{RAMBytes: 1 << 40}
	f16 := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", hw, s)
	s.KVType = "q8_0"
	q8 := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", hw, s)
	s.KVType = "q4_0"
	q4 := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", hw, s)
	if q8.KVCacheBytes != f16.KVCacheBytes*34/64 || q4.KVCacheBytes != f16.KVCacheBytes*18/64 {
		t.Errorf("kv f16 %d q8_0 %d q4_0 %d", f16.KVCacheBytes, q8.KVCacheBytes, q4.KVCacheBytes)
	}
	// Without flash attention the V cache falls back to f16.
	s.FlashAttention = false
	nofa := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", hw, s)
	if nofa.KVCacheType != "q4_0/f16" || nofa.KVCacheBytes != f16.KVCacheBytes*(18+64)/128 {
		t.Errorf("no-FA q4_0: %s %d", nofa.KVCacheType, nofa.KVCacheBytes)
	}
	// Parallel sequences multiply the cache.
	s = DefaultSettings()
	s.Parallel = 4
	p4 := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", hw, s)
	if p4.KVCacheBytes != 4*f16.KVCacheBytes {
		t.Errorf("4 sequences: %d vs %d", p4.KVCacheBytes, f16.KVCacheBytes)
	}
}

func TestEngineArgs(t *testing.T) {
	s := DefaultSettings()
	s.KVType = "q8_0"
	r := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", gpuHW(23<<30, 1008), s)
	if got := strings.Join(EngineArgs(r, s), " "); got != "-c 8192 -ngl 33 -fa on --cache-type-k q8_0 --cache-type-v q8_0" {
		t.Errorf("llama.cpp args %q", got)
	}
	v := DefaultSettings()
	v.Engine = EngineVLLM
	v.GPUMemoryUtilization = 0.95 // 70B BF16 on two H100s needs it: at 0.9 the sampler warm-up and NCCL buffers leave no KV room
	h := Device{Name: "NVIDIA H100 80GB HBM3", Backend: "cuda", MemoryBytes: 79 << 30, TotalBytes: 80 << 30, BandwidthGBps: 3350, FP16TFLOPs: 989}
	rv := mustEstimate(t, sizeModels["llama31-70b"], "BF16", Hardware{RAMBytes: 1 << 40, GPUs: []Device{h, h}}, v)
	if got := strings.Join(EngineArgs(rv, v), " "); got != "--tensor-parallel-size 2 --max-model-len 8192 --gpu-memory-utilization 0.95" {
		t.Errorf("vLLM args %q", got)
	}
	if EngineArgs(Result{Verdict: VerdictNo}, s) != nil {
		t.Error("no fit: want nil")
	}
}

// Concurrent estimates share the per-model cache safely (run with -race).
func TestConcurrentEstimates(t *testing.T) {
	models := syntheticCatalog(40)
	done := make(chan []Result, 8)
	for g := 0; g < 8; g++ {
		go func(g int) {
			var all []Result
			s := DefaultSettings()
			s.Context = 4096 << (g % 3)
			for _, m := range models {
				all = append(all, EstimateModel(m, benchHW, s, nil)...)
			}
			done <- all
		}(g)
	}
	for g := 0; g < 8; g++ {
		if rs := <-done; len(rs) == 0 {
			t.Fatal("no results")
		}
	}
	// A model edited in place is re-planned, not served stale.
	m := *sizeModels["llama3-8b"]
	a := mustEstimate(t, &m, "Q4_K_M", benchHW, DefaultSettings())
	m.Arch.Layers = 40
	b := mustEstimate(t, &m, "Q4_K_M", benchHW, DefaultSettings())
	if b.FileBytes <= a.FileBytes {
		t.Errorf("edited model kept its cached weights: %d vs %d", b.FileBytes, a.FileBytes)
	}
}

// A narrower host link slows the prefill of a partial offload, whose host
// layers' weights cross it for every ubatch, and nothing else.
func TestPCIeLinkPrefill(t *testing.T) {
	s := DefaultSettings()
	wide := gpuHW(6<<30, 288)
	narrow := gpuHW(6<<30, 288)
	narrow.GPUs[0].PCIeGBps = 3.94 // PCIe 3.0 x4, a Thunderbolt eGPU
	m := sizeModels["llama3-8b"]
	a := mustEstimate(t, m, "Q8_0", wide, s)
	b := mustEstimate(t, m, "Q8_0", narrow, s)
	if a.Verdict != VerdictPartial || b.Verdict != VerdictPartial {
		t.Fatalf("8B Q8_0 on 6 GiB: verdicts %s, %s; want partial", a.Verdict, b.Verdict)
	}
	if b.PrefillTPS >= 0.5*a.PrefillTPS {
		t.Errorf("prefill over PCIe 3.0 x4 %.0f tok/s, over 4.0 x16 %.0f: want well under half", b.PrefillTPS, a.PrefillTPS)
	}
	if b.DecodeTPS != a.DecodeTPS {
		t.Errorf("decode %.2f vs %.2f: the link carries no weights in decode", b.DecodeTPS, a.DecodeTPS)
	}
	full := gpuHW(24<<30, 288)
	fullNarrow := gpuHW(24<<30, 288)
	fullNarrow.GPUs[0].PCIeGBps = 3.94
	if x, y := mustEstimate(t, m, "Q8_0", full, s), mustEstimate(t, m, "Q8_0", fullNarrow, s); x.PrefillTPS != y.PrefillTPS {
		t.Errorf("full GPU prefill %.0f vs %.0f: the link must not matter", x.PrefillTPS, y.PrefillTPS)
	}
}
