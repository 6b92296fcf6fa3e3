package report

import "github.com/fitcheck/fitcheck/catalog"

// CatalogDocument is `fitcheck models --json`: the selected catalog entries
// with the same model fields as Document, without estimates.
type CatalogDocument struct {
	SchemaVersion   string      `json:"schema_version"`
	FitcheckVersion string      `json:"fitcheck_version"`
	Models          []ModelInfo `json:"models"`
}

// Catalog lists models without estimating them.
func Catalog(cat *catalog.Catalog, models []*catalog.Model, version string) CatalogDocument {
	doc := CatalogDocument{SchemaVersion: SchemaVersion, FitcheckVersion: version, Models: []ModelInfo{}}
	for _, m := range models {
		doc.Models = append(doc.Models, infoOf(cat, m))
	}
	return doc
}
