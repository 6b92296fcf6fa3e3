package estimate

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestArmCoreTable holds armCoreOf to testdata/arm_cores.csv, the sourced
// table it was written from: every Cortex and Neoverse row's dot-product
// flag and FMA pipe count (empty: 0, not sourced).
func TestArmCoreTable(t *testing.T) {
	f, err := os.Open("testdata/arm_cores.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	n := 0
	for _, r := range rows[1:] {
		name := r[col["core"]]
		if !strings.HasPrefix(name, "Cortex-") && !strings.HasPrefix(name, "Neoverse-") {
			continue // Apple and Qualcomm cores: hwprobe reports no such name on Linux
		}
		n++
		got, ok := armCoreOf(name)
		if !ok {
			t.Errorf("%s: not in armCoreOf", name)
			continue
		}
		pipes := 0
		if s := r[col["asimd_fma_pipes_128"]]; s != "" {
			if pipes, err = strconv.Atoi(s); err != nil {
				t.Fatalf("%s: pipes %q", name, s)
			}
		}
		want := armCore{dotprod: r[col["dotprod"]] == "yes", fmaPipes: pipes}
		if got != want {
			t.Errorf("%s: armCoreOf = %+v, table %+v", name, got, want)
		}
	}
	if n < 25 {
		t.Errorf("only %d Cortex/Neoverse rows read", n)
	}
	if _, ok := armCoreOf("AMD Ryzen 9 7950X 16-Core Processor"); ok {
		t.Error("an x86 model matched an Arm core")
	}
}
