package hwprobe

import (
	"regexp"
	"strconv"
)

// migProfile finds "MIG 3g.40gb" in a slice name: 3 compute slices and
// 40 GB of memory.
var migProfile = regexp.MustCompile(`(?i)\bMIG\s+(\d+)g\.(\d+)gb\b`)

// migComputeShare is the share of the whole GPU's compute a MIG slice gets:
// its compute-slice count over the GPU's (7 on A100/H100). 0 when unknown.
func migComputeShare(name string, slices int) float64 {
	m := migProfile.FindStringSubmatch(name)
	if m == nil || slices <= 0 {
		return 0
	}
	g, err := strconv.Atoi(m[1])
	if err != nil || g <= 0 || g > slices {
		return 0
	}
	return float64(g) / float64(slices)
}

// migParentName strips the MIG profile from a slice name:
// "NVIDIA H100 80GB HBM3 MIG 1g.10gb" -> "NVIDIA H100 80GB HBM3".
func migParentName(name string) string {
	loc := migProfile.FindStringIndex(name)
	if loc == nil {
		return name
	}
	out := name[:loc[0]]
	for len(out) > 0 && out[len(out)-1] == ' ' {
		out = out[:len(out)-1]
	}
	return out
}
