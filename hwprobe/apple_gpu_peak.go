package hwprobe

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Apple GPU peaks by core count. Apple publishes a TFLOPS figure for some
// chips of each generation, not for their binned variants (an M2 Max with
// 30 GPU cores, an M4 Pro). Within a generation every chip runs its GPU
// cores at one rate: the sourced rows of this database give 0.325-0.328
// TFLOPS per core for the M1, M1 Pro, M1 Max and M1 Ultra, 0.358-0.360 for the M2,
// M2 Pro, M2 Max and M2 Ultra, 0.410-0.411 for the M3, M3 Pro and M3 Max
// (TestAppleCoreRate holds them to 2 % of each other). A row without a
// figure takes its core count times the median per-core rate of its
// generation's sourced rows, and says so (FP16Basis); a generation with no
// sourced row (the M5) stays unknown. The calibration rows, on which the
// Metal prefill utilisation was fitted, use the same rule
// (estimate/testdata/calibration_devices.csv), so a probed or what-if Mac
// now gets the peak its utilisation was fitted against instead of a
// bandwidth-scaled stand-in (estimate's unknownPeakPerGBps).

var appleChipName = regexp.MustCompile(`^Apple (M\d+)(?: (?:Pro|Max|Ultra))? \((\d+)-core GPU\)$`)

// appleGeneration returns an Apple chip row's generation ("M2") and GPU
// core count, ok false for other names.
func appleGeneration(name string) (gen string, cores int, ok bool) {
	m := appleChipName.FindStringSubmatch(name)
	if m == nil {
		return "", 0, false
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return m[1], n, true
}

// appleCoreRates is the median TFLOPS per GPU core of each generation's
// rows with a sourced figure, and the names of those rows.
func appleCoreRates(rows []Accelerator) (rate map[string]float64, from map[string][]string) {
	per := map[string][]float64{}
	from = map[string][]string{}
	for _, a := range rows {
		gen, cores, ok := appleGeneration(a.Name)
		if !ok || a.FP16TFLOPs == nil {
			continue
		}
		per[gen] = append(per[gen], *a.FP16TFLOPs/float64(cores))
		from[gen] = append(from[gen], strings.TrimPrefix(a.Name, "Apple "))
	}
	rate = map[string]float64{}
	for gen, v := range per {
		slices.Sort(v)
		m := v[len(v)/2]
		if len(v)%2 == 0 {
			m = (v[len(v)/2-1] + v[len(v)/2]) / 2
		}
		rate[gen] = m
	}
	return rate, from
}

// deriveAppleGPUPeaks fills the FP16 figure of Apple rows that have none
// from their core count (see above).
func deriveAppleGPUPeaks(rows []Accelerator) {
	rate, from := appleCoreRates(rows)
	for i := range rows {
		a := &rows[i]
		gen, cores, ok := appleGeneration(a.Name)
		r, known := rate[gen]
		if !ok || a.FP16TFLOPs != nil || !known {
			continue
		}
		v := float64(cores) * r
		v = math.Round(v*100) / 100
		a.FP16TFLOPs = &v
		a.FP16Basis = fmt.Sprintf("derived: %d GPU cores x %.3f TFLOPS per core, the median of this database's sourced %s rows (%s)",
			cores, r, gen, strings.Join(from[gen], ", "))
		a.Notes = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.ReplaceAll(a.Notes, "TFLOPs unknown", "")), ";"))
	}
}

// specSource names the database row a device's figures came from. It
// stays "database: NAME" for a derived peak too: plan/hwprice.go finds the
// row's price by that name; FP16Basis states the derivation.
func (a Accelerator) specSource() string { return "database: " + a.Name }
