package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/report"
)

// Bounds of the settings keys.
const (
	minContext = 512
	maxContext = 1 << 20
	minPrompt  = 64
)

// kvTypes is the cycle of the KV cache type key.
var kvTypes = []string{"f16", "q8_0", "q4_0"}

// updateSettings applies a settings key (from any screen) and recomputes
// every estimate. It reports whether the key was a settings key.
func (m Model) updateSettings(msg tea.KeyPressMsg) (Model, bool) {
	k, s := m.keys, m.settings
	switch {
	case key.Matches(msg, k.ContextUp):
		s.Context = min(max(s.Context, minContext/2)*2, maxContext)
		m.setStatus("context " + report.Tokens(s.Context) + " tokens")
	case key.Matches(msg, k.ContextDown):
		s.Context = max(s.Context/2, minContext)
		s.PromptTokens = min(s.PromptTokens, s.Context)
		m.setStatus("context " + report.Tokens(s.Context) + " tokens")
	case key.Matches(msg, k.PromptUp):
		s.PromptTokens = min(max(s.PromptTokens, minPrompt/2)*2, s.Context)
		m.setStatus(fmt.Sprintf("prompt %s tokens (time to first token)", report.Tokens(s.PromptTokens)))
	case key.Matches(msg, k.PromptDown):
		s.PromptTokens = max(s.PromptTokens/2, minPrompt)
		m.setStatus(fmt.Sprintf("prompt %s tokens (time to first token)", report.Tokens(s.PromptTokens)))
	case key.Matches(msg, k.KVType):
		s.KVType = kvTypes[(slices.Index(kvTypes, s.KVType)+1)%len(kvTypes)]
		m.setStatus("KV cache " + s.KVType)
	case key.Matches(msg, k.Engine):
		if s.Engine == estimate.EngineVLLM {
			s.Engine = estimate.EngineLlamaCpp
		} else {
			s.Engine = estimate.EngineVLLM
		}
		m.setStatus("engine " + s.Engine)
	case key.Matches(msg, k.Idle):
		m.assumeIdle = !m.assumeIdle
		m.setStatus("memory budget: " + m.budgetLabel())
	default:
		return m, false
	}
	m.settings = s
	m.rebuild()
	return m, true
}

func (m Model) budgetLabel() string {
	if m.assumeIdle {
		return "total memory (idle machine)"
	}
	return "free memory"
}

// settingsLine shows the run settings, with their keys when there is room.
func (m Model) settingsLine(w int) string {
	s := m.settings
	items := []struct{ text, key string }{
		{"context " + report.Tokens(s.Context), "+/-"},
		{"prompt " + report.Tokens(s.PromptTokens), "[/]"},
		{"KV " + s.KVType, "k"},
		{s.Engine, "e"},
		{"budget " + m.budgetLabel(), "i"},
	}
	sep := m.styles.Muted.Render(" · ")
	var plain, keyed []string
	for _, it := range items {
		plain = append(plain, it.text)
		keyed = append(keyed, it.text+" "+m.styles.Muted.Render("(")+m.styles.Accent.Render(it.key)+m.styles.Muted.Render(")"))
	}
	line := m.label("Run") + strings.Join(keyed, sep)
	if textWidth(line) > w {
		line = m.label("Run") + strings.Join(plain, sep)
	}
	return truncate(line, w)
}
