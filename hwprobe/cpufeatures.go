package hwprobe

import (
	"fmt"
	"slices"
	"strings"
)

// knownCPUFeatures are the names cpuFeatures reports, the ones
// --cpu-features accepts.
var knownCPUFeatures = []string{"avx", "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16",
	"avx_vnni", "amx_tile", "amx_int8", "amx_bf16", "neon", "dotprod", "i8mm", "sve", "sve2"}

// ParseCPUFeatures reads a --cpu-features list ("avx2,avx512f" or
// "avx2 avx512f"), lower-cased and checked against the known names; "none"
// is an empty list (a CPU without SIMD extensions worth naming).
func ParseCPUFeatures(s string) ([]string, error) {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ',' || r == ' ' || r == '+' })
	out := []string{}
	for _, f := range fields {
		if f == "none" {
			continue
		}
		if !slices.Contains(knownCPUFeatures, f) {
			return nil, fmt.Errorf("unknown CPU feature %q (known: %s)", f, strings.Join(knownCPUFeatures, ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if len(out) == 0 && !strings.Contains(strings.ToLower(s), "none") {
		return nil, fmt.Errorf("no CPU features in %q (use none for a CPU without them)", s)
	}
	return out, nil
}
