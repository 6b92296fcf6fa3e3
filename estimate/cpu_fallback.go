package estimate

import (
	"fmt"
	"slices"
)

// Fallback tensors on the CPU. llama-quantize stores a tensor whose rows
// are not a multiple of 256 weights in a 32-weight type instead of the
// k- or i-quant the file type asks for (llama-quant.cpp
// tensor_type_fallback, mirrored by fallbackType): Q2_K and Q3_K become
// Q4_0, Q4_K Q5_0, Q5_K Q5_1, Q6_K Q8_0, the i-quants IQ4_NL. Models with
// a hidden size such as 896 (Qwen2.5-0.5B), 1152 (gemma-3-1b) or 640
// (gemma-3-270m) have nearly every attention and FFN input matrix stored
// so. The weights' bytes always followed the fallback; the CPU's prefill
// rate took the file type's, which for these models is the wrong kernel:
// a Qwen2.5-0.5B "Q3_K_M" file runs IQ4_NL's repacked GEMM, its "Q4_K_M"
// Q5_0's slower one. cpuPrefillRate mixes the fallback types' rates in by
// their share of the repeating layers' weights.

// fallbackTargets are the types fallbackType returns, with the quant name
// cpuQuantPrefill and repackGain know each by.
var fallbackTargets = [...]fallbackTarget{{tQ4_0, "Q4_0"}, {tIQ4_NL, "IQ4_NL"}, {tQ5_0, "Q5_0"}, {tQ5_1, "Q5_1"}, {tQ8_0, "Q8_0"}}

type fallbackTarget struct {
	t    ggmlType
	name string
}

// fallbackOf is the index in fallbackTargets of the target match picks,
// -1 for none.
func fallbackOf(match func(fallbackTarget) bool) int {
	return slices.IndexFunc(fallbackTargets[:], match)
}

// fallbackCounts counts weight elements per fallback target.
type fallbackCounts [len(fallbackTargets)]int64

// fallbackShares is fallbackCounts over all repeating-layer elements.
type fallbackShares [len(fallbackTargets)]float64

// fallbackIndex is ty's index in fallbackTargets when a matrix of that type
// with rows of ncols weights, in a file of quant q, is a fallback: a
// 32-weight type other than the file's base type, in a file whose base
// type has 256-weight blocks, on rows that 256 does not divide.
func fallbackIndex(q *Quant, ty ggmlType, ncols int64) (int, bool) {
	if ty == q.base || typeTraits[q.base].block != 256 || ncols%256 == 0 {
		return 0, false
	}
	i := fallbackOf(func(f fallbackTarget) bool { return f.t == ty })
	return i, i >= 0
}

// add counts tensor t, stored as ty in a file of quant q, if it is a
// fallback.
func (c *fallbackCounts) add(q *Quant, t *tensor, ty ggmlType) {
	if i, ok := fallbackIndex(q, ty, t.ncols); ok {
		c[i] += t.n
	}
}

func (c *fallbackCounts) sum(o *fallbackCounts) {
	for i := range c {
		c[i] += o[i]
	}
}

func (c *fallbackCounts) shares(total int64) (s fallbackShares) {
	for i := range c {
		s[i] = float64(c[i]) / float64(total)
	}
	return s
}

// cpuPrefillRate is the CPU's prefill rate of a quant relative to Q8_0
// (cpuQuantPrefill, times the repack gain when repack is set), with the
// fallback tensors' share at their own types' rates: the time per weight
// is the share-weighted mean of the types' 1/rate.
func (c *cpuSpeed) cpuPrefillRate(quant string, fb fallbackShares, repack bool) float64 {
	rate := func(q string) float64 {
		r := c.quantPrefill(q)
		if repack {
			r *= c.repackGain(q)
		}
		return r
	}
	rest, inv := 1.0, 0.0
	for i, s := range fb {
		if s > 0 {
			inv += s / rate(fallbackTargets[i].name)
			rest -= s
		}
	}
	if rest >= 1 {
		return rate(quant)
	}
	return 1 / (inv + max(rest, 0)/rate(quant))
}

// FallbackTensor reports whether a layer matrix of type typeName with rows
// of ncols weights, in a file of type fileQuant ("Q4_K_M"), is a fallback:
// a 32-weight fallback type other than the file type's own, on rows that
// 256 does not divide, in a file whose type has 256-weight blocks.
func FallbackTensor(fileQuant, typeName string, ncols int64) bool {
	q, ok := LookupQuant(fileQuant)
	if !ok {
		return false
	}
	i := fallbackOf(func(f fallbackTarget) bool { return f.name == typeName })
	if i < 0 {
		return false
	}
	_, fell := fallbackIndex(&q, fallbackTargets[i].t, ncols)
	return fell
}

// fileFallbackShares turns a file's fallback counts into shares.
func fileFallbackShares(ft *FileTensors) (s fallbackShares, err error) {
	var sum int64
	for name, n := range ft.FallbackElems {
		i := fallbackOf(func(f fallbackTarget) bool { return f.name == name })
		if i < 0 || n < 0 {
			return s, fmt.Errorf("fallback tensors: %d elements of %q", n, name)
		}
		s[i] = float64(n)
		sum += n
	}
	if sum == 0 {
		return fallbackShares{}, nil
	}
	if ft.LayerElems < sum {
		return s, fmt.Errorf("%d fallback elements of %d layer elements", sum, ft.LayerElems)
	}
	for i := range s {
		s[i] /= float64(ft.LayerElems)
	}
	return s, nil
}
