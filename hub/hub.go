// Package hub looks up models that are not in fitcheck's catalog on the
// Hugging Face Hub, the way huggingface_hub does: the model's metadata from
// $HF_ENDPOINT/api/models/ORG/NAME and its config.json from
// $HF_ENDPOINT/ORG/NAME/resolve/main/config.json, with HF_TOKEN (or the
// token file huggingface_hub writes) for gated repositories. What it
// fetches is cached, so a model seen once works offline; HF_HUB_OFFLINE=1
// (or --offline) never touches the network. This is the only package of
// fitcheck that opens network connections, and only when a user names a
// model the catalog lacks.
package hub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultEndpoint is the public Hub.
const DefaultEndpoint = "https://huggingface.co"

// Response size caps: a config.json is a few KB; the model API answer
// lists every file of the repository, which for large checkpoints runs to
// a few hundred KB.
const (
	configMaxBytes = 4 << 20
	infoMaxBytes   = 16 << 20
)

// Defaults for Client.
const (
	DefaultTimeout = 5 * time.Second    // connect, TLS handshake, first response byte
	DefaultMaxAge  = 7 * 24 * time.Hour // cache entries used online without asking again
)

// Client looks models up. The zero value is not usable: use New.
type Client struct {
	Endpoint string        // base URL, no trailing slash
	Offline  bool          // never use the network
	CacheDir string        // "" disables the cache
	MaxAge   time.Duration // online, cached entries younger than this are used as they are
	Timeout  time.Duration // per network step (connect, TLS, first byte); a whole request gets 4×
	Token    string        // sent only to repositories that need it
	HTTP     *http.Client
}

// New configures a client from the environment (nil env: the process's):
// HF_ENDPOINT, HF_TOKEN / HF_TOKEN_PATH / HF_HOME, HF_HUB_OFFLINE, and the
// user cache directory. offline is the --offline flag.
func New(env Env, offline bool) *Client {
	if env == nil {
		env = os.Getenv
	}
	c := &Client{
		Endpoint: strings.TrimRight(strings.TrimSpace(env("HF_ENDPOINT")), "/"),
		Offline:  offline || offlineEnv(env),
		MaxAge:   DefaultMaxAge,
		Timeout:  DefaultTimeout,
		Token:    token(env),
	}
	if c.Endpoint == "" {
		c.Endpoint = DefaultEndpoint
	}
	if dir, err := os.UserCacheDir(); err == nil {
		c.CacheDir = filepath.Join(dir, "fitcheck", "hub")
	}
	return c
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	t := c.timeout()
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                  http.ProxyFromEnvironment,
			DialContext:            (&net.Dialer{Timeout: t}).DialContext,
			TLSHandshakeTimeout:    t,
			ResponseHeaderTimeout:  t,
			MaxResponseHeaderBytes: 64 << 10,
		},
		// Redirects (resolve/ answers 302 to a CDN for large files) are
		// followed; the token is not sent to another host (net/http drops
		// Authorization on a cross-domain redirect).
	}
}

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

// Fetched is what a lookup found.
type Fetched struct {
	Info, Config []byte
	FromCache    bool
	At           time.Time // when it was fetched from the Hub
}

// Fetch returns the metadata and config.json of id, from the cache or the
// Hub. Errors: *BadIDError for a malformed id, *StatusError for an HTTP
// refusal (401/403 name HF_TOKEN, 404 names HF_ENDPOINT), ErrOffline when
// offline and not cached, and network errors (timeouts included).
func (c *Client) Fetch(ctx context.Context, id string) (*Fetched, error) {
	if err := ValidID(id); err != nil {
		return nil, &BadIDError{err}
	}
	info, config, at, cached := c.readCache(id)
	if cached && (c.Offline || time.Since(at) < c.MaxAge) {
		return &Fetched{Info: info, Config: config, FromCache: true, At: at}, nil
	}
	if c.Offline {
		return nil, fmt.Errorf("%s: %w: it is not in the cache, and HF_HUB_OFFLINE or --offline forbids the network (look it up once online to cache it)", id, ErrOffline)
	}
	f, err := c.fetchHub(ctx, id)
	if err != nil {
		var se *StatusError
		if cached && !errors.As(err, &se) {
			// The network failed, not the Hub: an older answer is better
			// than none.
			return &Fetched{Info: info, Config: config, FromCache: true, At: at}, nil
		}
		return nil, err
	}
	if err := c.writeCache(id, f.Info, f.Config); err != nil {
		// Not fatal: the lookup worked, only offline use later will not.
		return f, nil
	}
	return f, nil
}

func (c *Client) fetchHub(ctx context.Context, id string) (*Fetched, error) {
	infoURL := c.Endpoint + "/api/models/" + id
	info, sentToken, err := c.getRetryingWithToken(ctx, id, infoURL, infoMaxBytes, false)
	if err != nil {
		return nil, err
	}
	gated := sentToken || isGated(info)
	configURL := c.Endpoint + "/" + id + "/resolve/main/config.json"
	config, _, err := c.getRetryingWithToken(ctx, id, configURL, configMaxBytes, gated)
	if err != nil {
		return nil, err
	}
	return &Fetched{Info: info, Config: config, At: time.Now()}, nil
}

// getRetryingWithToken GETs url, without the token unless withToken; a
// 401/403 answered without it is retried with it. The token therefore only
// leaves the machine for repositories that need it.
func (c *Client) getRetryingWithToken(ctx context.Context, id, url string, max int64, withToken bool) ([]byte, bool, error) {
	b, err := c.get(ctx, id, url, max, withToken && c.Token != "")
	var se *StatusError
	if err != nil && !withToken && c.Token != "" && errors.As(err, &se) && (se.Code == 401 || se.Code == 403) {
		b, err = c.get(ctx, id, url, max, true)
		return b, true, err
	}
	return b, withToken && c.Token != "", err
}

func (c *Client) get(ctx context.Context, id, url string, max int64, withToken bool) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 4*c.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	req.Header.Set("User-Agent", "fitcheck")
	if withToken {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: Hub lookup failed (HF_ENDPOINT=%s): %w", id, c.Endpoint, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, &StatusError{ID: id, URL: url, Code: resp.StatusCode, Endpoint: c.Endpoint, Token: withToken}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: reading %s: %w", id, url, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: %s is larger than %d bytes", id, url, max)
	}
	return b, nil
}
