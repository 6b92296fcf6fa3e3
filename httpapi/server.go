// Package httpapi serves fitcheck's operations as a small read-only HTTP
// JSON API for dashboards and services: GET /v1/hardware, /v1/fit,
// /v1/recommend, /v1/models (query parameters named like the CLI flags),
// POST /v1/hardware/refresh, and /healthz. Requests are bounded in size,
// time and concurrency; every request is logged as one structured line.
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/fitcheck/fitcheck/operations"
)

// Invoke runs one fitcheck command line and returns what it printed and its
// exit code (0 answer, 1 runtime failure, 2 usage error).
type Invoke func(ctx context.Context, args []string) (stdout []byte, stderr string, code int)

// Options configure the handler.
type Options struct {
	Invoke Invoke
	// Refresh probes the hardware again (POST /v1/hardware/refresh).
	Refresh func(ctx context.Context)
	Logger  *slog.Logger
	// CORSOrigin, when set, is the one origin browsers may call from ("*"
	// for any). Empty: no CORS headers, so browsers on other origins cannot
	// read the answers.
	CORSOrigin string
	// Timeout bounds one request (default 20 s); MaxConcurrent the requests
	// answered at once (default 4) — more wait up to Timeout, then get 503.
	Timeout       time.Duration
	MaxConcurrent int
	// DocumentSchema is served at /v1/schema.
	DocumentSchema []byte
}

// Limits on what a client may send.
const (
	MaxQueryBytes = 8 << 10
	MaxBodyBytes  = 64 << 10
)

type api struct {
	opt  Options
	slot chan struct{}
}

// New returns the API's handler.
func New(opt Options) http.Handler {
	if opt.Timeout <= 0 {
		opt.Timeout = 20 * time.Second
	}
	if opt.MaxConcurrent <= 0 {
		opt.MaxConcurrent = 4
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	a := &api{opt: opt, slot: make(chan struct{}, opt.MaxConcurrent)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /v1/schema", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/schema+json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(opt.DocumentSchema)
	})
	mux.HandleFunc("GET /v1/operations", a.describe)
	for _, op := range operations.All() {
		if op.Page {
			mux.HandleFunc("POST /v1/"+op.Name, a.page(op))
			continue
		}
		mux.HandleFunc("GET /v1/"+op.Name, a.operation(op))
	}
	mux.HandleFunc("POST /v1/hardware/refresh", a.refresh)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if allow, ok := knownPaths()[r.URL.Path]; ok {
			w.Header().Set("Allow", allow)
			writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s %s: use %s (the API is read-only)", r.Method, r.URL.Path, allow))
			return
		}
		writeError(w, http.StatusNotFound, fmt.Sprintf("no such endpoint: %s %s (see GET /v1/operations)", r.Method, r.URL.Path))
	})
	return a.logged(a.cors(a.bounded(mux)))
}

// knownPaths maps each endpoint to the method it takes.
func knownPaths() map[string]string {
	paths := map[string]string{"/healthz": "GET", "/v1/schema": "GET", "/v1/operations": "GET", "/v1/hardware/refresh": "POST"}
	for _, op := range operations.All() {
		paths["/v1/"+op.Name] = map[bool]string{false: "GET", true: "POST"}[op.Page]
	}
	return paths
}

// operation answers GET /v1/NAME?param=value&...
func (a *api) operation(op operations.Operation) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := op.FromQuery(r.URL.Query())
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		a.answer(w, r, op, v, "application/json")
	}
}

// page answers POST /v1/NAME with a JSON object of parameters in the body
// (the report): the page itself, HTML or Markdown.
func (a *api) page(op operations.Operation) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v := operations.Values{}
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil && !errors.Is(err, io.EOF) {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("%s: the body must be a JSON object of parameters: %v", op.Name, err))
			return
		}
		ctype := "text/html; charset=utf-8"
		if v["format"] == "md" {
			ctype = "text/markdown; charset=utf-8"
		}
		a.answer(w, r, op, v, ctype)
	}
}

// answer runs the command line for v and writes its output: a usage error
// is 400, any other failure 500. Pages are the command's own output, not
// the --json document.
func (a *api) answer(w http.ResponseWriter, r *http.Request, op operations.Operation, v operations.Values, ctype string) {
	args, err := op.Args(v)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if op.Page {
		args = slices.DeleteFunc(args, func(s string) bool { return s == "--json" })
	}
	out, stderr, code := a.opt.Invoke(r.Context(), args)
	switch code {
	case 0:
	case 2:
		writeError(w, http.StatusBadRequest, stderr)
		return
	default:
		writeError(w, http.StatusInternalServerError, stderr)
		return
	}
	if op.Shape != nil {
		if out, err = op.Shape(out, v); err != nil {
			writeError(w, http.StatusInternalServerError, err.Error())
			return
		}
	}
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

func (a *api) refresh(w http.ResponseWriter, r *http.Request) {
	if a.opt.Refresh != nil {
		a.opt.Refresh(r.Context())
	}
	hw, _ := operations.Find("hardware")
	a.operation(hw)(w, r)
}

// describe lists the operations with their parameters' JSON Schemas.
func (a *api) describe(w http.ResponseWriter, _ *http.Request) {
	type entry struct {
		Path        string         `json:"path"`
		Description string         `json:"description"`
		Parameters  map[string]any `json:"parameters"`
	}
	var list []entry
	for _, op := range operations.All() {
		list = append(list, entry{Path: "/v1/" + op.Name, Description: op.Description, Parameters: op.InputSchema()})
	}
	writeJSON(w, http.StatusOK, map[string]any{"operations": list})
}

// bounded enforces the size, time and concurrency limits.
func (a *api) bounded(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.RawQuery) > MaxQueryBytes {
			writeError(w, http.StatusRequestURITooLong, fmt.Sprintf("query longer than %d bytes", MaxQueryBytes))
			return
		}
		if r.ContentLength > MaxBodyBytes {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", MaxBodyBytes))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		ctx, cancel := context.WithTimeout(r.Context(), a.opt.Timeout)
		defer cancel()
		if r.URL.Path != "/healthz" { // health checks never queue behind work
			select {
			case a.slot <- struct{}{}:
				defer func() { <-a.slot }()
			case <-ctx.Done():
				writeError(w, http.StatusServiceUnavailable, "busy: too many requests at once")
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (a *api) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if a.opt.CORSOrigin != "" && origin != "" && (a.opt.CORSOrigin == "*" || strings.EqualFold(origin, a.opt.CORSOrigin)) {
			w.Header().Set("Access-Control-Allow-Origin", a.opt.CORSOrigin)
			w.Header().Set("Vary", "Origin")
			if r.Method == http.MethodOptions {
				w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status and size for the log line.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusWriter) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }
func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (a *api) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(sw, r)
		a.opt.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"bytes", sw.bytes, "ms", time.Since(start).Milliseconds(), "remote", r.RemoteAddr)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
