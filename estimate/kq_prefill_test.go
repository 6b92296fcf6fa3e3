package estimate

import (
	"math"
	"testing"
)

// Without flash attention the F32 scores of a 16k prompt cost far more
// than those of a 512-token one: the bytes grow with the square of the
// prompt, four passes of four bytes per head and (query, key) pair.
func TestNonFlashKQBytes(t *testing.T) {
	p, err := newPlan(sizeModels["llama3-8b"])
	if err != nil {
		t.Fatal(err)
	}
	want := 4.0 * 4 * 32 * 16384 * 16383 / 2 // passes × bytes × heads × Σ i
	if got := p.nonFlashKQBytes(attnFull, 0, 16384, false); math.Abs(got/want-1) > 1e-9 {
		t.Errorf("16k prompt: %.4g B a layer, want %.4g", got, want)
	}
	if p.nonFlashKQBytes(attnFull, 0, 16384, true) != 0 || p.nonFlashKQBytes(attnRecurrent, 0, 16384, false) != 0 {
		t.Error("flash attention and recurrent layers materialise no scores")
	}

	hw := oneCardMachine("NVIDIA GeForce RTX 4090", 24, 1008, 165.2)
	slowdown := func(prompt int) float64 {
		s := DefaultSettings()
		s.Context, s.PromptTokens = max(prompt, 4096), prompt
		on := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", hw, s)
		s.FlashAttention = false
		off := mustEstimate(t, sizeModels["llama3-8b"], "Q4_K_M", hw, s)
		return on.PrefillTPS / off.PrefillTPS
	}
	if short, long := slowdown(512), slowdown(16384); long < short+0.1 {
		t.Errorf("turning flash attention off slows a 512-token prompt %.2fx and a 16k one %.2fx: the scores' traffic should tell", short, long)
	}
}
