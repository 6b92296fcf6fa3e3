package ui

import (
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// fixtureCatalog is the small catalog in testdata: behaviour tests use it
// so they do not change when the built-in catalog does.
func fixtureCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	base, err := catalog.Builtin() // for the licence table
	if err != nil {
		t.Fatalf("built-in catalog (licences): %v", err)
	}
	data, err := os.ReadFile("testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	fixture, err := (&catalog.Catalog{Licences: base.Licences}).Merge("testdata/catalog.json", data)
	if err != nil {
		t.Fatal(err)
	}
	return fixture
}

// rtx4090 is the fixed what-if machine of the tests: one RTX 4090 and
// 64 GiB of RAM on a 16-core CPU, built the way the --gpu/--ram flags do.
func rtx4090(t testing.TB) hwprobe.Snapshot {
	t.Helper()
	gpus, err := hwprobe.ParseGPUSpec("RTX 4090")
	if err != nil {
		t.Fatal(err)
	}
	bw := 64.0
	base := hwprobe.Snapshot{
		Source: hwprobe.SourceProbe,
		CPU: hwprobe.CPU{Model: "AMD Ryzen 9 7950X 16-Core Processor", Vendor: "AMD", Arch: "amd64",
			PhysicalCores: 16, LogicalCores: 32, Features: []string{"avx2", "avx512f", "avx512_vnni"}, Source: hwprobe.SourceProbe},
		Memory: hwprobe.Memory{TotalBytes: 32 << 30, AvailableBytes: 30 << 30, BandwidthGBps: &bw,
			BandwidthBasis: "measured", Source: hwprobe.SourceProbe},
	}
	return hwprobe.ApplyOverrides(base, hwprobe.Overrides{GPUs: gpus, RAMBytes: 64 << 30})
}

// newTest is a model on the fixture catalog and the RTX 4090 machine,
// sized like a terminal.
func newTest(t testing.TB, w, h int) Model {
	t.Helper()
	cat := fixtureCatalog(t)
	return sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: rtx4090(t),
		Settings: estimate.DefaultSettings(), Version: "test", ProfileDir: t.TempDir()}), w, h)
}

func sized(m Model, w, h int) Model {
	return update(m, tea.WindowSizeMsg{Width: w, Height: h})
}

// update feeds one message and drops the command.
func update(m Model, msg tea.Msg) Model {
	next, _ := m.Update(msg)
	return next.(Model)
}

// press types keys: single characters, or names like "enter", "down",
// "space", "esc", "ctrl+c".
func press(m Model, keys ...string) Model {
	for _, k := range keys {
		m = update(m, keyMsg(k))
	}
	return m
}

// typeText types every rune of s.
func typeText(m Model, s string) Model {
	for _, r := range s {
		m = update(m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

var namedKeys = map[string]rune{
	"enter": tea.KeyEnter, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
	"left": tea.KeyLeft, "right": tea.KeyRight, "tab": tea.KeyTab, "space": tea.KeySpace,
	"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "home": tea.KeyHome, "end": tea.KeyEnd,
	"backspace": tea.KeyBackspace, "delete": tea.KeyDelete,
}

func keyMsg(k string) tea.KeyPressMsg {
	if strings.HasPrefix(k, "ctrl+") {
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	if c, ok := namedKeys[k]; ok {
		if c == tea.KeySpace {
			return tea.KeyPressMsg{Code: c, Text: " "}
		}
		return tea.KeyPressMsg{Code: c}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// screenText is the view as a person reads it: ANSI stripped.
func screenText(m Model) string { return ansi.Strip(m.View().Content) }
