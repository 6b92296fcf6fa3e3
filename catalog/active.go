package catalog

import "math"

// Vendors state "active parameters" three ways: every weight a token
// touches (embedding row and LM head included), without the input
// embedding (gpt-oss), or without both embedding and LM head (GLM-4.5,
// MiniMax-M2, Qwen3-Next). The catalog records the vendor's figure, so the
// check accepts whichever of the three recounts it is closest to.

// activeCandidates are the recomputed active counts under the three
// conventions, largest first.
func activeCandidates(p ParamBreakdown) [3]int64 {
	all := p.Active()
	return [3]int64{all, all - p.Embedding, all - p.Embedding - p.Output}
}

// closestActive is the recount nearest to the stated figure and its
// relative distance from it.
func closestActive(p ParamBreakdown, stated int64) (int64, float64) {
	best, bestD := int64(0), math.Inf(1)
	for _, c := range activeCandidates(p) {
		if d := relDiff(c, stated); d < bestD {
			best, bestD = c, d
		}
	}
	return best, bestD
}
