package ui

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/internal/regularfile"
)

// A profile is a named what-if machine saved as JSON in the profile
// directory, for demos on someone else's laptop: the whole machine (CPU,
// RAM, GPUs) and whether budgets use total memory. File I/O happens only in
// the commands below.
type profile struct {
	Name       string           `json:"name"`
	AssumeIdle bool             `json:"assume_idle"`
	Hardware   hwprobe.Snapshot `json:"hardware"`
	// Settings are the run settings (context, prompt, KV cache, engine, …)
	// saved with the machine, so a demo comes back as it was; absent in
	// profiles saved before they were kept.
	Settings *estimate.Settings `json:"settings,omitempty"`
}

func newProfile(name string, hw hwprobe.Snapshot, assumeIdle bool, s estimate.Settings) profile {
	hw = hw.Clone()
	hw.Warnings, hw.Source = nil, hwprobe.SourceOverride
	return profile{Name: name, AssumeIdle: assumeIdle, Hardware: hw, Settings: &s}
}

// ReadProfile reads the saved profile NAME from dir (the CLI's --profile):
// its machine, whether it budgets total memory, and its run settings (nil
// when it has none).
func ReadProfile(dir, name string) (hw hwprobe.Snapshot, assumeIdle bool, settings *estimate.Settings, err error) {
	path := profileFile(dir, name)
	p, err := readProfile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return hw, false, nil, fmt.Errorf("no profile %q in %s (save one in the TUI: w, then s)", name, dir)
	}
	if err != nil {
		return hw, false, nil, err
	}
	hw = p.Hardware.Clone()
	hw.Source = hwprobe.SourceOverride
	if hw.Warnings == nil {
		hw.Warnings = []string{}
	}
	return hw, p.AssumeIdle, p.Settings, nil
}

// deleteProfileCmd removes a profile file.
func deleteProfileCmd(it profileItem) tea.Cmd {
	return func() tea.Msg {
		return profileChangedMsg{done: "deleted profile “" + it.name + "”", err: os.Remove(it.path)}
	}
}

// renameProfileCmd saves a profile under a new name and removes the old
// file (the file name follows the profile name).
func renameProfileCmd(dir string, it profileItem, name string) tea.Cmd {
	return func() tea.Msg {
		p, err := readProfile(it.path)
		if err != nil {
			return profileChangedMsg{err: err}
		}
		p.Name = name
		path := profileFile(dir, name)
		if _, err := os.Stat(path); err == nil && path != it.path {
			return profileChangedMsg{err: fmt.Errorf("a profile named %q exists already", name)}
		}
		if msg := saveProfileCmd(dir, p)().(profileSavedMsg); msg.err != nil {
			return profileChangedMsg{err: msg.err}
		}
		if path != it.path {
			if err := os.Remove(it.path); err != nil {
				return profileChangedMsg{err: err}
			}
		}
		return profileChangedMsg{done: "renamed “" + it.name + "” to “" + name + "”"}
	}
}

// profileItem is one saved profile in the picker.
type profileItem struct {
	name, path, summary string
}

type profilesState struct {
	items   []profileItem
	cursor  int
	confirm string // path of the profile a first d asked to delete
}

type (
	profilesListedMsg struct {
		items []profileItem
		err   error
	}
	profileLoadedMsg struct {
		p   profile
		err error
	}
	profileSavedMsg struct {
		name, path string
		err        error
	}
	// profileChangedMsg ends a delete or rename; the list is read again.
	profileChangedMsg struct {
		done string
		err  error
	}
)

// profileFile is the file of a profile name: a lower-case slug + ".json".
func profileFile(dir, name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	slug := strings.Trim(b.String(), "-.")
	if slug == "" {
		slug = "profile"
	}
	return filepath.Join(dir, slug+".json")
}

func saveProfileCmd(dir string, p profile) tea.Cmd {
	return func() tea.Msg {
		path := profileFile(dir, p.Name)
		data, err := json.MarshalIndent(p, "", "  ")
		if err == nil {
			err = os.MkdirAll(dir, 0o755)
		}
		if err == nil {
			// Write then rename, so a crash never leaves half a profile.
			tmp := path + ".tmp"
			if err = os.WriteFile(tmp, append(data, '\n'), 0o644); err == nil {
				err = os.Rename(tmp, path)
			}
		}
		return profileSavedMsg{name: p.Name, path: path, err: err}
	}
}

func listProfilesCmd(dir string) tea.Cmd {
	return func() tea.Msg {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return profilesListedMsg{}
		}
		if err != nil {
			return profilesListedMsg{err: err}
		}
		var items []profileItem
		for _, e := range entries {
			if e.IsDir() || filepath.Ext(e.Name()) != ".json" {
				continue
			}
			path := filepath.Join(dir, e.Name())
			p, err := readProfile(path)
			if err != nil {
				items = append(items, profileItem{name: e.Name(), path: path, summary: "unreadable: " + err.Error()})
				continue
			}
			items = append(items, profileItem{name: p.Name, path: path, summary: machineSummary(p.Hardware)})
		}
		slices.SortFunc(items, func(a, b profileItem) int { return cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name)) })
		return profilesListedMsg{items: items}
	}
}

func loadProfileCmd(path string) tea.Cmd {
	return func() tea.Msg {
		p, err := readProfile(path)
		return profileLoadedMsg{p: p, err: err}
	}
}

// maxProfileBytes bounds a profile: a few hundred bytes of JSON.
const maxProfileBytes = 1 << 20

func readProfile(path string) (profile, error) {
	var p profile
	// A FIFO named like a profile would block (report --option profile:NAME
	// reads these too): regular files only.
	data, err := regularfile.Read(path, maxProfileBytes)
	if err != nil {
		return p, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return p, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if p.Name == "" {
		p.Name = strings.TrimSuffix(filepath.Base(path), ".json")
	}
	return p, nil
}

// machineSummary is "2× RTX 4090 · 128.0 GiB RAM".
func machineSummary(s hwprobe.Snapshot) string {
	var parts []string
	for _, g := range groupGPUs(s.GPUs) {
		if g.count > 1 {
			parts = append(parts, fmt.Sprintf("%d× %s", g.count, g.gpu.Name))
		} else {
			parts = append(parts, g.gpu.Name)
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "no GPU")
	}
	return strings.Join(parts, " + ") + " · " + gib(s.Memory.TotalBytes) + " RAM"
}

func (m Model) profilesListed(msg profilesListedMsg) Model {
	switch {
	case msg.err != nil:
		m.setError(fmt.Errorf("profiles: %w", msg.err))
	case len(msg.items) == 0:
		if m.overlay == overlayProfiles {
			m.overlay = overlayNone // the last one was deleted
		}
		m.setStatus("no saved profiles in " + m.cfg.ProfileDir + ": s saves the current machine")
	default:
		m.profiles = profilesState{items: msg.items, cursor: min(m.profiles.cursor, len(msg.items)-1)}
		m.overlay = overlayProfiles
	}
	return m
}

func (m Model) profileLoaded(msg profileLoadedMsg) Model {
	if msg.err != nil {
		m.setError(fmt.Errorf("profile: %w", msg.err))
		return m
	}
	if msg.p.Settings != nil {
		m.settings = withDefaults(*msg.p.Settings)
	}
	m.loadWhatIf(whatIfFromSnapshot(msg.p.Hardware), msg.p.AssumeIdle, "profile “"+msg.p.Name+"”")
	m.wi.mcursor = 0
	m.setStatus("profile “" + msg.p.Name + "” loaded: " + machineSummary(m.hardware()))
	return m
}

func (m Model) profileChanged(msg profileChangedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.setError(fmt.Errorf("profile: %w", msg.err))
		return m, nil
	}
	m.setStatus(msg.done)
	m.profiles.confirm = ""
	return m, listProfilesCmd(m.cfg.ProfileDir)
}

func (m Model) profileSaved(msg profileSavedMsg) Model {
	if msg.err != nil {
		m.setError(fmt.Errorf("saving profile: %w", msg.err))
		return m
	}
	m.setStatus("saved profile “" + msg.name + "” to " + msg.path)
	return m
}

func (m Model) updateProfiles(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.profiles.cursor = max(0, m.profiles.cursor-1)
	case key.Matches(msg, k.Down):
		m.profiles.cursor = min(len(m.profiles.items)-1, m.profiles.cursor+1)
	case msg.String() == "enter":
		m.overlay = overlayNone
		if it := m.profiles.items; m.profiles.cursor < len(it) {
			return m, loadProfileCmd(it[m.profiles.cursor].path)
		}
	case key.Matches(msg, k.Remove) && m.profiles.cursor < len(m.profiles.items):
		it := m.profiles.items[m.profiles.cursor]
		if m.profiles.confirm != it.path {
			m.profiles.confirm = it.path
			m.setStatus("d again deletes profile “" + it.name + "”; any other key keeps it")
			return m, nil
		}
		return m, deleteProfileCmd(it)
	case key.Matches(msg, k.SetRAM) && m.profiles.cursor < len(m.profiles.items): // r renames
		m.profiles.confirm = ""
		return m.openPrompt(promptRename, m.profiles.items[m.profiles.cursor].name)
	case key.Matches(msg, k.Back, k.Load, k.Quit):
		m.overlay = overlayNone
	}
	m.profiles.confirm = ""
	return m, nil
}

func (m Model) profilesView(w, h int) string {
	st := m.styles
	var lines []string
	nameW := 0
	for _, it := range m.profiles.items {
		nameW = max(nameW, textWidth(it.name))
	}
	nameW = min(nameW, 28)
	for i, it := range m.profiles.items {
		name := fit(it.name, nameW)
		cursor := "  "
		if i == m.profiles.cursor {
			cursor, name = "› ", st.Selected.Render(name)
		}
		lines = append(lines, cursor+name+"  "+st.Muted.Render(it.summary))
	}
	lines = append(lines, "", st.Muted.Render("enter loads · r renames · d deletes · esc closes · files in "+m.cfg.ProfileDir))
	return m.box("What-if profiles", strings.Join(lines, "\n"), w, h)
}
