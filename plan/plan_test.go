package plan

import (
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
)

func builtin(t testing.TB) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func model(t testing.TB, id string) *catalog.Model {
	t.Helper()
	m, err := builtin(t).Find(id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func workload(users int, tps float64, ctx int, engine string) Workload {
	s := estimate.DefaultSettings()
	s.Context = ctx
	s.Engine = engine
	return Workload{Users: users, TPS: tps, Settings: s}
}

func TestSmoke(t *testing.T) {
	m := model(t, "meta-llama/Llama-3.3-70B-Instruct")
	a, err := Run(m, workload(8, 20, 8192, estimate.EngineLlamaCpp), DefaultCostSettings(), hwprobe.ListAccelerators())
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range a.Plans {
		if i > 12 {
			break
		}
		price := "-"
		if p.Price != nil {
			price = fmtUSD(p.Price.TotalUSD)
		}
		t.Logf("%-45s %-7s %6.1f/%6.1f tok/s ttft %.2f %s %v", p.Hardware, p.Quant, p.PerUserTPS, p.AggregateTPS, p.TTFTSeconds, price, p.Args)
	}
	t.Logf("considered %d, unmet %+v", a.Considered, a.Unmet)
}

func fmtUSD(v float64) string { return "$" + string(rune('0'+int(v)%10)) }
