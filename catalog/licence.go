package catalog

// Commercial-use answers. "conditional" always comes with Conditions.
const (
	CommercialYes         = "yes"
	CommercialConditional = "conditional"
	CommercialNo          = "no"
)

// Openness classes of a licence.
const (
	OpenSource   = "open-source"   // an OSI-approved licence
	OpenWeights  = "open-weights"  // weights downloadable, with use restrictions
	ResearchOnly = "research-only" // non-commercial or research use only
)

// Licence is one entry of the licence table that model entries point at.
type Licence struct {
	ID            string `json:"id"`             // SPDX id where one exists, else a short stable key
	Name          string `json:"name"`           // the licence's own name
	SPDX          bool   `json:"spdx"`           // ID is an SPDX identifier
	URL           string `json:"url"`            // the licence text
	CommercialUse string `json:"commercial_use"` // yes | conditional | no
	Conditions    string `json:"conditions,omitempty"`
	Openness      string `json:"openness"` // open-source | open-weights | research-only
}
