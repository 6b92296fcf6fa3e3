package estimate

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/internal/catalogtest"
)

// testdata/gguf_mixes.csv records, per GGUF mixture behind the offload rows
// of hard_cases.csv, what sources state about each tensor class (type,
// bytes). These tests keep it well-formed and check the printed sizes of
// single-type tensors against the catalog architecture, so that a copied
// number that does not belong to the model (or a typo) fails.

var (
	mixClasses = map[string]bool{"attn": true, "ssm": true, "shexp": true, "router": true, "exps_gate": true,
		"exps_up": true, "exps_down": true, "exps_all": true, "nonexp": true, "output": true, "token_embd": true, "other": true}
	mixUnits  = map[string]float64{"B": 1, "MiB": 1 << 20, "GiB": 1 << 30, "GB": 1e9, "G": 0}
	mixScopes = map[string]bool{"per_tensor": true, "per_layer": true, "total": true}
	mixBases  = map[string]bool{"gguf_header": true, "llama_log": true, "kernel_profile": true, "memory_delta": true}
	// a source pinned at a commit, so that the quote stays checkable
	pinnedURL = regexp.MustCompile(`^https://github\.com/[^/]+/[^/]+/blob/[0-9a-f]{40}/`)
	// ggml type names as sources print them (upper-cased), for the shape check
	mixTypes = map[string]ggmlType{"F32": tF32, "F16": tF16, "BF16": tBF16, "Q8_0": tQ8_0, "Q4_0": tQ4_0, "Q4_1": tQ4_1,
		"Q5_0": tQ5_0, "Q5_1": tQ5_1, "Q2_K": tQ2_K, "Q3_K": tQ3_K, "Q4_K": tQ4_K, "Q5_K": tQ5_K, "Q6_K": tQ6_K,
		"IQ2_XXS": tIQ2_XXS, "IQ2_XS": tIQ2_XS, "IQ2_S": tIQ2_S, "IQ3_XXS": tIQ3_XXS, "IQ3_S": tIQ3_S, "IQ1_S": tIQ1_S,
		"IQ1_M": tIQ1_M, "IQ4_NL": tIQ4_NL, "IQ4_XS": tIQ4_XS, "MXFP4": tMXFP4}
)

func readMixes(t *testing.T) []map[string]string {
	t.Helper()
	rows := readCSV(t, "testdata/gguf_mixes.csv")
	if len(rows) == 0 {
		t.Fatal("gguf_mixes.csv has no rows")
	}
	return rows
}

// mixType is the single ggml type a row names ("12 (Q4_K)" -> Q4_K), or false.
func mixType(s string) (ggmlType, bool) {
	if i, j := strings.Index(s, "("), strings.Index(s, ")"); i >= 0 && j > i {
		s = s[i+1 : j]
	}
	ty, ok := mixTypes[strings.ToUpper(strings.TrimSpace(s))]
	return ty, ok
}

// decimalsOf counts the digits after the point of a printed amount.
func decimalsOf(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

func TestGGUFMixesWellFormed(t *testing.T) {
	cat := catalogtest.Builtin(t)
	seen := map[string]bool{}
	for i, r := range readMixes(t) {
		at := func(f string, a ...any) {
			t.Errorf("row %d (%s %s): "+f, append([]any{i + 1, r["file"], r["class"]}, a...)...)
		}
		for _, col := range []string{"file", "model", "class", "ggml_type", "scope", "layers", "basis", "source", "quote"} {
			if strings.TrimSpace(r[col]) == "" {
				at("empty %s", col)
			}
		}
		if cat.ByID(r["model"]) == nil {
			at("model %q is not in the catalog", r["model"])
		}
		if !mixClasses[r["class"]] {
			at("unknown class %q", r["class"])
		}
		if !mixScopes[r["scope"]] {
			at("unknown scope %q", r["scope"])
		}
		if !mixBases[r["basis"]] {
			at("unknown basis %q", r["basis"])
		}
		if !pinnedURL.MatchString(r["source"]) {
			at("source %q is not a GitHub file at a commit", r["source"])
		}
		if c := r["count"]; c != "" {
			if n, err := strconv.Atoi(c); err != nil || n <= 0 {
				at("count %q is not a positive integer", c)
			}
		}
		amount, unit := strings.TrimSpace(r["amount"]), r["unit"]
		switch {
		case amount == "" && unit != "":
			at("unit %q without an amount", unit)
		case amount != "":
			if v, err := strconv.ParseFloat(amount, 64); err != nil || v <= 0 || math.IsInf(v, 0) {
				at("amount %q is not a positive number", amount)
			}
			if _, ok := mixUnits[unit]; !ok {
				at("unknown unit %q", unit)
			}
		case r["basis"] != "kernel_profile" && r["basis"] != "gguf_header":
			at("a %s row needs an amount", r["basis"])
		}
		if r["basis"] == "memory_delta" && r["class"] != "exps_all" && r["class"] != "nonexp" {
			at("a memory difference measures a placement (exps_all / nonexp), not class %s", r["class"])
		}
		key := r["file"] + "|" + r["class"] + "|" + r["ggml_type"] + "|" + r["layers"] + "|" + r["amount"] + "|" + r["quote"]
		if seen[key] {
			at("duplicate row")
		}
		seen[key] = true
	}
}

// mixElems is the element count of one tensor of a class, from the catalog
// architecture; 0 where the class has no single shape.
func mixElems(m *catalog.Model, class string) int64 {
	a := m.Arch
	switch class {
	case "exps_gate", "exps_up", "exps_down":
		if a.MoE == nil {
			return 0
		}
		return int64(a.MoE.Experts) * int64(a.MoE.ExpertFFN) * int64(a.HiddenSize)
	case "shexp":
		if a.MoE == nil || a.MoE.SharedExperts == 0 {
			return 0
		}
		ffn := a.MoE.SharedExpertFFN
		if ffn == 0 {
			ffn = a.MoE.ExpertFFN
		}
		return int64(a.MoE.SharedExperts) * int64(ffn) * int64(a.HiddenSize)
	case "token_embd", "output":
		return int64(a.VocabSize) * int64(a.HiddenSize)
	}
	return 0
}

// TestGGUFMixesMatchArchitecture checks every row that states the bytes of
// `count` tensors of one type against count × the type's storage of the
// class's shape, to the printed precision (llama.cpp's override lines print
// integer MiB, rounded down), and that a file's per-type expert rows add up to
// its expert total where the source prints both.
func TestGGUFMixesMatchArchitecture(t *testing.T) {
	cat := catalogtest.Builtin(t)
	rows := readMixes(t)
	checked := 0
	for i, r := range rows {
		m := cat.ByID(r["model"])
		ty, single := mixType(r["ggml_type"])
		n, _ := strconv.Atoi(r["count"])
		scale := mixUnits[r["unit"]]
		if m == nil || !single || n == 0 || r["amount"] == "" || scale == 0 || r["scope"] == "per_layer" ||
			(r["basis"] != "gguf_header" && r["basis"] != "llama_log") {
			continue
		}
		elems := mixElems(m, r["class"])
		if elems == 0 {
			continue
		}
		want := float64(int64(n)*bytesOf(ty, elems)) / scale
		got := atof(r["amount"])
		if r["basis"] == "llama_log" && r["unit"] == "MiB" {
			if got != math.Floor(want) {
				t.Errorf("row %d (%s %s %s): the log's %v MiB, the shape gives %.2f MiB", i+1, r["file"], r["class"], r["ggml_type"], got, want)
			}
		} else if tol := 0.5*math.Pow(10, -float64(decimalsOf(r["amount"]))) + 1e-9*want; math.Abs(got-want) > tol {
			t.Errorf("row %d (%s %s %s x%d): printed %v %s, the shape gives %.4f", i+1, r["file"], r["class"], r["ggml_type"], n, got, r["unit"], want)
		}
		checked++
	}
	if checked < 10 {
		t.Errorf("only %d rows checked against the architecture", checked)
	}

	// Expert rows of one file, in bytes, against the file's header total.
	type acc struct {
		sum, tol   float64
		classes    map[string]bool
		incomplete bool
		total      float64
		totalTol   float64
	}
	files := map[string]*acc{}
	for _, r := range rows {
		if r["basis"] != "gguf_header" || r["scope"] != "total" {
			continue
		}
		a := files[r["file"]]
		if a == nil {
			a = &acc{classes: map[string]bool{}}
			files[r["file"]] = a
		}
		scale := mixUnits[r["unit"]]
		half := 0.5 * math.Pow(10, -float64(decimalsOf(r["amount"]))) * scale
		switch r["class"] {
		case "exps_gate", "exps_up", "exps_down":
			a.classes[r["class"]] = true
			if r["amount"] == "" || scale == 0 {
				a.incomplete = true
				continue
			}
			a.sum += atof(r["amount"]) * scale
			a.tol += half
		case "exps_all":
			if v := atof(r["amount"]) * scale; v > a.total {
				a.total, a.totalTol = v, half
			}
		}
	}
	summed := 0
	for f, a := range files {
		if a.incomplete || a.total == 0 || len(a.classes) < 3 {
			continue
		}
		if d := math.Abs(a.sum - a.total); d > a.tol+a.totalTol {
			t.Errorf("%s: expert rows add up to %.4g B, its expert total is %.4g B", f, a.sum, a.total)
		}
		summed++
	}
	if summed == 0 {
		t.Error("no file has both per-type expert rows and an expert total")
	}
}
