package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/httpapi"
	"github.com/fitcheck/fitcheck/report"
)

// DefaultServeAddr is loopback only: fitcheck tells whoever asks about this
// machine's hardware, so reaching it from elsewhere must be a decision.
const DefaultServeAddr = "127.0.0.1:8765"

func newServeCommand(a *App) *cobra.Command {
	var addr, corsOrigin string
	var allowRemote bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve fitcheck's answers as a local HTTP JSON API",
		Long: `Serve a read-only HTTP JSON API on --addr (default ` + DefaultServeAddr + `, loopback only):

  GET  /v1/hardware, /v1/fit?model=ID, /v1/recommend, /v1/models   the --json documents
  GET  /v1/operations   every endpoint's parameters as JSON Schema
  GET  /v1/schema       the JSON Schema of the document
  POST /v1/hardware/refresh   probe the hardware again
  GET  /healthz

Query parameters are the CLI flags in snake_case (gpu, ram, context, prompt_tokens,
engine, origin, ...); repeat a key for several values. The hardware is probed once at
start. Requests are limited in size (8 KiB query, 64 KiB body), time (20 s) and
concurrency (4); each is logged as a JSON line on stderr. SIGTERM or Ctrl-C shuts the
server down gracefully.`,
		Example: `  fitcheck serve
  curl 'http://127.0.0.1:8765/v1/fit?model=Qwen3-32B&gpu=RTX%204090&ram=64GiB'
  fitcheck serve --addr 0.0.0.0:8765 --allow-remote   # reachable from other hosts`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkServeAddr(addr, allowRemote); err != nil {
				return err
			}
			if _, err := a.overrides(); err != nil {
				return err
			}
			LongRunning()
			log := slog.New(slog.NewJSONHandler(a.env.Stderr, nil))
			if allowRemote && !isLoopback(addr) {
				log.Warn("serving beyond this machine: anyone who can reach the address can read its hardware details", "addr", addr)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()

			cache := &snapshotCache{app: a}
			cache.get(ctx) // probe once, before the first request
			invoke := Invoker(serverEnv(a, cache))
			handler := httpapi.New(httpapi.Options{
				Invoke: func(ctx context.Context, args []string) ([]byte, string, int) {
					o := invoke(ctx, args)
					return o.Stdout, o.Stderr, o.Code
				},
				Refresh:        func(ctx context.Context) { cache.refresh(ctx) },
				Logger:         log,
				CORSOrigin:     corsOrigin,
				DocumentSchema: report.Schema,
			})
			return serveHTTP(ctx, addr, handler, log)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", DefaultServeAddr, "address to listen on (host:port)")
	cmd.Flags().BoolVar(&allowRemote, "allow-remote", false, "allow a non-loopback --addr")
	cmd.Flags().StringVar(&corsOrigin, "cors-origin", "", "let browser pages from this origin call the API (\"*\" for any; default: none)")
	return cmd
}

// checkServeAddr refuses an address other hosts could reach, unless asked.
func checkServeAddr(addr string, allowRemote bool) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr %q: %v (want host:port, e.g. %s)", addr, err, DefaultServeAddr)
	}
	if n, err := strconv.Atoi(port); err == nil && (n < 0 || n > 65535) { // else listen fails later, as a runtime error
		return usagef("--addr %q: port %d is not from 0 to 65535", addr, n)
	}
	if !isLoopback(addr) && !allowRemote {
		return usagef("--addr %q is not a loopback address: other hosts could query this machine; add --allow-remote if that is intended", addr)
	}
	return nil
}

// isLoopback: an empty host listens on every interface, and a name other
// than localhost may resolve anywhere, so only loopback IPs and localhost
// count.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serveHTTP listens, serves until ctx ends, then shuts down gracefully.
func serveHTTP(ctx context.Context, addr string, h http.Handler, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	log.Info("listening", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String()+"/v1/hardware")
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}
