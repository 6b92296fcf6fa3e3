package plan

import (
	"math"
)

// Electricity default: EIA Electric Power Monthly, Table 5.6.A (average
// price of electricity to ultimate customers, commercial sector), April
// 2025: East North Central 12.82 cents/kWh — between the cheapest census
// division in that table (West North Central, 9.74) and the dearest (New
// England, 22.74). Set --electricity-price to your own tariff.
const (
	DefaultElectricityUSDPerKWh = 0.1282
	ElectricitySource           = "EIA Electric Power Monthly Table 5.6.A, April 2025, commercial sector, East North Central (12.82 cents/kWh): https://www.eia.gov/electricity/monthly/epm_table_grapher.php?t=table_5_06_a"
	DefaultAmortizeYears        = 3
	DefaultUtilization          = 0.5
)

// CostSettings price a plan's hardware and power.
type CostSettings struct {
	AmortizeYears        float64 `json:"amortize_years"`
	Utilization          float64 `json:"utilization"` // share of the time the machine serves at the planned load
	ElectricityUSDPerKWh float64 `json:"electricity_usd_per_kwh"`
	ElectricitySource    string  `json:"electricity_source"`
}

// DefaultCostSettings are the CLI defaults.
func DefaultCostSettings() CostSettings {
	return CostSettings{AmortizeYears: DefaultAmortizeYears, Utilization: DefaultUtilization,
		ElectricityUSDPerKWh: DefaultElectricityUSDPerKWh, ElectricitySource: ElectricitySource}
}

// Check rejects settings that make no cost.
func (c CostSettings) Check() error {
	switch {
	case badNumber(c.AmortizeYears) || c.AmortizeYears == 0 || c.AmortizeYears > 50:
		return bad("--amortize-years %v: give more than 0 and at most 50", c.AmortizeYears)
	case badNumber(c.Utilization) || c.Utilization == 0 || c.Utilization > 1:
		return bad("--utilization %v: give a share of the time above 0 and at most 1", c.Utilization)
	case badNumber(c.ElectricityUSDPerKWh) || c.ElectricityUSDPerKWh > 10:
		return bad("--electricity-price %v: give USD per kWh, 0 to 10", c.ElectricityUSDPerKWh)
	}
	return nil
}

// LocalCost is what tokens cost on a plan's hardware. Input and output are
// priced separately, like API prices: each is the machine's cost per busy
// second divided by what it produces per second doing only that (prefill
// for input, batched decode for output).
type LocalCost struct {
	HardwareUSDPerDay  float64     `json:"hardware_usd_per_day"`  // price spread over the amortisation period
	PowerUSDPerDay     *float64    `json:"power_usd_per_day"`     // board power × busy hours × price; null when power is unknown
	InputUSDPerM       float64     `json:"input_usd_per_m"`       // per million prompt tokens
	OutputUSDPerM      float64     `json:"output_usd_per_m"`      // per million generated tokens
	PowerIncluded      bool        `json:"power_included"`        // false: the board power is unknown, only hardware is counted
	OutputTokensPerDay float64     `json:"output_tokens_per_day"` // at the utilisation, with the input that comes with them
	BreakEven          []BreakEven `json:"break_even"`            // against each hosted price of the model
}

// BreakEven is the daily volume above which owning the plan's hardware is
// cheaper than a hosted API.
type BreakEven struct {
	Provider           string   `json:"provider"`
	HostedUSDPerMOut   float64  `json:"hosted_usd_per_m_output"` // per million output tokens, their input included
	OutputTokensPerDay *float64 `json:"output_tokens_per_day"`   // null: local never gets cheaper (power alone costs more)
	TokensPerDay       *float64 `json:"tokens_per_day"`          // input and output together
	WithinCapacity     bool     `json:"within_capacity"`         // the plan can serve that volume running all day
}

const secondsPerDay = 86400

// Cost prices a plan; nil when the plan has no price. inputPerOutput is
// the input tokens that come with each output token (prompt ÷ output
// tokens per request). Idle power is not counted.
func Cost(p Plan, c CostSettings, hosted []HostedPrice, inputPerOutput float64) *LocalCost {
	if p.Price == nil || p.AggregateTPS <= 0 || p.PrefillTPS <= 0 {
		return nil
	}
	hwPerSec := p.Price.TotalUSD / (c.AmortizeYears * 365.25 * secondsPerDay)
	powerPerBusySec := 0.0
	lc := &LocalCost{HardwareUSDPerDay: hwPerSec * secondsPerDay}
	if p.PowerW != nil {
		powerPerBusySec = *p.PowerW / 1000 * c.ElectricityUSDPerKWh / 3600
		perDay := powerPerBusySec * secondsPerDay * c.Utilization
		lc.PowerUSDPerDay, lc.PowerIncluded = &perDay, true
	}
	busy := hwPerSec/c.Utilization + powerPerBusySec
	lc.OutputUSDPerM = busy / p.AggregateTPS * 1e6
	lc.InputUSDPerM = busy / p.PrefillTPS * 1e6
	// Seconds of machine time per output token with its input.
	secPerOut := 1/p.AggregateTPS + inputPerOutput/p.PrefillTPS
	capacity := secondsPerDay / secPerOut // output tokens per day running flat out
	lc.OutputTokensPerDay = capacity * c.Utilization
	fixedPerDay := hwPerSec * secondsPerDay
	for _, h := range hosted {
		b := BreakEven{Provider: h.Provider, HostedUSDPerMOut: h.blended(inputPerOutput)}
		margin := b.HostedUSDPerMOut/1e6 - powerPerBusySec*secPerOut
		if margin > 0 {
			v := fixedPerDay / margin
			t := v * (1 + inputPerOutput)
			b.OutputTokensPerDay, b.TokensPerDay = &v, &t
			b.WithinCapacity = v <= capacity && !math.IsInf(v, 0)
		}
		lc.BreakEven = append(lc.BreakEven, b)
	}
	return lc
}
