package report

import _ "embed"

// Schema is the JSON Schema of Document (report/schema.json), published so
// scripts can validate what they read.
//
//go:embed schema.json
var Schema []byte
