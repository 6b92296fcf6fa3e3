package catalog

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

func builtin(t testing.TB) *Catalog {
	t.Helper()
	c, err := Builtin()
	if err != nil {
		t.Fatalf("built-in catalog does not load:\n%v", err)
	}
	return c
}

func TestBuiltinCatalogSizeAndCompleteness(t *testing.T) {
	c := builtin(t)
	complete, undated := 0, 0
	for _, m := range c.Models {
		if m.Complete() {
			complete++
		} else {
			t.Logf("incomplete: %s %v", m.ID, m.Unknown)
		}
		if m.Released == "" {
			undated++
		}
	}
	t.Logf("%d models, %d with complete architecture, licence and sources (%.1f%%), %d without a confirmed release month, %d licences",
		len(c.Models), complete, 100*float64(complete)/float64(len(c.Models)), undated, len(c.Licences))
	if len(c.Models) < 200 {
		t.Errorf("catalog has %d models, want at least 200", len(c.Models))
	}
	if float64(complete) < 0.95*float64(len(c.Models)) {
		t.Errorf("only %d of %d entries are complete, want at least 95%%", complete, len(c.Models))
	}
}

func TestEveryEntryHasSources(t *testing.T) {
	for _, m := range builtin(t).Models {
		if m.Sources.Config == "" && m.Sources.Card == "" {
			t.Errorf("%s: no source", m.ID)
		}
		for _, u := range append([]string{m.Sources.Config, m.Sources.Licence, m.Sources.Card}, m.Sources.Other...) {
			if u != "" && !strings.HasPrefix(u, "https://") {
				t.Errorf("%s: source %q is not an https URL", m.ID, u)
			}
		}
	}
}

func TestEveryLicenceInUseIsDescribed(t *testing.T) {
	c := builtin(t)
	for _, m := range c.Models {
		l := c.Licence(m)
		if l == nil {
			t.Fatalf("%s: licence %q missing", m.ID, m.Licence)
		}
		if l.CommercialUse == CommercialConditional && l.Conditions == "" {
			t.Errorf("licence %s: conditional without conditions", l.ID)
		}
	}
}

func TestRecomputedParamsOfKnownModel(t *testing.T) {
	c := loadFixture(t)
	m := c.ByID("meta-llama/Llama-3.1-8B-Instruct")
	got := Params(&m.Arch).Total()
	// Stated 8,030,261,248 on the model card / safetensors index.
	if d := relDiff(got, 8030261248); d > 0.001 {
		t.Errorf("Llama 3.1 8B recomputed %d params, %.2f%% off", got, 100*d)
	}
}

func loadFixture(t *testing.T) *Catalog {
	t.Helper()
	data, err := os.ReadFile("testdata/good.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := builtinOrEmpty().Merge("testdata/good.json", data)
	if err != nil {
		t.Fatalf("fixture does not load: %v", err)
	}
	return c
}

// builtinOrEmpty lets the fixture tests run even while the built-in data is
// being edited.
func builtinOrEmpty() *Catalog {
	if c, err := Builtin(); err == nil {
		return c
	}
	c := newCatalog()
	data, _ := os.ReadFile("data/licences.json")
	if err := c.add("licences.json", data, false); err != nil {
		panic(err)
	}
	return c
}

// TestValidationBites breaks a correct entry in the ways real data goes
// wrong and checks that validation names the broken field every time.
func TestValidationBites(t *testing.T) {
	good := loadFixture(t)
	base := *good.ByID("meta-llama/Llama-3.1-8B-Instruct")
	cases := []struct {
		field  string
		break_ func(m *Model)
	}{
		{"arch.kv_heads", func(m *Model) { m.Arch.KVHeads = 0 }},
		{"params_total", func(m *Model) { m.Arch.KVHeads = 32 }},            // MHA instead of GQA: +1.3B params
		{"params_total", func(m *Model) { m.Arch.HeadDim = 256 }},           // wrong head dim
		{"params_total", func(m *Model) { m.Arch.TiedEmbeddings = true }},   // -525M params
		{"params_total", func(m *Model) { m.Arch.IntermediateSize = 8192 }}, // wrong FFN width
		{"origin_country", func(m *Model) { m.OriginCountry = "XX" }},
		{"origin_country", func(m *Model) { m.OriginCountry = "usa" }},
		{"licence", func(m *Model) { m.Licence = "made-up" }},
		{"released", func(m *Model) { m.Released = "2024-13" }},
		{"released", func(m *Model) { m.Released = "" }},
		{"released", func(m *Model) { m.Released = "July 2024" }},
		{"id", func(m *Model) { m.ID = "Llama-3.1-8B" }},
		{"name", func(m *Model) { m.Name = "" }},
		{"modality", func(m *Model) { m.Modality = "audio" }},
		{"arch.layers", func(m *Model) { m.Arch.Layers = 0 }},
		{"arch.context_length", func(m *Model) { m.Arch.ContextLength = 1 << 30 }},
		{"params_active", func(m *Model) { v := int64(1e9); m.ParamsActive = &v }}, // dense model with active params
		{"arch.head_dim", func(m *Model) { m.Arch.HeadDim = 0 }},
	}
	for _, tc := range cases {
		m := base
		m.Arch = base.Arch
		tc.break_(&m)
		err := Validate(&m, good.Licences)
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("breaking %s: validation passed or gave %v", tc.field, err)
			continue
		}
		if fe.Field != tc.field {
			t.Errorf("breaking %s: error names %s (%v)", tc.field, fe.Field, err)
		}
	}
	if err := Validate(&base, good.Licences); err != nil {
		t.Errorf("unbroken entry fails: %v", err)
	}
}

func TestMoEActiveParamsChecked(t *testing.T) {
	c := loadFixture(t)
	m := *c.ByID("example/Tiny-MoE-Test")
	moe := *m.Arch.MoE
	m.Arch.MoE = &moe
	moe.ExpertsPerToken = 8 // doubles the active experts
	err := Validate(&m, c.Licences)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "params_active" {
		t.Fatalf("wrong experts_per_token not caught: %v", err)
	}
}

func TestDuplicateIDInOneFileIsAnError(t *testing.T) {
	data, _ := os.ReadFile("testdata/good.json")
	var f map[string][]json.RawMessage
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	f["models"] = append(f["models"], f["models"][0])
	dup, _ := json.Marshal(f)
	c := newCatalog()
	lic, _ := os.ReadFile("data/licences.json")
	if err := c.add("licences.json", lic, false); err != nil {
		t.Fatal(err)
	}
	err := c.add("dup.json", dup, false)
	if err == nil || !strings.Contains(err.Error(), "duplicate id") {
		t.Fatalf("duplicate id not reported: %v", err)
	}
}

func TestUserCatalogErrorsNameFileLineAndField(t *testing.T) {
	base := builtinOrEmpty()
	cases := []struct {
		name, data string
		want       []string
	}{
		{"syntax.json", "{\n  \"models\": [\n    {\"id\": \"a/b\",,}\n  ]\n}", []string{"syntax.json:3", "invalid JSON"}},
		{"type.json", "{\n  \"models\": [\n    {\"id\": \"a/b\",\n     \"params_total\": \"eight\"}\n  ]\n}", []string{"type.json:4", "params_total"}},
		{"unknown.json", "{\"models\": [{\"id\": \"a/b\", \"layers\": 3}]}", []string{"unknown.json:1", "unknown field \"layers\""}},
		{"invalid.json", "{\"models\": [\n{\"id\": \"a/b\", \"name\": \"B\", \"family\": \"F\", \"organisation\": \"O\", \"origin_country\": \"ZZ\", \"released\": \"2024-01\", \"modality\": \"text\", \"licence\": \"mit\", \"params_total\": 1, \"arch\": {\"model_type\": \"x\"}}]}",
			[]string{"invalid.json:2", "field origin_country"}},
		{"truncated.json", "{\"models\": [", []string{"truncated.json:1"}},
		{"empty.json", "", []string{"empty.json"}},
	}
	for _, tc := range cases {
		_, err := base.Merge(tc.name, []byte(tc.data))
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", tc.name, err, w)
			}
		}
	}
	if len(base.Models) > 0 && base.ByID(base.Models[0].ID) == nil {
		t.Error("a failed merge changed the built-in catalog")
	}
}

func TestUserCatalogOverridesByID(t *testing.T) {
	c := loadFixture(t)
	m := c.ByID("meta-llama/Llama-3.1-8B-Instruct")
	if m.Name != "Llama 3.1 8B Instruct (user copy)" {
		t.Errorf("user entry did not replace the built-in one: %q", m.Name)
	}
	n := 0
	for _, x := range c.Models {
		if strings.EqualFold(x.ID, m.ID) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("id appears %d times after merge", n)
	}
	if c.ByID("example/Tiny-MoE-Test") == nil {
		t.Error("new user entry missing")
	}
}

func TestFind(t *testing.T) {
	c := loadFixture(t)
	for _, q := range []string{"meta-llama/llama-3.1-8b-instruct", "Llama-3.1-8B-Instruct", "tiny-moe"} {
		if _, err := c.Find(q); err != nil {
			t.Errorf("Find(%q): %v", q, err)
		}
	}
	_, err := c.Find("Tiny-MoE-Tset")
	var nf *NotFoundError
	if !errors.As(err, &nf) || len(nf.Suggestions) == 0 || nf.Suggestions[0] != "example/Tiny-MoE-Test" {
		t.Errorf("typo gave %v, want a suggestion of example/Tiny-MoE-Test", err)
	}
}

func TestFilter(t *testing.T) {
	c := loadFixture(t)
	fr := c.Select(Filter{Origins: []string{"fr"}})
	if len(fr) == 0 {
		t.Fatal("no FR model")
	}
	for _, m := range fr {
		if m.OriginCountry != "FR" {
			t.Errorf("origin filter let %s (%s) through", m.ID, m.OriginCountry)
		}
	}
	for _, m := range c.Select(Filter{Commercial: true}) {
		if c.Licence(m).CommercialUse == CommercialNo {
			t.Errorf("commercial filter let %s through", m.ID)
		}
	}
	if got := c.Select(Filter{MinParams: 2e9, Search: "tiny"}); len(got) != 0 {
		t.Errorf("size range ignored: %d", len(got))
	}
}

func BenchmarkLoadBuiltin(b *testing.B) {
	for b.Loop() {
		if _, err := decodeSnapshot(builtinSnapshot); err != nil {
			b.Fatal(err)
		}
	}
}

// The embedded snapshot must be exactly what the JSON data says: an edit
// to data/*.json without `go generate ./catalog` fails here.
func TestSnapshotIsCurrent(t *testing.T) {
	fromJSON, err := ParseDir(os.DirFS("."), "data")
	if err != nil {
		t.Fatalf("catalog data does not load:\n%v", err)
	}
	embedded := builtin(t)
	a, _ := json.Marshal(fromJSON.Models)
	b, _ := json.Marshal(embedded.Models)
	la, _ := json.Marshal(fromJSON.Licences)
	lb, _ := json.Marshal(embedded.Licences)
	if string(a) != string(b) || string(la) != string(lb) {
		t.Fatalf("catalog/builtin.gob is stale (%d models in data/, %d embedded): run go generate ./catalog",
			len(fromJSON.Models), len(embedded.Models))
	}
}
