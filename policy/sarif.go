package policy

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html),
// the format CI code-scanning tools read: one run, one rule per policy
// rule, one result per finding. A failed rule is an "error", a flagged
// condition a "warning".

// SARIFSchema is the schema URI the log declares.
const SARIFSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// SARIFLog is the top-level SARIF object.
type SARIFLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []SARIFRun `json:"runs"`
}

type SARIFRun struct {
	Tool    SARIFTool     `json:"tool"`
	Results []SARIFResult `json:"results"`
}

type SARIFTool struct {
	Driver SARIFDriver `json:"driver"`
}

type SARIFDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []SARIFRule `json:"rules"`
}

type SARIFRule struct {
	ID               string       `json:"id"`
	ShortDescription SARIFMessage `json:"shortDescription"`
}

type SARIFMessage struct {
	Text string `json:"text"`
}

type SARIFResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"` // error | warning
	Message   SARIFMessage    `json:"message"`
	Locations []SARIFLocation `json:"locations"`
}

type SARIFLocation struct {
	PhysicalLocation *SARIFPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []SARIFLogical `json:"logicalLocations,omitempty"`
}

type SARIFPhysical struct {
	ArtifactLocation SARIFArtifact `json:"artifactLocation"`
}

type SARIFArtifact struct {
	URI string `json:"uri"`
}

type SARIFLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

var ruleText = []SARIFRule{
	{RuleAllowOrigin, SARIFMessage{"The model's country of origin is not in allow_origins."}},
	{RuleBlockOrigin, SARIFMessage{"The model's country of origin is in block_origins."}},
	{RuleLicence, SARIFMessage{"The model's licence is not in allow_licences."}},
	{RuleCommercial, SARIFMessage{"The licence does not allow commercial use, or only on conditions (flagged)."}},
	{RuleOpenness, SARIFMessage{"The licence's openness is not among those allowed."}},
	{RuleCondition, SARIFMessage{"A licence condition matches a flag_conditions phrase."}},
	{RuleGuardrails, SARIFMessage{"A required guardrail fact (safety report, safety model, acceptable-use policy) is not on record."}},
	{RuleMinContext, SARIFMessage{"The model's maximum context is below min_context."}},
}

// Judged is one model's verdict, for SARIF.
type Judged struct {
	ModelID string
	Result  Result
}

// SARIF builds the log for the models judged; policyURI names the policy
// file (the artifact the findings point to).
func SARIF(version, policyURI string, judged []Judged) SARIFLog {
	index := map[string]int{}
	for i, r := range ruleText {
		index[r.ID] = i
	}
	run := SARIFRun{
		Tool: SARIFTool{Driver: SARIFDriver{Name: "fitcheck policy", Version: version,
			Rules: ruleText}},
		Results: []SARIFResult{},
	}
	for _, j := range judged {
		for _, f := range j.Result.Findings {
			level := "warning"
			if f.Fail {
				level = "error"
			}
			run.Results = append(run.Results, SARIFResult{
				RuleID: f.Rule, RuleIndex: index[f.Rule], Level: level,
				Message: SARIFMessage{j.ModelID + ": " + f.Message},
				Locations: []SARIFLocation{{
					PhysicalLocation: &SARIFPhysical{ArtifactLocation: SARIFArtifact{URI: policyURI}},
					LogicalLocations: []SARIFLogical{{Name: j.ModelID, FullyQualifiedName: j.ModelID, Kind: "module"}},
				}},
			})
		}
	}
	return SARIFLog{Schema: SARIFSchema, Version: "2.1.0", Runs: []SARIFRun{run}}
}
