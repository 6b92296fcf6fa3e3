package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/fitcheck/fitcheck/report"
)

// writeJSON prints one JSON document with a trailing newline: indented for a
// person at a terminal, compact for pipes (half the time on the full
// catalog, and jq pretty-prints anyway).
func (a *App) writeJSON(v any) error {
	if !a.env.IsTerminal {
		switch d := v.(type) {
		case report.Document:
			return writeCompactDocument(a.env.Stdout, &d)
		case *report.Document:
			return writeCompactDocument(a.env.Stdout, d)
		}
	}
	enc := json.NewEncoder(a.env.Stdout)
	if a.env.IsTerminal {
		enc.SetIndent("", "  ")
	}
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// documentFields are report.Document's JSON names in the order
// writeCompactDocument writes them; TestCompactDocumentMatchesEncoder fails
// when the struct gains, loses or reorders a field.
var documentFields = []string{"schema_version", "fitcheck_version", "hardware", "settings", "models",
	"requirements", "warnings", "one_more_gpu"}

// writeCompactDocument writes d exactly as a compact json.Encoder without
// HTML escaping would, but one model at a time: the whole catalog is a few
// MB, and growing one buffer to hold it all cost a fifth of `--json`.
func writeCompactDocument(w io.Writer, d *report.Document) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	put := func(prefix string, v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		bw.WriteString(prefix)
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))) // Encode ends every value with a newline
		return nil
	}
	type field struct {
		prefix string
		v      any
	}
	putAll := func(fs ...field) error {
		for _, f := range fs {
			if err := put(f.prefix, f.v); err != nil {
				return err
			}
		}
		return nil
	}
	if err := putAll(field{`{"schema_version":`, d.SchemaVersion}, field{`,"fitcheck_version":`, d.FitcheckVersion},
		field{`,"hardware":`, &d.Hardware}, field{`,"settings":`, &d.Settings}); err != nil {
		return err
	}
	if d.Models == nil {
		bw.WriteString(`,"models":null`)
	} else {
		bw.WriteString(`,"models":[`)
		for i := range d.Models {
			sep := ","
			if i == 0 {
				sep = ""
			}
			if err := put(sep, &d.Models[i]); err != nil {
				return err
			}
		}
		bw.WriteString("]")
	}
	if err := putAll(field{`,"requirements":`, d.Requirements}, field{`,"warnings":`, d.Warnings},
		field{`,"one_more_gpu":`, d.OneMoreGPU}); err != nil {
		return err
	}
	bw.WriteString("}\n")
	return bw.Flush()
}
