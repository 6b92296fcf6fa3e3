package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/hub"
	"github.com/fitcheck/fitcheck/report"
)

// findModel resolves a model query: the catalog first; a query the catalog
// does not know that looks like a Hugging Face id (ORG/NAME) is looked up
// on the Hub (or in its cache). Only this asks for the network, and only
// for a model the user named.
//
// An ORG/NAME that is not exactly a catalog id goes to the Hub even when it
// is part of one ("meta-llama/Llama-3.1-8B" is not the catalog's
// "meta-llama/Llama-3.1-8B-Instruct"); when the Hub cannot answer (not
// found, offline and not cached, no network) the catalog's partial match
// does. A refusal (401/403) is reported: the user asked for that repo.
func (a *App) findModel(cat *catalog.Catalog, query string) (*catalog.Model, error) {
	if m := cat.ByID(query); m != nil {
		return m, nil
	}
	m, err := cat.Find(query)
	var nf *catalog.NotFoundError
	if !hub.LooksLikeID(query) || errors.As(err, &nf) && len(nf.Ambiguous) > 0 {
		if err != nil {
			return nil, usageError{err}
		}
		return m, nil
	}
	hm, herr := a.hubModel(context.Background(), cat, query)
	if herr == nil {
		return hm, nil
	}
	var se *hub.StatusError
	if err == nil && !(errors.As(herr, &se) && (se.Code == 401 || se.Code == 403)) {
		return m, nil // the catalog's partial match
	}
	var bad *hub.BadIDError
	if errors.As(herr, &bad) {
		return nil, usageError{fmt.Errorf("%w (and %v)", err, herr)}
	}
	return nil, herr
}

// hubModel looks id up on the Hub, remembering the answer for the rest of
// the run (fit, --model and --require may name the same model).
func (a *App) hubModel(ctx context.Context, cat *catalog.Catalog, id string) (*catalog.Model, error) {
	if m, ok := a.hubSeen[id]; ok {
		return m, nil
	}
	m, err := a.HubClient().Lookup(ctx, id, cat)
	if err != nil {
		return nil, err
	}
	if a.hubSeen == nil {
		a.hubSeen = map[string]*catalog.Model{}
	}
	a.hubSeen[id] = m
	return m, nil
}

// HubClient is the Hub client the flags and environment describe
// (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE, --offline).
func (a *App) HubClient() *hub.Client { return hub.New(nil, a.flags.offline) }

// writeUnverified names, in the fit table, what came unchecked from the Hub.
func writeUnverified(w io.Writer, m report.ModelInfo) {
	if len(m.Unverified) > 0 {
		fmt.Fprintf(w, "Unverified (read from the Hugging Face Hub, not in the curated catalog): %s\n", strings.Join(m.Unverified, ", "))
	}
	if len(m.Unknown) > 0 && len(m.Unverified) > 0 {
		fmt.Fprintf(w, "Unknown: %s\n", strings.Join(m.Unknown, ", "))
	}
}
