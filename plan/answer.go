package plan

import (
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// Costs is the cost side of an answer: the settings used and the hosted
// prices of the model.
type Costs struct {
	Settings       CostSettings  `json:"settings"`
	OutputTokens   int           `json:"output_tokens_per_request"` // with prompt_tokens, the input:output mix
	InputPerOutput float64       `json:"input_tokens_per_output_token"`
	Hosted         []HostedPrice `json:"hosted"`              // cheapest first; empty when no provider is in the table
	TableOldest    string        `json:"hosted_table_oldest"` // dates of the hosted price table
	TableNewest    string        `json:"hosted_table_newest"`
}

// Answer is a search with every plan priced.
type Answer struct {
	Result
	Costs Costs `json:"costs"`
}

// Run searches the accelerator rows and prices the plans.
func Run(m *catalog.Model, w Workload, c CostSettings, rows []hwprobe.Accelerator) (Answer, error) {
	if err := c.Check(); err != nil {
		return Answer{}, err
	}
	res, err := Search(m, w, rows)
	if err != nil {
		return Answer{}, err
	}
	w = res.Workload
	ratio := float64(w.Settings.PromptTokens) / float64(w.OutputTokens)
	a := Answer{Result: res, Costs: Costs{Settings: c, OutputTokens: w.OutputTokens, InputPerOutput: ratio,
		Hosted: Hosted(m.ID, ratio)}}
	a.Costs.TableOldest, a.Costs.TableNewest = HostedTableDate()
	if a.Costs.Hosted == nil {
		a.Costs.Hosted = []HostedPrice{}
	}
	for i := range a.Plans {
		a.Plans[i].Cost = Cost(a.Plans[i], c, a.Costs.Hosted, ratio)
	}
	if a.Plans == nil {
		a.Plans = []Plan{}
	}
	return a, nil
}
