package plan

import (
	"cmp"
	"slices"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// MachineFit is the best way one model serves the workload on a given
// machine.
type MachineFit struct {
	ModelID      string  `json:"model_id"`
	Name         string  `json:"name"`
	ParamsTotal  int64   `json:"params_total"`
	Quant        string  `json:"quant"`
	Verdict      string  `json:"verdict"`
	PerUserTPS   float64 `json:"per_user_tps"`
	AggregateTPS float64 `json:"aggregate_tps"`
	TTFTSeconds  float64 `json:"ttft_seconds"`
}

// MachineAnswer is the other direction: what this machine runs for the
// workload, and what one more accelerator would change.
type MachineAnswer struct {
	Meeting int          `json:"meeting"` // models that meet every target
	Largest []MachineFit `json:"largest"` // by total parameters, largest first
	Fastest []MachineFit `json:"fastest"` // by per-user tokens/s, fastest first
	OneMore *OneMore     `json:"one_more"`
}

// OneMore compares the machine with one more of its last accelerator.
type OneMore struct {
	Added      string      `json:"added"`
	Meeting    int         `json:"meeting"`
	NewModels  []string    `json:"new_models"` // meet the targets only with the extra accelerator
	Largest    *MachineFit `json:"largest"`
	LargestNow *MachineFit `json:"largest_now"`
}

// Machine ranks the models that meet the workload's targets on hw (full
// GPU or partial offload), keeping top of each list.
func Machine(models []*catalog.Model, hw estimate.Hardware, w Workload, top int) (MachineAnswer, error) {
	w, err := w.Normalize()
	if err != nil {
		return MachineAnswer{}, err
	}
	fits := machineFits(models, hw, w)
	ans := MachineAnswer{Meeting: len(fits)}
	ans.Largest, ans.Fastest = rankFits(fits, top)
	if hw2, name, ok := OneMoreGPU(hw); ok {
		more := machineFits(models, hw2, w)
		om := &OneMore{Added: name, Meeting: len(more), NewModels: []string{}}
		had := map[string]bool{}
		for _, f := range fits {
			had[f.ModelID] = true
		}
		for _, f := range more {
			if !had[f.ModelID] {
				om.NewModels = append(om.NewModels, f.ModelID)
			}
		}
		if l, _ := rankFits(more, 1); len(l) > 0 {
			om.Largest = &l[0]
		}
		if len(ans.Largest) > 0 {
			om.LargestNow = &ans.Largest[0]
		}
		ans.OneMore = om
	}
	return ans, nil
}

func rankFits(fits []MachineFit, top int) (largest, fastest []MachineFit) {
	largest = slices.Clone(fits)
	slices.SortStableFunc(largest, func(a, b MachineFit) int {
		return cmp.Or(cmp.Compare(b.ParamsTotal, a.ParamsTotal), cmp.Compare(b.PerUserTPS, a.PerUserTPS))
	})
	fastest = slices.Clone(fits)
	slices.SortStableFunc(fastest, func(a, b MachineFit) int {
		return cmp.Or(cmp.Compare(b.PerUserTPS, a.PerUserTPS), cmp.Compare(b.ParamsTotal, a.ParamsTotal))
	})
	if top > 0 {
		largest, fastest = largest[:min(top, len(largest))], fastest[:min(top, len(fastest))]
	}
	if largest == nil {
		largest, fastest = []MachineFit{}, []MachineFit{}
	}
	return largest, fastest
}

// machineFits: per model, among the quantizations (4-bit or better unless
// the workload names one) that meet every target with at least part on the
// GPU (on a machine without one, on the CPU), the one `fitcheck fit`
// recommends (estimate.BestQuant): full GPU before a partial offload, so a
// 32B model on a 24 GiB card is Q5_K_M at 40 tok/s, not BF16 at 0.7.
func machineFits(models []*catalog.Model, hw estimate.Hardware, w Workload) []MachineFit {
	var out []MachineFit
	for _, m := range models {
		quants := w.quants(m)
		if len(quants) == 0 {
			continue
		}
		var ok []estimate.Result
		speeds := map[string]Speed{}
		for _, r := range w.est.EstimateModel(m, hw, w.Settings, quants) {
			if r.Verdict != estimate.VerdictGPU && r.Verdict != estimate.VerdictPartial &&
				(r.Verdict != estimate.VerdictCPU || len(hw.GPUs) > 0) {
				continue
			}
			sp := throughputOn(w.est, m, r, hw, w.Settings, w.Users)
			if !w.meets(sp) {
				continue
			}
			ok = append(ok, r)
			speeds[r.Quant] = sp
		}
		r, found := estimate.BestQuant(ok)
		if !found {
			continue
		}
		sp := speeds[r.Quant]
		out = append(out, MachineFit{ModelID: m.ID, Name: m.Name, ParamsTotal: m.ParamsTotal, Quant: r.Quant,
			Verdict: r.Verdict, PerUserTPS: sp.PerUserTPS, AggregateTPS: sp.AggregateTPS, TTFTSeconds: sp.TTFTSeconds})
	}
	return out
}

// OneMoreGPU is hw with one more of its last accelerator (idle, like a
// what-if one); false for a machine without a discrete accelerator, where
// "one more" would mean a second machine.
func OneMoreGPU(hw estimate.Hardware) (estimate.Hardware, string, bool) {
	if len(hw.GPUs) == 0 || hw.GPUs[len(hw.GPUs)-1].Unified || len(hw.GPUs) >= maxTotalGPUs {
		return hw, "", false
	}
	d := hw.GPUs[len(hw.GPUs)-1]
	d.MemoryBytes = max(d.MemoryBytes, d.TotalBytes)
	out := hw
	out.GPUs = append(slices.Clone(hw.GPUs), d)
	return out, d.Name, true
}
