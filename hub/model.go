package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fitcheck/fitcheck/catalog"
)

// modelInfo is the part of the Hub's model API answer fitcheck reads.
type modelInfo struct {
	ID       string `json:"id"`
	CardData *struct {
		License     any    `json:"license"` // a string, or a list of them
		LicenseName string `json:"license_name"`
		LicenseLink string `json:"license_link"`
	} `json:"cardData"`
	Safetensors *struct {
		Total int64 `json:"total"`
	} `json:"safetensors"`
	CreatedAt string   `json:"createdAt"`
	Gated     any      `json:"gated"` // false, or "auto" / "manual"
	Tags      []string `json:"tags"`  // include "license:X" when the card names one
}

func parseInfo(b []byte) (*modelInfo, error) {
	var mi modelInfo
	if err := json.Unmarshal(b, &mi); err != nil {
		return nil, fmt.Errorf("the Hub's model metadata is not valid JSON: %w", err)
	}
	return &mi, nil
}

func isGated(info []byte) bool {
	mi, err := parseInfo(info)
	if err != nil {
		return false
	}
	switch g := mi.Gated.(type) {
	case bool:
		return g
	case string:
		return g != "" && g != "false"
	}
	return false
}

// Lookup fetches id (see Fetch) and builds its catalog entry (see Model).
func (c *Client) Lookup(ctx context.Context, id string, cat *catalog.Catalog) (*catalog.Model, error) {
	f, err := c.Fetch(ctx, id)
	if err != nil {
		return nil, err
	}
	m, err := Model(id, f, cat, c.Endpoint)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	return m, nil
}

// licenceAliases map Hub licence names to the licence table where the
// spelling differs; everything else must match a table id exactly.
var licenceAliases = map[string]string{
	"nvidia-open-model-license": "nvidia-open-model",
}

// Model builds the catalog entry of a Hub model: the architecture from its
// config.json (catalog.ModelFromHFConfig), the licence from the card's
// metadata mapped through the licence table (unknown stays unknown), the
// organisation and country from the organisation table, the parameter
// count from the safetensors index and the release month from the repo's
// creation date. Every field so filled is listed in Unverified.
func Model(id string, f *Fetched, cat *catalog.Catalog, endpoint string) (*catalog.Model, error) {
	mi, err := parseInfo(f.Info)
	if err != nil {
		return nil, err
	}
	m, err := catalog.ModelFromHFConfig(id, f.Config)
	if err != nil {
		return nil, err
	}
	known := func(field string) {
		m.Unknown = slices.DeleteFunc(m.Unknown, func(u string) bool { return u == field })
		m.Unverified = append(m.Unverified, field)
	}
	m.Unverified = append(m.Unverified, "arch", "quants")

	if o, ok := catalog.OrgOf(id); ok {
		m.Organisation, m.OriginCountry = o.Organisation, o.Country
		m.Sources.Other = append(m.Sources.Other, o.Source)
		known("organisation")
		known("origin_country")
	}

	var notes []string
	raw := cardLicence(mi)
	if l := lookupLicence(cat, raw); l != "" {
		m.Licence = l
		known("licence")
	} else if raw != "" {
		notes = append(notes, fmt.Sprintf("the model card's licence %q is not in fitcheck's licence table", raw))
	}
	if mi.CardData != nil && strings.HasPrefix(mi.CardData.LicenseLink, "https://") {
		m.Sources.Licence = mi.CardData.LicenseLink
	}

	if t, err := time.Parse(time.RFC3339, mi.CreatedAt); err == nil && t.Year() >= 2019 {
		m.Released = t.UTC().Format("2006-01")
		known("released")
		notes = append(notes, "released is the month the Hub repository was created")
	}

	if total := safetensorsTotal(mi); total > 0 && (m.IsUnknown(catalog.UnknownArch) || !packed(m)) {
		if m.ParamsActive != nil && m.ParamsTotal > 0 {
			act := int64(float64(*m.ParamsActive) * float64(total) / float64(m.ParamsTotal))
			m.ParamsActive = &act
		}
		m.ParamsTotal = total
		known("params_total")
		m.Unknown = slices.DeleteFunc(m.Unknown, func(u string) bool { return u == "params_total.vision" })
		notes = append(notes, "params_total is the Hub's safetensors count")
	}

	m.Sources.Config = endpoint + "/" + id + "/resolve/main/config.json"
	m.Sources.Card = endpoint + "/" + id
	m.Sources.Other = append([]string{endpoint + "/api/models/" + id}, m.Sources.Other...)
	from := "looked up on the Hugging Face Hub"
	if !f.At.IsZero() {
		from += " on " + f.At.UTC().Format("2006-01-02")
	}
	if m.Notes != "" { // from the converter
		notes = append(notes, m.Notes)
	}
	m.Notes = "Not in fitcheck's curated catalog: " + from + "; the fields in unverified were read automatically and nobody has checked them"
	if len(notes) > 0 {
		m.Notes += "; " + strings.Join(notes, "; ")
	}
	m.Notes += "."
	return m, nil
}

// cardLicence is the licence the card's metadata names ("other" defers to
// license_name).
func cardLicence(mi *modelInfo) string {
	if mi.CardData == nil {
		for _, t := range mi.Tags {
			if l, ok := strings.CutPrefix(t, "license:"); ok && l != "other" {
				return strings.ToLower(l)
			}
		}
		return ""
	}
	var l string
	switch v := mi.CardData.License.(type) {
	case string:
		l = v
	case []any:
		if len(v) > 0 {
			l, _ = v[0].(string)
		}
	}
	l = strings.ToLower(strings.TrimSpace(l))
	if l == "other" || l == "" {
		l = strings.ToLower(strings.TrimSpace(mi.CardData.LicenseName))
	}
	return l
}

func lookupLicence(cat *catalog.Catalog, raw string) string {
	if raw == "" || cat == nil {
		return ""
	}
	if a, ok := licenceAliases[raw]; ok {
		raw = a
	}
	for id := range cat.Licences {
		if strings.EqualFold(id, raw) {
			return id
		}
	}
	return ""
}

func safetensorsTotal(mi *modelInfo) int64 {
	if mi.Safetensors == nil {
		return 0
	}
	return mi.Safetensors.Total
}

// packed reports whether the published weights pack several values into
// one stored element (4-bit formats), which makes the safetensors element
// count smaller than the parameter count.
func packed(m *catalog.Model) bool {
	if m.IsUnknown("quants") {
		return true // a quantization fitcheck cannot read: do not trust the count
	}
	for _, q := range m.Quants {
		switch q {
		case "AWQ", "GPTQ", "NF4", "MXFP4":
			return true
		}
	}
	return false
}
