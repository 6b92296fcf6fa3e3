package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fake answers every command line with the arguments it was given.
func fake(block chan struct{}) Invoke {
	return func(ctx context.Context, args []string) ([]byte, string, int) {
		if block != nil {
			select {
			case <-block:
			case <-ctx.Done():
				return nil, "timed out", 1
			}
		}
		for _, a := range args {
			if a == "--context=999999" {
				return nil, "--context 999999: too large", 2
			}
			if a == "--search=explode" {
				return nil, "catalog: unreadable", 1
			}
		}
		out, _ := json.Marshal(map[string]any{"args": args, "models": []any{}})
		return out, "", 0
	}
}

func TestStatusCodesAndArguments(t *testing.T) {
	var logs bytes.Buffer
	srv := httptest.NewServer(New(Options{Invoke: fake(nil), Logger: slog.New(slog.NewJSONHandler(&logs, nil))}))
	defer srv.Close()
	cases := []struct {
		path string
		code int
		body string
	}{
		{"/v1/fit?model=Qwen3-32B&gpu=RTX+4090&gpu=RTX+3090", 200, `"args":["fit","--gpu=RTX 4090","--gpu=RTX 3090","--json","--","Qwen3-32B"]`},
		{"/v1/hardware?no_gpu=true&ram=16GiB", 200, `"args":["hw","--ram=16GiB","--no-gpu","--json"]`},
		{"/v1/fit?model=x&context=999999", 400, "too large"},
		{"/v1/models?search=explode", 500, "unreadable"},
		{"/v1/fit?model=x&bogus=1", 400, "unknown parameter"},
		{"/v1/operations", 200, `"/v1/recommend"`},
		{"/healthz", 200, `"ok"`},
		{"/elsewhere", 404, "no such endpoint"},
	}
	for _, c := range cases {
		resp, err := http.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.code || !strings.Contains(b.String(), c.body) {
			t.Errorf("GET %s: %d %s, want %d with %s", c.path, resp.StatusCode, b.String(), c.code, c.body)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s: Content-Type %q", c.path, ct)
		}
		if resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("GET %s: CORS header without --cors-origin", c.path)
		}
	}
	var line map[string]any
	first, _, _ := bytes.Cut(logs.Bytes(), []byte("\n"))
	if err := json.Unmarshal(first, &line); err != nil || line["path"] != "/v1/fit" || line["status"] != 200.0 {
		t.Errorf("log line %s: %v", first, err)
	}
}

func TestCORSOnlyForTheNamedOrigin(t *testing.T) {
	srv := httptest.NewServer(New(Options{Invoke: fake(nil), CORSOrigin: "http://dash.local"}))
	defer srv.Close()
	for origin, want := range map[string]string{"http://dash.local": "http://dash.local", "http://evil.example": ""} {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/models", nil)
		req.Header.Set("Origin", origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("Origin %s: allow %q, want %q", origin, got, want)
		}
	}
}

// TestBusyAndTimeout: beyond MaxConcurrent requests wait, then get 503; a
// request whose work outlives Timeout fails; /healthz never queues. The
// first request holds the only slot until the second has given up, so the
// outcome does not depend on the machine's speed.
func TestBusyAndTimeout(t *testing.T) {
	started, release := make(chan struct{}, 1), make(chan struct{})
	invoke := func(ctx context.Context, _ []string) ([]byte, string, int) {
		started <- struct{}{}
		<-release
		// The deadline has passed by now, but the context's timer may not
		// have run yet (under -race on a loaded machine): wait for it.
		select {
		case <-ctx.Done():
			return nil, "timed out", 1
		case <-time.After(5 * time.Second):
			return []byte(`{}`), "", 0
		}
	}
	srv := httptest.NewServer(New(Options{Invoke: invoke, MaxConcurrent: 1, Timeout: 200 * time.Millisecond}))
	defer srv.Close()
	get := func(path string) int {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Error(err)
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	first := make(chan int, 1)
	go func() { first <- get("/v1/models") }()
	<-started // the first request holds the slot
	if code := get("/healthz"); code != 200 {
		t.Errorf("healthz while busy: %d", code)
	}
	if code := get("/v1/models"); code != 503 {
		t.Errorf("second request while the slot is held: %d, want 503", code)
	}
	close(release)
	if code := <-first; code != 500 {
		t.Errorf("request that outlived the timeout: %d, want 500", code)
	}
}
