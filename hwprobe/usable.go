package hwprobe

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Usable capacity: a what-if card from the database is budgeted with the
// total its driver reports (usable_memory.csv, one published nvidia-smi
// table per row), not the marketed size: an "80 GB" H100 reports 81559 MiB
// (79.65 GiB), a 4090 24564 MiB.

//go:embed usable_memory.csv
var usableCSV string

type usableRow struct {
	memGiB    float64
	usableMiB int64
	source    string
}

var usableOnce = sync.OnceValues(func() (map[string][]usableRow, error) { return parseUsable(usableCSV) })

func parseUsable(text string) (map[string][]usableRow, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("usable_memory.csv: %w", err)
	}
	out := map[string][]usableRow{}
	for i, rec := range recs {
		if i == 0 {
			continue
		}
		if len(rec) != 4 {
			return nil, fmt.Errorf("usable_memory.csv row %d: %d fields", i+1, len(rec))
		}
		mem, err1 := strconv.ParseFloat(rec[1], 64)
		mib, err2 := strconv.ParseInt(rec[2], 10, 64)
		if err1 != nil || err2 != nil || mib <= 0 || !strings.HasPrefix(rec[3], "https://") {
			return nil, fmt.Errorf("usable_memory.csv row %d: bad memory, usable size or source", i+1)
		}
		out[rec[0]] = append(out[rec[0]], usableRow{memGiB: mem, usableMiB: mib, source: rec[3]})
	}
	return out, nil
}

// usableMemory is the driver-reported total of accelerator name with
// memBytes of memory, when the table has it.
func usableMemory(name string, memBytes int64) (int64, string, bool) {
	rows, err := usableOnce()
	if err != nil {
		return 0, "", false
	}
	for _, u := range rows[name] {
		if int64(u.memGiB*(1<<30)) == memBytes {
			return u.usableMiB << 20, fmt.Sprintf("database: driver reports %d MiB (%s)", u.usableMiB, u.source), true
		}
	}
	return 0, "", false
}
