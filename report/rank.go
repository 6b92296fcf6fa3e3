package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/fitcheck/fitcheck/estimate"
)

// Orders a ranking can take (--sort, and the TUI's default).
const (
	SortBest    = "best"    // usable speed first, then quality index, then speed
	SortQuality = "quality" // quality index, then speed
	SortSpeed   = "speed"   // decode speed
	SortSize    = "size"    // best verdict, then the largest model (fitcheck 1.0's order)
	SortDate    = "date"    // newest release first
	SortName    = "name"

	// Facet orders: "best that fits" by one facet's index.
	SortCoding    = "coding"
	SortReasoning = "reasoning"
	SortChat      = "chat"
)

// SortOrders lists the orders, the default first.
var SortOrders = []string{SortBest, SortCoding, SortReasoning, SortChat, SortQuality, SortSpeed, SortSize, SortDate, SortName}

// DefaultMinTPS is the decode speed, in tokens per second, below which an
// estimate is not "usable": slower than people read, so a chat feels
// stuck. Settable with --min-tps.
const DefaultMinTPS = 10

// Tiers of the "best that fits" order.
const (
	TierBest     = 0 // usable speed, instruct model with a quality index
	TierUnscored = 1 // usable speed, but a base model or no usable score
	TierSlow     = 2 // fits, slower than the threshold
)

// Pick is one model that fits, at the estimate the ranking chose for it.
type Pick struct {
	Model    *Model
	Estimate *Estimate
	Usable   bool // decode speed at least the threshold
	Tier     int
}

// PickFor chooses a model's estimate for ranking: its best quantization if
// that runs at minTPS; otherwise the most precise quantization that does;
// otherwise the best quantization anyway (not usable). ok is false when
// nothing fits.
func PickFor(m *Model, minTPS float64) (Pick, bool) {
	var best, usable *Estimate
	for i := range m.Estimates {
		e := &m.Estimates[i]
		if e.Verdict == estimate.VerdictNo {
			continue
		}
		if m.BestQuant != nil && e.Quant == *m.BestQuant {
			best = e
		}
		if tpsOf(e) >= minTPS && (usable == nil || e.BitsPerWeight > usable.BitsPerWeight) {
			usable = e
		}
	}
	p := Pick{Model: m}
	switch {
	case best != nil && tpsOf(best) >= minTPS:
		p.Estimate, p.Usable = best, true
	case usable != nil:
		p.Estimate, p.Usable = usable, true
	case best != nil:
		p.Estimate = best
	default:
		return p, false
	}
	switch {
	case !p.Usable:
		p.Tier = TierSlow
	case m.Quality.Index == nil || m.Quality.BaseModel:
		p.Tier = TierUnscored
	default:
		p.Tier = TierBest
	}
	return p, true
}

// RankPick is PickFor at the threshold the document was built with
// (DefaultMinTPS for a Model made elsewhere).
func (m *Model) RankPick() (Pick, bool) { return PickFor(m, m.MinTPS()) }

// MinTPS is the usable-speed threshold the document was built with.
func (m *Model) MinTPS() float64 {
	if m.minTPS <= 0 {
		return DefaultMinTPS
	}
	return m.minTPS
}

// Rank lists the models of doc that fit, in the given order (SortBest when
// empty). Unknown orders are an error.
func Rank(doc *Document, order string, minTPS float64) ([]Pick, error) {
	if order == "" {
		order = SortBest
	}
	cmpf, ok := orders[order]
	if !ok {
		return nil, fmt.Errorf("unknown order %q (one of %s)", order, strings.Join(SortOrders, ", "))
	}
	var picks []Pick
	for i := range doc.Models {
		if p, ok := PickFor(&doc.Models[i], minTPS); ok {
			picks = append(picks, p)
		}
	}
	slices.SortStableFunc(picks, cmpf)
	return picks, nil
}

// CompareBest is the "best that fits" order: usable and scored instruct
// models first, by quality index then speed; then usable base or unscored
// models by speed; then the too-slow ones by speed.
func CompareBest(a, b Pick) int {
	if c := cmp.Compare(a.Tier, b.Tier); c != 0 {
		return c
	}
	if a.Tier == TierBest {
		if c := cmp.Compare(indexOf(b.Model), indexOf(a.Model)); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(tpsOf(b.Estimate), tpsOf(a.Estimate)), cmp.Compare(a.Model.ID, b.Model.ID))
}

// compareBestBy is CompareBest on one facet's index: usable instruct
// models with that facet first.
func compareBestBy(facet func(*Quality) *FacetIndex) func(a, b Pick) int {
	tier := func(p Pick) int {
		switch {
		case !p.Usable:
			return TierSlow
		case p.Model.Quality.BaseModel || facet(&p.Model.Quality) == nil:
			return TierUnscored
		}
		return TierBest
	}
	return func(a, b Pick) int {
		ta, tb := tier(a), tier(b)
		if c := cmp.Compare(ta, tb); c != 0 {
			return c
		}
		if ta == TierBest {
			if c := cmp.Compare(facet(&b.Model.Quality).Index, facet(&a.Model.Quality).Index); c != 0 {
				return c
			}
		}
		return cmp.Or(cmp.Compare(tpsOf(b.Estimate), tpsOf(a.Estimate)), cmp.Compare(a.Model.ID, b.Model.ID))
	}
}

var orders = map[string]func(a, b Pick) int{
	SortBest:      CompareBest,
	SortCoding:    compareBestBy(func(q *Quality) *FacetIndex { return q.Facets.Coding }),
	SortReasoning: compareBestBy(func(q *Quality) *FacetIndex { return q.Facets.Reasoning }),
	SortChat:      compareBestBy(func(q *Quality) *FacetIndex { return q.Facets.Chat }),
	SortQuality: func(a, b Pick) int {
		return cmp.Or(cmp.Compare(indexOf(b.Model), indexOf(a.Model)), cmp.Compare(tpsOf(b.Estimate), tpsOf(a.Estimate)))
	},
	SortSpeed: func(a, b Pick) int { return cmp.Compare(tpsOf(b.Estimate), tpsOf(a.Estimate)) },
	SortSize: func(a, b Pick) int {
		return cmp.Or(cmp.Compare(verdictOrder(a.Estimate.Verdict), verdictOrder(b.Estimate.Verdict)),
			cmp.Compare(b.Model.ParamsTotal, a.Model.ParamsTotal))
	},
	SortDate: func(a, b Pick) int {
		// Newest first; an unconfirmed release month goes last.
		return cmp.Compare(releasedKey(b.Model), releasedKey(a.Model))
	},
	SortName: func(a, b Pick) int {
		return cmp.Compare(strings.ToLower(a.Model.Name), strings.ToLower(b.Model.Name))
	},
}

func releasedKey(m *Model) string {
	if m.Released == nil {
		return ""
	}
	return *m.Released
}

// indexOf is the quality index, -1 when unknown (below every known one).
func indexOf(m *Model) float64 {
	if m.Quality.Index == nil {
		return -1
	}
	return *m.Quality.Index
}

func tpsOf(e *Estimate) float64 {
	if e == nil || e.DecodeTPS == nil {
		return 0
	}
	return *e.DecodeTPS
}

// verdictOrder is best first: gpu 0 … no 3.
func verdictOrder(v string) int { return 3 - estimate.VerdictRank(v) }
