package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
)

// HFConfigMaxBytes caps a config.json the converter accepts. Real ones are
// a few KB (Gemma 4's, with audio and vision sections, about 10 KB; a
// Nemotron-NAS config with per-layer blocks about 40 KB).
const HFConfigMaxBytes = 4 << 20

// hfConfig is a decoded config.json object with lenient typed accessors:
// configs differ in which keys they use, write null for "not set", and
// sometimes write integers as floats (131072.0).
type hfConfig map[string]any

func decodeHFConfig(data []byte) (hfConfig, error) {
	if len(data) > HFConfigMaxBytes {
		return nil, fmt.Errorf("config.json is %d bytes, more than the %d a model config can be", len(data), HFConfigMaxBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("config.json is not valid JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("config.json has data after its top-level object")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("config.json is not a JSON object")
	}
	return hfConfig(obj), nil
}

// num returns the value of key as a float64 (false when absent, null or
// not a number).
func (c hfConfig) num(key string) (float64, bool) {
	n, ok := c[key].(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// hfMaxInt bounds every size read from a config: above any real one
// (contexts reach 10M tokens), low enough that products cannot overflow
// once the shape checks of hfReader.params have passed.
const hfMaxInt = 1 << 26

// int returns the first of keys holding a whole number in 1..hfMaxInt.
func (c hfConfig) int(keys ...string) int {
	for _, k := range keys {
		if f, ok := c.num(k); ok && f >= 1 && f <= hfMaxInt && f == math.Trunc(f) {
			return int(f)
		}
	}
	return 0
}

// has reports whether key is present and not null.
func (c hfConfig) has(key string) bool { return c[key] != nil }

func (c hfConfig) str(key string) string {
	s, _ := c[key].(string)
	return s
}

// boolean returns the value of key and whether it is a JSON boolean.
func (c hfConfig) boolean(key string) (bool, bool) {
	b, ok := c[key].(bool)
	return b, ok
}

func (c hfConfig) sub(key string) hfConfig {
	m, ok := c[key].(map[string]any)
	if !ok {
		return nil
	}
	return hfConfig(m)
}

func (c hfConfig) list(key string) []any {
	l, _ := c[key].([]any)
	return l
}

// strs returns the string elements of a list (non-strings are skipped).
func (c hfConfig) strs(key string) []string {
	var out []string
	for _, v := range c.list(key) {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// ints returns the whole-number elements of a list, or nil if any element
// is not one.
func (c hfConfig) ints(key string) []int {
	l := c.list(key)
	out := make([]int, 0, len(l))
	for _, v := range l {
		n, ok := v.(json.Number)
		if !ok {
			return nil
		}
		f, err := n.Float64()
		if err != nil || f < 0 || f > hfMaxInt || f != math.Trunc(f) {
			return nil
		}
		out = append(out, int(f))
	}
	return out
}

// layered looks keys up in the text model's config first, then the
// outer config (VLM configs nest the language model under text_config;
// some keep vocab_size or tie_word_embeddings outside).
type layered struct{ text, outer hfConfig }

func (l layered) int(keys ...string) int {
	if v := l.text.int(keys...); v > 0 {
		return v
	}
	if l.outer != nil {
		return l.outer.int(keys...)
	}
	return 0
}

func (l layered) str(key string) string {
	if s := l.text.str(key); s != "" {
		return s
	}
	if l.outer != nil {
		return l.outer.str(key)
	}
	return ""
}

func (l layered) boolean(key string) (bool, bool) {
	if b, ok := l.text.boolean(key); ok {
		return b, ok
	}
	if l.outer != nil {
		return l.outer.boolean(key)
	}
	return false, false
}

func (l layered) sub(key string) hfConfig {
	if s := l.text.sub(key); s != nil {
		return s
	}
	if l.outer != nil {
		return l.outer.sub(key)
	}
	return nil
}

// lowerAll lower-cases a list of strings.
func lowerAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = strings.ToLower(x)
	}
	return out
}
