package plan

import _ "embed"

// SchemaVersion of the plan document: 1.1 is the first version with a
// plan document (the 1.0 report document did not have one).
const SchemaVersion = "1.1"

// Schema is the JSON Schema of Document (plan/schema.json).
//
//go:embed schema.json
var Schema []byte

// Document is `fitcheck plan MODEL --json`. Unknown values are null, never
// absent.
type Document struct {
	SchemaVersion   string      `json:"schema_version"`
	FitcheckVersion string      `json:"fitcheck_version"`
	Model           DocModel    `json:"model"`
	Workload        DocWorkload `json:"workload"`
	Plans           []Plan      `json:"plans"`
	Considered      int         `json:"considered"`
	OverBudget      int         `json:"over_budget"`
	Unmet           *Unmet      `json:"unmet"`
	Costs           Costs       `json:"costs"`
	Warnings        []string    `json:"warnings"`
}

// DocModel names the model planned for.
type DocModel struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// DocWorkload echoes the workload and run settings.
type DocWorkload struct {
	Users        int      `json:"users"`
	TPS          float64  `json:"tps"`
	TTFT         *float64 `json:"ttft_seconds"` // null: no target
	Context      int      `json:"context"`
	PromptTokens int      `json:"prompt_tokens"`
	OutputTokens int      `json:"output_tokens"`
	Engine       string   `json:"engine"`
	KVCacheType  string   `json:"kv_cache_type"`
	Quant        *string  `json:"quant"`      // null: best per configuration
	BudgetUSD    *float64 `json:"budget_usd"` // null: no limit
	Vendor       *string  `json:"vendor"`
	MaxGPUs      int      `json:"max_gpus"`
	MaxNodes     int      `json:"max_nodes"`
}

// NewDocument wraps an answer.
func NewDocument(version string, a Answer) Document {
	w := a.Workload
	d := Document{SchemaVersion: SchemaVersion, FitcheckVersion: version,
		Model: DocModel{ID: a.Model.ID, Name: a.Model.Name},
		Plans: a.Plans, Considered: a.Considered, OverBudget: a.OverBudget, Unmet: a.Unmet, Costs: a.Costs,
		Warnings: []string{},
		Workload: DocWorkload{Users: w.Users, TPS: w.TPS, Context: w.Settings.Context, PromptTokens: w.Settings.PromptTokens,
			OutputTokens: w.OutputTokens, Engine: w.engine(), KVCacheType: w.Settings.KVType, MaxGPUs: w.MaxGPUs, MaxNodes: w.MaxNodes},
	}
	if w.TTFT > 0 {
		v := w.TTFT
		d.Workload.TTFT = &v
	}
	if w.Quant != "" {
		q := w.Quant
		d.Workload.Quant = &q
	}
	if w.Budget > 0 {
		b := w.Budget
		d.Workload.BudgetUSD = &b
	}
	if w.Vendor != "" {
		v := w.Vendor
		d.Workload.Vendor = &v
	}
	if len(a.Costs.Hosted) == 0 {
		d.Warnings = append(d.Warnings, "no hosted API price for "+a.Model.ID+" in fitcheck's table")
	}
	for _, p := range a.Plans {
		if p.Nodes > 1 {
			d.Warnings = append(d.Warnings, "multi-node plans: network hops between pipeline stages or RPC servers are not in the speed estimate")
			break
		}
	}
	return d
}
