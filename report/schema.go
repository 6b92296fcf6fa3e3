package report

import _ "embed"

// Schema is the JSON Schema of Document (report/schema.json), published so
// scripts can validate what they read.
//
//go:embed schema.json
var Schema []byte

// HardwareSchema is the JSON Schema of `fitcheck hw --json`
// (report/schema_hw.json): the hardware part of Document.
//
//go:embed schema_hw.json
var HardwareSchema []byte

// AcceleratorsSchema is the JSON Schema of `fitcheck hw --list-gpus --json`
// (report/schema_gpus.json).
//
//go:embed schema_gpus.json
var AcceleratorsSchema []byte
