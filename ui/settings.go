package ui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/report"
)

// Bounds of the settings keys. The keys that halve stop at the minimum and
// never raise a smaller value the command line gave (--context 256,
// --prompt-tokens 1); the context bound is the CLI's.
const (
	minContext = 512
	maxContext = 1 << 24
	minPrompt  = 64
)

// kvTypes is the cycle of the KV cache type key.
var kvTypes = []string{"f16", "q8_0", "q4_0"}

// kvTypeValid reports whether an engine has a KV cache type: vLLM has no
// 4-bit cache (f16 is the model dtype, q8_0 is fp8), as the CLI says.
func kvTypeValid(engine, kv string) bool {
	return estimate.ValidKVType(kv) && !(engine == estimate.EngineVLLM && kv == "q4_0")
}

// nextKVType is the next type of the cycle the engine has.
func nextKVType(engine, kv string) string {
	i := slices.Index(kvTypes, kv)
	for range kvTypes {
		i = (i + 1) % len(kvTypes)
		if kvTypeValid(engine, kvTypes[i]) {
			return kvTypes[i]
		}
	}
	return kv
}

// kvLabel is a KV cache type as the engine calls it.
func kvLabel(engine, kv string) string {
	if engine == estimate.EngineVLLM && kv == "q8_0" {
		return "q8_0 (fp8 in vLLM)"
	}
	return kv
}

// halve halves v down to lo; a value already at or under lo stays.
func halve(v, lo int) int {
	if v <= lo {
		return v
	}
	return max(v/2, lo)
}

// double doubles v (from lo/2 at least) up to hi.
func double(v, lo, hi int) int { return max(v, min(max(v, lo/2)*2, hi)) }

// updateSettings applies a settings key (from any screen) and recomputes
// every estimate. It reports whether the key was a settings key.
func (m Model) updateSettings(msg tea.KeyPressMsg) (Model, bool) {
	k, s := m.keys, m.settings
	// A key that cannot change anything says why instead of doing nothing.
	unchanged := func(why string) (Model, bool) {
		m.setStatus(why)
		return m, true
	}
	switch {
	case key.Matches(msg, k.ContextUp):
		hi := m.contextCeiling()
		if s.Context >= hi {
			return unchanged(fmt.Sprintf("context %s: no model shown takes more (the largest maximum is %s)", report.Tokens(s.Context), report.Tokens(hi)))
		}
		s.Context = min(double(s.Context, minContext, maxContext), hi)
		m.setStatus("context " + report.Tokens(s.Context) + " tokens" + m.clampNote(s.Context))
	case key.Matches(msg, k.ContextDown):
		if s.Context <= minContext {
			return unchanged(fmt.Sprintf("context %s: at its minimum", report.Tokens(s.Context)))
		}
		s.Context = halve(s.Context, minContext)
		m.setStatus("context " + report.Tokens(s.Context) + " tokens" + m.clampNote(s.Context))
		if s.PromptTokens > s.Context {
			s.PromptTokens = s.Context
			m.setStatus("context " + report.Tokens(s.Context) + " tokens; the prompt follows it down" + m.clampNote(s.Context))
		}
	case key.Matches(msg, k.PromptUp):
		if s.PromptTokens >= s.Context {
			return unchanged(fmt.Sprintf("prompt %s: already the whole context; + raises the context", report.Tokens(s.PromptTokens)))
		}
		s.PromptTokens = min(double(s.PromptTokens, minPrompt, s.Context), s.Context)
		m.setStatus(fmt.Sprintf("prompt %s tokens (time to first token)", report.Tokens(s.PromptTokens)))
	case key.Matches(msg, k.PromptDown):
		if s.PromptTokens <= minPrompt {
			return unchanged(fmt.Sprintf("prompt %s: at its minimum", report.Tokens(s.PromptTokens)))
		}
		s.PromptTokens = halve(s.PromptTokens, minPrompt)
		m.setStatus(fmt.Sprintf("prompt %s tokens (time to first token)", report.Tokens(s.PromptTokens)))
	case key.Matches(msg, k.KVType):
		s.KVType = nextKVType(s.Engine, s.KVType)
		m.setStatus("KV cache " + kvLabel(s.Engine, s.KVType))
	case key.Matches(msg, k.Engine):
		if s.Engine == estimate.EngineVLLM {
			s.Engine = estimate.EngineLlamaCpp
		} else {
			s.Engine = estimate.EngineVLLM
		}
		m.setStatus("engine " + s.Engine)
		if s.Engine == estimate.EngineVLLM && len(m.hardware().GPUs) == 0 {
			m.setStatus("engine vllm: " + report.VLLMNeedsGPU + " (e switches back)")
		}
		if !kvTypeValid(s.Engine, s.KVType) {
			old := s.KVType
			s.KVType = "q8_0"
			m.setStatus(fmt.Sprintf("engine %s: KV cache %s, as vLLM has no %s cache", s.Engine, kvLabel(s.Engine, s.KVType), old))
		}
	case key.Matches(msg, k.Idle):
		m.assumeIdle = !m.assumeIdle
		m.setStatus("memory budget: " + m.budgetLabel())
	default:
		return m, false
	}
	// Cached tokens and the prompt share the context (--cached-tokens).
	s.CachedTokens = min(s.CachedTokens, max(s.Context-s.PromptTokens, 0))
	m.settings = s
	m.rebuild()
	return m, true
}

// contextCeiling is the largest context worth setting: the largest maximum
// among the models of the selection (the CLI's bound when none is known).
func (m Model) contextCeiling() int {
	hi := 0
	for i := range m.doc.Models {
		hi = max(hi, m.doc.Models[i].ContextMax)
	}
	if hi <= 0 {
		return maxContext
	}
	return max(min(hi, maxContext), m.settings.Context)
}

// clampNote says how many models are estimated at their smaller maximum
// context (marked in the table).
func (m Model) clampNote(context int) string {
	n := 0
	for i := range m.doc.Models {
		if c := m.doc.Models[i].ContextMax; c > 0 && c < context {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" · %s (%s)", plural(n, "1 model at its maximum context", fmt.Sprintf("%d models at their maximum context", n)), clampMark)
}

func (m Model) budgetLabel() string {
	if m.assumeIdle {
		return "total memory (idle machine)"
	}
	return "free memory"
}

// cliSettings are the run settings only the command line sets, in words,
// where they differ from the defaults and apply to the engine: the
// estimates depend on them, so every line that states the settings shows
// them.
func cliSettings(s estimate.Settings) []string {
	d := estimate.DefaultSettings()
	var out []string
	llama := s.Engine != estimate.EngineVLLM
	if s.CPUMoE && llama {
		out = append(out, "experts in RAM")
	}
	if s.TextOnly && llama {
		out = append(out, "text only (no mmproj)")
	}
	if s.Parallel > 1 {
		out = append(out, fmt.Sprintf("%d parallel", s.Parallel))
	}
	if s.CachedTokens > 0 {
		out = append(out, report.Tokens(s.CachedTokens)+" cached")
	}
	if !s.FlashAttention && llama {
		out = append(out, "no flash-attn")
	}
	if !llama && s.GPUMemoryUtilization > 0 && s.GPUMemoryUtilization != d.GPUMemoryUtilization {
		out = append(out, fmt.Sprintf("GPU util %g%%", math.Round(s.GPUMemoryUtilization*1000)/10))
	}
	return out
}

// settingItem is one part of a settings line; narrow terminals drop the
// highest prio first (0 is kept).
type settingItem struct {
	text, key string
	prio      int
}

// settingsLine shows the run settings, with their keys when there is room.
func (m Model) settingsLine(w int) string {
	s := m.settings
	items := []settingItem{
		{"context " + report.Tokens(s.Context), "+/-", 0},
		{"prompt " + report.Tokens(s.PromptTokens), "[/]", 5},
		{"KV " + s.KVType, "K", 1},
		{s.Engine, "e", 1},
	}
	for _, c := range cliSettings(s) {
		items = append(items, settingItem{c, "", 2})
	}
	items = append(items, settingItem{"budget " + m.budgetLabel(), "i", 4})
	sep := m.styles.Muted.Render(" · ")
	join := func(items []settingItem, keyed bool) string {
		parts := make([]string, len(items))
		for i, it := range items {
			parts[i] = it.text
			if keyed && it.key != "" {
				parts[i] += " " + m.styles.Muted.Render("(") + m.styles.Accent.Render(it.key) + m.styles.Muted.Render(")")
			}
		}
		return m.label("Run") + strings.Join(parts, sep)
	}
	// Keep the key hints: drop the less important settings first, the hints
	// only when the essential ones alone do not fit.
	plainWidth := func(items []settingItem, keyed bool) int { // join's width, without rendering
		n := textWidth(m.label("Run")) + 3*(len(items)-1)
		for _, it := range items {
			n += textWidth(it.text)
			if keyed && it.key != "" {
				n += 3 + textWidth(it.key)
			}
		}
		return n
	}
	keyed := dropToFit(items, func(items []settingItem) bool { return plainWidth(items, true) <= w })
	if line := join(keyed, true); textWidth(line) <= w {
		return line
	}
	return truncate(join(dropToFit(items, func(items []settingItem) bool { return plainWidth(items, false) <= w }), false), w)
}

// dropToFit drops the items of highest prio, one at a time, until fits
// says yes or only prio 0 is left.
func dropToFit(items []settingItem, fits func([]settingItem) bool) []settingItem {
	return dropByPrio(slices.Clone(items), func(it settingItem) int { return it.prio }, fits)
}

// dropByPrio removes the element of highest priority (0 is never dropped),
// one at a time, until fits says yes. Narrow terminals lose detail first.
func dropByPrio[T any](items []T, prio func(T) int, fits func([]T) bool) []T {
	for !fits(items) {
		worst := -1
		for i, it := range items {
			if p := prio(it); p > 0 && (worst < 0 || p >= prio(items[worst])) {
				worst = i
			}
		}
		if worst < 0 {
			break
		}
		items = slices.Delete(items, worst, worst+1)
	}
	return items
}
