package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

// minQualityRank keeps the default search at 4-bit quality or better
// (Q4_0, AWQ, IQ4_XS, MXFP4 and up: estimate's ranks follow llama.cpp's
// perplexity table); --quant asks for any other quantization.
const minQualityRank = 70

// searchRAM is the host RAM assumed while searching discrete-GPU machines;
// each plan then gets the RAM its estimate needs (ramArg) and is checked
// again with it.
const searchRAM = int64(1) << 40

// Plan is one configuration that meets every target.
type Plan struct {
	Hardware    string   `json:"hardware"` // e.g. "2x NVIDIA GeForce RTX 4090"
	Accelerator string   `json:"accelerator"`
	Vendor      string   `json:"vendor"`
	Kind        string   `json:"kind"` // datacenter, workstation, consumer, apple, integrated
	MemoryGiB   float64  `json:"memory_gib"`
	GPUsPerNode int      `json:"gpus_per_node"`
	Nodes       int      `json:"nodes"`
	Topology    string   `json:"topology"`
	Engine      string   `json:"engine"`
	Quant       string   `json:"quant"`
	Verdict     string   `json:"verdict"`
	Args        Args     `json:"args"`
	Flags       []string `json:"flags"` // Args with the run settings, for `fitcheck fit MODEL ...`

	PerUserTPS       float64  `json:"per_user_tps"`
	AggregateTPS     float64  `json:"aggregate_tps"`
	PrefillTPS       float64  `json:"prefill_tps"`
	TTFTSeconds      float64  `json:"ttft_seconds"`
	BurstTTFTSeconds float64  `json:"burst_ttft_seconds"`
	MaxConcurrency   float64  `json:"max_concurrency"`
	TPSHeadroom      *float64 `json:"tps_headroom"`    // per-user tok/s over the target, minus 1; null without --tps
	MemoryHeadroom   float64  `json:"memory_headroom"` // share of accelerator memory (vLLM: of the KV pool) left unused
	Basis            string   `json:"basis"`
	Commands         []string `json:"commands"`

	Price  *Price     `json:"price"`   // null: no sourced price
	PowerW *float64   `json:"power_w"` // board (or system) power of all units; null: unknown
	Cost   *LocalCost `json:"cost"`    // null without a price

	result estimate.Result
}

// Price is what a plan's accelerators (or systems) cost.
type Price struct {
	TotalUSD float64 `json:"total_usd"`
	UnitUSD  float64 `json:"unit_usd"`
	Units    int     `json:"units"`
	Kind     string  `json:"kind"`
	Date     string  `json:"date"`
	What     string  `json:"what"`
	Source   string  `json:"source"`
}

// Unmet explains an empty plan list with the best values reachable.
type Unmet struct {
	Message        string   `json:"message"`
	Fits           bool     `json:"fits"` // the model fits at all on some configuration
	BestPerUserTPS *float64 `json:"best_per_user_tps"`
	BestTPSOn      string   `json:"best_tps_on"`
	BestTTFT       *float64 `json:"best_ttft_seconds"`
	BestTTFTOn     string   `json:"best_ttft_on"`
}

// Result is a search's answer.
type Result struct {
	Model      *catalog.Model `json:"-"`
	Workload   Workload       `json:"-"`
	Plans      []Plan         `json:"plans"`
	Considered int            `json:"considered"`  // configurations estimated
	OverBudget int            `json:"over_budget"` // plans dropped by --budget (unpriced ones included)
	Unmet      *Unmet         `json:"unmet"`       // null when some plan meets every target
}

type best struct {
	tps, ttft     float64
	tpsOn, ttftOn string
	fits          bool
}

// Search tries every accelerator row (1 to 8 per node; whole systems once;
// several nodes of 8 for vLLM pipeline parallelism or llama.cpp RPC) and
// returns, per row, the smallest configuration meeting every target at
// the best quantization that does, ranked by price (unpriced last).
func Search(m *catalog.Model, w Workload, rows []hwprobe.Accelerator) (Result, error) {
	w, err := w.Normalize()
	if err != nil {
		return Result{}, err
	}
	res := Result{Model: m, Workload: w}
	quants := w.quants(m)
	if len(quants) == 0 {
		return res, bad("no quantization of %s runs on %s at 4-bit quality or better; name one with @QUANT", m.ID, w.engine())
	}
	var b best
	for _, a := range rows {
		if p, ok := w.searchRow(m, a, quants, &res, &b); ok {
			if w.Budget > 0 && (p.Price == nil || p.Price.TotalUSD > w.Budget) {
				res.OverBudget++
				continue
			}
			res.Plans = append(res.Plans, p)
		}
	}
	slices.SortStableFunc(res.Plans, comparePlans)
	if len(res.Plans) == 0 {
		res.Unmet = w.unmet(m, b, res.OverBudget)
	}
	return res, nil
}

// comparePlans: priced first, cheapest first; then fewer accelerators,
// then faster.
func comparePlans(x, y Plan) int {
	if (x.Price == nil) != (y.Price == nil) {
		if x.Price == nil {
			return 1
		}
		return -1
	}
	if x.Price != nil {
		if c := cmp.Compare(x.Price.TotalUSD, y.Price.TotalUSD); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(x.GPUsPerNode*x.Nodes, y.GPUsPerNode*y.Nodes); c != 0 {
		return c
	}
	if c := cmp.Compare(x.MemoryGiB, y.MemoryGiB); c != 0 {
		return c
	}
	return cmp.Compare(y.PerUserTPS, x.PerUserTPS)
}

// quants are the quantizations tried, highest quality first.
func (w Workload) quants(m *catalog.Model) []string {
	if w.Quant != "" {
		return []string{w.Quant}
	}
	var out []string
	for _, q := range estimate.DefaultQuants(w.engine(), m) {
		if qq, ok := estimate.LookupQuant(q); ok && (qq.Rank >= minQualityRank || q == "MXFP4") {
			out = append(out, q)
		}
	}
	return out
}

func engineRuns(engine, backend string) bool {
	if engine == estimate.EngineVLLM {
		return backend == hwprobe.BackendCUDA || backend == hwprobe.BackendROCm
	}
	return true
}

// shape is one way to build a machine from a row.
type shape struct{ g, nodes int }

func (w Workload) shapes(a hwprobe.Accelerator) []shape {
	single := a.Unified || strings.Contains(a.Name, "Laptop")
	if single {
		return []shape{{1, 1}}
	}
	var out []shape
	for g := 1; g <= MaxGPUsPerNode && g <= w.MaxGPUs; g++ {
		if w.engine() == estimate.EngineVLLM && g&(g-1) != 0 {
			continue // vLLM's tensor parallel size is a power of two here
		}
		out = append(out, shape{g, 1})
	}
	for n := 2; n <= w.MaxNodes && n*MaxGPUsPerNode <= w.MaxGPUs; n++ {
		out = append(out, shape{MaxGPUsPerNode, n})
	}
	return out
}

func (w Workload) searchRow(m *catalog.Model, a hwprobe.Accelerator, quants []string, res *Result, b *best) (Plan, bool) {
	if a.BandwidthGBps == nil || !engineRuns(w.engine(), a.Backend) || (w.Vendor != "" && a.Vendor != w.Vendor) {
		return Plan{}, false
	}
	mems := slices.Clone(a.MemoryGiB)
	slices.Sort(mems)
	// One accelerator per memory size, parsed once: the name alone resolves
	// without the error path (which ranks suggestions) a count prefix takes.
	units := make(map[float64]hwprobe.GPU, len(mems))
	for _, mem := range mems {
		if g, err := hwprobe.ParseGPUSpec(unitSpec(a, mem)); err == nil && len(g) == 1 {
			units[mem] = g[0]
		}
	}
	for _, sh := range w.shapes(a) {
		for _, mem := range mems {
			unit, ok := units[mem]
			if !ok {
				continue // a row --gpu cannot name; the database tests keep these away
			}
			p, ok := w.tryShape(m, a, mem, unit, sh, quants, res, b)
			if ok {
				return p, true
			}
		}
	}
	return Plan{}, false
}

func (w Workload) tryShape(m *catalog.Model, a hwprobe.Accelerator, mem float64, unit hwprobe.GPU, sh shape, quants []string, res *Result, b *best) (Plan, bool) {
	args, ok := w.args(a, mem, sh)
	if !ok {
		return Plan{}, false
	}
	var gpus []hwprobe.GPU
	if strings.Contains(args.GPU, "=") { // a custom spec: pipeline stages as virtual GPUs
		var err error
		if gpus, err = hwprobe.ParseGPUSpec(args.GPU); err != nil {
			return Plan{}, false
		}
	} else {
		gpus = make([]hwprobe.GPU, sh.g*sh.nodes)
		for i := range gpus {
			gpus[i] = unit // WhatIf copies them
		}
	}
	ram := searchRAM
	if a.Unified {
		ram = int64(mem * (1 << 30))
	}
	hw := hardwareOf(gpus, ram)
	res.Considered++
	s := w.Settings
	for _, r := range w.est.EstimateModel(m, hw, s, quants) {
		if r.Verdict != estimate.VerdictGPU {
			continue
		}
		sp := throughputOn(w.est, m, r, hw, s, w.Users)
		label := describe(a, mem, sh)
		b.fits = true
		if sp.Capacity+1e-9 >= float64(w.Users) {
			if sp.PerUserTPS > b.tps {
				b.tps, b.tpsOn = sp.PerUserTPS, label+" at "+r.Quant
			}
			if sp.TTFTSeconds > 0 && (b.ttft == 0 || sp.TTFTSeconds < b.ttft) {
				b.ttft, b.ttftOn = sp.TTFTSeconds, label+" at "+r.Quant
			}
		}
		if !w.meets(sp) {
			continue
		}
		if !a.Unified {
			// Give the plan the host RAM it needs and check it again with
			// exactly the arguments it prints.
			args.RAM = ramArg(0, r.RAMBytes)
			hw2, err := Hardware(args)
			if err != nil {
				return Plan{}, false
			}
			r2, err := w.est.Estimate(m, r.Quant, hw2, s)
			if err != nil || r2.Verdict != estimate.VerdictGPU {
				continue
			}
			r, sp = r2, throughputOn(w.est, m, r2, hw2, s, w.Users)
			if !w.meets(sp) {
				continue
			}
			hw = hw2
		}
		return w.makePlan(m, a, mem, sh, args, hw, r, sp), true
	}
	return Plan{}, false
}

func (w Workload) meets(sp Speed) bool {
	return sp.PerUserTPS >= w.TPS &&
		(w.TTFT == 0 || (sp.TTFTSeconds > 0 && sp.TTFTSeconds <= w.TTFT)) &&
		sp.Capacity+1e-9 >= float64(w.Users)
}

// args builds --gpu/--ram for a shape; false when the shape needs more
// accelerators than --gpu takes.
func (w Workload) args(a hwprobe.Accelerator, mem float64, sh shape) (Args, bool) {
	total := sh.g * sh.nodes
	if total > maxTotalGPUs || total > w.MaxGPUs {
		return Args{}, false
	}
	if a.Unified {
		return Args{GPU: unitSpec(a, mem), RAM: ramArg(mem, 0)}, true
	}
	if sh.nodes > 1 && w.engine() == estimate.EngineVLLM {
		return Args{GPU: pipelineSpec(a, mem, sh.g, sh.nodes), RAM: ramArg(0, searchRAM)}, true
	}
	if total == 1 {
		return Args{GPU: unitSpec(a, mem), RAM: ramArg(0, searchRAM)}, true
	}
	return Args{GPU: fmt.Sprintf("%dx %s", total, unitSpec(a, mem)), RAM: ramArg(0, searchRAM)}, true
}

func describe(a hwprobe.Accelerator, mem float64, sh shape) string {
	name := a.Name
	if len(a.MemoryGiB) > 1 {
		name = fmt.Sprintf("%s %g GB", a.Name, mem)
	}
	if sh.nodes > 1 {
		return fmt.Sprintf("%d nodes x %dx %s", sh.nodes, sh.g, name)
	}
	if a.Unified || sh.g == 1 {
		return name
	}
	return fmt.Sprintf("%dx %s", sh.g, name)
}

func (w Workload) makePlan(m *catalog.Model, a hwprobe.Accelerator, mem float64, sh shape, args Args, hw estimate.Hardware, r estimate.Result, sp Speed) Plan {
	s := w.Settings
	p := Plan{
		Hardware: describe(a, mem, sh), Accelerator: a.Name, Vendor: a.Vendor, Kind: a.Kind,
		MemoryGiB: mem, GPUsPerNode: sh.g, Nodes: sh.nodes, Topology: topology(w.engine(), sh, a),
		Engine: w.engine(), Quant: r.Quant, Verdict: r.Verdict, Args: args, Flags: args.Flags(s),
		PerUserTPS: sp.PerUserTPS, AggregateTPS: sp.AggregateTPS, PrefillTPS: sp.PrefillTPS,
		TTFTSeconds: sp.TTFTSeconds, BurstTTFTSeconds: sp.BurstTTFT, MaxConcurrency: sp.Capacity,
		Basis: r.Basis, result: r,
	}
	if w.TPS > 0 {
		h := sp.PerUserTPS/w.TPS - 1
		p.TPSHeadroom = &h
	}
	p.MemoryHeadroom = memoryHeadroom(hw, r, w.Users)
	p.Commands = commands(m, r, s, sh)
	units := sh.g * sh.nodes
	if pr, ok := a.PriceFor(mem); ok {
		p.Price = &Price{TotalUSD: pr.USD * float64(units), UnitUSD: pr.USD, Units: units,
			Kind: pr.Kind, Date: pr.Date, What: pr.What, Source: pr.Source}
	}
	if a.PowerW != nil {
		pw := *a.PowerW * float64(units)
		p.PowerW = &pw
	}
	return p
}

func topology(engine string, sh shape, a hwprobe.Accelerator) string {
	switch {
	case a.Unified:
		return "one system"
	case sh.nodes > 1 && engine == estimate.EngineVLLM:
		return fmt.Sprintf("vLLM tensor parallel %d in each node x pipeline parallel %d across nodes (Ray)", sh.g, sh.nodes)
	case sh.nodes > 1:
		return fmt.Sprintf("llama.cpp layer split over %d nodes (RPC)", sh.nodes)
	case sh.g > 1 && engine == estimate.EngineVLLM:
		return fmt.Sprintf("one node, vLLM tensor parallel %d", sh.g)
	case sh.g > 1:
		return fmt.Sprintf("one node, llama.cpp layer split over %d GPUs", sh.g)
	}
	return "one GPU"
}

// memoryHeadroom: llama.cpp, the share of accelerator memory left after
// weights, KV cache and buffers; vLLM (which reserves its pool), the share
// of the KV pool the users leave free.
func memoryHeadroom(hw estimate.Hardware, r estimate.Result, users int) float64 {
	if r.Engine == estimate.EngineVLLM {
		if r.MaxConcurrency <= 0 {
			return 0
		}
		return 1 - float64(users)/r.MaxConcurrency
	}
	var total int64
	for _, d := range hw.GPUs {
		total += d.MemoryBytes
	}
	if total <= 0 {
		return 0
	}
	return 1 - float64(r.GPUBytes)/float64(total)
}

func (w Workload) unmet(m *catalog.Model, b best, overBudget int) *Unmet {
	u := &Unmet{Fits: b.fits, BestTPSOn: b.tpsOn, BestTTFTOn: b.ttftOn}
	if b.tps > 0 {
		u.BestPerUserTPS = &b.tps
	}
	if b.ttft > 0 {
		u.BestTTFT = &b.ttft
	}
	scope := fmt.Sprintf("up to %d accelerators", w.MaxGPUs)
	if w.Vendor != "" {
		scope += " from " + w.Vendor
	}
	switch {
	case overBudget > 0:
		u.Message = fmt.Sprintf("%d configurations meet the targets, but none is priced within the budget of %.0f USD", overBudget, w.Budget)
	case !b.fits:
		u.Message = fmt.Sprintf("%s does not fit fully in accelerator memory on any configuration (%s) with %d users at context %d",
			m.ID, scope, w.Users, w.Settings.Context)
	case b.tps == 0:
		u.Message = fmt.Sprintf("no configuration (%s) holds %d sequences of context %d", scope, w.Users, w.Settings.Context)
	case b.tps < w.TPS:
		u.Message = fmt.Sprintf("no configuration (%s) reaches %.4g tokens/s per user for %d users; the best reachable is %.1f tokens/s (%s)",
			scope, w.TPS, w.Users, b.tps, b.tpsOn)
	case w.TTFT > 0 && (b.ttft == 0 || b.ttft > w.TTFT):
		u.Message = fmt.Sprintf("no configuration (%s) reaches a time to first token of %.3g s; the best reachable is %.2f s (%s)",
			scope, w.TTFT, b.ttft, b.ttftOn)
	default:
		u.Message = fmt.Sprintf("no single configuration (%s) meets every target at once: the best per-user speed is %.1f tokens/s (%s), the best time to first token %.2f s (%s)",
			scope, b.tps, b.tpsOn, b.ttft, b.ttftOn)
	}
	return u
}

// commands are the engine command lines of a plan: one for a single
// machine; for several nodes, what to start on each.
func commands(m *catalog.Model, r estimate.Result, s estimate.Settings, sh shape) []string {
	serve := report.Command(m, r, s)
	if serve == "" || sh.nodes == 1 {
		return []string{serve}
	}
	if r.Engine == estimate.EngineVLLM {
		return []string{
			"# on the head node:",
			"ray start --head --port=6379",
			fmt.Sprintf("# on each of the other %d nodes:", sh.nodes-1),
			"ray start --address=HEAD_NODE_IP:6379",
			"# then, on the head node:",
			serve + fmt.Sprintf(" --pipeline-parallel-size %d --distributed-executor-backend ray", sh.nodes),
		}
	}
	var hosts []string
	for i := 2; i <= sh.nodes; i++ {
		hosts = append(hosts, fmt.Sprintf("NODE%d_IP:50052", i))
	}
	return []string{
		fmt.Sprintf("# on each of the other %d nodes (a trusted network only: rpc-server has no authentication):", sh.nodes-1),
		"rpc-server -H 0.0.0.0 -p 50052",
		"# then, on the first node:",
		serve + " --rpc " + strings.Join(hosts, ","),
	}
}
