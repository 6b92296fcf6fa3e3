package estimate

import (
	"strings"
	"testing"
)

func TestNoDotProductWarning(t *testing.T) {
	for _, c := range []struct {
		hw   Hardware
		want string // a substring; "" for no warning
	}{
		{Hardware{CPUModel: "Cortex-A72"}, "0.82-1.32x"},
		{Hardware{CPUModel: "Cortex-A57"}, "Jetson Nano"},
		{Hardware{CPUClusters: []CPUCluster{{"Cortex-A72", 2, 1.8}, {"Cortex-A53", 4, 1.4}}}, "Cortex-A72"},
		{Hardware{CPUModel: "Cortex-A76"}, ""},
		{Hardware{CPUModel: "Neoverse-N1"}, ""},
		{Hardware{CPUModel: "Apple M2 Max"}, ""},
		{Hardware{CPUModel: "AMD Ryzen 9 7950X 16-Core Processor"}, ""},
		{Hardware{}, ""},
	} {
		w := NoDotProductWarning(&c.hw)
		if (c.want == "") != (w == "") || !strings.Contains(w, c.want) {
			t.Errorf("%+v: %q, want one containing %q", c.hw, w, c.want)
		}
	}
}
