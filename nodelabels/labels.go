// Package nodelabels turns fitcheck's answer for a node — its accelerators
// and which models fit there, at which quantization and verdict — into a
// node-feature-discovery (NFD) local feature file, so Kubernetes workloads
// can pick nodes with nodeSelector or nodeAffinity. It does no I/O.
//
// The file format is NFD's local feature source (features.d): one
// `name=value` line per label, `#` comments, an optional
// `# +expiry-time=RFC3339` directive, at most 64 KiB. Names without a
// namespace are labelled under feature.node.kubernetes.io/ by NFD; every name
// here starts with "fitcheck.".
package nodelabels

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fitcheck/fitcheck/report"
)

// Prefix starts every label name.
const Prefix = "fitcheck."

// MaxFileBytes is what nfd-worker reads of one feature file.
const MaxFileBytes = 64 << 10

// Label is one feature: Name is the label name after NFD's namespace.
type Label struct {
	Name, Value string
}

// Kubernetes label rules (apimachinery validation): a name part or a value is
// at most 63 characters, alphanumeric at both ends, with '-', '_' and '.'
// inside; a value may be empty.
var labelPart = regexp.MustCompile(`^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`)

// ValidName checks a label name (without NFD's namespace).
func ValidName(s string) error {
	if len(s) > 63 || !labelPart.MatchString(s) {
		return fmt.Errorf("label name %q: must be 1-63 characters, alphanumeric at both ends, with - _ . inside", s)
	}
	return nil
}

// ValidValue checks a label value.
func ValidValue(s string) error {
	if s != "" && (len(s) > 63 || !labelPart.MatchString(s)) {
		return fmt.Errorf("label value %q: must be at most 63 characters, alphanumeric at both ends, with - _ . inside", s)
	}
	return nil
}

// Hardware labels: what a scheduler selects accelerators by.
func Hardware(hw report.Hardware) []Label {
	ls := []Label{{"fitcheck.gpu.count", strconv.Itoa(len(hw.GPUs))}}
	var largest, total int64
	for _, g := range hw.GPUs {
		largest = max(largest, g.MemoryTotalBytes)
		total += g.MemoryTotalBytes
	}
	if len(hw.GPUs) > 0 {
		g := hw.GPUs[0]
		ls = append(ls,
			Label{"fitcheck.gpu.model", Value(g.Name)},
			Label{"fitcheck.gpu.backend", Value(g.Backend)},
			Label{"fitcheck.gpu.memory-gib", gib(largest)},
			Label{"fitcheck.gpu.memory-total-gib", gib(total)},
			Label{"fitcheck.gpu.unified-memory", strconv.FormatBool(g.UnifiedMemory)},
		)
		if g.BandwidthGBps != nil {
			ls = append(ls, Label{"fitcheck.gpu.bandwidth-gbps", strconv.Itoa(int(math.Round(*g.BandwidthGBps)))})
		}
		if hw.Interconnect != nil { // nvlink | pcie | host: what tensor-parallel pods can expect
			ls = append(ls, Label{"fitcheck.gpu.interconnect", *hw.Interconnect})
		}
	}
	ls = append(ls, Label{"fitcheck.ram-gib", gib(hw.Memory.TotalBytes)})
	if hw.CPU.PhysicalCores > 0 {
		ls = append(ls, Label{"fitcheck.cpu.cores", strconv.Itoa(hw.CPU.PhysicalCores)})
	}
	for _, f := range hw.CPU.Features {
		if v := Value(f); v != "" {
			ls = append(ls, Label{"fitcheck.cpu." + strings.ToLower(v), "true"})
		}
	}
	return ls
}

// Models labels, three per model: fitcheck.fit.SLUG = gpu | partial | cpu |
// no (the best verdict), fitcheck.quant.SLUG = the quantization that gives
// it, fitcheck.tps.SLUG = its decode tokens/s (whole, when known).
func Models(models []report.Model) []Label {
	var ls []Label
	for _, m := range models {
		slug := Slug(m.ID, 63-len("fitcheck.quant."))
		verdict := cmp.Or(m.BestVerdict, "no")
		ls = append(ls, Label{"fitcheck.fit." + slug, verdict})
		if m.BestQuant == nil {
			continue
		}
		ls = append(ls, Label{"fitcheck.quant." + slug, Value(*m.BestQuant)})
		for _, e := range m.Estimates {
			if e.Quant == *m.BestQuant && e.DecodeTPS != nil {
				ls = append(ls, Label{"fitcheck.tps." + slug, strconv.Itoa(int(*e.DecodeTPS))})
			}
		}
	}
	return ls
}

// gib rounds to whole GiB: a card reports a little less than its nominal
// size (an RTX 4090 23.99 GiB, an H100 79.6 GiB), and selectors are written
// with the nominal one.
func gib(b int64) string { return strconv.Itoa(int(math.Round(float64(b) / (1 << 30)))) }

var notLabel = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// Value turns free text (a GPU name, a feature) into a label value: runs of
// other characters become '-', at most 63 characters, alphanumeric ends.
func Value(s string) string {
	v := notLabel.ReplaceAllString(strings.TrimSpace(s), "-")
	if len(v) > 63 {
		v = v[:63]
	}
	return strings.TrimFunc(v, func(r rune) bool { return !isAlnum(r) })
}

// Slug turns a model id into a label-name part of at most room characters:
// lower case, '/' as '.', other characters as '-'. A longer id is cut and
// given a hash of the whole id, so two long ids never share a label.
func Slug(id string, room int) string {
	s := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(id)), "/", ".")
	s = notLabel.ReplaceAllString(s, "-")
	s = strings.TrimFunc(s, func(r rune) bool { return !isAlnum(r) })
	if len(s) > room {
		h := fnv.New32a()
		h.Write([]byte(id))
		suffix := fmt.Sprintf("-%08x", h.Sum32())
		s = strings.TrimFunc(s[:room-len(suffix)], func(r rune) bool { return !isAlnum(r) }) + suffix
	}
	return s
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// Format writes the feature file: the expiry directive when expiry is not
// zero (nfd-worker drops the labels after it, so a node whose fitcheck
// stopped running loses stale claims), a header comment, then the labels
// sorted by name. Every label is validated; duplicates and an oversized file are
// errors.
func Format(labels []Label, header string, expiry time.Time) ([]byte, error) {
	var b strings.Builder
	if !expiry.IsZero() {
		fmt.Fprintf(&b, "# +expiry-time=%s\n", expiry.UTC().Format(time.RFC3339))
	}
	for line := range strings.SplitSeq(strings.TrimSpace(header), "\n") {
		if line != "" {
			fmt.Fprintf(&b, "# %s\n", strings.TrimPrefix(line, "+")) // never a directive by accident
		}
	}
	sorted := slices.SortedFunc(slices.Values(labels), func(a, b Label) int { return strings.Compare(a.Name, b.Name) })
	for i, l := range sorted {
		if err := ValidName(l.Name); err != nil {
			return nil, err
		}
		if err := ValidValue(l.Value); err != nil {
			return nil, err
		}
		if i > 0 && sorted[i-1].Name == l.Name {
			return nil, fmt.Errorf("label %q given twice", l.Name)
		}
		fmt.Fprintf(&b, "%s=%s\n", l.Name, l.Value)
	}
	if b.Len() > MaxFileBytes {
		return nil, fmt.Errorf("feature file of %d bytes: nfd-worker reads at most %d (label fewer models)", b.Len(), MaxFileBytes)
	}
	return []byte(b.String()), nil
}
