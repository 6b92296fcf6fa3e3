package hwprobe

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestDatabaseIsComplete(t *testing.T) {
	rows := ListAccelerators()
	if len(rows) < 80 {
		t.Fatalf("database has %d rows, want at least 80", len(rows))
	}
	kinds := map[string]int{}
	vendors := map[string]int{}
	owner := map[string]string{} // normalised name or alias -> row
	for _, a := range rows {
		kinds[a.Kind]++
		vendors[a.Vendor]++
		if a.Source == "" {
			t.Errorf("%s: no source", a.Name)
		}
		if !validBackend(a.Backend) {
			t.Errorf("%s: backend %q", a.Name, a.Backend)
		}
		if !slices.Contains([]string{KindDatacenter, KindWorkstation, KindConsumer, KindApple, KindIntegrated}, a.Kind) {
			t.Errorf("%s: kind %q", a.Name, a.Kind)
		}
		if len(a.MemoryGiB) == 0 {
			t.Errorf("%s: no memory size", a.Name)
		}
		for _, m := range a.MemoryGiB {
			if m < 4 || m > 1024 {
				t.Errorf("%s: memory %v GiB is not a GPU's", a.Name, m)
			}
		}
		if b := a.BandwidthGBps; b != nil && (*b < 40 || *b > 20000) {
			t.Errorf("%s: bandwidth %v GB/s", a.Name, *b)
		}
		if f := a.FP16TFLOPs; f != nil && (*f < 1 || *f > 10000) {
			t.Errorf("%s: FP16 %v TFLOPs", a.Name, *f)
		}
		if p := a.PowerW; p != nil && (*p < 10 || *p > 2000) {
			t.Errorf("%s: power %v W", a.Name, *p)
		}
		if a.Unified != (a.Kind == KindApple || a.Kind == KindIntegrated) {
			t.Errorf("%s: unified=%v but kind %s", a.Name, a.Unified, a.Kind)
		}
		for _, n := range append([]string{a.Name}, a.Aliases...) {
			k := normalizeName(n)
			if k == "" {
				t.Errorf("%s: name or alias %q normalises to nothing", a.Name, n)
			}
			if o, ok := owner[k]; ok && o != a.Name {
				t.Errorf("%q names both %s and %s", n, o, a.Name)
			}
			owner[k] = a.Name
		}
	}
	for _, k := range []string{KindDatacenter, KindWorkstation, KindConsumer, KindApple, KindIntegrated} {
		if kinds[k] == 0 {
			t.Errorf("no %s accelerators", k)
		}
	}
	for _, v := range []string{"NVIDIA", "AMD", "Intel", "Apple"} {
		if vendors[v] == 0 {
			t.Errorf("no %s accelerators", v)
		}
	}
}

func TestEveryAppleGenerationIsListed(t *testing.T) {
	for _, chip := range []string{"M1", "M1 Pro", "M1 Max", "M1 Ultra", "M2", "M2 Pro", "M2 Max", "M2 Ultra",
		"M3", "M3 Pro", "M3 Max", "M3 Ultra", "M4", "M4 Pro", "M4 Max", "M5"} {
		if got := lookupUser(chip); len(got) != 1 || got[0].Kind != KindApple {
			t.Errorf("%s: %d rows", chip, len(got))
		}
	}
}

func TestProbedNamesFindTheirRow(t *testing.T) {
	cases := []struct {
		probed string
		bytes  int64
		want   string
	}{
		{"NVIDIA GeForce RTX 4090", 24564 << 20, "NVIDIA GeForce RTX 4090"},
		{"GeForce RTX 4090", 0, "NVIDIA GeForce RTX 4090"},
		{"RTX 4090", 0, "NVIDIA GeForce RTX 4090"},
		{"NVIDIA H100 80GB HBM3", 81559 << 20, "NVIDIA H100 SXM5 80GB"},
		{"NVIDIA H100 PCIe", 81559 << 20, "NVIDIA H100 PCIe 80GB"},
		{"NVIDIA A100-SXM4-40GB", 40 << 30, "NVIDIA A100 SXM4 40GB"},
		{"Tesla V100-SXM2-32GB", 32 << 30, "NVIDIA V100 SXM2"},
		{"Tesla T4", 15360 << 20, "NVIDIA T4"},
		{"NVIDIA GeForce RTX 3080", 12288 << 20, "NVIDIA GeForce RTX 3080 12GB"}, // same name, 12 GB card
		{"NVIDIA GeForce RTX 3080", 10240 << 20, "NVIDIA GeForce RTX 3080"},
		{"NVIDIA RTX 6000 Ada Generation", 48 << 30, "NVIDIA RTX 6000 Ada Generation"},
		{"NVIDIA GB10", 0, "NVIDIA DGX Spark (GB10)"},
		{"NVIDIA RTX PRO 6000 Blackwell Workstation Edition", 97887 << 20, "NVIDIA RTX PRO 6000 Blackwell"},
		{"NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition", 97887 << 20, "NVIDIA RTX PRO 6000 Blackwell Max-Q"}, // a 300 W card of its own
		{"AMD Radeon RX 7900 XTX", 24 << 30, "AMD Radeon RX 7900 XTX"},
		{"Apple M2 Pro (19-core GPU)", 0, "Apple M2 Pro (19-core GPU)"},
	}
	for _, c := range cases {
		a, ok := lookupProbedWithMemory(c.probed, c.bytes)
		if !ok || a.Name != c.want {
			t.Errorf("%q: got %q (found %v), want %q", c.probed, a.Name, ok, c.want)
		}
	}
	// A laptop chip must not borrow the desktop card's figures.
	if a, ok := lookupProbed("NVIDIA GeForce RTX 4090 Laptop GPU"); !ok || a.Name != "NVIDIA GeForce RTX 4090 Laptop GPU" {
		t.Errorf("laptop 4090 matched %q", a.Name)
	}
	if a, ok := lookupProbed("NVIDIA GeForce RTX 4050 Laptop GPU"); ok {
		t.Errorf("an unknown laptop chip matched %q", a.Name)
	}
}

func TestListAcceleratorsReturnsCopies(t *testing.T) {
	a := ListAccelerators()
	*a[0].BandwidthGBps = -1
	a[0].Aliases[0] = "changed"
	b := ListAccelerators()
	if *b[0].BandwidthGBps == -1 || b[0].Aliases[0] == "changed" {
		t.Fatal("changing a listed row changed the database")
	}
}

func TestMemoryLabel(t *testing.T) {
	for name, want := range map[string]string{"RTX 4090": "24 GiB", "RTX 4060 Ti": "8/16 GiB"} {
		if got := lookupUser(name)[0].MemoryLabel(); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

func TestPricesAreSourcedAndDated(t *testing.T) {
	priced := 0
	for _, a := range ListAccelerators() {
		for _, p := range a.Prices {
			priced++
			if p.USD < 50 || p.USD > 500000 {
				t.Errorf("%s: price %v USD", a.Name, p.USD)
			}
			if !strings.Contains(p.Source, "https://") || p.Date == "" || p.What == "" {
				t.Errorf("%s: price without source, date or description: %+v", a.Name, p)
			}
			if !slices.Contains(a.MemoryGiB, p.MemoryGiB) {
				t.Errorf("%s: price for %v GiB, not a listed size", a.Name, p.MemoryGiB)
			}
			if a.Unified && !strings.HasPrefix(p.What, "whole system") {
				t.Errorf("%s: a unified-memory chip needs a system price, got %q", a.Name, p.What)
			}
		}
	}
	if priced < 10 {
		t.Errorf("only %d priced configurations", priced)
	}
	if p, ok := mustRow(t, "NVIDIA GeForce RTX 4090").PriceFor(24); !ok || p.USD != 1599 {
		t.Errorf("RTX 4090 price = %+v, %v", p, ok)
	}
	if _, ok := mustRow(t, "Apple M4 Max (32-core GPU)").PriceFor(128); ok {
		t.Error("Apple M4 Max 128 GB has no sourced price, yet one was found")
	}
}

func TestPriceColumnsAreOptional(t *testing.T) {
	const header = "name,vendor,kind,backend,memory_gib,bandwidth_gbps,fp16_tflops,power_w,unified,aliases,source,notes"
	rows, err := parseAccelerators(header + "\nX,NVIDIA,consumer,cuda,24,1000,,,false,,src,\n")
	if err != nil || len(rows) != 1 || rows[0].Prices != nil {
		t.Fatalf("without price columns: %v %+v", err, rows)
	}
	// Columns in another order, with an extra one another branch may add.
	h2 := header + ",usable_gib,price_source,price_usd,price_kind,price_date,price_what"
	rows, err = parseAccelerators(h2 + "\nX,NVIDIA,consumer,cuda,8|16,1000,,,false,,src,,7.5,https://x,|499,list,2024-01,card\n")
	if err != nil || len(rows[0].Prices) != 1 || rows[0].Prices[0].MemoryGiB != 16 || rows[0].Prices[0].USD != 499 {
		t.Fatalf("reordered columns: %v %+v", err, rows)
	}
	for _, bad := range []string{"|499,list,2024-01,card", "abc,list,2024-01,card", "499,msrp,2024-01,card", "499,list,Jan 2024,card", "499,list,2024-01,"} {
		if _, err := parseAccelerators(h2 + "\nX,NVIDIA,consumer,cuda,24,1000,,,false,,src,,7.5,https://x," + bad + "\n"); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func mustRow(t *testing.T, name string) Accelerator {
	t.Helper()
	for _, a := range ListAccelerators() {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no row %q", name)
	return Accelerator{}
}

// TestUsableMemoryRows: every row of usable_memory.csv names a database
// accelerator and memory size, and is below the nominal size.
func TestUsableMemoryRows(t *testing.T) {
	rows, err := parseUsable(usableCSV)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Accelerator{}
	for _, a := range ListAccelerators() {
		byName[a.Name] = a
	}
	for name, us := range rows {
		a, ok := byName[name]
		if !ok {
			t.Errorf("usable_memory.csv: %q is not in accelerators.csv", name)
			continue
		}
		for _, u := range us {
			if u.memGiB != a.MaxMemoryGiB() && len(a.MemoryGiB) == 1 || float64(u.usableMiB) > u.memGiB*1024 {
				t.Errorf("%s: usable %d MiB of %g GiB", name, u.usableMiB, u.memGiB)
			}
		}
	}
	g, err := ParseGPUSpec("H100")
	if err != nil {
		t.Fatal(err)
	}
	if g[0].MemoryTotalBytes != 81559<<20 || !strings.Contains(g[0].MemoryBasis, "81559") {
		t.Errorf("what-if H100: %d bytes, basis %q", g[0].MemoryTotalBytes, g[0].MemoryBasis)
	}
}

// TestMaxQPeakDerivation recomputes the RTX PRO 6000 Max-Q's FP16 peak as
// its row derives it: the Workstation Edition's, times TechPowerUp's FP32
// TFLOPS of the two cards (116 and 126), and checks its own 300 W.
func TestMaxQPeakDerivation(t *testing.T) {
	we, ok1 := lookupProbed("NVIDIA RTX PRO 6000 Blackwell")
	mq, ok2 := lookupProbed("NVIDIA RTX PRO 6000 Blackwell Max-Q")
	if !ok1 || !ok2 || we.FP16TFLOPs == nil || mq.FP16TFLOPs == nil || mq.PowerW == nil {
		t.Fatal("the two RTX PRO 6000 rows, with FP16 peaks and the Max-Q's power, are in the database")
	}
	if want := *we.FP16TFLOPs * 116 / 126; math.Abs(*mq.FP16TFLOPs-want) > 0.05 {
		t.Errorf("Max-Q FP16 %.1f, want %.1f (the Workstation Edition's x 116/126)", *mq.FP16TFLOPs, want)
	}
	if *mq.PowerW != 300 {
		t.Errorf("Max-Q power %v W, want its own 300 W", *mq.PowerW)
	}
}
