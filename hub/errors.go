package hub

import (
	"errors"
	"fmt"
)

// ErrOffline is returned when a lookup needs the network but fitcheck is
// offline (HF_HUB_OFFLINE or --offline) and the model is not cached.
var ErrOffline = errors.New("offline")

// BadIDError is a malformed model id: a usage error.
type BadIDError struct{ Err error }

func (e *BadIDError) Error() string { return e.Err.Error() }
func (e *BadIDError) Unwrap() error { return e.Err }

// StatusError is an HTTP answer other than 200.
type StatusError struct {
	ID       string
	URL      string
	Code     int
	Endpoint string
	Token    bool // a token was sent
}

func (e *StatusError) Error() string {
	switch e.Code {
	case 401, 403:
		if e.Token {
			return fmt.Sprintf("%s: the Hub refused access (HTTP %d) with the token given: check that HF_TOKEN has access to this repository (gated repositories need their terms accepted on the model page)", e.ID, e.Code)
		}
		return fmt.Sprintf("%s: the Hub refused access (HTTP %d): the repository is gated or private; set HF_TOKEN to a token with access (https://huggingface.co/settings/tokens)", e.ID, e.Code)
	case 404:
		return fmt.Sprintf("%s: not found on the Hub (HF_ENDPOINT=%s)", e.ID, e.Endpoint)
	}
	return fmt.Sprintf("%s: the Hub answered HTTP %d for %s", e.ID, e.Code, e.URL)
}
