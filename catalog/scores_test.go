package catalog

import (
	"strings"
	"testing"
)

func builtinScoresT(t testing.TB) *ScoreSet {
	t.Helper()
	s, err := BuiltinScores()
	if err != nil {
		t.Fatalf("built-in scores do not load:\n%v", err)
	}
	return s
}

// Every built-in score names its benchmark, date and source (ParseScores
// refuses the file otherwise); this test reports the coverage the README
// quotes and lists scores for ids the catalog does not have.
func TestBuiltinScoresCoverage(t *testing.T) {
	c, s := builtin(t), builtinScoresT(t)
	for _, sc := range s.Scores {
		if sc.URL == "" || sc.Kind == "" || sc.Date == "" || sc.Benchmark == "" || s.Benchmark(sc.Benchmark) == nil {
			t.Errorf("score without source, date or benchmark: %+v", sc)
		}
	}
	if orphans := s.Orphans(c); len(orphans) > 0 {
		t.Logf("%d model ids have scores but no catalog entry (kept, unused): %s", len(orphans), strings.Join(orphans, ", "))
	}
	chat, covered := 0, 0
	for _, m := range c.Models {
		if m.IsBase() {
			continue
		}
		chat++
		if len(s.For(m.ID)) >= 2 {
			covered++
		}
	}
	pct := 100 * float64(covered) / float64(max(chat, 1))
	t.Logf("%d scores; %d of %d instruct/chat models carry at least two sourced scores (%.1f%%); data as of %s",
		len(s.Scores), covered, chat, pct, s.AsOf)
	// The goal is 70 %; new catalog entries arrive before their scores, so
	// the test guards against a collapse (a broken file or id scheme), not
	// against every unscored addition.
	if pct < 50 {
		t.Errorf("only %.1f%% of instruct/chat models have two scores", pct)
	}
}

func TestParseScoresRejectsIncompleteScores(t *testing.T) {
	head := `{"about":"x","as_of":"2025-01","benchmarks":[{"id":"b","name":"B","facet":"chat","unit":"%","about":"https://example.org/b"}],` +
		`"sources":[{"id":"s","url":"https://example.org/s","kind":"vendor"}],"scores":[`
	cases := map[string]string{
		"no source":         `{"model":"a/b","benchmark":"b","value":50,"date":"2025-01","source":""}`,
		"unknown source":    `{"model":"a/b","benchmark":"b","value":50,"date":"2025-01","source":"zz"}`,
		"no date":           `{"model":"a/b","benchmark":"b","value":50,"date":"","source":"s"}`,
		"bad date":          `{"model":"a/b","benchmark":"b","value":50,"date":"January","source":"s"}`,
		"no benchmark":      `{"model":"a/b","benchmark":"","value":50,"date":"2025-01","source":"s"}`,
		"unknown benchmark": `{"model":"a/b","benchmark":"zz","value":50,"date":"2025-01","source":"s"}`,
		"percent over 100":  `{"model":"a/b","benchmark":"b","value":150,"date":"2025-01","source":"s"}`,
		"no model":          `{"model":"","benchmark":"b","value":50,"date":"2025-01","source":"s"}`,
		"unknown field":     `{"model":"a/b","benchmark":"b","value":50,"date":"2025-01","source":"s","score":1}`,
	}
	for name, sc := range cases {
		if _, err := ParseScores([]byte(head + sc + `]}`)); err == nil {
			t.Errorf("%s: accepted %s", name, sc)
		}
	}
	badSources := map[string]string{
		"source without URL":  `{"id":"s","url":"","kind":"vendor"}`,
		"source URL not http": `{"id":"s","url":"the card","kind":"vendor"}`,
		"source without kind": `{"id":"s","url":"https://example.org","kind":""}`,
		"source without id":   `{"id":"","url":"https://example.org","kind":"vendor"}`,
	}
	for name, src := range badSources {
		doc := strings.Replace(head, `{"id":"s","url":"https://example.org/s","kind":"vendor"}`, src, 1) + `]}`
		if _, err := ParseScores([]byte(doc)); err == nil {
			t.Errorf("%s: accepted %s", name, src)
		}
	}
	ok := `{"model":"a/B","benchmark":"b","value":50,"date":"2025-01-02","source":"s"}`
	s, err := ParseScores([]byte(head + ok + `]}`))
	if err != nil {
		t.Fatalf("a complete score was refused: %v", err)
	}
	if got := s.For("A/b"); len(got) != 1 || got[0].Value != 50 || got[0].URL != "https://example.org/s" || got[0].Kind != ScoreVendor {
		t.Errorf("For is not case-insensitive or the source is not resolved: %+v", got)
	}
	if _, err := ParseScores([]byte(head + ok + "," + ok + `]}`)); err == nil {
		t.Error("a duplicate model/benchmark pair was accepted")
	}
}

func BenchmarkParseScores(b *testing.B) {
	for b.Loop() {
		if _, err := ParseScoreFiles(builtinSources, builtinScoreLines); err != nil {
			b.Fatal(err)
		}
	}
}
