package plan

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// HostedPrice is one provider's public price for an open model.
type HostedPrice struct {
	ModelID       string  `json:"model_id"`
	Provider      string  `json:"provider"`
	ProviderModel string  `json:"provider_model"`
	InputPerM     float64 `json:"input_usd_per_m"`
	OutputPerM    float64 `json:"output_usd_per_m"`
	Date          string  `json:"date"`
	Source        string  `json:"source"`
	Notes         string  `json:"notes"`
}

//go:embed hosted_prices.csv
var hostedCSV string

var hostedTable = sync.OnceValues(func() ([]HostedPrice, error) { return parseHosted(hostedCSV) })

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}(-\d{2})?$`)

func parseHosted(text string) ([]HostedPrice, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("hosted_prices.csv: %w", err)
	}
	if len(recs) < 1 {
		return nil, fmt.Errorf("hosted_prices.csv: empty")
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, c := range []string{"model_id", "provider", "provider_model", "input_usd_per_m", "output_usd_per_m", "date", "source", "notes"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("hosted_prices.csv: missing column %q", c)
		}
	}
	var out []HostedPrice
	for n, rec := range recs[1:] {
		get := func(c string) string { return strings.TrimSpace(rec[col[c]]) }
		h := HostedPrice{ModelID: get("model_id"), Provider: get("provider"), ProviderModel: get("provider_model"),
			Date: get("date"), Source: get("source"), Notes: get("notes")}
		for _, f := range []struct {
			c   string
			dst *float64
		}{{"input_usd_per_m", &h.InputPerM}, {"output_usd_per_m", &h.OutputPerM}} {
			v, err := strconv.ParseFloat(get(f.c), 64)
			if err != nil || v < 0 {
				return nil, fmt.Errorf("hosted_prices.csv row %d: %s %q", n+2, f.c, get(f.c))
			}
			*f.dst = v
		}
		if h.ModelID == "" || h.Provider == "" || !dateRe.MatchString(h.Date) || !strings.Contains(h.Source, "https://") {
			return nil, fmt.Errorf("hosted_prices.csv row %d: needs model_id, provider, a YYYY-MM date and a URL", n+2)
		}
		out = append(out, h)
	}
	return out, nil
}

// Hosted returns the hosted prices of a catalog model, cheapest (by the
// given input:output mix, input tokens per output token) first.
func Hosted(modelID string, inputPerOutput float64) []HostedPrice {
	all, err := hostedTable()
	if err != nil {
		panic(err) // the embedded table is checked by tests; a bad one is a build bug
	}
	var out []HostedPrice
	for _, h := range all {
		if strings.EqualFold(h.ModelID, modelID) {
			out = append(out, h)
		}
	}
	slices.SortStableFunc(out, func(a, b HostedPrice) int {
		x, y := a.blended(inputPerOutput), b.blended(inputPerOutput)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return strings.Compare(a.Provider, b.Provider)
	})
	return out
}

// HostedTable is the whole table (for documentation and tests).
func HostedTable() []HostedPrice {
	all, err := hostedTable()
	if err != nil {
		panic(err)
	}
	return slices.Clone(all)
}

// HostedTableDate is the newest date in the table: how current it is.
func HostedTableDate() (oldest, newest string) {
	for _, h := range HostedTable() {
		if oldest == "" || h.Date < oldest {
			oldest = h.Date
		}
		newest = max(newest, h.Date)
	}
	return oldest, newest
}

// blended is the USD per million output tokens including the input tokens
// that come with them.
func (h HostedPrice) blended(inputPerOutput float64) float64 {
	return h.OutputPerM + inputPerOutput*h.InputPerM
}
