// Package quality turns the catalog's published benchmark scores into one
// comparable number per model, the quality index (0–100), and one per facet
// (coding, reasoning, chat). It is pure: catalog data in, numbers out.
//
// The method, kept simple enough to recompute by hand:
//
//  1. One common scale: the LMArena text rating (Elo), the only source that
//     rates models of every year in the catalog side by side.
//  2. Normalise every other benchmark onto that scale by linear equating
//     over the catalog models that have both: the line that gives the
//     benchmark's scores the same mean and spread as those models' ratings.
//     A benchmark needs MinPeers such models and a correlation of at least
//     MinCorrelation with the rating; otherwise it is shown but not used.
//     Benchmarks that share too few models with the arena are equated, in a
//     second round, to the composite of the first round.
//  3. A model's composite is the mean of its normalised scores; its basis is
//     how many benchmarks that mean rests on. The index (0–100) is the
//     composite's percentile rank among the catalog's scored models. A facet
//     (coding, reasoning, chat) averages only that facet's benchmarks.
//
// Known limits (see README): vendor-reported figures use each vendor's own
// settings, and a model with a basis of one or two moves with a single
// figure.
package quality

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
)

// Reference is the benchmark every other one is equated to.
const Reference = "arena_text"

// MinPeers is the fewest models a benchmark must share with the reference
// to be equated; MinCorrelation the least agreement with it.
const (
	MinPeers       = 5
	MinCorrelation = 0.3
)

// Result is one model's index.
type Result struct {
	Index     float64            // 0–100: percentile rank of Composite
	Composite float64            // mean of the normalised scores, on the reference (Elo) scale
	Basis     int                // benchmarks the index rests on
	Facets    map[string]Facet   // by catalog.Facet*; absent when no benchmark of that facet counts
	Norm      map[string]float64 // benchmark id -> score on the reference scale, for the benchmarks used
}

// Facet is the index over one facet's benchmarks.
type Facet struct {
	Index float64 // percentile rank among the models with this facet
	Basis int
}

// Line maps a benchmark's scores onto the reference scale.
type Line struct {
	A, B  float64 // reference ≈ A + B·score
	Peers int     // models the line was fitted on
	Corr  float64 // their correlation with the reference
	Round int     // 0 for the reference itself, 1 when fitted on it, 2 when fitted on round-1 composites
}

// Index holds the result of every catalog model with a usable score.
type Index struct {
	byID  map[string]*Result // lower-case id
	lines map[string]Line    // benchmark id -> its equating line
}

type entry struct {
	id    string // lower-case catalog id
	value float64
}

// Compute normalises the scores of the models in cat. Scores of ids outside
// the catalog are ignored, so the index depends only on the catalog.
func Compute(cat *catalog.Catalog, scores *catalog.ScoreSet) *Index {
	idx := &Index{byID: map[string]*Result{}, lines: map[string]Line{}}
	if cat == nil || scores == nil {
		return idx
	}
	per := map[string][]entry{}
	for _, m := range cat.Models {
		for _, s := range scores.For(m.ID) {
			per[s.Benchmark] = append(per[s.Benchmark], entry{strings.ToLower(m.ID), s.Value})
		}
	}
	benches := make([]string, 0, len(per))
	for b := range per {
		benches = append(benches, b)
	}
	sort.Strings(benches) // a fixed order keeps float sums reproducible
	if len(per[Reference]) >= MinPeers {
		idx.lines[Reference] = Line{A: 0, B: 1, Peers: len(per[Reference]), Corr: 1}
	}
	for round := 1; round <= 2; round++ {
		ref := idx.composites(per, benches, "", scores)
		for _, b := range benches {
			if _, done := idx.lines[b]; done {
				continue
			}
			if l, ok := fit(per[b], ref); ok {
				l.Round = round
				idx.lines[b] = l
			}
		}
	}
	all := idx.composites(per, benches, "", scores)
	for id, c := range all {
		r := &Result{Composite: c, Facets: map[string]Facet{}, Norm: map[string]float64{}}
		idx.byID[id] = r
	}
	for _, b := range benches {
		l, ok := idx.lines[b]
		if !ok {
			continue
		}
		for _, e := range per[b] {
			r := idx.byID[e.id]
			r.Norm[b] = l.A + l.B*e.value
			r.Basis++
		}
	}
	rankInto(all, func(id string, p float64) { idx.byID[id].Index = p })
	for _, f := range catalog.Facets {
		fc := idx.composites(per, benches, f, scores)
		counts := map[string]int{}
		for _, b := range benches {
			if bm := scores.Benchmark(b); bm != nil && bm.Facet == f {
				if _, ok := idx.lines[b]; ok {
					for _, e := range per[b] {
						counts[e.id]++
					}
				}
			}
		}
		rankInto(fc, func(id string, p float64) { idx.byID[id].Facets[f] = Facet{Index: p, Basis: counts[id]} })
	}
	return idx
}

// composites is, per model, the mean of its scores on the benchmarks
// equated so far (only those of facet, unless facet is "").
func (idx *Index) composites(per map[string][]entry, benches []string, facet string, scores *catalog.ScoreSet) map[string]float64 {
	sum, n := map[string]float64{}, map[string]int{}
	for _, b := range benches {
		l, ok := idx.lines[b]
		if !ok {
			continue
		}
		if facet != "" {
			if bm := scores.Benchmark(b); bm == nil || bm.Facet != facet {
				continue
			}
		}
		for _, e := range per[b] {
			sum[e.id] += l.A + l.B*e.value
			n[e.id]++
		}
	}
	out := make(map[string]float64, len(sum))
	for id, s := range sum {
		out[id] = s / float64(n[id])
	}
	return out
}

// fit equates scores to ref over the models that have both: the line that
// gives them ref's mean and standard deviation (linear equating; unlike a
// regression it does not pull weak benchmarks towards the mean).
func fit(scores []entry, ref map[string]float64) (Line, bool) {
	var xs, ys []float64
	for _, e := range scores {
		if y, ok := ref[e.id]; ok {
			xs, ys = append(xs, e.value), append(ys, y)
		}
	}
	if len(xs) < MinPeers {
		return Line{}, false
	}
	mx, sx := meanSD(xs)
	my, sy := meanSD(ys)
	if sx == 0 || sy == 0 {
		return Line{}, false
	}
	cov := 0.0
	for i := range xs {
		cov += (xs[i] - mx) * (ys[i] - my)
	}
	corr := cov / float64(len(xs)) / (sx * sy)
	if corr < MinCorrelation {
		return Line{}, false
	}
	b := sy / sx
	return Line{A: my - b*mx, B: b, Peers: len(xs), Corr: corr}, true
}

func meanSD(v []float64) (mean, sd float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	for _, x := range v {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(v)))
}

// rankInto calls set with each id's percentile rank (0 lowest, 100 highest,
// ties sharing the mean of their ranks) among the values.
func rankInto(values map[string]float64, set func(id string, p float64)) {
	sorted := make([]float64, 0, len(values))
	for _, v := range values {
		sorted = append(sorted, v)
	}
	slices.Sort(sorted)
	for id, v := range values {
		set(id, percentile(sorted, v))
	}
}

// percentile is v's rank among sorted (which contains v) scaled to 0–100;
// ties get the mean of the ranks they span.
func percentile(sorted []float64, v float64) float64 {
	if len(sorted) < 2 {
		return 50
	}
	lo, _ := slices.BinarySearch(sorted, v)
	hi := lo
	for hi < len(sorted) && sorted[hi] == v {
		hi++
	}
	mid := float64(lo+hi-1) / 2 // 0-based mean rank of the ties
	return 100 * mid / float64(len(sorted)-1)
}

// Of returns a model's result, or nil when none of its scores counts.
func (idx *Index) Of(id string) *Result {
	if idx == nil {
		return nil
	}
	return idx.byID[strings.ToLower(id)]
}

// LineOf returns a benchmark's equating line; ok is false when the
// benchmark is not used (too few shared models, or too little agreement).
func (idx *Index) LineOf(benchmark string) (Line, bool) {
	if idx == nil {
		return Line{}, false
	}
	l, ok := idx.lines[benchmark]
	return l, ok
}
