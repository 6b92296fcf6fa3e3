// Command gpucheck compares the GPUs `fitcheck hw --json` reports with what
// nvidia-smi reports: name, total and free memory per device. It prints
// both side by side and PASS or FAIL; scripts/gpu-check.sh runs it.
package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

type device struct {
	Name       string
	TotalBytes int64
	FreeBytes  *int64
	MIG        bool
}

func main() {
	hwPath := flag.String("hw", "", "output of fitcheck hw --json")
	smiPath := flag.String("smi", "", "output of nvidia-smi --query-gpu=name,memory.total,memory.free --format=csv")
	tolerance := flag.Float64("tolerance", 0.01, "allowed difference, as a share of the device's total memory")
	flag.Parse()
	hw, err := readHW(*hwPath)
	if err == nil {
		var smi []device
		smi, err = readSMI(*smiPath)
		if err == nil {
			ok := compare(os.Stdout, hw, smi, *tolerance)
			if !ok {
				os.Exit(1)
			}
			return
		}
	}
	fmt.Fprintln(os.Stderr, "gpucheck:", err)
	os.Exit(2)
}

// readHW accepts the GPUs at the top level (.gpus) or under .hardware.
func readHW(path string) ([]device, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	type gpu struct {
		Name             string `json:"name"`
		MemoryTotalBytes int64  `json:"memory_total_bytes"`
		MemoryFreeBytes  *int64 `json:"memory_free_bytes"`
		MIG              bool   `json:"mig"`
	}
	var doc struct {
		GPUs     *[]gpu `json:"gpus"`
		Hardware *struct {
			GPUs *[]gpu `json:"gpus"`
		} `json:"hardware"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	list := doc.GPUs
	if list == nil && doc.Hardware != nil {
		list = doc.Hardware.GPUs
	}
	if list == nil {
		return nil, fmt.Errorf("%s: no .gpus or .hardware.gpus", path)
	}
	var out []device
	for _, g := range *list {
		out = append(out, device{Name: g.Name, TotalBytes: g.MemoryTotalBytes, FreeBytes: g.MemoryFreeBytes, MIG: g.MIG})
	}
	return out, nil
}

// readSMI reads nvidia-smi's CSV with its header ("name, memory.total
// [MiB], memory.free [MiB]").
func readSMI(path string) ([]device, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		name, _, _ := strings.Cut(h, " ")
		col[name] = i
	}
	for _, want := range []string{"name", "memory.total", "memory.free"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("%s: no %s column in %q", path, want, header)
		}
	}
	var out []device
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		d := device{Name: rec[col["name"]]}
		d.TotalBytes, _ = mib(rec[col["memory.total"]])
		if free, ok := mib(rec[col["memory.free"]]); ok {
			d.FreeBytes = &free
		}
		out = append(out, d)
	}
}

func mib(s string) (int64, bool) {
	v, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "MiB")), 10, 64)
	return v << 20, err == nil
}

func compare(w io.Writer, hw, smi []device, tolerance float64) bool {
	fmt.Fprintf(w, "%-3s %-34s %12s %12s | %-34s %12s %12s\n", "#", "fitcheck name", "total MiB", "free MiB", "nvidia-smi name", "total MiB", "free MiB")
	ok := true
	for i := 0; i < max(len(hw), len(smi)); i++ {
		var h, s device
		if i < len(hw) {
			h = hw[i]
		}
		if i < len(smi) {
			s = smi[i]
		}
		fmt.Fprintf(w, "%-3d %-34s %12s %12s | %-34s %12s %12s\n", i, h.Name, mibs(h.TotalBytes), mibsPtr(h.FreeBytes), s.Name, mibs(s.TotalBytes), mibsPtr(s.FreeBytes))
		var problems []string
		if h.Name != s.Name {
			problems = append(problems, "name differs")
		}
		limit := tolerance * float64(max(s.TotalBytes, h.TotalBytes))
		if d := float64(h.TotalBytes - s.TotalBytes); d > limit || -d > limit {
			problems = append(problems, "total memory differs")
		}
		if h.FreeBytes == nil || s.FreeBytes == nil {
			problems = append(problems, "free memory missing")
		} else if d := float64(*h.FreeBytes - *s.FreeBytes); d > limit || -d > limit {
			problems = append(problems, "free memory differs")
		}
		if len(problems) > 0 {
			ok = false
			fmt.Fprintf(w, "    FAIL: %s\n", strings.Join(problems, ", "))
		}
	}
	for _, h := range hw {
		if h.MIG {
			fmt.Fprintln(w, "note: MIG is on; nvidia-smi --query-gpu lists whole GPUs, fitcheck lists slices")
			break
		}
	}
	if len(hw) == 0 && len(smi) == 0 {
		fmt.Fprintln(w, "FAIL: neither lists a GPU")
		return false
	}
	if ok {
		fmt.Fprintf(w, "PASS: %d GPU(s) agree within %.1f%%\n", len(hw), tolerance*100)
	} else {
		fmt.Fprintln(w, "FAIL")
	}
	return ok
}

func mibs(b int64) string { return strconv.FormatInt(b>>20, 10) }

func mibsPtr(b *int64) string {
	if b == nil {
		return "?"
	}
	return mibs(*b)
}
