package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/plan"
	"github.com/fitcheck/fitcheck/report"
)

// planFlags are the plan command's own flags.
type planFlags struct {
	users        int
	tps, ttft    float64
	budget       float64
	vendor       string
	maxGPUs      int
	maxNodes     int
	outputTokens int
	years, util  float64
	electricity  float64
	top          int
	machine      bool
}

func newPlanCommand(a *App) *cobra.Command {
	var pf planFlags
	cmd := &cobra.Command{
		Use:   "plan MODEL[@QUANT]",
		Short: "Which hardware to buy for a workload, and what a million tokens costs on it",
		Long: `Search the accelerator database (1 to 8 per node; whole systems such as Mac Studio,
DGX Spark and Strix Halo boxes; several nodes with vLLM tensor x pipeline parallelism
or llama.cpp RPC) for the configurations that serve MODEL to --users concurrent
streams at --tps decode tokens/s each (and --ttft seconds to the first token), and
rank them by price, unpriced ones last. Each plan prints the --gpu/--ram arguments
that reproduce it with 'fitcheck fit', its engine commands, and its cost per million
input and output tokens next to hosted API prices for the same model.

With --machine (no MODEL needed) it answers the other way round: the largest and
fastest models this (or the --gpu/--ram what-if) machine serves to --users at --tps,
and what one more of its accelerators would change.`,
		Example: `  fitcheck plan meta-llama/Llama-3.3-70B-Instruct --users 8 --tps 20 --context 8192
  fitcheck plan gpt-oss-120b --json
  fitcheck plan Qwen3-32B@AWQ --engine vllm --users 32 --tps 15 --budget 20000
  fitcheck plan --machine --gpu "2x RTX 4090" --ram 128GiB --users 4 --tps 15`,
		Args: func(cmd *cobra.Command, args []string) error {
			if pf.machine && len(args) <= 1 || len(args) == 1 {
				return nil
			}
			return usagef("plan takes exactly one MODEL[@QUANT] (or --machine), got %d arguments", len(args))
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return withPrefix(modelNames(), prefix), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			hints := map[string]string{"quant": "give MODEL@QUANT", "parallel": "a plan runs --users sequences", "gpu": "plan searches the accelerator database (--vendor, --budget, --max-gpus); --machine plans for a given machine"}
			if pf.machine {
				if err := a.refuseFlags("plan --machine", hints, []string{"quant", "parallel", "fits", "require"}); err != nil {
					return err
				}
				return a.runMachine(cmd, args, pf)
			}
			if err := a.refuseFlags("plan", hints, []string{"quant", "parallel", "fits", "require", "policy"}, selectionFlagNames, whatIfFlagNames); err != nil {
				return err
			}
			return a.runPlan(args[0], pf)
		},
	}
	f := cmd.Flags()
	f.IntVar(&pf.users, "users", 1, "concurrent users (streams), each with the full --context")
	f.Float64Var(&pf.tps, "tps", 0, "decode tokens/s each user must see (0: no target)")
	f.Float64Var(&pf.ttft, "ttft", 0, "seconds to the first token of a --prompt-tokens prompt (0: no target)")
	f.Float64Var(&pf.budget, "budget", 0, "USD for the accelerators or systems (0: no limit; unpriced plans drop out)")
	f.StringVar(&pf.vendor, "vendor", "", "only NVIDIA, AMD, Intel or Apple")
	f.IntVar(&pf.maxGPUs, "max-gpus", 0, "at most this many accelerators in all (default: 8 per node x --max-nodes)")
	f.IntVar(&pf.maxNodes, "max-nodes", plan.DefaultMaxNodes, "at most this many machines")
	f.IntVar(&pf.outputTokens, "output-tokens", plan.DefaultOutputTokens, "output tokens per request (with --prompt-tokens, the input:output mix of costs)")
	f.Float64Var(&pf.years, "amortize-years", plan.DefaultAmortizeYears, "years to spread the hardware price over")
	f.Float64Var(&pf.util, "utilization", plan.DefaultUtilization, "share of the time the hardware serves at the planned load")
	f.Float64Var(&pf.electricity, "electricity-price", plan.DefaultElectricityUSDPerKWh, "USD per kWh (default: EIA, US commercial, East North Central, April 2025)")
	f.IntVar(&pf.top, "top", 15, "table rows to print (the JSON has every plan)")
	f.BoolVar(&pf.machine, "machine", false, "the other direction: what this (or the what-if) machine serves, and what one more GPU changes")
	return cmd
}

// workload reads the workload flags; bad values are usage errors.
func (a *App) workload(pf planFlags, quant string) (plan.Workload, error) {
	s, err := a.Settings()
	if err != nil {
		return plan.Workload{}, err
	}
	w := plan.Workload{Users: pf.users, TPS: pf.tps, TTFT: pf.ttft, Settings: s, OutputTokens: pf.outputTokens,
		Quant: quant, Budget: pf.budget, Vendor: pf.vendor, MaxGPUs: pf.maxGPUs, MaxNodes: pf.maxNodes}
	if pf.outputTokens < 1 {
		return w, usagef("--output-tokens %d: give 1 or more", pf.outputTokens)
	}
	if pf.maxNodes < 1 {
		return w, usagef("--max-nodes %d: give 1 or more", pf.maxNodes)
	}
	if pf.top < 0 {
		return w, usagef("--top %d: give 0 (all) or more", pf.top)
	}
	if _, err := w.Normalize(); err != nil {
		return w, usageError{err}
	}
	return w, nil
}

func splitQuant(arg string) (model, quant string) {
	if i := strings.LastIndexByte(arg, '@'); i > 0 {
		return arg[:i], arg[i+1:]
	}
	return arg, ""
}

func (a *App) runPlan(arg string, pf planFlags) error {
	cat, err := a.Catalog()
	if err != nil {
		return err
	}
	name, quant := splitQuant(arg)
	m, err := a.findModel(cat, name) // catalog, else the Hub (as fit)
	if err != nil {
		return err
	}
	w, err := a.workload(pf, quant)
	if err != nil {
		return err
	}
	c := plan.CostSettings{AmortizeYears: pf.years, Utilization: pf.util, ElectricityUSDPerKWh: pf.electricity,
		ElectricitySource: plan.ElectricitySource}
	if a.given("electricity-price") {
		c.ElectricitySource = "--electricity-price"
	}
	ans, err := plan.Run(m, w, c, hwprobe.ListAccelerators())
	if errors.Is(err, plan.ErrWorkload) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	doc := plan.NewDocument(a.Version(), ans)
	if a.flags.json {
		return a.writeJSON(doc)
	}
	return writePlanTable(a.env.Stdout, doc, pf.top)
}

func writePlanTable(w io.Writer, d plan.Document, top int) error {
	wl := d.Workload
	target := "no speed target"
	if wl.TPS > 0 {
		target = fmt.Sprintf("%g tok/s each", wl.TPS)
	}
	if wl.TTFT != nil {
		target += fmt.Sprintf(", first token within %g s", *wl.TTFT)
	}
	users := fmt.Sprintf("%d users", wl.Users)
	if wl.Users == 1 {
		users = "1 user"
	}
	fmt.Fprintf(w, "Plans for %s: %s, %s, context %d, prompt %d, %s\n\n", d.Model.ID, users, target,
		wl.Context, wl.PromptTokens, wl.Engine)
	if d.Unmet != nil {
		fmt.Fprintln(w, d.Unmet.Message+".")
		writeHosted(w, d)
		return nil
	}
	t := newTable(w)
	row(t, "#", "HARDWARE", "QUANT", "PRICE", "TOK/S USER", "TOTAL", "TTFT", "HEADROOM", "$/M IN", "$/M OUT", "REPRODUCE")
	for i, p := range d.Plans {
		if top > 0 && i >= top {
			break
		}
		price, in, out := "unpriced", "-", "-"
		if p.Price != nil {
			price = fmt.Sprintf("%s (%s %s)", usd(p.Price.TotalUSD), p.Price.Kind, p.Price.Date)
		}
		if p.Cost != nil {
			in, out = usdM(p.Cost.InputUSDPerM), usdM(p.Cost.OutputUSDPerM)
			if !p.Cost.PowerIncluded {
				out += "*"
			}
		}
		row(t, fmt.Sprint(i+1), p.Hardware, p.Quant, price, fmt.Sprintf("%.1f", p.PerUserTPS), fmt.Sprintf("%.0f", p.AggregateTPS),
			fmt.Sprintf("%.2fs", p.TTFTSeconds), headroom(p), in, out, fmt.Sprintf("--gpu %q --ram %s", p.Args.GPU, p.Args.RAM))
	}
	t.Flush()
	if n := len(d.Plans); top > 0 && n > top {
		fmt.Fprintf(w, "… %d more (--top 0 or --json for all)\n", n-top)
	}
	fmt.Fprintf(w, "\nPrices are of the accelerators (or whole systems), not of host servers; * power unknown, not counted.\n")
	fmt.Fprintf(w, "Costs: hardware over %g years at %g%% utilisation + power at %.4g USD/kWh (%s).\n",
		d.Costs.Settings.AmortizeYears, d.Costs.Settings.Utilization*100, d.Costs.Settings.ElectricityUSDPerKWh, d.Costs.Settings.ElectricitySource)
	if len(d.Plans) > 0 {
		p := d.Plans[0]
		fmt.Fprintf(w, "\n#1 %s, %s — %s:\n", p.Hardware, p.Topology, p.Basis)
		for _, c := range p.Commands {
			fmt.Fprintln(w, "  "+c)
		}
		fmt.Fprintf(w, "  check: fitcheck fit %s %s\n", d.Model.ID, shellWords(p.Flags))
	}
	writeHosted(w, d)
	return nil
}

// headroom is "+N% tok/s, M% mem" (vLLM: of the KV pool); the speed part
// only with a --tps target.
func headroom(p plan.Plan) string {
	mem := fmt.Sprintf("%.0f%% mem", p.MemoryHeadroom*100)
	if p.Engine == "vllm" {
		mem = fmt.Sprintf("%.0f%% KV", p.MemoryHeadroom*100)
	}
	if p.TPSHeadroom == nil {
		return mem
	}
	return fmt.Sprintf("+%.0f%% tok/s, %s", *p.TPSHeadroom*100, mem)
}

func writeHosted(w io.Writer, d plan.Document) {
	if len(d.Costs.Hosted) == 0 {
		fmt.Fprintf(w, "\nNo hosted API price for %s in fitcheck's table (prices dated %s to %s).\n", d.Model.ID,
			d.Costs.TableOldest, d.Costs.TableNewest)
		return
	}
	fmt.Fprintf(w, "\nHosted APIs for the same model (per million tokens; %d output tokens per request, %.2f input per output):\n",
		d.Costs.OutputTokens, d.Costs.InputPerOutput)
	var cheapest *plan.Plan
	for i := range d.Plans {
		if d.Plans[i].Cost != nil {
			cheapest = &d.Plans[i]
			break
		}
	}
	t := newTable(w)
	row(t, "PROVIDER", "IN", "OUT", "DATE", "BREAK-EVEN (#1 PRICED PLAN)", "SOURCE")
	for i, h := range d.Costs.Hosted {
		be := "-"
		if cheapest != nil && i < len(cheapest.Cost.BreakEven) {
			b := cheapest.Cost.BreakEven[i]
			switch {
			case b.TokensPerDay == nil:
				be = "never (power alone costs more)"
			case !b.WithinCapacity:
				be = fmt.Sprintf("%s tokens/day: beyond its capacity", tokens(*b.TokensPerDay))
			default:
				be = fmt.Sprintf("%s tokens/day", tokens(*b.TokensPerDay))
			}
		}
		row(t, h.Provider, usdM(h.InputPerM), usdM(h.OutputPerM), h.Date, be, h.Source)
	}
	t.Flush()
}

func usd(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return "$" + b.String()
}

func usdM(v float64) string {
	if v >= 10 {
		return fmt.Sprintf("$%.1f", v)
	}
	return fmt.Sprintf("$%.3f", v)
}

func tokens(v float64) string {
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.1fB", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.1fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.0fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

func shellWords(ws []string) string {
	out := make([]string, len(ws))
	for i, s := range ws {
		if strings.ContainsAny(s, " '\"$()") {
			s = "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
		out[i] = s
	}
	return strings.Join(out, " ")
}

// machineDocument is `fitcheck plan --machine --json`.
type machineDocument struct {
	SchemaVersion   string             `json:"schema_version"`
	FitcheckVersion string             `json:"fitcheck_version"`
	Hardware        report.Hardware    `json:"hardware"`
	Workload        plan.DocWorkload   `json:"workload"`
	Machine         plan.MachineAnswer `json:"machine"`
	Warnings        []string           `json:"warnings"`
}

func (a *App) runMachine(cmd *cobra.Command, args []string, pf planFlags) error {
	cat, models, err := a.Selection()
	if err != nil {
		return err
	}
	quant := ""
	if len(args) == 1 {
		var name string
		name, quant = splitQuant(args[0])
		m, err := cat.Find(name)
		if err != nil {
			return usageError{err}
		}
		models = []*catalog.Model{m}
	}
	w, err := a.workload(pf, quant)
	if err != nil {
		return err
	}
	snap, err := a.Snapshot(cmd.Context())
	if err != nil {
		return err
	}
	hw, warnings := report.EstimateHardware(snap, a.AssumeIdle())
	ans, err := plan.Machine(models, hw, w, pf.top)
	if err != nil {
		return usageError{err}
	}
	if a.flags.json {
		wn, _ := w.Normalize()
		return a.writeJSON(machineDocument{SchemaVersion: plan.SchemaVersion, FitcheckVersion: a.Version(),
			Hardware: report.HardwareOf(snap), Workload: docWorkload(wn), Machine: ans,
			Warnings: append(append([]string{}, snap.Warnings...), warnings...)})
	}
	out := a.env.Stdout
	target := "no speed target"
	if w.TPS > 0 {
		target = fmt.Sprintf("%g tok/s each", w.TPS)
	}
	fmt.Fprintf(out, "This machine for %s, %s, context %d, %s: %s the targets\n",
		plural(w.Users, "user", "users"), target, w.Settings.Context, w.Settings.Engine, plural(ans.Meeting, "model meets", "models meet"))
	for _, l := range []struct {
		title string
		fits  []plan.MachineFit
	}{{"Largest", ans.Largest}, {"Fastest", ans.Fastest}} {
		if len(l.fits) == 0 {
			continue
		}
		fmt.Fprintf(out, "\n%s:\n", l.title)
		t := newTable(out)
		row(t, "MODEL", "PARAMS", "QUANT", "VERDICT", "TOK/S USER", "TOTAL", "TTFT")
		for _, f := range l.fits {
			row(t, f.ModelID, fmt.Sprintf("%.1fB", float64(f.ParamsTotal)/1e9), f.Quant, f.Verdict,
				fmt.Sprintf("%.1f", f.PerUserTPS), fmt.Sprintf("%.0f", f.AggregateTPS), fmt.Sprintf("%.2fs", f.TTFTSeconds))
		}
		t.Flush()
	}
	if om := ans.OneMore; om != nil {
		fmt.Fprintf(out, "\nWith one more %s: %s the targets (%d new)", om.Added, plural(om.Meeting, "model meets", "models meet"), len(om.NewModels))
		if om.Largest != nil && (om.LargestNow == nil || om.Largest.ModelID != om.LargestNow.ModelID) {
			fmt.Fprintf(out, "; the largest becomes %s at %s (%.1f tok/s each)", om.Largest.ModelID, om.Largest.Quant, om.Largest.PerUserTPS)
		}
		fmt.Fprintln(out, ".")
		for i, id := range om.NewModels {
			if i == 10 {
				fmt.Fprintf(out, "  … %d more\n", len(om.NewModels)-10)
				break
			}
			fmt.Fprintln(out, "  + "+id)
		}
	} else {
		fmt.Fprintln(out, "\nOne more accelerator: not applicable (no discrete GPU; a unified-memory system would need a second machine).")
	}
	return nil
}

func docWorkload(w plan.Workload) plan.DocWorkload {
	d := plan.DocWorkload{Users: w.Users, TPS: w.TPS, Context: w.Settings.Context, PromptTokens: w.Settings.PromptTokens,
		OutputTokens: w.OutputTokens, Engine: w.Settings.Engine, KVCacheType: w.Settings.KVType, MaxGPUs: w.MaxGPUs, MaxNodes: w.MaxNodes}
	if w.TTFT > 0 {
		d.TTFT = &w.TTFT
	}
	if w.Quant != "" {
		d.Quant = &w.Quant
	}
	return d
}

// plural is "1 user" or "4 users".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
