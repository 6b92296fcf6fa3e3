package localmodel

import "github.com/fitcheck/fitcheck/catalog"

// Adopt gives a model read from a local file the identity of the catalog
// entry it is a copy of: id, licence, organisation, origin, release and
// their sources. The architecture and sizes stay the file's own.
func Adopt(m *catalog.Model, from *catalog.Model) {
	if m == nil || from == nil {
		return
	}
	quant := ""
	if len(m.Quants) > 0 {
		quant = m.Quants[0]
	}
	m.ID, m.Family, m.Organisation, m.OriginCountry = from.ID, from.Family, from.Organisation, from.OriginCountry
	m.Released, m.Tags, m.OpenTrainingData = from.Released, from.Tags, from.OpenTrainingData
	m.Licence, m.LicenceURL = from.Licence, from.LicenceURL
	m.Name = from.Name
	if quant != "" {
		m.Name += " (" + quant + " file)"
	}
	m.Sources.Licence, m.Sources.Card, m.Sources.Other = from.Sources.Licence, from.Sources.Card, from.Sources.Other
	m.Unknown = nil
	for _, u := range from.Unknown {
		if len(u) < 5 || u[:5] != "arch." { // the architecture is the file's, known
			m.Unknown = append(m.Unknown, u)
		}
	}
	m.Notes = "architecture and tensor sizes from the file (" + m.Sources.Config + "); identity from the catalog entry " + from.ID
}
