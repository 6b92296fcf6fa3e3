package hwprobe

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/agnivade/levenshtein"
)

// Words that vendors and drivers add around a product name; dropping them
// lets "NVIDIA GeForce RTX 4090", "GeForce RTX 4090" and "RTX 4090" meet.
var noiseWords = map[string]bool{
	"nvidia": true, "geforce": true, "amd": true, "intel": true, "apple": true,
	"tesla": true, "graphics": true, "gpu": true, "corporation": true, "r": true, "tm": true,
}

var nonWord = regexp.MustCompile(`[^a-z0-9+]+`)

// normalizeName folds a product name to lower-case words without vendor
// noise, e.g. "NVIDIA GeForce RTX 4090" -> "rtx 4090".
func normalizeName(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("®", " ", "™", " ").Replace(s)
	var words []string
	for _, w := range strings.Fields(nonWord.ReplaceAllString(s, " ")) {
		if !noiseWords[w] {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

var memoryWord = regexp.MustCompile(`^\d+(\.\d+)?(gb|gib|g)$`)

// withoutMemoryWords drops words like "32gb" so "V100 SXM2 32GB" finds the
// row that lists both memory sizes.
func withoutMemoryWords(norm string) string {
	var keep []string
	for _, w := range strings.Fields(norm) {
		if !memoryWord.MatchString(w) {
			keep = append(keep, w)
		}
	}
	return strings.Join(keep, " ")
}

// nameIndex maps normalised names and aliases to database rows.
type nameIndex struct {
	exact    map[string][]int // normalised name or alias -> rows
	stripped map[string][]int // the same without memory words
	display  map[string]string
}

var (
	indexOnce sync.Once
	index     nameIndex
)

func dbIndex() nameIndex {
	indexOnce.Do(func() {
		rows, _ := database()
		index = nameIndex{exact: map[string][]int{}, stripped: map[string][]int{}, display: map[string]string{}}
		for i, a := range rows {
			for _, n := range append([]string{a.Name}, a.Aliases...) {
				k := normalizeName(n)
				if k == "" {
					continue
				}
				if !slices.Contains(index.exact[k], i) {
					index.exact[k] = append(index.exact[k], i)
				}
				if d, ok := index.display[k]; !ok || len(n) < len(d) {
					index.display[k] = n // the shortest spelling reads best in "did you mean"
				}
				s := withoutMemoryWords(k)
				if !slices.Contains(index.stripped[s], i) {
					index.stripped[s] = append(index.stripped[s], i)
				}
			}
		}
	})
	return index
}

// lookupProbed finds the row for a name a driver reported. It matches the
// whole name only, so "RTX 4090 Laptop GPU" never borrows the desktop card's
// figures.
func lookupProbed(name string) (Accelerator, bool) {
	rows, _ := database()
	idx := dbIndex()
	k := normalizeName(name)
	if r := idx.exact[k]; len(r) == 1 {
		return cloneAccelerator(rows[r[0]]), true
	}
	if r := idx.stripped[withoutMemoryWords(k)]; len(r) == 1 {
		return cloneAccelerator(rows[r[0]]), true
	}
	return Accelerator{}, false
}

// lookupUser finds rows for a name a user typed. Besides whole-name matches
// it accepts a unique row whose name contains all the typed words ("4090").
// Several candidates come back when the words are ambiguous.
func lookupUser(name string) []Accelerator {
	if a, ok := lookupProbed(name); ok {
		return []Accelerator{a}
	}
	rows, _ := database()
	idx := dbIndex()
	want := strings.Fields(normalizeName(name))
	if len(want) == 0 {
		return nil
	}
	seen := map[int]bool{}
	var out []Accelerator
	for k, rs := range idx.exact {
		have := strings.Fields(k)
		if !containsAll(have, want) {
			continue
		}
		for _, r := range rs {
			if !seen[r] {
				seen[r] = true
				out = append(out, cloneAccelerator(rows[r]))
			}
		}
	}
	slices.SortFunc(out, func(a, b Accelerator) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// suggestName returns the database name or alias closest to what the user
// typed, or "" when nothing is close.
func suggestName(typed string) string {
	q := normalizeName(typed)
	if q == "" {
		return ""
	}
	idx := dbIndex()
	best, bestD := "", 1<<30
	keys := make([]string, 0, len(idx.display))
	for k := range idx.display {
		keys = append(keys, k)
	}
	slices.Sort(keys) // deterministic on ties
	for _, k := range keys {
		if d := levenshtein.ComputeDistance(q, k); d < bestD {
			best, bestD = idx.display[k], d
		}
	}
	if bestD > max(2, len(q)/3) {
		return ""
	}
	return best
}
