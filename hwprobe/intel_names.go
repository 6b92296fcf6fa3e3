package hwprobe

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Intel's kernel drivers (xe, i915) publish no product name in sysfs, only
// the PCI device ID. intel_pci_ids.csv maps the IDs of Intel's discrete
// cards to the names the graphics driver itself prints for them (Mesa's
// device table), each row with its source, so a probed Arc card is named
// and finds its accelerator-database row without --gpu.
//
//go:embed intel_pci_ids.csv
var intelPCIIDsCSV string

var intelIDs = sync.OnceValues(func() (map[uint64]string, error) { return parseIntelPCIIDs(intelPCIIDsCSV) })

// intelCardName is the name the table gives an Intel PCI device ID, with
// the registered-trademark marks dropped ("Intel Arc A770 Graphics");
// product is false where it names only the die ("BMG G21").
func intelCardName(devID uint64) (name string, product, ok bool) {
	ids, err := intelIDs()
	if err != nil {
		panic(err) // the embedded file is checked by tests; a bad one is a build bug
	}
	name, ok = ids[devID]
	return name, strings.HasPrefix(name, "Intel "), ok
}

// parseIntelPCIIDs reads device_id,name,codename,source rows ('#' lines
// are comments). An ID given twice is an error: one device, one name.
func parseIntelPCIIDs(text string) (map[uint64]string, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	records, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("intel_pci_ids.csv: %w", err)
	}
	if len(records) == 0 || strings.Join(records[0], ",") != "device_id,name,codename,source" {
		return nil, fmt.Errorf("intel_pci_ids.csv: unexpected header")
	}
	ids := map[uint64]string{}
	for i, rec := range records[1:] {
		id, err := strconv.ParseUint(rec[0], 16, 16)
		name := cleanTrademarks(rec[1])
		switch {
		case err != nil || len(rec[0]) != 4:
			return nil, fmt.Errorf("intel_pci_ids.csv row %d: device id %q is not four hex digits", i+2, rec[0])
		case name == "" || strings.TrimSpace(rec[3]) == "":
			return nil, fmt.Errorf("intel_pci_ids.csv row %d: name and source are required", i+2)
		case ids[id] != "":
			return nil, fmt.Errorf("intel_pci_ids.csv row %d: device id %s listed twice", i+2, rec[0])
		}
		ids[id] = name
	}
	return ids, nil
}

// cleanTrademarks drops (R), (TM) and (tm) from a driver's product name.
func cleanTrademarks(s string) string {
	s = strings.NewReplacer("(R)", "", "(r)", "", "(TM)", "", "(tm)", "", "®", "", "™", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
