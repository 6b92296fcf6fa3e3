package catalog

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Published benchmark results of the catalog's models, kept apart from the
// model entries so that adding models and adding scores never touch the
// same file: quality/sources.json names the benchmarks and the sources,
// quality/scores.tsv holds one score a line (a tab-separated file decodes
// ten times faster than the same data as JSON, which keeps start-up
// instant). A score names its model by catalog id; a score whose id is not
// in the catalog is kept but unused, and TestBuiltinScoresCoverage lists it.

var (
	//go:embed quality/sources.json
	builtinSources []byte
	//go:embed quality/scores.tsv
	builtinScoreLines []byte
)

// Score is one published benchmark result.
type Score struct {
	Model     string  `json:"model"`             // catalog id
	Benchmark string  `json:"benchmark"`         // Benchmark.ID
	Value     float64 `json:"value"`             // in the benchmark's unit
	Variant   string  `json:"variant,omitempty"` // setting as published: "v6", "thinking mode", "0-shot"
	Date      string  `json:"date"`              // YYYY-MM or YYYY-MM-DD: when the figure was published or measured
	SourceID  string  `json:"source"`            // a Source.ID of the file

	// Resolved from the source on load.
	URL  string `json:"-"` // the page or file that states the figure
	Via  string `json:"-"` // where it was transcribed from, or the leaderboard a data file mirrors
	Kind string `json:"-"` // vendor | independent | third-party
}

// Source is where scores come from; many scores share one (a leaderboard's
// data file, a technical report), so the file names each once.
type Source struct {
	ID   string `json:"id"`
	URL  string `json:"url"`
	Kind string `json:"kind"`
	Via  string `json:"via,omitempty"`
}

// Kinds of score: who measured it.
const (
	ScoreVendor      = "vendor"      // the model's publisher
	ScoreIndependent = "independent" // a public leaderboard
	ScoreThirdParty  = "third-party" // another lab's report (e.g. a competitor's comparison table)
)

// Benchmark describes one benchmark the scores use.
type Benchmark struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Facet string `json:"facet"` // coding | reasoning | chat
	Unit  string `json:"unit"`  // "%" or "Elo"
	About string `json:"about"` // the benchmark's paper or page
}

// Facets of quality the benchmarks are grouped into.
const (
	FacetCoding    = "coding"
	FacetReasoning = "reasoning"
	FacetChat      = "chat"
)

// Facets in display order.
var Facets = []string{FacetCoding, FacetReasoning, FacetChat}

// ScoreSet is the parsed score file.
type ScoreSet struct {
	About      string      `json:"about"`
	AsOf       string      `json:"as_of"` // newest source date
	Benchmarks []Benchmark `json:"benchmarks"`
	Sources    []Source    `json:"sources"`
	Scores     []Score     `json:"scores"`

	bench   map[string]*Benchmark
	source  map[string]*Source
	byModel map[string][]Score // lower-case id -> scores
}

var (
	scoresOnce sync.Once
	scoresSet  *ScoreSet
	scoresErr  error
)

// BuiltinScores returns the embedded scores, parsed and validated once.
func BuiltinScores() (*ScoreSet, error) {
	scoresOnce.Do(func() { scoresSet, scoresErr = ParseScoreFiles(builtinSources, builtinScoreLines) })
	return scoresSet, scoresErr
}

// ParseScores decodes and validates a score file: every score needs a
// known benchmark, a finite value, a date, a source URL and a kind.
func ParseScores(data []byte) (*ScoreSet, error) {
	s := &ScoreSet{}
	if err := decodeStrict(data, s); err != nil {
		return nil, fmt.Errorf("scores: %w", err)
	}
	return s, s.link()
}

// scoreColumns is the header of a score TSV file.
const scoreColumns = "model\tbenchmark\tvalue\tdate\tsource\tvariant"

// ParseScoreFiles reads a sources file (ScoreSet JSON without scores) and a
// TSV file of scores (header scoreColumns, one score a line), with the same
// checks as ParseScores; errors name the TSV line.
func ParseScoreFiles(sources, tsv []byte) (*ScoreSet, error) {
	s := &ScoreSet{}
	if err := decodeStrict(sources, s); err != nil {
		return nil, fmt.Errorf("score sources: %w", err)
	}
	if len(s.Scores) > 0 {
		return nil, errors.New("score sources: scores belong in the TSV file")
	}
	lines := strings.Split(strings.TrimSuffix(string(tsv), "\n"), "\n")
	if len(lines) == 0 || lines[0] != scoreColumns {
		return nil, fmt.Errorf("scores TSV: the first line must be %q", scoreColumns)
	}
	s.Scores = make([]Score, 0, len(lines)-1)
	for i, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 6 {
			return nil, fmt.Errorf("scores TSV line %d: %d fields, want 6 (%s)", i+2, len(f), strings.ReplaceAll(scoreColumns, "\t", ", "))
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, fmt.Errorf("scores TSV line %d: value %q: %w", i+2, f[2], err)
		}
		s.Scores = append(s.Scores, Score{Model: f[0], Benchmark: f[1], Value: v, Date: f[3], SourceID: f[4], Variant: f[5]})
	}
	return s, s.link()
}

// link indexes benchmarks and sources, resolves each score's source and
// validates everything.
func (s *ScoreSet) link() error {
	s.bench = make(map[string]*Benchmark, len(s.Benchmarks))
	var errs []error
	for i := range s.Benchmarks {
		b := &s.Benchmarks[i]
		if b.ID == "" || b.Name == "" || !validURL(b.About) {
			errs = append(errs, fmt.Errorf("benchmark %d (%q): needs id, name and an about URL", i, b.ID))
		}
		switch b.Facet {
		case FacetCoding, FacetReasoning, FacetChat:
		default:
			errs = append(errs, fmt.Errorf("benchmark %q: facet %q is not coding, reasoning or chat", b.ID, b.Facet))
		}
		s.bench[b.ID] = b
	}
	s.source = make(map[string]*Source, len(s.Sources))
	for i := range s.Sources {
		src := &s.Sources[i]
		if err := validSource(src); err != nil {
			errs = append(errs, fmt.Errorf("source %d (%q): %w", i, src.ID, err))
		}
		if s.source[src.ID] != nil {
			errs = append(errs, fmt.Errorf("source %q is defined twice", src.ID))
		}
		s.source[src.ID] = src
	}
	s.byModel = make(map[string][]Score, len(s.Scores)/8)
	type pair struct{ model, bench string }
	seen := make(map[pair]bool, len(s.Scores))
	for i := range s.Scores {
		if src := s.source[s.Scores[i].SourceID]; src != nil {
			s.Scores[i].URL, s.Scores[i].Via, s.Scores[i].Kind = src.URL, src.Via, src.Kind
		}
		sc := s.Scores[i]
		if err := s.validScore(sc); err != nil {
			errs = append(errs, fmt.Errorf("score %d (%s, %s): %w", i, sc.Model, sc.Benchmark, err))
			if len(errs) >= maxErrors {
				break
			}
			continue
		}
		key := strings.ToLower(sc.Model)
		if seen[pair{key, sc.Benchmark}] {
			errs = append(errs, fmt.Errorf("score %d: %s has %s twice", i, sc.Model, sc.Benchmark))
			continue
		}
		seen[pair{key, sc.Benchmark}] = true
		s.byModel[key] = append(s.byModel[key], sc)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for _, sc := range s.byModel {
		sort.Slice(sc, func(i, j int) bool { return sc[i].Benchmark < sc[j].Benchmark })
	}
	return nil
}

var dateRE = regexp.MustCompile(`^(19|20)\d\d-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$`)

func (s *ScoreSet) validScore(sc Score) error {
	switch {
	case sc.Model == "":
		return errors.New("no model id")
	case sc.Benchmark == "":
		return errors.New("no benchmark name")
	case s.bench[sc.Benchmark] == nil:
		return fmt.Errorf("unknown benchmark %q", sc.Benchmark)
	case math.IsNaN(sc.Value) || math.IsInf(sc.Value, 0):
		return errors.New("value is not a number")
	case !dateRE.MatchString(sc.Date):
		return fmt.Errorf("date %q is not YYYY-MM or YYYY-MM-DD", sc.Date)
	case sc.SourceID == "":
		return errors.New("no source")
	case s.source[sc.SourceID] == nil:
		return fmt.Errorf("source %q is not in the file's sources", sc.SourceID)
	}
	if s.bench[sc.Benchmark].Unit == "%" && (sc.Value < 0 || sc.Value > 100) {
		return fmt.Errorf("value %g is outside 0–100 %%", sc.Value)
	}
	return nil
}

func validSource(src *Source) error {
	switch {
	case src.ID == "":
		return errors.New("no id")
	case !validURL(src.URL):
		return fmt.Errorf("url %q is not an http(s) URL", src.URL)
	case src.Via != "" && !validURL(src.Via):
		return fmt.Errorf("via %q is not an http(s) URL", src.Via)
	}
	switch src.Kind {
	case ScoreVendor, ScoreIndependent, ScoreThirdParty:
		return nil
	}
	return fmt.Errorf("kind %q is not vendor, independent or third-party", src.Kind)
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// For returns the scores of a model id (case-insensitive), sorted by
// benchmark id. The slice is shared; do not modify it.
func (s *ScoreSet) For(id string) []Score {
	if s == nil {
		return nil
	}
	return s.byModel[strings.ToLower(id)]
}

// Benchmark returns a benchmark by id, or nil.
func (s *ScoreSet) Benchmark(id string) *Benchmark {
	if s == nil {
		return nil
	}
	return s.bench[id]
}

// Orphans lists the model ids that have scores but no entry in c, sorted.
func (s *ScoreSet) Orphans(c *Catalog) []string {
	var out []string
	for id, sc := range s.byModel {
		if c.byID[id] == nil {
			out = append(out, sc[0].Model)
		}
	}
	sort.Strings(out)
	return out
}

// IsBase reports whether the catalog marks m as a base (pretrained, not
// instruction-tuned) model: rarely what someone wants to chat with.
func (m *Model) IsBase() bool {
	return slices.Contains(m.Tags, "base")
}
