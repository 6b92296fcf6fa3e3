package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// promptKind says what the one-line input in the footer is for.
type promptKind int

const (
	promptNone        promptKind = iota
	promptSearch                 // model search, applied as you type
	promptAccelSearch            // accelerator search on the what-if screen
	promptRAM                    // what-if RAM size
	promptGPU                    // what-if GPU spec, the --gpu syntax
	promptSave                   // profile name
	promptAddModel               // Hugging Face id of a model to add
)

var promptLabels = map[promptKind]string{
	promptSearch:      "search: ",
	promptAccelSearch: "find accelerator: ",
	promptRAM:         "RAM size (e.g. 64GiB, 128G = GiB): ",
	promptGPU:         "add GPUs (e.g. 2x RTX 4090, or mem=24GiB,bw=1008,tflops=165): ",
	promptSave:        "save profile as: ",
	promptAddModel:    "add model (Hugging Face id ORG/NAME): ",
}

// prompt is the footer's text input.
type prompt struct {
	kind  promptKind
	input textinput.Model
	prev  string // restored by esc
}

func (p prompt) active() bool { return p.kind != promptNone }

func (m Model) openPrompt(kind promptKind, value string) (Model, tea.Cmd) {
	ti := textinput.New()
	ti.Prompt = promptLabels[kind]
	ti.SetStyles(textinput.DefaultStyles(m.dark))
	ti.SetValue(value)
	ti.CursorEnd()
	cmd := ti.Focus()
	m.prompt = prompt{kind: kind, input: ti, prev: value}
	m.status = ""
	return m, cmd
}

// updatePrompt: enter applies, esc cancels, arrows still move the list
// being searched, everything else edits the text.
func (m Model) updatePrompt(msg tea.Msg) (Model, tea.Cmd) {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case km.String() == "enter":
			return m.submitPrompt()
		case km.String() == "esc":
			return m.cancelPrompt(), nil
		case m.prompt.kind == promptSearch && key.Matches(km, m.keys.Up, m.keys.Down):
			m, _, _ = m.updateMain(km)
			return m, nil
		case m.prompt.kind == promptAccelSearch && key.Matches(km, m.keys.Up, m.keys.Down):
			m.moveAccelCursor(km)
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.prompt.input, cmd = m.prompt.input.Update(msg)
	switch v := m.prompt.input.Value(); m.prompt.kind {
	case promptSearch:
		if v != m.search {
			m.search = v
			m.refresh()
		}
	case promptAccelSearch:
		if v != m.wi.query {
			m.wi.query, m.wi.cursor = v, 0
		}
	}
	return m, cmd
}

func (m Model) cancelPrompt() Model {
	switch m.prompt.kind {
	case promptSearch:
		m.search = m.prompt.prev
		m.refresh()
	case promptAccelSearch:
		m.wi.query, m.wi.cursor = m.prompt.prev, 0
	}
	m.prompt = prompt{}
	m.status = ""
	return m
}

// submitPrompt applies the input; on a parse error the prompt stays open
// with the error below it.
func (m Model) submitPrompt() (Model, tea.Cmd) {
	v := strings.TrimSpace(m.prompt.input.Value())
	var cmd tea.Cmd
	switch m.prompt.kind {
	case promptRAM:
		b, err := hwprobe.ParseSize(v)
		if err == nil && b <= 0 {
			err = errors.New("RAM size must be positive")
		}
		if err != nil {
			m.setError(err)
			return m, nil
		}
		m.editWhatIf(m.whatIf.withRAM(b), "RAM "+gib(b))
		m.setStatus("what-if RAM " + gib(b))
	case promptGPU:
		gpus, err := hwprobe.ParseGPUSpec(v)
		if err != nil {
			m.setError(err)
			return m, nil
		}
		label := fmt.Sprintf("added %d× %s", len(gpus), gpuName(gpus))
		m.editWhatIf(m.whatIf.withGPUs(append(slices.Clone(m.hardware().GPUs), gpus...)), label)
		m.setStatus(label)
	case promptSave:
		if v == "" {
			m.setError(errors.New("a profile needs a name"))
			return m, nil
		}
		cmd = saveProfileCmd(m.cfg.ProfileDir, newProfile(v, m.hardware(), m.assumeIdle))
	case promptAddModel:
		var ok bool
		if m, cmd, ok = m.submitAddModel(v); !ok {
			m.prompt = prompt{}
			return m, nil
		}
	case promptSearch:
		if v != "" {
			m.setStatus(fmt.Sprintf("%d %s match “%s”: esc clears", len(m.table.rows), plural(len(m.table.rows), "model", "models"), v))
		}
	}
	m.prompt = prompt{}
	return m, cmd
}

func gpuName(gpus []hwprobe.GPU) string {
	if len(gpus) == 0 {
		return "GPU"
	}
	return gpus[0].Name
}

// footerView: a status line (prompt, message or legend) and the short help;
// with a prompt open, an error replaces the help line.
func (m Model) footerView(w int) string {
	st := m.styles
	helpLine := truncate(m.help.ShortHelpView(m.helpFor().ShortHelp()), w)
	var status string
	switch {
	case m.prompt.active():
		m.prompt.input.SetWidth(max(1, w-textWidth(m.prompt.input.Prompt)-1))
		status = truncate(m.prompt.input.View(), w)
		switch {
		case m.status != "" && m.statusErr:
			helpLine = truncate(st.Error.Render(m.status), w)
		default:
			helpLine = truncate(st.Muted.Render("enter apply · esc cancel"), w)
		}
	case m.status != "" && m.statusErr:
		status = truncate(st.Error.Render(m.status), w)
	case m.status != "":
		status = truncate(st.Accent.Render(m.status), w)
	default:
		status = truncate(m.contextLine(), w)
	}
	return status + "\n" + helpLine
}

// contextLine says what shapes the current view: search, filters, marks;
// otherwise the legend of the verdict and licence marks.
func (m Model) contextLine() string {
	st := m.styles
	var parts []string
	if m.screen == screenMain || m.screen == screenCompare {
		if m.search != "" {
			parts = append(parts, "search “"+m.search+"”")
		}
		if f := m.activeFilters(); f != "" {
			parts = append(parts, "filters: "+f)
		}
		if n := len(m.marked); n > 0 {
			parts = append(parts, fmt.Sprintf("%d marked", n))
		}
	}
	if len(parts) > 0 {
		return st.Accent.Render(strings.Join(parts, " · "))
	}
	if w, _ := m.size(); m.screen == screenMain && nameCut(w) {
		// Narrow tables cut names: spell out the selected model.
		if rm := m.model(m.selectedID()); rm != nil {
			return st.Label.Render(rm.Name) + st.Muted.Render(" · "+rm.Organisation+" · "+rm.ID)
		}
	}
	return st.Muted.Render("● full GPU  ◐ partial: GPU layers/all  ○ CPU only  ✗ does not fit   licence: ✓ commercial ~ conditions ✗ non-commercial")
}
