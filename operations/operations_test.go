package operations

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func mustFind(t *testing.T, name string) Operation {
	t.Helper()
	op, ok := Find(name)
	if !ok {
		t.Fatalf("no operation %q", name)
	}
	return op
}

func TestArgs(t *testing.T) {
	tests := []struct {
		op   string
		v    Values
		want string
	}{
		{"fit", Values{"model": "Qwen3-32B", "gpu": []any{"2x L40S"}, "context": 32768.0, "cpu_moe": true, "no_gpu": false},
			"fit --gpu=2x L40S --context=32768 --cpu-moe --json -- Qwen3-32B"},
		{"hardware", Values{"ram": "64GiB", "gpu": "RTX 4090"}, "hw --gpu=RTX 4090 --ram=64GiB --json"},
		{"recommend", Values{"origin": []any{"FR", "US"}, "min_tps": 20.0, "limit": 3.0, "gpu_util": 0.8},
			"--fits --gpu-util=0.8 --origin=FR --origin=US --json"},
		{"models", Values{}, "models --json"},
	}
	for _, tt := range tests {
		got, err := mustFind(t, tt.op).Args(tt.v)
		if err != nil {
			t.Fatalf("%s %v: %v", tt.op, tt.v, err)
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("%s %v:\n got %s\nwant %s", tt.op, tt.v, s, tt.want)
		}
	}
}

func TestArgsRejects(t *testing.T) {
	tests := []struct {
		op, why string
		v       Values
	}{
		{"fit", "required", Values{}},
		{"fit", "unknown parameter", Values{"model": "x", "gpus": []any{"a"}}},
		{"fit", "must be >= 256", Values{"model": "x", "context": 100.0}},
		{"fit", "whole number", Values{"model": "x", "context": 1000.5}},
		{"fit", "must be a number", Values{"model": "x", "context": "8k"}},
		{"fit", "must be one of", Values{"model": "x", "engine": "tgi"}},
		{"fit", "> 0", Values{"model": "x", "gpu_util": 0.0}},
		{"fit", "must not start with '-'", Values{"model": "--help"}},
		{"fit", "list of strings", Values{"model": "x", "gpu": []any{1.0}}},
		{"fit", "longer than", Values{"model": strings.Repeat("a", maxString+1)}},
		{"recommend", "at most 16", Values{"origin": slices.Repeat([]any{"US"}, 17)}},
		{"hardware", "true or false", Values{"no_gpu": "yes"}},
	}
	for _, tt := range tests {
		_, err := mustFind(t, tt.op).Args(tt.v)
		if err == nil || !strings.Contains(err.Error(), tt.why) {
			t.Errorf("%s %v: error %v, want one saying %q", tt.op, tt.v, err, tt.why)
		}
	}
}

func TestFromQuery(t *testing.T) {
	op := mustFind(t, "fit")
	v, err := op.FromQuery(url.Values{"model": {"gpt-oss-20b"}, "gpu": {"RTX 4090", "RTX 3090"}, "context": {"4096"}, "cpu_moe": {"true"}})
	if err != nil {
		t.Fatal(err)
	}
	args, err := op.Args(v)
	if err != nil {
		t.Fatal(err)
	}
	want := "fit --gpu=RTX 4090 --gpu=RTX 3090 --context=4096 --cpu-moe --json -- gpt-oss-20b"
	if got := strings.Join(args, " "); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	for _, bad := range []url.Values{{"context": {"lots"}}, {"cpu_moe": {"maybe"}}, {"nope": {"1"}}, {"context": {"1", "2"}}} {
		if _, err := op.FromQuery(bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

func TestInputSchemaMatchesParams(t *testing.T) {
	for _, op := range All() {
		s := op.InputSchema()
		props := s["properties"].(map[string]any)
		if len(props) != len(op.Params) {
			t.Errorf("%s: %d properties for %d params", op.Name, len(props), len(op.Params))
		}
		if _, err := json.Marshal(s); err != nil {
			t.Errorf("%s: %v", op.Name, err)
		}
		ctx, ok := props["context"].(map[string]any)
		if ok && (ctx["minimum"] != 256.0 || ctx["type"] != "integer") {
			t.Errorf("%s: context schema %v", op.Name, ctx)
		}
	}
}

func TestRecommendRanksAndLimits(t *testing.T) {
	doc := `{"models":[
	 {"id":"slow","params_total":7e10,"best_quant":"Q4_K_M","estimates":[{"quant":"Q4_K_M","verdict":"partial","decode_tps":3}]},
	 {"id":"small","params_total":1e9,"best_quant":"Q8_0","estimates":[{"quant":"Q8_0","verdict":"gpu","decode_tps":200}]},
	 {"id":"big","params_total":3e10,"best_quant":"Q4_K_M","estimates":[{"quant":"Q4_K_M","verdict":"gpu","decode_tps":40}]},
	 {"id":"scored","params_total":8e9,"quality":{"index":70},"best_quant":"Q8_0","estimates":[{"quant":"Q8_0","verdict":"gpu","decode_tps":90}]},
	 {"id":"none","params_total":1e12,"best_quant":null,"estimates":[{"quant":"Q4_K_M","verdict":"no","decode_tps":null}]}
	],"warnings":[]}`
	out, err := recommend([]byte(doc), Values{"min_tps": 10.0, "limit": 2.0})
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Models   []struct{ ID string }
		Warnings []string
	}
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range d.Models {
		ids = append(ids, m.ID)
	}
	if want := []string{"scored", "big"}; !slices.Equal(ids, want) {
		t.Errorf("ranked %v, want %v", ids, want)
	}
	if d.Warnings == nil {
		t.Error("other document fields were dropped")
	}
}
