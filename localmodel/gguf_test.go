package localmodel

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/localmodel/ggufwrite"
)

func writeSpec(t testing.TB, dir, name string, s ggufwrite.Spec) (string, int64) {
	t.Helper()
	kvs, ts := s.Build()
	p := filepath.Join(dir, name)
	size, err := ggufwrite.Write(p, kvs, ts)
	if err != nil {
		t.Fatal(err)
	}
	return p, size
}

func TestReadGGUFExactBytes(t *testing.T) {
	s := ggufwrite.Llama8B()
	kvs, ts := s.Build()
	p := filepath.Join(t.TempDir(), "Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf")
	size, err := ggufwrite.Write(p, kvs, ts)
	if err != nil {
		t.Fatal(err)
	}
	g, err := ReadGGUF(p)
	if err != nil {
		t.Fatal(err)
	}
	var want uint64
	for _, x := range ts {
		want += ggufwrite.Bytes(x.Type, x.Dims)
	}
	if got := g.Tensors.Total(); got != int64(want) {
		t.Errorf("tensor bytes %d, want %d", got, want)
	}
	if g.FileBytes != size {
		t.Errorf("file bytes %d, want %d", g.FileBytes, size)
	}
	a := g.Model.Arch
	if a.Layers != 32 || a.HiddenSize != 4096 || a.Heads != 32 || a.KVHeads != 8 || a.HeadDim != 128 ||
		a.IntermediateSize != 14336 || a.VocabSize != 128256 || a.ContextLength != 131072 || a.TiedEmbeddings {
		t.Errorf("arch %+v", a)
	}
	if g.Quant != "Q4_K_M" || g.Arch != "llama" {
		t.Errorf("quant %q arch %q", g.Quant, g.Arch)
	}
	if len(g.BaseRepos) != 1 || g.BaseRepos[0] != "meta-llama/Llama-3.1-8B-Instruct" {
		t.Errorf("base repos %v", g.BaseRepos)
	}
	// Layer 0: q,k,o,gate,up in Q4_K; v, down in Q6_K; two F32 norms.
	l0 := ggufwrite.Bytes(ggufwrite.Q4_K, []uint64{4096, 4096})*2 + ggufwrite.Bytes(ggufwrite.Q4_K, []uint64{4096, 1024}) +
		ggufwrite.Bytes(ggufwrite.Q6_K, []uint64{4096, 1024}) + ggufwrite.Bytes(ggufwrite.Q4_K, []uint64{4096, 14336})*2 +
		ggufwrite.Bytes(ggufwrite.Q6_K, []uint64{14336, 4096}) + 2*4096*4
	if g.Tensors.Layers[0] != int64(l0) {
		t.Errorf("layer 0: %d bytes, want %d", g.Tensors.Layers[0], l0)
	}
	// The layers' extra CUDA prefill cost by element: their Q6_K share times
	// Q6_K's extra cost (the other types here prefill at Q4_0's rate).
	var q6, all float64
	for _, x := range ts {
		if !strings.HasPrefix(x.Name, "blk.") || len(x.Dims) < 2 {
			continue
		}
		e := float64(x.Dims[0] * x.Dims[1])
		all += e
		if x.Type == ggufwrite.Q6_K {
			q6 += e
		}
	}
	if want := q6 / all * estimate.CUDAPrefillExtra("Q6_K"); q6 == 0 || want <= 0 || math.Abs(g.Tensors.MMQExtra-want) > 1e-12 || g.Tensors.Q6KExtra != g.Tensors.MMQExtra {
		t.Errorf("extra CUDA prefill cost %v, want %v", g.Tensors.MMQExtra, want)
	}
	r, err := estimate.EstimateFile(&g.Model, &g.Tensors, estimate.Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 50, CPUCores: 8}, estimate.DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	if r.FileBytes != int64(want) || r.Quant != "Q4_K_M" || r.Verdict != estimate.VerdictCPU {
		t.Errorf("result %+v", r)
	}
	t.Logf("file %d, weights %d, total %d", r.FileBytes, r.WeightsBytes, r.TotalBytes)
}

func TestReadGGUFErrors(t *testing.T) {
	dir := t.TempDir()
	p, _ := writeSpec(t, dir, "m.gguf", ggufwrite.Llama8B())
	f, _ := os.Open(p)
	head := make([]byte, 200)
	f.Read(head)
	f.Close()
	cut := filepath.Join(dir, "cut.gguf")
	os.WriteFile(cut, head, 0o644)
	fifo := filepath.Join(dir, "fifo.gguf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	notg := filepath.Join(dir, "x.gguf")
	os.WriteFile(notg, []byte("hello world, not a gguf"), 0o644)
	for _, c := range []struct{ path, want string }{
		{cut, "truncated GGUF header"},
		{fifo, "not a regular file"},
		{filepath.Join(dir, "missing.gguf"), "no such file"},
		{notg, "not a GGUF file"},
		{dir, "not a regular file"},
	} {
		_, err := ReadGGUF(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.path, err, c.want)
		}
	}
}

// TestReadSplitGGUF: a model split by gguf-split (the metadata in the
// first part, split.* keys in each, the tensors spread over the parts) is
// read from its first part, every part counted.
func TestReadSplitGGUF(t *testing.T) {
	kvs, ts := ggufwrite.Llama8B().Build()
	half := len(ts) / 2
	split := func(no int) []ggufwrite.KV {
		return []ggufwrite.KV{{Key: "split.no", Value: uint32(no)}, {Key: "split.count", Value: uint32(2)},
			{Key: "split.tensors.count", Value: int32(len(ts))}}
	}
	dir := t.TempDir()
	p1 := filepath.Join(dir, "Llama-3.1-8B-Instruct-Q4_K_M-00001-of-00002.gguf")
	p2 := filepath.Join(dir, "Llama-3.1-8B-Instruct-Q4_K_M-00002-of-00002.gguf")
	s1, err := ggufwrite.Write(p1, append(kvs, split(0)...), ts[:half])
	if err != nil {
		t.Fatal(err)
	}
	s2, err := ggufwrite.Write(p2, split(1), ts[half:])
	if err != nil {
		t.Fatal(err)
	}
	g, err := ReadGGUF(p1)
	if err != nil {
		t.Fatal(err)
	}
	var want uint64
	for _, x := range ts {
		want += ggufwrite.Bytes(x.Type, x.Dims)
	}
	if len(g.Parts) != 2 || g.FileBytes != s1+s2 || g.Tensors.Total() != int64(want) || g.Model.ID != "Llama-3.1-8B-Instruct-Q4_K_M" {
		t.Errorf("parts %v, file %d (want %d), tensors %d (want %d), id %s", g.Parts, g.FileBytes, s1+s2, g.Tensors.Total(), want, g.Model.ID)
	}
	// The extra CUDA prefill cost counts every part's layer tensors, as for one file.
	one := filepath.Join(dir, "one.gguf")
	if _, err := ggufwrite.Write(one, kvs, ts); err != nil {
		t.Fatal(err)
	}
	if g1, err := ReadGGUF(one); err != nil || g1.Tensors.MMQExtra <= 0 || math.Abs(g1.Tensors.MMQExtra-g.Tensors.MMQExtra) > 1e-12 {
		t.Errorf("split extra CUDA prefill cost %v, one file %v (%v)", g.Tensors.MMQExtra, g1.Tensors.MMQExtra, err)
	}
	// A missing part is an error naming it.
	os.Remove(p2)
	if _, err := ReadGGUF(p1); err == nil || !strings.Contains(err.Error(), "00002-of-00002") {
		t.Errorf("missing part: %v", err)
	}
}

func TestReadGGUFMoEAndSlidingWindow(t *testing.T) {
	s := small("moe")
	s.Arch, s.Experts, s.ExpertsUsed, s.ExpertFF = "qwen3moe", 8, 2, 128
	s.SlidingWindow, s.SWAPattern = 128, []bool{true, true, true, false}
	p, _ := writeSpec(t, t.TempDir(), "moe.gguf", s)
	g, err := ReadGGUF(p)
	if err != nil {
		t.Fatal(err)
	}
	a := g.Model.Arch
	if a.MoE == nil || a.MoE.Experts != 8 || a.MoE.ExpertsPerToken != 2 || a.MoE.ExpertFFN != 128 || a.MoE.DenseLayers != 0 {
		t.Fatalf("MoE %+v", a.MoE)
	}
	if a.SlidingWindow != 128 || a.SWALayers != 3 {
		t.Errorf("sliding window %d on %d layers, want 128 on 3", a.SlidingWindow, a.SWALayers)
	}
	exp := int64(ggufwrite.Bytes(ggufwrite.Q8_0, []uint64{256, 128, 8}) * 3)
	for i, b := range g.Tensors.Experts {
		if b != exp {
			t.Errorf("layer %d: expert bytes %d, want %d", i, b, exp)
		}
	}
	// Active parameters: the routed experts count 2 of 8.
	expElems := int64(4 * 3 * 256 * 128 * 8)
	if got := g.Model.ActiveParams(); got != g.Params-expElems+expElems*2/8 {
		t.Errorf("active %d of %d", got, g.Params)
	}
	hw := estimate.Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 50, CPUCores: 8,
		GPUs: []estimate.Device{{Name: "g", Backend: "cuda", MemoryBytes: 24 << 30, TotalBytes: 24 << 30, BandwidthGBps: 1000, FP16TFLOPs: 100}}}
	st := estimate.DefaultSettings()
	full, err := estimate.EstimateFile(&g.Model, &g.Tensors, hw, st)
	if err != nil {
		t.Fatal(err)
	}
	st.CPUMoE = true
	moe, err := estimate.EstimateFile(&g.Model, &g.Tensors, hw, st)
	if err != nil {
		t.Fatal(err)
	}
	if full.Verdict != estimate.VerdictGPU || moe.Verdict != estimate.VerdictPartial || moe.GPUBytes > full.GPUBytes-4*exp {
		t.Errorf("--cpu-moe: verdict %s → %s, GPU %d → %d (experts %d)", full.Verdict, moe.Verdict, full.GPUBytes, moe.GPUBytes, 4*exp)
	}
}

// A Gemma 4-like file: the global layers' head size is key_length, the
// sliding layers' key_length_swa, the KV heads a per-layer array, and the
// global layers have no attn_v. The catalog entry keeps the two shapes
// apart, and the KV cache follows llama.cpp's per-layer rows: a global
// layer caches K and a V of K's width.
func TestReadGGUFGlobalAttentionShape(t *testing.T) {
	s := small("gemma4")
	s.Arch = "gemma4"
	s.Layers, s.Heads, s.KVHeads, s.HeadDim = 6, 8, 4, 64
	s.GlobalHeadDim, s.GlobalKVHeads, s.SharedKV = 128, 1, true
	s.SlidingWindow, s.SWAPattern = 128, []bool{true, true, true, true, true, false}
	p, _ := writeSpec(t, t.TempDir(), "gemma4.gguf", s)
	g, err := ReadGGUF(p)
	if err != nil {
		t.Fatal(err)
	}
	a := g.Model.Arch
	if a.HeadDim != 64 || a.KVHeads != 4 || a.GlobalHeadDim != 128 || a.GlobalKVHeads != 1 || !a.GlobalSharedKV || a.SWALayers != 5 {
		t.Fatalf("arch %+v", a)
	}
	hw := estimate.Hardware{RAMBytes: 64 << 30, RAMBandwidthGBps: 50, CPUCores: 8,
		GPUs: []estimate.Device{{Name: "g", Backend: "cuda", MemoryBytes: 24 << 30, TotalBytes: 24 << 30, BandwidthGBps: 1000, FP16TFLOPs: 100}}}
	st := estimate.DefaultSettings()
	st.Context = 4096 // the file's context_length
	r, err := estimate.EstimateFile(&g.Model, &g.Tensors, hw, st)
	if err != nil {
		t.Fatal(err)
	}
	// One global layer: 4096 cells x (128 + 128) x 2 B; five sliding
	// layers: PAD(128 + 512, 256) = 768 cells x (256 + 256) x 2 B.
	if want := int64(4096*256*2 + 5*768*512*2); r.KVCacheBytes != want {
		t.Errorf("KV %d bytes, want %d", r.KVCacheBytes, want)
	}
	// Without a global shape the same file is one shape everywhere.
	u := small("plain")
	u.Arch, u.Layers = "gemma4", 6
	u.SlidingWindow, u.SWAPattern = 128, s.SWAPattern
	p2, _ := writeSpec(t, t.TempDir(), "plain.gguf", u)
	g2, err := ReadGGUF(p2)
	if err != nil {
		t.Fatal(err)
	}
	if a := g2.Model.Arch; a.GlobalHeadDim != 0 || a.GlobalKVHeads != 0 || a.GlobalSharedKV {
		t.Errorf("a uniform file read a global shape: %+v", a)
	}
}

// TestReadGGUFFallbackTensors: a "Q4_K_M" file of a model whose hidden size
// 256 does not divide (896, as Qwen2.5-0.5B) stores its 896-wide matrices
// in Q5_0 and attn_v in Q8_0, as llama-quantize does; the reader counts
// them, and a CPU estimate then runs them at those types' rates instead of
// Q4_K's repacked GEMM.
func TestReadGGUFFallbackTensors(t *testing.T) {
	s := ggufwrite.Spec{Arch: "qwen2", Name: "Qwen2.5 0.5B Instruct", FileType: 15, Layers: 24, Embd: 896, Heads: 14,
		KVHeads: 2, HeadDim: 64, FF: 4864, Vocab: 151936, Context: 32768, Tied: true,
		Weight: ggufwrite.Q5_0, Down: ggufwrite.Q8_0, EmbType: ggufwrite.Q8_0}
	p, _ := writeSpec(t, t.TempDir(), "qwen2.5-0.5b-instruct-q4_k_m.gguf", s)
	g, err := ReadGGUF(p)
	if err != nil {
		t.Fatal(err)
	}
	var q5, q8 int64
	_, ts := s.Build()
	for _, x := range ts {
		if !strings.HasPrefix(x.Name, "blk.") || len(x.Dims) < 2 || x.Dims[0]%256 == 0 {
			continue
		}
		switch x.Type {
		case ggufwrite.Q5_0:
			q5 += int64(x.Dims[0] * x.Dims[1])
		case ggufwrite.Q8_0:
			q8 += int64(x.Dims[0] * x.Dims[1])
		}
	}
	ft := g.Tensors
	if q5 == 0 || ft.FallbackElems["Q5_0"] != q5 || ft.FallbackElems["Q8_0"] != q8 || ft.LayerElems <= q5+q8 {
		t.Fatalf("fallback elements %v of %d, want Q5_0 %d and Q8_0 %d", ft.FallbackElems, ft.LayerElems, q5, q8)
	}
	pi5 := estimate.Hardware{RAMBytes: 8 << 30, RAMBandwidthGBps: 17, CPUCores: 4, CPUFeatures: []string{"neon", "dotprod"}, CPUModel: "Cortex-A76"}
	with, err := estimate.EstimateFile(&g.Model, &ft, pi5, estimate.DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	nominal := ft
	nominal.FallbackElems = nil
	without, err := estimate.EstimateFile(&g.Model, &nominal, pi5, estimate.DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	if with.PrefillTPS >= without.PrefillTPS {
		t.Errorf("Q5_0 fallbacks prefill at %.1f t/s, the file type's repacked Q4_K at %.1f: the fallbacks should be slower", with.PrefillTPS, without.PrefillTPS)
	}
}
