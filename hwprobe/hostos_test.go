package hwprobe

import (
	"os"
	"path/filepath"
	"testing"
)

func TestIsWSL(t *testing.T) {
	dir := t.TempDir()
	for release, want := range map[string]bool{
		"5.15.167.4-microsoft-standard-WSL2\n": true,
		"6.8.0-45-generic\n":                   false,
	} {
		p := filepath.Join(dir, "osrelease")
		if err := os.WriteFile(p, []byte(release), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := isWSL(p); got != want {
			t.Errorf("release %q: WSL %v, want %v", release, got, want)
		}
	}
	if isWSL(filepath.Join(dir, "missing")) {
		t.Error("a missing release file is not WSL")
	}
}

func TestParseOSAndOverride(t *testing.T) {
	for in, want := range map[string]string{"Windows": OSWindows, " wsl ": OSWSL, "darwin": OSMacOS, "linux": OSLinux} {
		if got, err := ParseOS(in); err != nil || got != want {
			t.Errorf("ParseOS(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseOS("beos"); err == nil {
		t.Error("ParseOS(beos): want an error")
	}
	probed := Snapshot{Source: SourceProbe, OS: OSLinux, GPUs: []GPU{}}
	if s := ApplyOverrides(probed, Overrides{RAMBytes: 64 << 30}); s.OS != OSLinux {
		t.Errorf("more RAM on this machine: OS %q, want it kept", s.OS)
	}
	whatIf := Overrides{GPUs: []GPU{{Name: "RTX 4090"}}}
	if s := ApplyOverrides(probed, whatIf); s.OS != "" {
		t.Errorf("a what-if GPU machine: OS %q, want unknown", s.OS)
	}
	whatIf.OS = OSWindows
	if s := ApplyOverrides(probed, whatIf); s.OS != OSWindows {
		t.Errorf("--os windows: OS %q", s.OS)
	}
}
