package catalog

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// OrgsFile is the organisation table in data/: Hugging Face organisation
// (the owner part of a repo id) → organisation name and ISO country, each
// row with the URL that says so. It is not a catalog file, so ParseDir
// skips it.
const OrgsFile = "orgs.json"

//go:embed data/orgs.json
var orgsJSON []byte

// Org is one row of the organisation table.
type Org struct {
	HFOrg        string `json:"hf_org"`       // e.g. "Qwen", matched case-insensitively
	Organisation string `json:"organisation"` // e.g. "Alibaba Cloud (Qwen team)"
	Country      string `json:"country"`      // ISO 3166-1 alpha-2 of its headquarters
	Source       string `json:"source"`       // the page stating organisation and country
}

var (
	orgsOnce  sync.Once
	orgsTable map[string]Org
	orgsErr   error
)

// Orgs returns the embedded organisation table by lower-case HF org,
// decoded and validated once per process.
func Orgs() (map[string]Org, error) {
	orgsOnce.Do(func() { orgsTable, orgsErr = parseOrgs(orgsJSON) })
	return orgsTable, orgsErr
}

// OrgOf looks up the organisation of a Hugging Face repo id ("ORG/NAME").
func OrgOf(repoID string) (Org, bool) {
	t, err := Orgs()
	if err != nil {
		return Org{}, false
	}
	owner, _, _ := strings.Cut(repoID, "/")
	o, ok := t[strings.ToLower(owner)]
	return o, ok
}

func parseOrgs(data []byte) (map[string]Org, error) {
	var f struct {
		Orgs []Org `json:"orgs"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", OrgsFile, err)
	}
	out := make(map[string]Org, len(f.Orgs))
	for i, o := range f.Orgs {
		key := strings.ToLower(o.HFOrg)
		switch {
		case key == "" || strings.ContainsAny(key, "/ "):
			return nil, fmt.Errorf("%s: row %d: hf_org %q is not an organisation name", OrgsFile, i+1, o.HFOrg)
		case strings.TrimSpace(o.Organisation) == "":
			return nil, fmt.Errorf("%s: %s: organisation is required", OrgsFile, o.HFOrg)
		case !ValidCountry(o.Country):
			return nil, fmt.Errorf("%s: %s: %q is not an ISO 3166-1 alpha-2 code", OrgsFile, o.HFOrg, o.Country)
		case !strings.HasPrefix(o.Source, "https://"):
			return nil, fmt.Errorf("%s: %s: source %q is not an https URL", OrgsFile, o.HFOrg, o.Source)
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("%s: %s is listed twice", OrgsFile, o.HFOrg)
		}
		out[key] = o
	}
	return out, nil
}
