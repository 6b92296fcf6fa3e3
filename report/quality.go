package report

import (
	"fmt"
	"math"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/quality"
)

// Quality is what published benchmarks say of a model, and the quality
// index fitcheck derives from them (package quality documents the method).
type Quality struct {
	Index     *float64      `json:"index"`      // 0–100 percentile among the catalog's scored models; null without a usable score
	Basis     int           `json:"basis"`      // benchmarks the index rests on
	BaseModel bool          `json:"base_model"` // pretrained only, not tuned to follow instructions
	Facets    QualityFacets `json:"facets"`
	Scores    []Score       `json:"scores"`
}

// QualityFacets are the index over one facet's benchmarks each; null where
// no benchmark of the facet counts.
type QualityFacets struct {
	Coding    *FacetIndex `json:"coding"`
	Reasoning *FacetIndex `json:"reasoning"`
	Chat      *FacetIndex `json:"chat"`
}

// FacetIndex is a facet's index and how many benchmarks it rests on.
type FacetIndex struct {
	Index float64 `json:"index"`
	Basis int     `json:"basis"`
}

// Score is one published benchmark result with its provenance.
type Score struct {
	Benchmark     string   `json:"benchmark"`      // benchmark id, e.g. "gpqa_diamond"
	BenchmarkName string   `json:"benchmark_name"` // e.g. "GPQA Diamond"
	Facet         string   `json:"facet"`          // coding | reasoning | chat
	Value         float64  `json:"value"`
	Unit          string   `json:"unit"`    // "%" or "Elo"
	Variant       *string  `json:"variant"` // setting as published
	Date          string   `json:"date"`
	Source        string   `json:"source"`
	Via           *string  `json:"via"`
	Kind          string   `json:"kind"`       // vendor | independent | third-party
	Normalised    *float64 `json:"normalised"` // on the index's common (arena Elo) scale; null when the benchmark is not used
}

// qualityOf assembles a model's quality from the scores and the index.
func qualityOf(m *catalog.Model, scores *catalog.ScoreSet, idx *quality.Index) Quality {
	q := Quality{BaseModel: m.IsBase(), Scores: []Score{}}
	r := idx.Of(m.ID)
	if r != nil {
		v := round(r.Index, 1)
		q.Index, q.Basis = &v, r.Basis
		facet := func(f string) *FacetIndex {
			if fi, ok := r.Facets[f]; ok {
				return &FacetIndex{Index: round(fi.Index, 1), Basis: fi.Basis}
			}
			return nil
		}
		q.Facets = QualityFacets{Coding: facet(catalog.FacetCoding), Reasoning: facet(catalog.FacetReasoning), Chat: facet(catalog.FacetChat)}
	}
	for _, s := range scores.For(m.ID) {
		out := Score{Benchmark: s.Benchmark, Value: s.Value, Date: s.Date, Source: s.URL, Kind: s.Kind,
			Variant: nonEmpty(s.Variant), Via: nonEmpty(s.Via)}
		if b := scores.Benchmark(s.Benchmark); b != nil {
			out.BenchmarkName, out.Facet, out.Unit = b.Name, b.Facet, b.Unit
		}
		if r != nil {
			if n, ok := r.Norm[s.Benchmark]; ok && !math.IsNaN(n) {
				v := round(n, 0)
				out.Normalised = &v
			}
		}
		q.Scores = append(q.Scores, out)
	}
	return q
}

// Qualities is every catalog model's Quality by id: they depend on the
// catalog alone, so a caller that rebuilds often (the TUI) computes them
// once and passes them in Options.
func Qualities(cat *catalog.Catalog, scores *catalog.ScoreSet, idx *quality.Index) map[string]Quality {
	out := make(map[string]Quality, len(cat.Models))
	for _, m := range cat.Models {
		out[m.ID] = qualityOf(m, scores, idx)
	}
	return out
}

func (o Options) qualityOf(m *catalog.Model) Quality {
	if q, ok := o.Qualities[m.ID]; ok {
		return q
	}
	return qualityOf(m, o.Scores, o.Quality)
}

// QualityIndex is the index of the built-in scores over cat. It is what
// Build uses when Options.Quality is nil.
func QualityIndex(cat *catalog.Catalog) (*catalog.ScoreSet, *quality.Index) {
	scores, err := catalog.BuiltinScores()
	if err != nil { // the embedded file is validated by tests; without it, no scores
		return nil, quality.Compute(cat, nil)
	}
	return scores, quality.Compute(cat, scores)
}

// IndexLabel is a quality index for tables: "87", or "—" when unknown.
func (q Quality) IndexLabel() string {
	if q.Index == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f", *q.Index)
}
