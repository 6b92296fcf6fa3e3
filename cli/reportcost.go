package cli

import (
	"fmt"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/htmlreport"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/plan"
	"github.com/fitcheck/fitcheck/report"
)

// reportCost prices a model's best estimate on a report option the way
// `fitcheck plan` and the TUI detail do: the option's accelerators at their
// sourced prices, amortised at the plan defaults, plus board power. Nil
// when the option's hardware has no sourced price or the model does not run.
func (a *App) reportCost(cat *catalog.Catalog, opts []htmlreport.Option) htmlreport.CostFunc {
	s, err := a.Settings()
	if err != nil {
		return nil
	}
	return func(m report.Model, i int) *htmlreport.Cost {
		cm := cat.ByID(m.ID)
		if cm == nil || m.BestQuant == nil || i >= len(opts) {
			return nil
		}
		hwDoc := opts[i].Doc.Hardware
		price, power, ok := plan.HardwarePrice(hwDoc.GPUs, hwprobe.ListAccelerators())
		if !ok {
			return nil
		}
		hw, _ := report.EstimateHardware(hwprobe.Snapshot{CPU: hwDoc.CPU, Memory: hwDoc.Memory, GPUs: hwDoc.GPUs}, a.AssumeIdle())
		r, err := estimate.Estimate(cm, *m.BestQuant, hw, s)
		if err != nil || r.Verdict == estimate.VerdictNo {
			return nil
		}
		ratio := float64(s.PromptTokens) / plan.DefaultOutputTokens
		c := plan.DefaultCostSettings()
		lc := plan.CostOn(cm, r, hw, s, price, power, c, plan.Hosted(m.ID, ratio), ratio)
		if lc == nil {
			return nil
		}
		basis := fmt.Sprintf("hardware $%.0f (%s price, %s) over %g years at %g%% use", price.TotalUSD, price.Kind, price.Date, c.AmortizeYears, c.Utilization*100)
		if lc.PowerIncluded {
			basis += fmt.Sprintf(", power at $%.3f/kWh", c.ElectricityUSDPerKWh)
		}
		return &htmlreport.Cost{InputPerMillionTokens: lc.InputUSDPerM, PerMillionTokens: lc.OutputUSDPerM, Currency: "USD", Basis: basis}
	}
}
