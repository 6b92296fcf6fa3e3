package cli

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/report"
)

// TestCompactDocumentMatchesEncoder: the streaming writer of --json gives
// the bytes json.Encoder gives, on the whole catalog and on an empty
// document, and knows every field of report.Document in order.
func TestCompactDocumentMatchesEncoder(t *testing.T) {
	var names []string
	dt := reflect.TypeFor[report.Document]()
	for i := range dt.NumField() {
		names = append(names, strings.Split(dt.Field(i).Tag.Get("json"), ",")[0])
	}
	if !slices.Equal(names, documentFields) {
		t.Fatalf("report.Document's fields are %v; writeCompactDocument writes %v", names, documentFields)
	}
	code, full, stderr := run(t, args("--json")...)
	if code != 0 {
		t.Fatalf("--json: exit %d: %s", code, stderr)
	}
	var doc report.Document
	if err := json.Unmarshal([]byte(full), &doc); err != nil {
		t.Fatal(err)
	}
	for name, d := range map[string]report.Document{"catalog": doc, "empty": {SchemaVersion: "x"}} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(&d); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeCompactDocument(&got, &d); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: the streamed document differs from json.Encoder's (%d vs %d bytes)", name, got.Len(), want.Len())
		}
	}
}
