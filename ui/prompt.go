package ui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
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
	promptCores                  // what-if CPU cores
	promptRAMBW                  // what-if system memory bandwidth
	promptRename                 // new name of a saved profile
)

var promptLabels = map[promptKind]string{
	promptSearch:      "search: ",
	promptAccelSearch: "find accelerator: ",
	promptRAM:         "RAM size (e.g. 64GiB, 128G = GiB): ",
	promptGPU:         "add GPUs (e.g. 2x RTX 4090; RTX 4060 Laptop,free=7GiB; RTX 3090,pcie=3.0x4; RTX 3090,power=220W; mem=24GiB,bw=1008,tflops=165): ",
	promptSave:        "save profile as: ",
	promptAddModel:    "add model (Hugging Face id ORG/NAME): ",
	promptCores:       "CPU cores (physical): ",
	promptRename:      "rename profile to: ",
	promptRAMBW:       "system memory bandwidth in GB/s (e.g. 90 for dual-channel DDR5-5600): ",
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
		case m.prompt.kind == promptSearch && isArrow(km):
			m, _, _ = m.updateMain(km)
			return m, nil
		case m.prompt.kind == promptAccelSearch && isArrow(km):
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

// isArrow: in a prompt only ↑/↓ move the list; j and k are text.
func isArrow(km tea.KeyPressMsg) bool { return km.String() == "up" || km.String() == "down" }

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
		if m.editWhatIf(m.whatIf.withRAM(b), "RAM "+gib(b)) {
			m.setStatus("what-if RAM " + gib(b))
		}
	case promptGPU:
		gpus, err := hwprobe.ParseGPUSpec(v)
		if err != nil {
			m.setError(err)
			return m, nil
		}
		label := fmt.Sprintf("added %d× %s", len(gpus), gpuName(gpus))
		m.editWhatIf(m.whatIf.withGPUs(append(slices.Clone(m.hardware().GPUs), gpus...)), label)
		m.setStatus(label)
	case promptCores:
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 4096 {
			m.setError(fmt.Errorf("%q: give a number of cores from 1 to 4096", v))
			return m, nil
		}
		if m.editWhatIf(m.whatIf.withCPU(n, 0), fmt.Sprintf("%d CPU cores", n)) {
			m.setStatus(fmt.Sprintf("what-if CPU: %d cores", n))
		}
	case promptRAMBW:
		gbps, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(v, "GB/s")), " "), 64)
		if err != nil || !(gbps > 0 && gbps <= 100000) {
			m.setError(fmt.Errorf("%q: give a bandwidth in GB/s, e.g. 90", v))
			return m, nil
		}
		if m.editWhatIf(m.whatIf.withCPU(0, gbps), fmt.Sprintf("RAM %g GB/s", gbps)) {
			m.setStatus(fmt.Sprintf("what-if memory bandwidth %g GB/s", gbps))
		}
	case promptSave:
		if v == "" {
			m.setError(errors.New("a profile needs a name"))
			return m, nil
		}
		cmd = saveProfileCmd(m.cfg.ProfileDir, newProfile(v, m.hardware(), m.assumeIdle, m.settings))
	case promptRename:
		if v == "" {
			m.setError(errors.New("a profile needs a name"))
			return m, nil
		}
		if it := m.profiles.items; m.profiles.cursor < len(it) {
			cmd = renameProfileCmd(m.cfg.ProfileDir, it[m.profiles.cursor], v)
		}
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
	helpLine := m.shortHelpLine(w)
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
	case m.status != "":
		style := st.Accent
		if m.statusErr {
			style = st.Error
		}
		status = truncate(style.Render(m.status), w)
		// A message too long for one line takes the help line too: cut,
		// "…forbi…" lost what to do about it.
		if textWidth(m.status) > w {
			if l := strings.SplitN(ansi.Wordwrap(m.status, w, ""), "\n", 2); len(l) == 2 {
				status = truncate(style.Render(l[0]), w)
				helpLine = truncate(style.Render(strings.ReplaceAll(l[1], "\n", " ")), w)
			}
		}
	default:
		status = truncate(m.contextLine(), w)
	}
	return status + "\n" + helpLine
}

// shortHelpLine is the screen's short help cut to w cells by dropping the
// last keys first: help and quit always stay, whole, never behind a "…".
func (m Model) shortHelpLine(w int) string {
	h := m.help
	h.SetWidth(0) // measure untruncated
	short := slices.Clone(m.helpFor().ShortHelp())
	keep := func(b key.Binding) bool {
		return b.Help().Key == m.keys.Help.Help().Key || b.Help().Key == m.keys.Quit.Help().Key
	}
	// Widths from the plain text ("key desc", joined by " • "), so the
	// footer is rendered once per frame however many keys go.
	width := func(bs []key.Binding) int {
		n := 0
		for i, b := range bs {
			if i > 0 {
				n += 3
			}
			n += textWidth(b.Help().Key) + 1 + textWidth(b.Help().Desc)
		}
		return n
	}
	for width(short) > w {
		i := len(short) - 1
		for i >= 0 && keep(short[i]) {
			i--
		}
		if i < 0 {
			break
		}
		short = slices.Delete(short, i, i+1)
	}
	return truncate(h.ShortHelpView(short), w)
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
	if m.vllmWithoutGPU() {
		return st.Warning.Render(report.VLLMNeedsGPU + ": e switches to llama.cpp, w adds a GPU")
	}
	if w, _ := m.size(); m.screen == screenMain && nameCut(w) {
		// Narrow tables cut names: spell out the selected model.
		if rm := m.model(m.selectedID()); rm != nil {
			return st.Label.Render(rm.Name) + st.Muted.Render(" · "+rm.Organisation+" · "+rm.ID)
		}
	}
	legend := "● full GPU  ◐ partial: GPU layers/all  ○ CPU only  ✗ does not fit   licence: ✓ commercial ~ conditions ⊖ non-commercial"
	if w, _ := m.size(); textWidth(legend) > w {
		legend = "● GPU ◐ partial ○ CPU ✗ no fit · licence ✓ ok ~ conditions ⊖ no"
	}
	if m.screen == screenMain && m.clampNote(m.settings.Context) != "" {
		if w, _ := m.size(); textWidth(legend+" · ↓ at its max context") > w {
			legend += " · ↓ at max ctx" // whole at 80 columns, not "↓ at its max …"
		} else {
			legend += " · ↓ at its max context"
		}
	}
	return st.Muted.Render(legend)
}
