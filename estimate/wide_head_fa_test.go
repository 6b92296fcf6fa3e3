package estimate

import (
	"math"
	"testing"

	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// TestWideHeadFA: on Intel under Vulkan, the attention of Gemma 4's
// global layers (head 512) runs at the wide-head rates, in prefill and in
// decode, while its sliding layers (head 256), a model of heads up to 256
// and Windows keep the ordinary rates.
func TestWideHeadFA(t *testing.T) {
	cat := catalogtest.Builtin(t)
	b70 := func(os string) Hardware {
		return Hardware{OS: os, RAMBytes: 64 << 30, CPUCores: 8,
			GPUs: []Device{{Name: "Intel Arc Pro B70", Backend: "vulkan", MemoryBytes: 32 << 30, TotalBytes: 32 << 30,
				BandwidthGBps: 608, FP16TFLOPs: 183.5}}}
	}
	at16k := func(id string, os string) Result {
		t.Helper()
		s := DefaultSettings()
		s.Context, s.PromptTokens, s.CachedTokens = 18432, 2048, 16384
		return mustEstimate(t, cat.ByID(id), "Q4_K_M", b70(os), s)
	}
	const gemma = "google/gemma-4-31B-it"
	linux, windows := at16k(gemma, OSLinux), at16k(gemma, OSWindows)
	if r := windows.PrefillTPS / linux.PrefillTPS; r < 5 {
		t.Errorf("gemma-4-31B at 16k cached tokens prefills %.1f× faster under Windows than under Linux, want the wide-head rate (≥ 5×)", r)
	}
	// Decode: the global layers' attention FLOPs at the wide rate instead
	// of the vendor's.
	p := mustPlan(t, cat.ByID(gemma))
	if p.faKeyHead(attnFull) != 512 || p.faKeyHead(attnSWA) != 256 || p.faKeyHead(attnMLA) != 0 {
		t.Fatalf("faKeyHead: full %d, sliding %d, MLA %d", p.faKeyHead(attnFull), p.faKeyHead(attnSWA), p.faKeyHead(attnMLA))
	}
	s := DefaultSettings()
	s.Context, s.PromptTokens = 20480, 16400
	depth := float64(s.decodeDepth())
	wide := float64(p.pairFlopsOf(attnFull)) * depth * float64(p.counts[attnFull])
	want := wide * (1/intelWideFADecode - 1/intelVulkan.attnFLOPS)
	dl := mustEstimate(t, cat.ByID(gemma), "Q4_K_M", b70(OSLinux), s)
	dw := mustEstimate(t, cat.ByID(gemma), "Q4_K_M", b70(OSWindows), s)
	if got := 1/dl.DecodeTPS - 1/dw.DecodeTPS; math.Abs(got/want-1) > 0.01 {
		t.Errorf("gemma-4-31B decode at 16k: %.4f s a token slower under Linux, want %.4f", got, want)
	}
	// Heads of up to 256: nothing changes.
	const qwen = "Qwen/Qwen3.6-27B"
	if l, w := at16k(qwen, OSLinux), at16k(qwen, OSWindows); l.PrefillTPS != w.PrefillTPS {
		t.Errorf("Qwen3.6-27B (head 256): prefill %.1f t/s under Linux, %.1f under Windows", l.PrefillTPS, w.PrefillTPS)
	}
}

// TestIntelNoCoopmat: before b5589 an Xe2 GPU under Vulkan multiplies on
// its vector engines, a quarter of the XMX rate; Xe-HPG always does, and
// other vendors do not change.
func TestIntelNoCoopmat(t *testing.T) {
	s := DefaultSettings()
	if f := intelNoMatrixCores(&intelVulkan, &s); f != 1 {
		t.Errorf("current build on Xe2: %v, want 1", f)
	}
	s.NoIntelCoopmat = true
	if f := intelNoMatrixCores(&intelVulkan, &s); f != intelVectorShare {
		t.Errorf("build before b5589 on Xe2: %v, want %v", f, intelVectorShare)
	}
	if f := intelNoMatrixCores(&alchemistVulkan, &s); f != 1 {
		t.Errorf("Xe-HPG: %v, want 1 (its factor is in alchemistVulkan)", f)
	}
	if f := intelNoMatrixCores(&amdGCNVulkan, &s); f != 1 {
		t.Errorf("AMD GCN: %v, want 1", f)
	}
}
