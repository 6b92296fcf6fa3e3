package hwprobe

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Price is a dated, sourced price of one accelerator row, or of the whole
// system for unified-memory rows (Mac Studio, DGX Spark, Strix Halo boxes).
type Price struct {
	MemoryGiB float64 `json:"memory_gib"` // the memory configuration priced
	USD       float64 `json:"usd"`
	Kind      string  `json:"kind"` // list | street
	Date      string  `json:"date"` // YYYY-MM or YYYY-MM-DD
	What      string  `json:"what"` // what the price buys ("card (launch MSRP)", "whole system: ...")
	Source    string  `json:"source"`
}

// Price kinds.
const (
	PriceList   = "list"
	PriceStreet = "street"
)

var priceDate = regexp.MustCompile(`^\d{4}-\d{2}(-\d{2})?$`)

// optional reads the price columns by name. They are optional and may sit
// anywhere in the header, so rows from a database without them (or with
// other columns added after them) still parse.
func optional(rec []string, col map[string]int) func(string) string {
	return func(c string) string {
		i, ok := col[c]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
}

// parsePrices reads price_usd ("|"-separated in the order of memory_gib,
// or one value for every configuration) with its kind, date and source.
func parsePrices(a Accelerator, get func(string) string) ([]Price, error) {
	raw := get("price_usd")
	if raw == "" {
		return nil, nil
	}
	kind, date, what, src := get("price_kind"), get("price_date"), get("price_what"), get("price_source")
	if kind != PriceList && kind != PriceStreet {
		return nil, fmt.Errorf("price_kind %q: want list or street", kind)
	}
	if !priceDate.MatchString(date) {
		return nil, fmt.Errorf("price_date %q: want YYYY-MM or YYYY-MM-DD", date)
	}
	if src == "" || what == "" {
		return nil, fmt.Errorf("a price needs price_what and price_source")
	}
	parts := strings.Split(raw, "|")
	if len(parts) != 1 && len(parts) != len(a.MemoryGiB) {
		return nil, fmt.Errorf("price_usd %q: %d prices for %d memory sizes", raw, len(parts), len(a.MemoryGiB))
	}
	var out []Price
	for i, mem := range a.MemoryGiB {
		p := parts[0]
		if len(parts) > 1 {
			p = parts[i]
		}
		if p = strings.TrimSpace(p); p == "" {
			continue // this configuration's price is unknown
		}
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("price_usd %q: not a positive number", p)
		}
		out = append(out, Price{MemoryGiB: mem, USD: v, Kind: kind, Date: date, What: what, Source: src})
	}
	return out, nil
}

// PriceFor returns the price of the configuration with memGiB of memory.
func (a Accelerator) PriceFor(memGiB float64) (Price, bool) {
	i := slices.IndexFunc(a.Prices, func(p Price) bool { return p.MemoryGiB == memGiB })
	if i < 0 {
		return Price{}, false
	}
	return a.Prices[i], true
}
