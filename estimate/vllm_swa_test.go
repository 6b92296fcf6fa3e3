package estimate

import "testing"

// TestVLLMSlidingWindowAdmission: vLLM admits a request against
// min(window − 1 + max_num_batched_tokens, context) tokens of every
// sliding-window layer (v1 kv_cache_interface.py), so at 8k context and
// the default 8192 batched tokens gpt-oss's 128-token windows cost as much
// as its full layers; with 512 batched tokens they shrink to 640 + a block.
func TestVLLMSlidingWindowAdmission(t *testing.T) {
	r := newTestRun(t, gptOSS20B, Hardware{}, Settings{Engine: EngineVLLM, Context: 8192})
	perTok, state := r.vllmKV(1)
	full := int64(r.p.counts[attnFull]) * 8192 * perTok[attnFull]
	if got := r.vllmRequest(8192, 8192, perTok, state); got != full+int64(r.p.counts[attnSWA])*(8192+16)*perTok[attnSWA] {
		t.Errorf("8k context, 8192 batched: %d bytes, want the windows at the full context", got)
	}
	if got, want := r.vllmRequest(8192, 512, perTok, state), full+int64(r.p.counts[attnSWA])*(640+16)*perTok[attnSWA]; got != want {
		t.Errorf("8k context, 512 batched: %d bytes, want %d", got, want)
	}
}
