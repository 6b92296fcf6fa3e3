package localmodel

import (
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
)

// Match finds the catalog model a local copy is of, from its names in
// order of trust (a GGUF's general.name, the repository or file name, an
// Ollama tag, the repo it names as its base): an exact id, then a name or id
// equal once case, separators and a quantization suffix are dropped, then
// the longest catalog name the candidate ends with ("Meta-Llama-3.1-8B-
// Instruct" is Llama-3.1-8B-Instruct). When arch is known its layer count
// and hidden size must agree, so a fine-tune or a distillation with the
// same name stem is not taken for its parent. Nil when nothing (or more
// than one model) fits.
func Match(cat *catalog.Catalog, arch *catalog.Arch, candidates ...string) *catalog.Model {
	return NewMatcher(cat).Match(arch, candidates...)
}

// Matcher matches many local copies against one catalog (its names
// normalised once).
type Matcher struct {
	cat  *catalog.Catalog
	keys [][2]string // per catalog model: normalised id tail and name
}

// NewMatcher prepares cat (which may be nil: nothing matches).
func NewMatcher(cat *catalog.Catalog) *Matcher {
	mt := &Matcher{cat: cat}
	if cat == nil {
		return mt
	}
	mt.keys = make([][2]string, len(cat.Models))
	for i, m := range cat.Models {
		mt.keys[i] = [2]string{norm(m.ID[strings.IndexByte(m.ID, '/')+1:]), norm(m.Name)}
	}
	return mt
}

// Match is the package-level Match against the matcher's catalog.
func (mt *Matcher) Match(arch *catalog.Arch, candidates ...string) *catalog.Model {
	cat, keys := mt.cat, mt.keys
	if cat == nil {
		return nil
	}
	fits := func(m *catalog.Model) bool {
		return arch == nil || arch.Layers == 0 ||
			(m.Arch.Layers == arch.Layers && (arch.HiddenSize == 0 || m.Arch.HiddenSize == arch.HiddenSize))
	}
	for _, c := range candidates {
		if m := cat.ByID(c); m != nil && fits(m) {
			return m
		}
	}
	for _, c := range candidates {
		n := norm(stripQuant(c[strings.LastIndexByte(c, '/')+1:]))
		if n == "" {
			continue
		}
		var hit *catalog.Model
		ambiguous := false
		for i, m := range cat.Models {
			if (keys[i][0] == n || keys[i][1] == n) && fits(m) {
				if hit != nil && hit != m {
					ambiguous = true
				}
				hit = m
			}
		}
		if hit != nil && !ambiguous {
			return hit
		}
	}
	for _, c := range candidates {
		n := norm(stripQuant(c[strings.LastIndexByte(c, '/')+1:]))
		var hit *catalog.Model
		best, ties := 0, 0
		for i, m := range cat.Models {
			k := keys[i][0]
			if len(k) < 6 || len(k) >= len(n) || !strings.HasSuffix(n, k) || !fits(m) {
				continue
			}
			switch {
			case len(k) > best:
				hit, best, ties = m, len(k), 0
			case len(k) == best && m != hit:
				ties++
			}
		}
		if hit != nil && ties == 0 {
			return hit
		}
	}
	return nil
}

// norm drops case and separators: "Llama-3.1 8B_Instruct" → "llama3.18binstruct".
func norm(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// quantSuffixes are the tails that name a file's quantization or format.
var quantSuffixes = []string{"-gguf", ".gguf", "-mlx", "-awq", "-gptq", "-fp8", "-int4", "-int8", "-bf16", "-f16", "-f32"}

// stripQuant removes a quantization tail: "Qwen3-8B-Q4_K_M", "qwen3:8b-q4_K_M"
// and "Qwen3-8B-GGUF" all become the model's name.
func stripQuant(s string) string {
	s = strings.TrimSuffix(s, ".gguf")
	if i := strings.LastIndexByte(s, ':'); i >= 0 { // an Ollama tag: name:size-quant
		tag := s[i+1:]
		if j := strings.IndexByte(tag, '-'); j >= 0 {
			tag = tag[:j]
		}
		s = s[:i] + "-" + tag
	}
	for changed := true; changed; {
		changed = false
		low := strings.ToLower(s)
		for _, suf := range quantSuffixes {
			if strings.HasSuffix(low, suf) {
				s, changed = s[:len(s)-len(suf)], true
				break
			}
		}
		if i := strings.LastIndexAny(s, "-."); i > 0 && isQuantName(s[i+1:]) {
			s, changed = s[:i], true
		}
	}
	return s
}

// isQuantName: Q4_K_M, IQ3_XXS, Q8_0, BF16, F16, MXFP4, UD-Q4_K_XL's tail.
func isQuantName(s string) bool {
	u := strings.ToUpper(s)
	switch u {
	case "BF16", "F16", "F32", "FP16", "MXFP4", "FP8", "INT4", "INT8":
		return true
	}
	if len(u) < 2 {
		return false
	}
	if u[0] == 'I' && len(u) > 2 && u[1] == 'Q' {
		u = u[1:]
	}
	return u[0] == 'Q' && u[1] >= '1' && u[1] <= '8'
}
