package hwprobe

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// SizeHelp explains the units ParseSize accepts; main.go can show it in
// flag help.
const SizeHelp = `sizes: 24GiB, 24GB (= 24e9 bytes), 512MiB, 1.5TiB; ` +
	`a bare number or a one-letter unit (24, 24G, 512M) is binary, like free -h: 24 = 24G = 24GiB`

var sizeUnits = map[string]float64{
	"b": 1,
	"k": 1 << 10, "kib": 1 << 10, "kb": 1e3,
	"m": 1 << 20, "mib": 1 << 20, "mb": 1e6,
	"g": 1 << 30, "gib": 1 << 30, "gb": 1e9,
	"t": 1 << 40, "tib": 1 << 40, "tb": 1e12,
}

// ParseSize reads a memory size such as "24GiB", "24GB", "24G" or "24".
// GiB/MiB/TiB are binary and GB/MB/TB decimal, as their names say. A bare
// number and the one-letter units K, M, G, T are binary (GiB), the way
// free, top and most memory tools print them; see SizeHelp.
func ParseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.ReplaceAll(t, " ", "")
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], t[i:]
	if num == "" {
		return 0, fmt.Errorf("size %q: no number (%s)", s, SizeHelp)
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("size %q: bad number (%s)", s, SizeHelp)
	}
	mult := float64(1 << 30)
	if unit != "" {
		m, ok := sizeUnits[unit]
		if !ok {
			return 0, fmt.Errorf("size %q: unknown unit %q (%s)", s, unit, SizeHelp)
		}
		mult = m
	}
	bytes := v * mult
	if bytes <= 0 || math.IsInf(bytes, 0) || math.IsNaN(bytes) {
		return 0, fmt.Errorf("size %q: must be more than zero", s)
	}
	if bytes >= math.MaxInt64 {
		return 0, fmt.Errorf("size %q: too large", s)
	}
	n := int64(math.Round(bytes))
	if n < 1 {
		return 0, fmt.Errorf("size %q: less than a byte", s)
	}
	return n, nil
}
