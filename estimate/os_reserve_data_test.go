package estimate

import (
	"encoding/csv"
	"errors"
	"io"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// osReserveRow is one published reading of a card's memory before a model
// loads (testdata/os_vram_reserve.csv): the desktop/driver reserve is
// total − free.
type osReserveRow struct {
	id, os, vendor, measure, use string
	total, free                  int64
	heldout                      bool
}

var (
	osReserveDate    = regexp.MustCompile(`^\d{4}-\d{2}(-\d{2})?$`)
	osReserveOS      = []string{"windows", "wsl", "linux"}
	osReserveVendors = []string{"nvidia", "amd"}
	osReserveMeasure = []string{"llama_fit", "llama_load", "llama_list", "ollama", "smi", "lmstudio", "hip",
		"vk_budget", "dxgi_budget", "hip_budget"}
	// Budgets are not free counts; the file's header says they are context only.
	osReserveBudget = []string{"vk_budget", "dxgi_budget", "hip_budget"}
)

// readOSReserve parses the file and checks every row; it returns the rows and
// every problem found, so that one bad row does not hide the next.
func readOSReserve(path string) ([]osReserveRow, []error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, []error{err}
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	header, err := r.Read()
	if err != nil {
		return nil, []error{err}
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var errs []error
	for _, want := range []string{"id", "os", "vendor", "gpu", "total_mib", "free_mib", "measure", "total_src",
		"use", "display", "desktop", "tool", "date", "heldout", "url", "notes"} {
		if _, ok := col[want]; !ok {
			errs = append(errs, errors.New("header lacks column "+want))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var rows []osReserveRow
	ids := map[string]bool{}
	for n := 1; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rows, append(errs, err)
		}
		get := func(c string) string { return strings.TrimSpace(rec[col[c]]) }
		bad := func(msg string) { errs = append(errs, errors.New(get("id")+": "+msg)) }
		row := osReserveRow{id: get("id"), os: get("os"), vendor: get("vendor"), measure: get("measure"), use: get("use")}
		if row.id != "osr-"+strconv.Itoa(n) {
			bad("id out of order, want osr-" + strconv.Itoa(n))
		}
		if ids[row.id] {
			bad("duplicate id")
		}
		ids[row.id] = true
		if !slices.Contains(osReserveOS, row.os) {
			bad("unknown os " + row.os)
		}
		if !slices.Contains(osReserveVendors, row.vendor) {
			bad("unknown vendor " + row.vendor)
		}
		if !slices.Contains(osReserveMeasure, row.measure) {
			bad("unknown measure " + row.measure)
		}
		if row.use != "stat" && row.use != "context" {
			bad("use must be stat or context")
		}
		if slices.Contains(osReserveBudget, row.measure) && row.use == "stat" {
			bad("a budget is not a free count: use must be context")
		}
		src := get("total_src")
		switch {
		case src == "log" || src == "stated" || src == "nominal":
		case strings.HasPrefix(src, "other:"):
		default:
			bad("total_src must be log, stated, nominal or other:<where>")
		}
		if (src == "stated" || src == "nominal") && row.use == "stat" {
			bad("a stated or nominal total cannot be counted")
		}
		var e1, e2 error
		row.total, e1 = strconv.ParseInt(get("total_mib"), 10, 64)
		row.free, e2 = strconv.ParseInt(get("free_mib"), 10, 64)
		switch {
		case e1 != nil || e2 != nil:
			bad("total_mib and free_mib must be integers")
		case row.total < 1024 || row.total > 200*1024:
			bad("total_mib out of range (1 to 200 GiB)")
		case row.free < 0 || row.free > row.total:
			bad("free_mib must lie in [0, total_mib]")
		}
		switch get("heldout") {
		case "yes":
			row.heldout = true
		case "no":
		default:
			bad("heldout must be yes or no")
		}
		// Held-out rows were fixed by position before any statistic: every fourth.
		if row.heldout != (n%4 == 0) {
			bad("heldout must be yes exactly on every fourth row")
		}
		if !osReserveDate.MatchString(get("date")) {
			bad("date must be YYYY-MM-DD or YYYY-MM")
		}
		u, err := url.Parse(get("url"))
		if err != nil || u.Scheme != "https" || u.Host == "" || len(u.Path) < 2 {
			bad("url must be an https URL of the source")
		}
		if get("gpu") == "" || get("tool") == "" || get("display") == "" || get("desktop") == "" {
			bad("gpu, tool, display and desktop must be filled (unknown where the source does not say)")
		}
		if len(get("notes")) < 20 {
			bad("notes must quote the source's figures")
		}
		rows = append(rows, row)
	}
	return rows, errs
}

func TestOSReserveDataWellFormed(t *testing.T) {
	rows, errs := readOSReserve("testdata/os_vram_reserve.csv")
	for _, e := range errs {
		t.Error(e)
	}
	if len(rows) < 30 {
		t.Fatalf("%d rows, want at least 30", len(rows))
	}
	// Every os the estimator names needs counted rows, or the summary has nothing to say about it.
	for _, o := range osReserveOS {
		n := 0
		for _, r := range rows {
			if r.os == o && r.use == "stat" {
				n++
			}
		}
		if n < 3 {
			t.Errorf("os %s: %d counted rows, want at least 3", o, n)
		}
	}
}

// The checker must reject what the file's header forbids; otherwise the test above proves nothing.
func TestOSReserveDataRejectsBadRows(t *testing.T) {
	head := "id,os,vendor,gpu,total_mib,free_mib,measure,total_src,use,display,desktop,tool,date,heldout,url,notes\n"
	good := "osr-1,windows,nvidia,RTX X,8192,7000,smi,log,stat,yes,idle,nvidia-smi,2026-01-02,no,https://github.com/o/r/issues/1,'8192MiB total 1192MiB used' quoted\n"
	cases := map[string]string{
		"free above total": strings.Replace(good, ",7000,", ",9000,", 1),
		"no url":           strings.Replace(good, "https://github.com/o/r/issues/1", "", 1),
		"budget counted":   strings.Replace(good, ",smi,", ",vk_budget,", 1),
		"nominal counted":  strings.Replace(good, ",log,stat,", ",nominal,stat,", 1),
		"bad number":       strings.Replace(good, ",8192,", ",8 GB,", 1),
		"unknown os":       strings.Replace(good, ",windows,", ",macos,", 1),
	}
	dir := t.TempDir()
	if _, errs := readOSReserve(osReserveTemp(t, dir, head+good)); len(errs) != 0 {
		t.Fatalf("good row rejected: %v", errs)
	}
	for name, body := range cases {
		if _, errs := readOSReserve(osReserveTemp(t, dir, head+body)); len(errs) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
}

func osReserveTemp(t *testing.T, dir, body string) string {
	t.Helper()
	f, err := os.CreateTemp(dir, "*.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(body); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return f.Name()
}
