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
	"github.com/fitcheck/fitcheck/hwprobe"
)

// A profile is a named what-if machine saved as JSON in the profile
// directory, for demos on someone else's laptop: the whole machine (CPU,
// RAM, GPUs) and whether budgets use total memory. File I/O happens only in
// the commands below.
type profile struct {
	Name       string           `json:"name"`
	AssumeIdle bool             `json:"assume_idle"`
	Hardware   hwprobe.Snapshot `json:"hardware"`
}

func newProfile(name string, hw hwprobe.Snapshot, assumeIdle bool) profile {
	hw = hw.Clone()
	hw.Warnings, hw.Source = nil, hwprobe.SourceOverride
	return profile{Name: name, AssumeIdle: assumeIdle, Hardware: hw}
}

// profileItem is one saved profile in the picker.
type profileItem struct {
	name, path, summary string
}

type profilesState struct {
	items  []profileItem
	cursor int
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

func readProfile(path string) (profile, error) {
	var p profile
	data, err := os.ReadFile(path)
	if err != nil {
		return p, err
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
		m.setStatus("no saved profiles in " + m.cfg.ProfileDir + ": s saves the current machine")
	default:
		m.profiles = profilesState{items: msg.items}
		m.overlay = overlayProfiles
	}
	return m
}

func (m Model) profileLoaded(msg profileLoadedMsg) Model {
	if msg.err != nil {
		m.setError(fmt.Errorf("profile: %w", msg.err))
		return m
	}
	m.loadWhatIf(whatIfFromSnapshot(msg.p.Hardware), msg.p.AssumeIdle, "profile “"+msg.p.Name+"”")
	m.wi.mcursor = 0
	m.setStatus("profile “" + msg.p.Name + "” loaded: " + machineSummary(m.hardware()))
	return m
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
	case key.Matches(msg, k.Back, k.Load, k.Quit):
		m.overlay = overlayNone
	}
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
	lines = append(lines, "", st.Muted.Render("enter loads · esc closes · files in "+m.cfg.ProfileDir))
	return m.box("What-if profiles", strings.Join(lines, "\n"), w, h)
}
