package ui

import (
	"fmt"
	"reflect"
	"slices"
)

// What-if edits are undone one at a time: every edit pushes the state it
// replaces onto a short stack; u pops it, U goes back to the hardware
// fitcheck started with (itself an edit u can undo).

const undoDepth = 32 // what-if edits remembered

// whatIfStep is a what-if state to go back to and the edit that left it.
type whatIfStep struct {
	w     whatIf
	idle  *bool // the memory budget before the edit, for edits that set it (profiles)
	label string
}

// editWhatIf replaces the what-if hardware, remembering the previous state,
// and recomputes every estimate. label says what the edit did. An edit
// that leaves the machine as it is records nothing (undo would otherwise
// "undo" it and change nothing); it reports false.
func (m *Model) editWhatIf(w whatIf, label string) bool {
	if reflect.DeepEqual(w.apply(m.base), m.hw) {
		m.setStatus("what-if unchanged: the machine already has that")
		return false
	}
	m.pushUndo(whatIfStep{w: m.whatIf, label: label})
	m.whatIf = w
	m.rebuild()
	return true
}

// loadWhatIf is editWhatIf for a profile, which also sets the memory budget.
func (m *Model) loadWhatIf(w whatIf, assumeIdle bool, label string) {
	idle := m.assumeIdle
	m.pushUndo(whatIfStep{w: m.whatIf, idle: &idle, label: label})
	m.whatIf, m.assumeIdle = w, assumeIdle
	m.rebuild()
}

// pushUndo remembers a state. The stack is clipped first: models are
// values, and two copies must never share its array.
func (m *Model) pushUndo(step whatIfStep) {
	m.undo = append(slices.Clip(m.undo), step)
	if n := len(m.undo); n > undoDepth {
		m.undo = m.undo[n-undoDepth:]
	}
}

// undoWhatIf goes back one what-if edit.
func (m *Model) undoWhatIf() {
	n := len(m.undo)
	if n == 0 {
		m.setStatus("nothing to undo: the what-if hardware is unchanged")
		return
	}
	step := m.undo[n-1]
	m.undo = m.undo[:n-1]
	m.whatIf = step.w
	if step.idle != nil {
		m.assumeIdle = *step.idle
	}
	m.rebuild()
	m.wi.mcursor = max(0, min(m.wi.mcursor, len(groupGPUs(m.hardware().GPUs))-1))
	msg := "undone: " + step.label
	if n > 1 {
		msg += fmt.Sprintf(" (%d more to undo)", n-1)
	}
	m.setStatus(msg)
}

// resetWhatIf drops every what-if edit.
func (m *Model) resetWhatIf() {
	if !m.whatIf.active() {
		m.setStatus("the hardware is already the one fitcheck started with")
		return
	}
	m.editWhatIf(whatIf{}, "reset what-if")
	m.wi.mcursor = 0
	m.setStatus("what-if reset: back to the hardware fitcheck started with (u undoes)")
}
