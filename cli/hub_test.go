package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/fitcheck/fitcheck/report"
)

// fakeHubEnv starts a fake Hub serving verbatim configs (../hub/testdata)
// and points fitcheck at it, with an empty cache and no token.
// "nobody-known/*" is an organisation and licence fitcheck does not know;
// "meta-llama/*" is gated.
func fakeHubEnv(t *testing.T) (hits *atomic.Int64) {
	t.Helper()
	hits = new(atomic.Int64)
	files := map[string]string{
		"Qwen/Qwen3.5-35B-A3B-Hub-Test": "Qwen3.5-35B-A3B.json",
		"nobody-known/Kimi-K2-Mirror":   "Kimi-K2-Instruct.json",
		"meta-llama/Gated-Test":         "Llama-3.1-8B.json",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if id, ok := strings.CutPrefix(r.URL.Path, "/api/models/"); ok {
			if files[id] == "" {
				http.Error(w, "{}", http.StatusNotFound)
				return
			}
			licence := "apache-2.0"
			if strings.HasPrefix(id, "nobody-known/") {
				licence = "some-custom-licence"
			}
			fmt.Fprintf(w, `{"id": %q, "gated": %v, "createdAt": "2026-02-16T09:00:00.000Z", "cardData": {"license": %q}}`,
				id, strings.HasPrefix(id, "meta-llama/"), licence)
			return
		}
		id, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/"), "/resolve/main/config.json")
		if !ok || files[id] == "" {
			http.NotFound(w, r)
			return
		}
		if strings.HasPrefix(id, "meta-llama/") && r.Header.Get("Authorization") == "" {
			http.Error(w, "gated", http.StatusUnauthorized)
			return
		}
		b, _ := os.ReadFile(filepath.Join("..", "hub", "testdata", "configs", files[id]))
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("HF_ENDPOINT", srv.URL)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HF_HOME", t.TempDir())
	t.Setenv("HF_TOKEN", "")
	t.Setenv("HF_TOKEN_PATH", "")
	t.Setenv("HF_HUB_OFFLINE", "")
	return hits
}

func decodeDoc(t *testing.T, out string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if err := schema(t).Validate(any(v)); err != nil {
		t.Fatalf("does not match report/schema.json: %v", err)
	}
	return v
}

// A model the catalog lacks is sized from the Hub in fit, --model and
// --require, marked unverified, with licence and origin from the tables.
func TestHubModelInFitModelAndRequire(t *testing.T) {
	fakeHubEnv(t)
	for _, a := range [][]string{
		args("fit", "Qwen/Qwen3.5-35B-A3B-Hub-Test", "--json"),
		args("--json", "--model", "Qwen/Qwen3.5-35B-A3B-Hub-Test"),
		args("--json", "--model", "gpt-oss-20b", "--require", "Qwen/Qwen3.5-35B-A3B-Hub-Test@Q4_K_M:cpu"),
	} {
		code, out, errs := run(t, a...)
		if code != ExitOK {
			t.Fatalf("%q: exit %d: %s", a, code, errs)
		}
		doc := decodeDoc(t, out)
		if doc["schema_version"] != report.SchemaVersion {
			t.Errorf("schema_version %v", doc["schema_version"])
		}
		var m map[string]any
		for _, x := range doc["models"].([]any) {
			if x.(map[string]any)["id"] == "Qwen/Qwen3.5-35B-A3B-Hub-Test" {
				m = x.(map[string]any)
			}
		}
		if a[len(a)-1] != "Qwen/Qwen3.5-35B-A3B-Hub-Test@Q4_K_M:cpu" {
			if m == nil {
				t.Fatalf("%q: model missing", a)
			}
			if m["licence"] != "apache-2.0" || m["origin_country"] != "CN" || m["released"] != "2026-02" || len(m["estimates"].([]any)) == 0 {
				t.Errorf("%q: %v %v %v", a, m["licence"], m["origin_country"], m["released"])
			}
			if u := fmt.Sprint(m["unverified"]); !strings.Contains(u, "arch") || !strings.Contains(u, "licence") {
				t.Errorf("unverified %s", u)
			}
		} else if r := doc["requirements"].([]any)[0].(map[string]any); r["model_id"] != "Qwen/Qwen3.5-35B-A3B-Hub-Test" {
			t.Errorf("requirement %v", r)
		}
	}
}

// Unknown licence and organisation stay unknown, and the document is
// still valid.
func TestHubModelUnknownLicenceAndOrigin(t *testing.T) {
	fakeHubEnv(t)
	code, out, errs := run(t, args("fit", "nobody-known/Kimi-K2-Mirror", "--json")...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	m := decodeDoc(t, out)["models"].([]any)[0].(map[string]any)
	if m["licence"] != "" || m["origin_country"] != "" || m["commercial_use"] != "" {
		t.Errorf("guessed: %v %v %v", m["licence"], m["origin_country"], m["commercial_use"])
	}
	u := fmt.Sprint(m["unknown"])
	for _, f := range []string{"licence", "origin_country", "organisation"} {
		if !strings.Contains(u, f) {
			t.Errorf("unknown %s lacks %s", u, f)
		}
	}
	// The plain table works too.
	if code, out, errs := run(t, args("fit", "nobody-known/Kimi-K2-Mirror")...); code != ExitOK || !strings.Contains(out, "nobody-known/Kimi-K2-Mirror") {
		t.Errorf("table: exit %d %s %s", code, errs, out)
	}
}

func TestHubErrors(t *testing.T) {
	hits := fakeHubEnv(t)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{args("fit", "nobody-known/missing", "--json"), ExitFailure, "not found on the Hub (HF_ENDPOINT=http://127.0.0.1"},
		{args("fit", "meta-llama/Gated-Test", "--json"), ExitFailure, "HF_TOKEN"},
		{args("fit", "bad-/model", "--json"), ExitUsage, "not a Hugging Face model id"},
		{args("--json", "--model", "nobody-known/missing"), ExitFailure, "not found on the Hub"},
		{args("--json", "--require", "nobody-known/missing:gpu"), ExitFailure, "not found on the Hub"},
	}
	for _, c := range cases {
		code, out, errs := run(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) || out != "" {
			t.Errorf("%q: exit %d (want %d), stderr %q (want %q), stdout %d bytes", c.args, code, c.code, errs, c.want, len(out))
		}
	}
	// Catalog-only commands never touch the network.
	before := hits.Load()
	run(t, args("--json")...)
	run(t, args("fit", "no-such-model-xyz", "--json")...)
	if hits.Load() != before {
		t.Errorf("%d requests without a Hub id", hits.Load()-before)
	}
}

// --offline and HF_HUB_OFFLINE: an uncached model fails without a
// request; once looked up, it works offline from the cache.
func TestHubOffline(t *testing.T) {
	hits := fakeHubEnv(t)
	code, _, errs := run(t, args("--offline", "fit", "Qwen/Qwen3.5-35B-A3B-Hub-Test", "--json")...)
	if code != ExitFailure || !strings.Contains(errs, "offline") || hits.Load() != 0 {
		t.Fatalf("uncached offline: exit %d, %q, %d requests", code, errs, hits.Load())
	}
	if code, _, errs := run(t, args("fit", "Qwen/Qwen3.5-35B-A3B-Hub-Test", "--json")...); code != ExitOK {
		t.Fatalf("online: exit %d %s", code, errs)
	}
	before := hits.Load()
	t.Setenv("HF_HUB_OFFLINE", "1")
	code, out, errs := run(t, args("fit", "Qwen/Qwen3.5-35B-A3B-Hub-Test", "--json")...)
	if code != ExitOK || hits.Load() != before {
		t.Fatalf("cached offline: exit %d %s, %d requests", code, errs, hits.Load()-before)
	}
	decodeDoc(t, out)
}

// An id that is only part of a catalog id is the Hub's model when the Hub
// has it, and the catalog's partial match when it does not.
func TestHubIDPrefixOfCatalogID(t *testing.T) {
	fakeHubEnv(t)
	code, out, errs := run(t, args("fit", "Qwen/Qwen3-30B-A3B-Instru", "--json")...) // not on the fake Hub
	if code != ExitOK {
		t.Fatalf("exit %d %s", code, errs)
	}
	if id := decodeDoc(t, out)["models"].([]any)[0].(map[string]any)["id"]; id != "Qwen/Qwen3-30B-A3B-Instruct-2507" {
		t.Errorf("resolved to %v", id)
	}
}
