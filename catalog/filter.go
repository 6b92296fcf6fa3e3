package catalog

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/agnivade/levenshtein"
)

// Filter selects catalog entries. Zero values select everything.
type Filter struct {
	Origins    []string // ISO country codes (any of)
	Licences   []string // licence ids (any of), case-insensitive
	Commercial bool     // only licences that allow commercial use (yes or conditional)
	Families   []string // family names (any of), case-insensitive substring
	Orgs       []string // organisations (any of), case-insensitive substring
	Search     string   // words, each found in id, name, family, organisation, licence, origin or tags (case and separators ignored)
	MinParams  int64    // total parameters, inclusive; 0 = no bound
	MaxParams  int64
	Modality   string // "text" | "vision" | ""
}

// Match reports whether m passes the filter.
func (f *Filter) Match(c *Catalog, m *Model) bool {
	if len(f.Origins) > 0 && !anyEqualFold(f.Origins, m.OriginCountry) {
		return false
	}
	if len(f.Licences) > 0 && !anyEqualFold(f.Licences, m.Licence) {
		return false
	}
	if f.Commercial {
		l := c.Licence(m)
		if l == nil || l.CommercialUse == CommercialNo {
			return false
		}
	}
	if len(f.Families) > 0 && !anyContainsFold(f.Families, m.Family) {
		return false
	}
	if len(f.Orgs) > 0 && !anyContainsFold(f.Orgs, m.Organisation) {
		return false
	}
	if f.Search != "" && !matchesSearch(m, f.Search) {
		return false
	}
	if f.MinParams > 0 && m.ParamsTotal < f.MinParams {
		return false
	}
	if f.MaxParams > 0 && m.ParamsTotal > f.MaxParams {
		return false
	}
	if f.Modality != "" && m.Modality != f.Modality {
		return false
	}
	return true
}

// Select returns the models that pass the filter, in catalog order.
func (c *Catalog) Select(f Filter) []*Model {
	var out []*Model
	for _, m := range c.Models {
		if f.Match(c, m) {
			out = append(out, m)
		}
	}
	return out
}

// matchesSearch: every word of q must be found (SearchWordMatches).
func matchesSearch(m *Model, q string) bool {
	for _, w := range strings.Fields(q) {
		if !SearchWordMatches(m, w) {
			return false
		}
	}
	return true
}

// SearchWordMatches reports whether one search word is in the model's id,
// name, family, organisation, licence, origin, modality or tags. Case and
// separators are ignored ("qwen25" finds "Qwen2.5", "q4km" and "q4_k_m"
// are the same), so a word matches however the name is punctuated.
func SearchWordMatches(m *Model, word string) bool {
	w := NormalizeSearch(word)
	if w == "" {
		return true
	}
	fields := append([]string{m.ID, m.Name, m.Family, m.Organisation, m.Licence, m.OriginCountry, m.Modality}, m.Tags...)
	for _, s := range fields {
		if strings.Contains(NormalizeSearch(s), w) {
			return true
		}
	}
	return false
}

// NormalizeSearch lower-cases s and drops separators (space - _ . /).
func NormalizeSearch(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '.', '/':
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

func anyEqualFold(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), v) {
			return true
		}
	}
	return false
}

func anyContainsFold(list []string, v string) bool {
	v = strings.ToLower(v)
	for _, x := range list {
		if strings.Contains(v, strings.ToLower(strings.TrimSpace(x))) {
			return true
		}
	}
	return false
}

// NotFoundError says a model query matched nothing, or too much, and offers
// the closest ids.
type NotFoundError struct {
	Query       string
	Ambiguous   []string // ids when the query matched several models
	Suggestions []string // closest ids when it matched none
}

func (e *NotFoundError) Error() string {
	if len(e.Ambiguous) > 0 {
		return fmt.Sprintf("model %q is ambiguous: it matches %s", e.Query, strings.Join(quoteAll(e.Ambiguous), ", "))
	}
	msg := fmt.Sprintf("unknown model %q", e.Query)
	if len(e.Suggestions) > 0 {
		msg += "; did you mean " + strings.Join(quoteAll(e.Suggestions), " or ") + "?"
	}
	return msg
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

// Find resolves a user's model query: an exact id (case-insensitive), else
// an exact name or the part of the id after the owner, else a unique
// case-insensitive substring of id or name.
func (c *Catalog) Find(query string) (*Model, error) {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return nil, &NotFoundError{Query: query}
	}
	if m := c.byID[q]; m != nil {
		return m, nil
	}
	var exact, partial []*Model
	for _, m := range c.Models {
		id := strings.ToLower(m.ID)
		short := id[strings.IndexByte(id, '/')+1:]
		name := strings.ToLower(m.Name)
		switch {
		case short == q || name == q:
			exact = append(exact, m)
		case strings.Contains(id, q) || strings.Contains(name, q):
			partial = append(partial, m)
		}
	}
	for _, set := range [][]*Model{exact, partial} {
		if len(set) == 1 {
			return set[0], nil
		}
		if len(set) > 1 {
			ids := make([]string, 0, len(set))
			for _, m := range set {
				ids = append(ids, m.ID)
			}
			sort.Strings(ids)
			if len(ids) > 8 {
				ids = append(ids[:8], fmt.Sprintf("… %d more", len(set)-8))
			}
			return nil, &NotFoundError{Query: query, Ambiguous: ids}
		}
	}
	return nil, &NotFoundError{Query: query, Suggestions: c.closest(q, 3)}
}

// closest returns up to n ids nearest to q by edit distance on the id's
// name part.
func (c *Catalog) closest(q string, n int) []string {
	type scored struct {
		id string
		d  int
	}
	var all []scored
	for _, m := range c.Models {
		id := strings.ToLower(m.ID)
		short := id[strings.IndexByte(id, '/')+1:]
		d := min(levenshtein.ComputeDistance(q, short), levenshtein.ComputeDistance(q, strings.ToLower(m.Name)))
		all = append(all, scored{m.ID, d})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].d < all[j].d })
	var out []string
	limit := max(3, len(q)/2)
	for _, s := range all {
		if len(out) == n || s.d > limit {
			break
		}
		out = append(out, s.id)
	}
	return out
}
