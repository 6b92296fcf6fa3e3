package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/plan"
	"github.com/fitcheck/fitcheck/report"
)

// planReq is what a ranking was computed for: when the screen's workload
// or the run settings change, a new search runs and older answers are
// dropped.
type planReq struct {
	id    string
	users int
	tps   float64
	s     estimate.Settings
}

// planState is the plan screen: the model, the workload being edited, the
// latest answer and the selected row.
type planState struct {
	req     planReq // the workload on screen (edited in place)
	asked   planReq // the workload of the latest search started
	started bool
	ans     plan.Answer
	err     error
	have    bool // ans (or err) is the answer to asked
	cursor  int
	offset  int
}

type planDoneMsg struct {
	req planReq
	ans plan.Answer
	err error
}

// openPlan starts the plan screen for a model with one user and no speed
// target; users and tok/s are edited there.
func (m *Model) openPlan(id string) tea.Cmd {
	users, tps := 1, 0.0
	if m.plan.req.id == id { // back to the same model: keep its workload
		users, tps = m.plan.req.users, m.plan.req.tps
	}
	m.plan = planState{req: planReq{id: id, users: users, tps: tps}}
	m.push(screenPlan)
	return m.planRefresh()
}

// planRefresh starts a search when the workload or settings changed since
// the last one; nil when the answer is current or on the way.
func (m *Model) planRefresh() tea.Cmd {
	if m.screen != screenPlan {
		return nil
	}
	m.plan.req.s = m.settings
	req := m.plan.req
	if m.plan.started && req == m.plan.asked {
		return nil
	}
	m.plan.asked, m.plan.started, m.plan.have = req, true, false
	cm := m.catalog[req.id]
	if cm == nil {
		m.plan.err, m.plan.have = fmt.Errorf("%s is not in the selection", req.id), true
		return nil
	}
	return func() tea.Msg {
		w := plan.Workload{Users: req.users, TPS: req.tps, Settings: req.s}
		ans, err := plan.Run(cm, w, plan.DefaultCostSettings(), hwprobe.ListAccelerators())
		return planDoneMsg{req: req, ans: ans, err: err}
	}
}

func (m Model) planDone(msg planDoneMsg) Model {
	if msg.req != m.plan.asked {
		return m // an answer for an older workload
	}
	m.plan.ans, m.plan.err, m.plan.have = msg.ans, msg.err, true
	m.plan.cursor = min(m.plan.cursor, max(0, len(msg.ans.Plans)-1))
	return m
}

// planPage is how far pgup/pgdn move in the ranking: about the rows an
// 80×24 terminal shows.
const planPage = 5

func (m Model) updatePlan(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	n := len(m.plan.ans.Plans)
	r := &m.plan.req
	switch {
	case key.Matches(msg, k.Up):
		m.plan.cursor = max(0, m.plan.cursor-1)
	case key.Matches(msg, k.Down):
		m.plan.cursor = max(0, min(n-1, m.plan.cursor+1))
	case key.Matches(msg, k.PageUp):
		m.plan.cursor = max(0, m.plan.cursor-planPage)
	case key.Matches(msg, k.PageDown):
		m.plan.cursor = max(0, min(n-1, m.plan.cursor+planPage))
	case key.Matches(msg, k.Home):
		m.plan.cursor = 0
	case key.Matches(msg, k.End):
		m.plan.cursor = max(0, n-1)
	case key.Matches(msg, k.UsersUp):
		r.users = min(plan.MaxUsers, r.users*2)
	case key.Matches(msg, k.UsersDown):
		r.users = max(1, r.users/2)
	case key.Matches(msg, k.TPSUp):
		r.tps += 5
	case key.Matches(msg, k.TPSDown):
		r.tps = max(0, r.tps-5)
	case key.Matches(msg, k.Idle): // a plan sizes hardware to buy: this machine's free memory plays no part
		m.setStatus("the plan sizes new hardware, whole: this machine's free or total memory plays no part")
		return m, nil, true
	case key.Matches(msg, k.Copy):
		if n > 0 {
			p := m.plan.ans.Plans[m.plan.cursor]
			m.setStatus("plan commands copied to the clipboard (OSC 52)")
			return m, tea.SetClipboard(strings.Join(p.Commands, "\n")), true
		}
		return m, nil, true
	default:
		return m, nil, false
	}
	return m, m.planRefresh(), true
}

// planView: the workload line, the ranking, the selected plan's details
// and the hosted prices.
func (m Model) planView(w, h int) string {
	st := m.styles
	r := m.plan.req
	target := "no speed target"
	if r.tps > 0 {
		target = fmt.Sprintf("%g tok/s each", r.tps)
	}
	name := r.id
	if cm := m.catalog[r.id]; cm != nil {
		name = cm.Name
	}
	lines := []string{
		spread(st.Title.Render("Plan: "+name), st.Muted.Render(r.id), w),
		truncate(fmt.Sprintf("%s (%s) · %s (%s) · context %s (+/-) · %s (e)",
			plural(r.users, "1 user", fmt.Sprintf("%d users", r.users)), st.Accent.Render("</>"),
			target, st.Accent.Render("t/T"), report.Tokens(m.settings.Context), m.settings.Engine), w),
		"",
	}
	switch {
	case m.plan.err != nil:
		lines = append(lines, st.Error.Render(m.plan.err.Error()))
	case !m.plan.have:
		lines = append(lines, st.Muted.Render("searching the accelerator database…"))
	case m.plan.ans.Unmet != nil:
		lines = append(lines, st.Warning.Render(truncate(m.plan.ans.Unmet.Message+".", w)))
	default:
		lines = append(lines, m.planTable(w, max(3, h-len(lines)-9))...)
	}
	lines = append(lines, "")
	lines = append(lines, m.planHosted(w)...)
	return fixHeight(strings.Join(lines, "\n"), h)
}

// planCol is one column of the plan table after the hardware name; prio
// > 0 columns go on a narrow terminal (highest first) before the name
// shrinks below planHWMin, so the prices stay on screen.
type planCol struct {
	title string
	width int
	prio  int
	cell  func(p plan.Plan) string
}

const planHWMax, planHWMin = 34, 24

func planColumns(w int) (cols []planCol, hw int) {
	cols = []planCol{
		{"Quant", 7, 0, func(p plan.Plan) string { return p.Quant }},
		{"Price", 8, 0, func(p plan.Plan) string {
			if p.Price == nil {
				return "unpriced"
			}
			return fmt.Sprintf("$%.0f", p.Price.TotalUSD)
		}},
		{"tok/s/u", 8, 0, func(p plan.Plan) string { return fmt.Sprintf("%.1f", p.PerUserTPS) }},
		{"total", 6, 2, func(p plan.Plan) string { return fmt.Sprintf("%.0f", p.AggregateTPS) }},
		{"TTFT", 6, 1, func(p plan.Plan) string { return fmt.Sprintf("%.2fs", p.TTFTSeconds) }},
		{"$/M in", 8, 0, func(p plan.Plan) string {
			if p.Cost == nil {
				return "—"
			}
			return fmt.Sprintf("$%.3f", p.Cost.InputUSDPerM)
		}},
		{"$/M out", 8, 0, func(p plan.Plan) string {
			if p.Cost == nil {
				return "—"
			}
			return fmt.Sprintf("$%.3f", p.Cost.OutputUSDPerM)
		}},
	}
	rest := func() int {
		n := markWidth
		for _, c := range cols {
			n += 1 + c.width
		}
		return n
	}
	cols = dropByPrio(cols, func(c planCol) int { return c.prio }, func(cols []planCol) bool {
		n := markWidth
		for _, c := range cols {
			n += 1 + c.width
		}
		return w-n >= planHWMin
	})
	return cols, max(1, min(planHWMax, w-rest()))
}

func (m Model) planTable(w, rows int) []string {
	st := m.styles
	plans := m.plan.ans.Plans
	cols, hw := planColumns(w)
	row := func(name string, cell func(c planCol) string) string {
		var b strings.Builder
		b.WriteString(fit(name, hw))
		for i, c := range cols {
			v := cell(c)
			if i == 0 { // Quant reads left-aligned; numbers right
				b.WriteString(" " + fit(v, c.width))
			} else {
				b.WriteString(" " + strings.Repeat(" ", max(0, c.width-textWidth(v))) + v)
			}
		}
		return b.String()
	}
	head := "  " + row("Hardware", func(c planCol) string { return c.title })
	out := []string{st.Label.Render(truncate(head, w))}
	off := scrollTo(m.plan.offset, m.plan.cursor, len(plans), rows)
	for i := off; i < min(len(plans), off+rows); i++ {
		p := plans[i]
		line := row(p.Hardware, func(c planCol) string { return c.cell(p) })
		if i == m.plan.cursor {
			out = append(out, st.Accent.Render(truncate("› "+line, w)))
		} else {
			out = append(out, truncate("  "+line, w))
		}
	}
	if len(plans) > 0 {
		p := plans[m.plan.cursor]
		out = append(out, "", truncate(st.Muted.Render(p.Topology+" · ")+fmt.Sprintf("--gpu %q --ram %s", p.Args.GPU, p.Args.RAM), w))
		for _, c := range p.Commands {
			out = append(out, truncate("  "+st.Accent.Render(c), w))
		}
		if p.Price != nil {
			out = append(out, truncate(st.Muted.Render(fmt.Sprintf("price: %s, %s %s, %s", p.Price.What, p.Price.Kind, p.Price.Date, p.Price.Source)), w))
		}
	}
	return out
}

func (m Model) planHosted(w int) []string {
	st := m.styles
	c := m.plan.ans.Costs
	if !m.plan.have {
		return nil
	}
	if len(c.Hosted) == 0 {
		return []string{st.Muted.Render(truncate(fmt.Sprintf("no hosted API price for this model in fitcheck's table (%s to %s)", c.TableOldest, c.TableNewest), w))}
	}
	var parts []string
	for _, h := range c.Hosted {
		parts = append(parts, fmt.Sprintf("%s $%.2f/$%.2f (%s)", h.Provider, h.InputPerM, h.OutputPerM, h.Date))
	}
	return []string{truncate(st.Label.Render("Hosted  ")+strings.Join(parts, " · ")+st.Muted.Render("  per M tokens in/out"), w),
		st.Muted.Render(truncate(fmt.Sprintf("costs: hardware over %g years at %g%% use + power at %.3f USD/kWh; y copies the commands",
			c.Settings.AmortizeYears, c.Settings.Utilization*100, c.Settings.ElectricityUSDPerKWh), w))}
}
