package hwprobe

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/shirou/gopsutil/v4/cpu"
)

// CPUCluster is one core type of a big.LITTLE CPU: Cores cores of Model
// at MaxGHz (null when unknown).
type CPUCluster struct {
	Model  string   `json:"model"`
	Cores  int      `json:"cores"`
	MaxGHz *float64 `json:"max_ghz"`
}

// cpuClusters groups the CPUs gopsutil lists by model and maximum clock;
// nil when they are all one kind. Arm cores run one thread each, so a
// CPU is a core.
func cpuClusters(infos []cpu.InfoStat) []CPUCluster {
	var out []CPUCluster
	for _, in := range infos {
		name, ghz := coreName(in), clockGHz(in.Mhz)
		i := indexCluster(out, name, ghz)
		if i < 0 {
			out = append(out, CPUCluster{Model: name, MaxGHz: ghz})
			i = len(out) - 1
		}
		out[i].Cores++
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

func indexCluster(cs []CPUCluster, model string, ghz *float64) int {
	for i, c := range cs {
		if c.Model == model && (c.MaxGHz == nil) == (ghz == nil) && (ghz == nil || *c.MaxGHz == *ghz) {
			return i
		}
	}
	return -1
}

// ParseCPUClusters reads a --cpu-model list of core types,
// "4x Cortex-A76@2.4+4x Cortex-A55@1.8" (the clock optional). ok is false
// when s is a plain CPU name, not such a list.
func ParseCPUClusters(s string) (cs []CPUCluster, ok bool, err error) {
	parts := strings.Split(s, "+")
	for _, p := range parts {
		p = strings.TrimSpace(p)
		n, rest, found := strings.Cut(p, "x ")
		count, convErr := strconv.Atoi(strings.TrimSpace(n))
		if !found || convErr != nil {
			if len(parts) == 1 {
				return nil, false, nil // a plain name
			}
			return nil, true, fmt.Errorf("%q: each core type is COUNTx NAME[@GHZ], e.g. 4x Cortex-A76@2.4", p)
		}
		if count < 1 || count > 4096 {
			return nil, true, fmt.Errorf("%q: core count must be between 1 and 4096", p)
		}
		name, clock, hasClock := strings.Cut(rest, "@")
		c := CPUCluster{Model: strings.TrimSpace(name), Cores: count}
		if c.Model == "" {
			return nil, true, fmt.Errorf("%q: no core name", p)
		}
		if hasClock {
			g, err := strconv.ParseFloat(strings.TrimSpace(clock), 64)
			if err != nil || g < 0.1 || g > 10 || math.IsNaN(g) {
				return nil, true, fmt.Errorf("%q: the clock must be between 0.1 and 10 GHz", p)
			}
			c.MaxGHz = &g
		}
		cs = append(cs, c)
	}
	return cs, true, nil
}

// ClusterSummary writes clusters as --cpu-model takes them:
// "4x Cortex-A76@2.40+4x Cortex-A55@1.80".
func ClusterSummary(cs []CPUCluster) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = strconv.Itoa(c.Cores) + "x " + c.Model
		if c.MaxGHz != nil {
			parts[i] += "@" + strconv.FormatFloat(*c.MaxGHz, 'f', 2, 64)
		}
	}
	return strings.Join(parts, "+")
}
