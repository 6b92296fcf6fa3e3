package estimate

// Without flash attention llama.cpp's attention materialises the scores:
// build_attn_mha (llama-graph.cpp) computes kq = mul_mat(k, q) as an F32
// tensor of n_kv × n_tokens × n_head, soft_max_ext writes a second one of
// that shape, and kqv = mul_mat(v, kq) reads it back. At a long prompt
// these tensors dwarf the weights: gpt-oss-120b at 16k tokens writes and
// reads about 137 GB of scores per full-attention layer over the prompt.
// The time goes to memory, not to the FLOPs the attention term charges.
//
// nonFlashKQPasses is the passes over those F32 scores: written by the
// KQ matmul, read and written by the softmax, read by the KQV matmul. Each
// pass moves 4 bytes a score at the device's streaming rate (η × its
// bandwidth). No constant is fitted: DGX Spark's flash-attention-off rows
// of llama.cpp PR #17906 (gpt-oss-120b at 512-16384 tokens,
// hard_cases.csv prefill-1500..1514) check it.
const nonFlashKQPasses = 4

// nonFlashKQBytes is the bytes the scores of one attention layer of kind
// k move over a prompt of that many tokens after cached ones without flash
// attention (0 with it, and for kinds without attention).
func (p *plan) nonFlashKQBytes(k attnKind, cached, prompt int64, flash bool) float64 {
	if flash || cached+prompt <= 1 {
		return 0
	}
	switch k {
	case attnFull, attnSWA, attnMLA:
		return nonFlashKQPasses * 4 * float64(p.heads) * sumMinCtxFrom(cached, prompt, k, p.window)
	}
	return 0
}
