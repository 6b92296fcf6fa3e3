package operations

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
)

// The shaping below works on the decoded JSON rather than on report's Go
// types, so it keeps every field of the document, including ones added later.

// recommend keeps the models whose best quantization decodes at least
// min_tps, best first, at most limit of them.
func recommend(doc []byte, v Values) ([]byte, error) {
	op, _ := Find("recommend")
	var d map[string]any
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("recommend: %w", err)
	}
	models, _ := d["models"].([]any)
	minTPS := v.number(op, "min_tps")
	type ranked struct {
		m                      any
		verdict                int
		quality, tps, paramsGB float64
		hasQuality             bool
	}
	var rs []ranked
	for _, raw := range models {
		m, _ := raw.(map[string]any)
		best := bestEstimate(m)
		if best == nil {
			continue
		}
		tps, _ := best["decode_tps"].(float64)
		if tps < minTPS {
			continue
		}
		r := ranked{m: m, verdict: verdictRank(best["verdict"]), tps: tps}
		if p, ok := m["params_total"].(float64); ok {
			r.paramsGB = p / 1e9
		}
		if q, ok := m["quality"].(map[string]any); ok {
			r.quality, r.hasQuality = q["index"].(float64)
			if base, _ := q["base_model"].(bool); base {
				r.hasQuality = false // a base model is rarely what anyone wants to chat with
			}
		}
		rs = append(rs, r)
	}
	// As the CLI's "best that fits" order: among models at the usable
	// speed, scored instruct models by quality index, then speed; base and
	// unscored models after them, larger first; ties by verdict.
	slices.SortStableFunc(rs, func(a, b ranked) int {
		return cmp.Or(
			cmp.Compare(boolRank(b.hasQuality), boolRank(a.hasQuality)),
			cmp.Compare(b.quality, a.quality),
			cmp.Compare(b.paramsGB, a.paramsGB),
			cmp.Compare(b.verdict, a.verdict),
			cmp.Compare(b.tps, a.tps),
		)
	})
	limit := int(v.number(op, "limit"))
	out := make([]any, 0, min(limit, len(rs)))
	for _, r := range rs[:min(limit, len(rs))] {
		out = append(out, r.m)
	}
	d["models"] = out
	return json.Marshal(d)
}

func bestEstimate(m map[string]any) map[string]any {
	q, ok := m["best_quant"].(string)
	if !ok {
		return nil
	}
	ests, _ := m["estimates"].([]any)
	for _, e := range ests {
		if em, ok := e.(map[string]any); ok && em["quant"] == q {
			return em
		}
	}
	return nil
}

func verdictRank(v any) int {
	switch v {
	case "gpu":
		return 3
	case "partial":
		return 2
	case "cpu":
		return 1
	}
	return 0
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// limitModels keeps the first limit models of `models --json`.
func limitModels(doc []byte, v Values) ([]byte, error) {
	op, _ := Find("models")
	var d map[string]any
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	models, _ := d["models"].([]any)
	limit := int(v.number(op, "limit"))
	d["total"] = len(models)
	d["models"] = models[:min(limit, len(models))]
	return json.Marshal(d)
}
