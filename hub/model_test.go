package hub

import (
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
)

func TestCardLicence(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ info, want string }{
		{`{"cardData": {"license": "apache-2.0"}}`, "apache-2.0"},
		{`{"cardData": {"license": "Apache-2.0"}}`, "apache-2.0"},
		{`{"cardData": {"license": ["mit", "apache-2.0"]}}`, "mit"},
		{`{"cardData": {"license": "other", "license_name": "deepseek"}}`, "deepseek"},
		{`{"cardData": {"license": "other", "license_name": "nvidia-open-model-license"}}`, "nvidia-open-model"},
		{`{"cardData": {"license": "other", "license_name": "my-own-terms"}}`, ""},
		{`{"cardData": {"license": "other"}}`, ""},
		{`{"tags": ["transformers", "license:llama3.1"]}`, "llama3.1"},
		{`{"tags": ["license:other"]}`, ""},
		{`{}`, ""},
	}
	for _, c := range cases {
		mi, err := parseInfo([]byte(c.info))
		if err != nil {
			t.Fatal(err)
		}
		if got := lookupLicence(cat, cardLicence(mi)); got != c.want {
			t.Errorf("%s: %q, want %q", c.info, got, c.want)
		}
	}
}

func TestIsGated(t *testing.T) {
	for info, want := range map[string]bool{
		`{"gated": false}`: false, `{"gated": "auto"}`: true, `{"gated": "manual"}`: true, `{}`: false, `{"gated": true}`: true, `not json`: false,
	} {
		if got := isGated([]byte(info)); got != want {
			t.Errorf("%s: %v", info, got)
		}
	}
}
