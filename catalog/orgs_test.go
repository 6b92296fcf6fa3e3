package catalog

import (
	"strings"
	"testing"
)

// The organisation table validates, covers at least 150 Hugging Face
// organisations, and agrees with the curated catalog on every organisation
// the catalog has a model of.
func TestOrgsTable(t *testing.T) {
	table, err := Orgs()
	if err != nil {
		t.Fatal(err)
	}
	if len(table) < 150 {
		t.Errorf("%d organisations, want at least 150", len(table))
	}
	cat, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range cat.Models {
		o, ok := OrgOf(m.ID)
		if !ok {
			t.Errorf("%s: organisation %q missing from %s", m.ID, m.Organisation, OrgsFile)
			continue
		}
		if o.Country != m.OriginCountry {
			t.Errorf("%s: table says %s, catalog %s", m.ID, o.Country, m.OriginCountry)
		}
	}
	if o, ok := OrgOf("qwen/Anything"); !ok || o.Country != "CN" {
		t.Errorf("lookup is not case-insensitive: %+v %v", o, ok)
	}
	if _, ok := OrgOf("no-such-org-anywhere/x"); ok {
		t.Error("unknown org found")
	}
}

func TestOrgsTableRejects(t *testing.T) {
	bad := []string{
		`{"orgs": [{"hf_org": "a", "organisation": "A", "country": "XX", "source": "https://a"}]}`,
		`{"orgs": [{"hf_org": "a", "organisation": "", "country": "US", "source": "https://a"}]}`,
		`{"orgs": [{"hf_org": "a", "organisation": "A", "country": "US", "source": "http://a"}]}`,
		`{"orgs": [{"hf_org": "a", "organisation": "A", "country": "US", "source": "https://a"}, {"hf_org": "A", "organisation": "A", "country": "US", "source": "https://a"}]}`,
		`{"orgs": [{"hf_org": "a/b", "organisation": "A", "country": "US", "source": "https://a"}]}`,
		`{"orgs": [{"hf_org": "a", "organisation": "A", "country": "US", "source": "https://a", "extra": 1}]}`,
	}
	for _, b := range bad {
		if _, err := parseOrgs([]byte(b)); err == nil {
			t.Errorf("accepted %s", b)
		} else if !strings.Contains(err.Error(), OrgsFile) {
			t.Errorf("error does not name the file: %v", err)
		}
	}
}
