package ui

import (
	"fmt"
	"strings"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/plan"
	"github.com/fitcheck/fitcheck/report"
)

// localCost is what one estimate costs per million tokens on the hardware
// shown, when the accelerator database prices every part of it (nil
// otherwise), at the plan command's defaults and the current --parallel.
func (m Model) localCost(rm *report.Model, e *report.Estimate) (*plan.LocalCost, plan.Price, bool) {
	cm := m.catalog[rm.ID]
	if cm == nil || e == nil || e.Verdict == estimate.VerdictNo {
		return nil, plan.Price{}, false
	}
	price, power, ok := plan.HardwarePrice(m.hw.GPUs, hwprobe.ListAccelerators())
	if !ok {
		return nil, price, false
	}
	hw, _ := report.EstimateHardware(m.hw, m.assumeIdle)
	r, err := m.est.Estimate(cm, e.Quant, hw, m.settings)
	if err != nil {
		return nil, price, true
	}
	ratio := float64(m.settings.PromptTokens) / plan.DefaultOutputTokens
	return plan.CostOn(cm, r, hw, m.settings, price, power, plan.DefaultCostSettings(), plan.Hosted(rm.ID, ratio), ratio), price, true
}

// costFields are the detail's cost lines: local cost on this hardware and
// the hosted prices of the model.
func (m Model) costFields(rm *report.Model, e *report.Estimate, w int) []string {
	st := m.styles
	var local string
	lc, price, priced := m.localCost(rm, e)
	switch {
	case !priced:
		local = st.Muted.Render("this hardware has no sourced price in the database; p plans priced hardware for a workload")
	case lc == nil:
		local = st.Muted.Render("does not run here")
	default:
		c := plan.DefaultCostSettings()
		what := m.hw.GPUs[0].Name
		if price.Units > 1 {
			what = fmt.Sprintf("%dx %s", price.Units, what)
		}
		local = fmt.Sprintf("$%.3f/M in · $%.3f/M out here", lc.InputUSDPerM, lc.OutputUSDPerM) + st.Muted.Render(fmt.Sprintf(
			" (%s $%.0f, %s price %s; %g years at %g%% use", what, price.TotalUSD, price.Kind, price.Date, c.AmortizeYears, c.Utilization*100))
		if lc.PowerIncluded {
			local += st.Muted.Render(fmt.Sprintf(", power at $%.3f/kWh)", c.ElectricityUSDPerKWh))
		} else {
			local += st.Muted.Render(", power unknown: not counted)")
		}
	}
	out := m.wrapField("Cost", local, w)
	out = append(out, m.wrapField("", m.hostedText(rm.ID), w)...)
	return out
}

func (m Model) hostedText(id string) string {
	hs := plan.Hosted(id, float64(m.settings.PromptTokens)/plan.DefaultOutputTokens)
	if len(hs) == 0 {
		return m.styles.Muted.Render("hosted: no API price for this model in fitcheck's table")
	}
	parts := make([]string, len(hs))
	for i, h := range hs {
		parts[i] = fmt.Sprintf("%s $%.2f/$%.2f (%s)", h.Provider, h.InputPerM, h.OutputPerM, h.Date)
	}
	return "hosted: " + strings.Join(parts, " · ") + m.styles.Muted.Render(" per M tokens in/out")
}

// costRows are the compare view's cost rows (lower is better).
func (m Model) costRows() []compareRow {
	out := func(rm *report.Model, e *report.Estimate) (float64, bool) {
		if lc, _, _ := m.localCost(rm, e); lc != nil {
			return lc.OutputUSDPerM, true
		}
		return 0, false
	}
	in := func(rm *report.Model, e *report.Estimate) (float64, bool) {
		if lc, _, _ := m.localCost(rm, e); lc != nil {
			return lc.InputUSDPerM, true
		}
		return 0, false
	}
	hosted := func(rm *report.Model, _ *report.Estimate) (float64, bool) {
		hs := plan.Hosted(rm.ID, float64(m.settings.PromptTokens)/plan.DefaultOutputTokens)
		if len(hs) == 0 {
			return 0, false
		}
		return hs[0].OutputPerM, true
	}
	money := func(f func(*report.Model, *report.Estimate) (float64, bool)) func(*report.Model, *report.Estimate) string {
		return func(rm *report.Model, e *report.Estimate) string {
			if v, ok := f(rm, e); ok {
				return fmt.Sprintf("$%.3f", v)
			}
			return "—"
		}
	}
	return []compareRow{
		{label: "$/M in here", value: money(in), better: lower, num: in},
		{label: "$/M out here", value: money(out), better: lower, num: out},
		{label: "API $/M out", value: money(hosted), better: lower, num: hosted},
	}
}
