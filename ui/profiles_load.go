package ui

import "github.com/fitcheck/fitcheck/hwprobe"

// LoadProfile reads a what-if profile saved in the TUI (by its name, as
// typed when saving), for `fitcheck report --option profile:NAME`.
func LoadProfile(dir, name string) (hw hwprobe.Snapshot, assumeIdle bool, label string, err error) {
	p, err := readProfile(profileFile(dir, name))
	if err != nil {
		return hw, false, "", err
	}
	return p.Hardware, p.AssumeIdle, p.Name, nil
}
