package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// step feeds a message and runs the command it returns (a plan search)
// until no message comes back, as the program would.
func step(t *testing.T, m Model, msg tea.Msg) Model {
	t.Helper()
	next, cmd := m.Update(msg)
	m = next.(Model)
	for cmd != nil {
		out := cmd()
		if out == nil {
			break
		}
		if _, ok := out.(planDoneMsg); !ok {
			break // the clipboard and others are not ours to run
		}
		next, cmd = m.Update(out)
		m = next.(Model)
	}
	return m
}

func TestPlanScreenFromDetailRanksLiveAsTheWorkloadChanges(t *testing.T) {
	m := newTest(t, 160, 40)
	m = pressUntilModel(t, m, "meta-llama/Llama-3.1-8B-Instruct")
	m = step(t, press(m, "enter"), keyMsg("p"))
	if m.screen != screenPlan {
		t.Fatalf("p on the detail did not open the plan screen (screen %d)", m.screen)
	}
	v := screenText(m)
	if !strings.Contains(v, "Plan: ") || !strings.Contains(v, "1 user") || !strings.Contains(v, "$/M out") {
		t.Fatalf("plan screen:\n%s", v)
	}
	if len(m.plan.ans.Plans) == 0 {
		t.Fatal("no plan for one user of Llama-3.1-8B")
	}
	// More users and a speed target: a new ranking, for the new workload.
	for range 5 {
		m = step(t, m, keyMsg(">"))
	}
	for range 8 {
		m = step(t, m, keyMsg("t"))
	}
	if m.plan.req.users != 32 || m.plan.req.tps != 40 || !m.plan.have {
		t.Fatalf("workload %+v have %v", m.plan.req, m.plan.have)
	}
	v = screenText(m)
	if !strings.Contains(v, "32 users") || !strings.Contains(v, "40 tok/s each") {
		t.Fatalf("after editing:\n%s", v)
	}
	for _, p := range m.plan.ans.Plans {
		if p.PerUserTPS < 40 || p.MaxConcurrency < 32 {
			t.Errorf("%s: %.1f tok/s for %0.f sequences, below the edited target", p.Hardware, p.PerUserTPS, p.MaxConcurrency)
		}
	}
	// A global setting (context ×2) re-ranks too.
	m = step(t, m, keyMsg("+"))
	if m.plan.req.s.Context != 16384 || !m.plan.have {
		t.Errorf("context change not planned: %+v", m.plan.req)
	}
	// A stale answer is dropped.
	old := planDoneMsg{req: planReq{id: "x"}}
	if m2 := step(t, m, old); m2.plan.asked.id != m.plan.asked.id || len(m2.plan.ans.Plans) != len(m.plan.ans.Plans) {
		t.Error("an answer for another workload replaced the current one")
	}
	m = press(m, "esc")
	if m.screen != screenDetail {
		t.Errorf("esc from the plan screen went to %d", m.screen)
	}
}

func pressUntilModel(t *testing.T, m Model, id string) Model {
	t.Helper()
	for range len(m.table.rows) {
		if m.selectedID() == id {
			return m
		}
		m = press(m, "down")
	}
	t.Fatalf("%s not in the table", id)
	return m
}
