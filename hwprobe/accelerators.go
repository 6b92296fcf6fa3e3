package hwprobe

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Accelerator kinds.
const (
	KindDatacenter  = "datacenter"
	KindWorkstation = "workstation"
	KindConsumer    = "consumer"
	KindApple       = "apple"
	KindIntegrated  = "integrated"
)

// Accelerator is one row of the embedded accelerator database. Unknown
// figures are nil: the database never guesses.
type Accelerator struct {
	Name          string    `json:"name"`
	Vendor        string    `json:"vendor"`
	Kind          string    `json:"kind"`
	Backend       string    `json:"backend"`
	MemoryGiB     []float64 `json:"memory_gib"` // configurations; for unified chips, system RAM
	BandwidthGBps *float64  `json:"bandwidth_gbps"`
	FP16TFLOPs    *float64  `json:"fp16_tflops"`
	PowerW        *float64  `json:"power_w"`
	Unified       bool      `json:"unified"`
	Aliases       []string  `json:"aliases"`
	Source        string    `json:"source"`
	Notes         string    `json:"notes"`
	// Prices, one per priced memory configuration (see prices.go); empty
	// when no source gives one.
	Prices []Price `json:"prices"`
	// PCIe is the card's host interface (nil: unknown, or not a PCIe card),
	// PCIeSource where it came from.
	PCIe       *PCIeLink `json:"pcie,omitempty"`
	PCIeSource string    `json:"pcie_source,omitempty"`
	// FP16Basis says how FP16TFLOPs was derived where no source gives it
	// (apple_gpu_peak.go: an Apple chip's GPU cores times its generation's
	// per-core rate); empty for a sourced figure.
	FP16Basis string `json:"fp16_basis,omitempty"`
}

//go:embed accelerators.csv
var acceleratorsCSV string

var (
	dbOnce sync.Once
	dbRows []Accelerator
	dbErr  error
)

// ListAccelerators returns every row of the database, in file order.
func ListAccelerators() []Accelerator {
	rows, err := database()
	if err != nil {
		panic(err) // the embedded file is checked by tests; a bad one is a build bug
	}
	out := make([]Accelerator, len(rows))
	for i, a := range rows {
		out[i] = cloneAccelerator(a)
	}
	return out
}

func database() ([]Accelerator, error) {
	dbOnce.Do(func() { dbRows, dbErr = parseAccelerators(acceleratorsCSV) })
	return dbRows, dbErr
}

func parseAccelerators(text string) ([]Accelerator, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	records, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("accelerators.csv: %w", err)
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("accelerators.csv: empty")
	}
	col := map[string]int{}
	for i, h := range records[0] {
		col[h] = i
	}
	for _, want := range []string{"name", "vendor", "kind", "backend", "memory_gib", "bandwidth_gbps",
		"fp16_tflops", "power_w", "unified", "aliases", "source", "notes"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("accelerators.csv: missing column %q", want)
		}
	}
	var rows []Accelerator
	for n, rec := range records[1:] {
		line := n + 2
		get := func(c string) string { return strings.TrimSpace(rec[col[c]]) }
		a := Accelerator{
			Name: get("name"), Vendor: get("vendor"), Kind: get("kind"), Backend: get("backend"),
			Unified: get("unified") == "true", Source: get("source"), Notes: get("notes"),
		}
		for _, m := range splitList(get("memory_gib")) {
			v, err := strconv.ParseFloat(m, 64)
			if err != nil {
				return nil, fmt.Errorf("accelerators.csv row %d: memory %q: %w", line, m, err)
			}
			a.MemoryGiB = append(a.MemoryGiB, v)
		}
		for _, f := range []struct {
			col string
			dst **float64
		}{{"bandwidth_gbps", &a.BandwidthGBps}, {"fp16_tflops", &a.FP16TFLOPs}, {"power_w", &a.PowerW}} {
			if s := get(f.col); s != "" {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					return nil, fmt.Errorf("accelerators.csv row %d: %s %q: %w", line, f.col, s, err)
				}
				*f.dst = &v
			}
		}
		a.Aliases = splitList(get("aliases"))
		opt := optional(rec, col) // the columns a row may leave off
		prices, err := parsePrices(a, opt)
		if err != nil {
			return nil, fmt.Errorf("accelerators.csv row %d: %w", line, err)
		}
		a.Prices = prices
		if s := opt("pcie"); s != "" {
			l, err := ParsePCIeLink(s)
			if err != nil {
				return nil, fmt.Errorf("accelerators.csv row %d: %w", line, err)
			}
			a.PCIe, a.PCIeSource = &l, opt("pcie_source")
		}
		rows = append(rows, a)
	}
	deriveAppleGPUPeaks(rows)
	return rows, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// MaxMemoryGiB is the largest listed memory configuration (0 when none).
func (a Accelerator) MaxMemoryGiB() float64 {
	var m float64
	for _, v := range a.MemoryGiB {
		m = max(m, v)
	}
	return m
}

// MemoryLabel shows the memory configurations, e.g. "24 GiB" or "8/16 GiB".
func (a Accelerator) MemoryLabel() string {
	if len(a.MemoryGiB) == 0 {
		return "?"
	}
	parts := make([]string, len(a.MemoryGiB))
	for i, m := range a.MemoryGiB {
		parts[i] = strconv.FormatFloat(m, 'f', -1, 64)
	}
	return strings.Join(parts, "/") + " GiB"
}
