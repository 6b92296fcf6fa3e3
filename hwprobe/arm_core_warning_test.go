package hwprobe

import (
	"strings"
	"testing"
)

func TestSlowARMCoreWarning(t *testing.T) {
	if w := slowARMCoreWarning("Cortex-A72"); !strings.Contains(w, "Cortex-A72") || !strings.Contains(w, "2.55x") {
		t.Errorf("Cortex-A72: %q", w)
	}
	if w := slowARMCoreWarning("Cortex-A53"); !strings.Contains(w, "Jetson Nano") {
		t.Errorf("Cortex-A53: %q", w)
	}
	for _, m := range []string{"Cortex-A76", "Neoverse-N1", "Apple M2 Max", "AMD Ryzen 9 7950X 16-Core Processor", ""} {
		if w := slowARMCoreWarning(m); w != "" {
			t.Errorf("%q: unexpected warning %q", m, w)
		}
	}
}
