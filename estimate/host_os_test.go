package estimate

import (
	"math"
	"strings"
	"testing"
)

// TestWindowsHybridOverhead: with experts of GPU layers in RAM, Windows and
// WSL2 add WindowsHybridToken to every token and say so in the basis;
// Linux, a model wholly on the GPU and whole layers on the CPU (-ngl) do
// not; an unknown OS name is refused.
func TestWindowsHybridOverhead(t *testing.T) {
	m := sizeModels["gpt-oss-120b"]
	s := DefaultSettings()
	s.NCPUMoE = 30
	linux, win, wsl := rtx4090Host(), rtx4090Host(), rtx4090Host()
	linux.OS, win.OS, wsl.OS = OSLinux, OSWindows, OSWSL
	a := mustEstimate(t, m, "MXFP4", linux, s)
	for _, hw := range []Hardware{win, wsl} {
		b := mustEstimate(t, m, "MXFP4", hw, s)
		if d := 1/b.DecodeTPS - 1/a.DecodeTPS; math.Abs(d-WindowsHybridToken) > 1e-9 {
			t.Errorf("%s: %.3f ms more a token than Linux, want %.3f", hw.OS, 1e3*d, 1e3*WindowsHybridToken)
		}
		if !strings.Contains(b.Basis, hw.OS+" hybrid overhead") {
			t.Errorf("%s: basis %q does not name the overhead", hw.OS, b.Basis)
		}
	}
	if strings.Contains(a.Basis, "hybrid overhead") {
		t.Errorf("linux basis %q names an OS overhead", a.Basis)
	}
	small := sizeModels["llama3-8b"]
	if x, y := mustEstimate(t, small, "Q4_K_M", linux, DefaultSettings()), mustEstimate(t, small, "Q4_K_M", win, DefaultSettings()); x.DecodeTPS != y.DecodeTPS {
		t.Errorf("wholly on the GPU: Windows %.2f tok/s vs Linux %.2f", y.DecodeTPS, x.DecodeTPS)
	}
	dense := DefaultSettings()
	dense.NGL = 20
	if x, y := mustEstimate(t, small, "Q4_K_M", linux, dense), mustEstimate(t, small, "Q4_K_M", win, dense); x.DecodeTPS != y.DecodeTPS {
		t.Errorf("-ngl 20 (one hand-over): Windows %.2f tok/s vs Linux %.2f", y.DecodeTPS, x.DecodeTPS)
	}
	bad := linux
	bad.OS = "beos"
	if _, err := Estimate(m, "MXFP4", bad, s); err == nil {
		t.Error("OS beos: want an error")
	}
}
