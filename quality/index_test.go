package quality

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
)

func builtin(t testing.TB) (*catalog.Catalog, *catalog.ScoreSet) {
	t.Helper()
	c, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	s, err := catalog.BuiltinScores()
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

// scoreFile builds a score file from id -> benchmark -> value.
func scoreFile(t *testing.T, values map[string]map[string]float64) *catalog.ScoreSet {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"about":"t","as_of":"2025-01","benchmarks":[` +
		`{"id":"arena_text","name":"Arena","facet":"chat","unit":"Elo","about":"https://example.org/a"},` +
		`{"id":"code","name":"Code","facet":"coding","unit":"%","about":"https://example.org/c"},` +
		`{"id":"contrary","name":"Contrary","facet":"reasoning","unit":"%","about":"https://example.org/r"},` +
		`{"id":"late","name":"Late","facet":"reasoning","unit":"%","about":"https://example.org/l"}],` +
		`"sources":[{"id":"s","url":"https://example.org","kind":"vendor"}],"scores":[`)
	first := true
	for id, bs := range values {
		for bench, v := range bs {
			if !first {
				b.WriteString(",")
			}
			first = false
			fmt.Fprintf(&b, `{"model":%q,"benchmark":%q,"value":%g,"date":"2025-01","source":"s"}`, id, bench, v)
		}
	}
	b.WriteString("]}")
	s, err := catalog.ParseScores([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func TestIndexEquatesBenchmarksToTheArena(t *testing.T) {
	c, _ := builtin(t)
	var ids []string
	for _, m := range c.Models[:9] {
		ids = append(ids, m.ID)
	}
	v := map[string]map[string]float64{}
	// Six models with an arena rating; "code" is exactly 1000 + 10·score
	// on them, so equating must recover that line; "contrary" runs against
	// the rating and must not count.
	for i := range 6 {
		v[ids[i]] = map[string]float64{"arena_text": 1000 + 10*float64(10*i), "code": float64(10 * i), "contrary": float64(100 - 10*i)}
	}
	// Two models known only by "code": their normalised score is read off
	// the line. "late" shares no model with the arena, only with the code
	// scorers, so it is equated in the second round.
	v[ids[6]] = map[string]float64{"code": 75}
	v[ids[7]] = map[string]float64{"code": 5}
	for i, id := range ids[2:6] {
		v[id]["late"] = float64(i + 1)
	}
	v[ids[6]]["late"], v[ids[7]]["late"] = 8, 0
	v["no-such/model"] = map[string]float64{"arena_text": 5000} // outside the catalog: ignored
	idx := Compute(c, scoreFile(t, v))

	l, ok := idx.LineOf("code")
	if !ok || !near(l.A, 1000) || !near(l.B, 10) || l.Peers != 6 || l.Round != 1 {
		t.Errorf("code line %+v, want A=1000 B=10 on 6 peers in round 1", l)
	}
	if _, ok := idx.LineOf("contrary"); ok {
		t.Error("a benchmark that disagrees with the arena was used")
	}
	if l, ok := idx.LineOf("late"); !ok || l.Round != 2 {
		t.Errorf("late line %+v %v, want fitted in round 2", l, ok)
	}
	r6 := idx.Of(ids[6])
	if r6 == nil || !near(r6.Norm["code"], 1750) {
		t.Fatalf("model known by code 75: %+v, want normalised 1750", r6)
	}
	// ids[6] has the highest code score, ids[7] the lowest: they bound the
	// ranking.
	if r := idx.Of(ids[7]); r == nil || r.Index >= idx.Of(ids[1]).Index {
		t.Errorf("lowest scorer ranks %+v", r)
	}
	top := 0.0
	for _, id := range ids[:8] {
		top = max(top, idx.Of(id).Index)
	}
	if r6.Index != top || top != 100 {
		t.Errorf("best scorer index %.1f, top %.1f, want 100", r6.Index, top)
	}
	if r := idx.Of(ids[0]); r.Basis != 2 || r.Facets[catalog.FacetCoding].Basis != 1 {
		t.Errorf("basis %d facets %+v, want 2 benchmarks, coding on 1", r.Basis, r.Facets)
	}
	if idx.Of(ids[8]) != nil {
		t.Error("a model without scores has a result")
	}
}

func TestBuiltinIndexRange(t *testing.T) {
	c, s := builtin(t)
	idx := Compute(c, s)
	n := 0
	for _, m := range c.Models {
		r := idx.Of(m.ID)
		if r == nil {
			continue
		}
		n++
		if r.Basis < 1 || r.Index < 0 || r.Index > 100 || math.IsNaN(r.Index) {
			t.Errorf("%s: index %v basis %d", m.ID, r.Index, r.Basis)
		}
	}
	if n < len(c.Models)/2 {
		t.Errorf("only %d of %d models have an index", n, len(c.Models))
	}
	// Within one family and generation, the larger instruct model ranks
	// above the smaller one, as every source states: a coarse check that
	// the normalisation keeps their order.
	for _, p := range [][2]string{
		{"Qwen/Qwen2.5-72B-Instruct", "Qwen/Qwen2.5-7B-Instruct"},
		{"meta-llama/Llama-3.1-70B-Instruct", "meta-llama/Llama-3.1-8B-Instruct"},
		{"Qwen/Qwen3-32B", "Qwen/Qwen3-0.6B"},
		{"google/gemma-3-27b-it", "google/gemma-3-1b-it"},
	} {
		a, b := idx.Of(p[0]), idx.Of(p[1])
		if a == nil || b == nil || a.Index <= b.Index {
			t.Errorf("%s should rank above %s: %+v vs %+v", p[0], p[1], a, b)
		}
	}
	for _, b := range s.Benchmarks {
		if l, ok := idx.LineOf(b.ID); ok {
			t.Logf("%-16s round %d, %3d peers, r=%.2f, Elo ≈ %.0f + %.2f·score", b.ID, l.Round, l.Peers, l.Corr, l.A, l.B)
		} else {
			t.Logf("%-16s not used", b.ID)
		}
	}
}

func BenchmarkCompute(b *testing.B) {
	c, s := builtin(b)
	for b.Loop() {
		Compute(c, s)
	}
}
