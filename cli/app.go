package cli

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
)

// App holds one invocation's parsed flags and what they resolve to. The TUI
// receives it to start from the same catalog, selection and hardware.
type App struct {
	env   *Env
	flags flags
	set   *pflag.FlagSet // the root's persistent flags, to ask what was given

	policy            *loadedPolicy             // --policy, read once
	tuneDatasetTokens string                    // `tune --dataset-tokens`, parsed like a parameter count
	hubSeen           map[string]*catalog.Model // models looked up on the Hub in this run
	profile           *loadedProfile            // --profile, once read
	profileApplied    bool
	installed         map[string]bool // catalog ids on disk (lower case), once discovered
	instWarn          []string
}

// given reports whether the flag was on the command line.
func (a *App) given(name string) bool {
	f := a.set.Lookup(name)
	return f != nil && f.Changed
}

// Version is the fitcheck version being run.
func (a *App) Version() string { return a.env.Version }

// Catalog loads the built-in catalog, then merges the user catalog from the
// user config directory and the --catalog file, in that order.
func (a *App) Catalog() (*catalog.Catalog, error) {
	cat, err := catalog.Builtin()
	if err != nil {
		return nil, fmt.Errorf("built-in catalog: %w", err)
	}
	var files []string
	if dir, err := os.UserConfigDir(); err == nil {
		user := filepath.Join(dir, "fitcheck", "catalog.json")
		if _, err := os.Stat(user); err == nil {
			files = append(files, user)
		}
	}
	if a.flags.catalogFile == "" && a.given("catalog") {
		return nil, usagef("--catalog: give a FILE")
	}
	if a.flags.catalogFile != "" {
		files = append(files, a.flags.catalogFile)
	}
	for _, f := range files {
		data, err := readCatalogFile(f)
		if err != nil {
			return nil, err
		}
		if cat, err = cat.Merge(f, data); err != nil {
			return nil, err
		}
	}
	return cat, nil
}

// Settings validates the run-setting flags.
func (a *App) Settings() (estimate.Settings, error) {
	f := &a.flags
	s := estimate.DefaultSettings()
	if !a.given("prompt-tokens") {
		f.promptTokens = min(f.promptTokens, f.context) // the default never conflicts with a short --context
	}
	switch {
	case f.context < 256 || f.context > 1<<24:
		return s, usagef("--context %d: must be between 256 and %d tokens", f.context, 1<<24)
	case f.promptTokens < 1 || f.promptTokens > f.context:
		return s, usagef("--prompt-tokens %d: must be between 1 and the context (%d)", f.promptTokens, f.context)
	case f.cachedTokens < 0 || f.cachedTokens > f.context-f.promptTokens:
		return s, usagef("--cached-tokens %d: must be between 0 and the context less the prompt (%d)", f.cachedTokens, f.context-f.promptTokens)
	case f.parallel < 1 || f.parallel > 1024:
		return s, usagef("--parallel %d: must be between 1 and 1024", f.parallel)
	case !(f.gpuUtil > 0 && f.gpuUtil <= 1):
		return s, usagef("--gpu-util %g: must be in (0, 1]", f.gpuUtil)
	case !estimate.ValidKVType(f.kvType):
		return s, usagef("--kv-type %q: must be f16, q8_0 or q4_0", f.kvType)
	}
	switch strings.ToLower(f.engine) {
	case "llama.cpp", "llamacpp", "llama-cpp", "ollama", "lmstudio":
		s.Engine = estimate.EngineLlamaCpp
	case "vllm":
		s.Engine = estimate.EngineVLLM
	default:
		return s, usagef("--engine %q: must be llama.cpp or vllm", f.engine)
	}
	if s.Engine == estimate.EngineVLLM && f.kvType == "q4_0" {
		return s, usagef("--kv-type q4_0: vLLM has no 4-bit KV cache (use f16, or q8_0 for fp8)")
	}
	s.Context, s.PromptTokens, s.KVType, s.Parallel = f.context, f.promptTokens, f.kvType, f.parallel
	s.CachedTokens = f.cachedTokens
	s.CPUMoE, s.FlashAttention, s.GPUMemoryUtilization = f.cpuMoE, !f.noFlashAttn, f.gpuUtil
	s.TextOnly = f.textOnly
	if f.nCPUMoE < 0 {
		return s, usagef("--n-cpu-moe %d: must be 0 or more", f.nCPUMoE)
	}
	s.NCPUMoE = f.nCPUMoE
	if f.ubatch < 0 || f.ubatch > 65536 || (a.given("ubatch") && f.ubatch == 0) {
		return s, usagef("--ubatch %d: must be between 1 and 65536 tokens", f.ubatch)
	}
	s.UBatch = f.ubatch
	if f.threads < 0 || f.threads > 4096 || (a.given("threads") && f.threads == 0) {
		return s, usagef("--threads %d: must be between 1 and 4096", f.threads)
	}
	s.Threads = f.threads
	if a.given("vllm-version") {
		v0, piecewise, err := vllmGeneration(f.vllmVersion)
		if err != nil {
			return s, usageError{err}
		}
		s.VLLMV0, s.VLLMPiecewiseGraphs = v0, piecewise
	}
	return s, nil
}

// vllmGeneration maps a vLLM release to the two behaviours that changed
// what fitcheck estimates: V1 became the default engine in 0.8, full
// decode CUDA graphs in 0.11 (vllm PR #25444).
func vllmGeneration(v string) (v0, piecewise bool, err error) {
	var major, minor int
	if n, _ := fmt.Sscanf(strings.TrimPrefix(strings.TrimSpace(v), "v"), "%d.%d", &major, &minor); n != 2 || major < 0 || minor < 0 {
		return false, false, fmt.Errorf("--vllm-version %q: give a release as MAJOR.MINOR, e.g. 0.10", v)
	}
	older := func(ma, mi int) bool { return major < ma || major == ma && minor < mi }
	return older(0, 8), older(0, 11), nil
}

// AssumeIdle reports --assume-idle (or the --profile's budget).
func (a *App) AssumeIdle() bool { return a.flags.assumeIdle }

// overrides parses the what-if hardware flags.
func (a *App) overrides() (hwprobe.Overrides, error) {
	f := &a.flags
	var o hwprobe.Overrides
	if f.noGPU && len(f.gpus) > 0 {
		return o, usagef("--no-gpu and --gpu contradict each other")
	}
	o.NoGPU = f.noGPU
	if f.ram != "" {
		n, err := hwprobe.ParseSize(f.ram)
		if err != nil {
			return o, usageError{fmt.Errorf("--ram %q: %w", f.ram, err)}
		}
		o.RAMBytes = n
	}
	for _, spec := range f.gpus {
		gpus, err := hwprobe.ParseGPUSpec(spec)
		if errors.Is(err, hwprobe.ErrSizeNeeded) && o.RAMBytes > 0 {
			// A unified-memory chip named without its size: --ram is it.
			gpus, err = hwprobe.ParseGPUSpec(hwprobe.WithSize(spec, float64(o.RAMBytes)/(1<<30)))
		}
		if err != nil {
			return o, usageError{fmt.Errorf("--gpu %q: %w", spec, err)}
		}
		o.GPUs = append(o.GPUs, gpus...)
	}
	if !(f.ramBW >= 0 && f.ramBW <= 100000) || (a.given("ram-bw") && f.ramBW == 0) { // the negation also refuses NaN
		return o, usagef("--ram-bw %g: must be a bandwidth in GB/s", f.ramBW)
	}
	o.RAMBandwidthGBps = f.ramBW
	if f.cores < 0 || f.cores > 4096 || (a.given("cores") && f.cores == 0) {
		return o, usagef("--cores %d: must be between 1 and 4096", f.cores)
	}
	o.Cores = f.cores
	if a.given("cpu-features") {
		feats, err := hwprobe.ParseCPUFeatures(f.cpuFeatures)
		if err != nil {
			return o, usageError{fmt.Errorf("--cpu-features: %w", err)}
		}
		o.CPUFeatures = feats
	}
	if a.given("cpu-model") {
		m := strings.TrimSpace(f.cpuModel)
		if m == "" || len(m) > 100 {
			return o, usagef("--cpu-model %q: must name a CPU in 1 to 100 characters", f.cpuModel)
		}
		o.CPUModel = m
		cs, list, err := hwprobe.ParseCPUClusters(m)
		if err != nil {
			return o, usageError{fmt.Errorf("--cpu-model: %w", err)}
		}
		if list {
			o.CPUClusters = cs
		}
	}
	if a.given("cpu-ghz") && (f.cpuGHz < 0.1 || f.cpuGHz > 10 || math.IsNaN(f.cpuGHz)) {
		return o, usagef("--cpu-ghz %g: must be a clock between 0.1 and 10 GHz", f.cpuGHz)
	}
	o.CPUGHz = f.cpuGHz
	if a.given("os") {
		v, err := hwprobe.ParseOS(f.os)
		if err != nil {
			return o, usageError{err}
		}
		o.OS = v
	}
	if a.given("interconnect") {
		ic, err := hwprobe.ParseInterconnect(f.interconnect)
		if err != nil {
			return o, usageError{err}
		}
		o.Interconnect = ic
	}
	return o, nil
}

// fullyOverridden is true when the flags replace every probed part, so
// nothing needs probing.
func fullyOverridden(o hwprobe.Overrides) bool {
	return (len(o.GPUs) > 0 || o.NoGPU) && o.RAMBytes > 0
}

// HardwareSource resolves the hardware: either a fixed what-if snapshot, or
// a probe function (which applies the overrides to what it finds). Exactly
// one of the two is set.
func (a *App) HardwareSource() (fixed *hwprobe.Snapshot, probe func(context.Context) hwprobe.Snapshot, err error) {
	o, err := a.overrides()
	if err != nil {
		return nil, nil, err
	}
	if err := a.loadProfile(); err != nil {
		return nil, nil, err
	}
	if a.profile != nil {
		// The profile is the whole machine; what-if flags change parts of it.
		s := hwprobe.ApplyOverrides(a.profile.hw.Clone(), o)
		s.Source = hwprobe.SourceOverride
		return &s, nil, nil
	}
	if fullyOverridden(o) {
		s := hwprobe.WhatIf(o)
		return &s, nil, nil
	}
	raw := func(ctx context.Context) hwprobe.Snapshot { return hwprobe.Probe(ctx, hwprobe.Options{}) }
	if a.env.Probe != nil {
		raw = a.env.Probe
	}
	return nil, func(ctx context.Context) hwprobe.Snapshot {
		return hwprobe.ApplyOverrides(raw(ctx), o)
	}, nil
}

// Snapshot resolves the hardware now (probing if needed).
func (a *App) Snapshot(ctx context.Context) (hwprobe.Snapshot, error) {
	fixed, probe, err := a.HardwareSource()
	if err != nil {
		return hwprobe.Snapshot{}, err
	}
	if fixed != nil {
		return *fixed, nil
	}
	return probe(ctx), nil
}

// Filter builds the catalog filter from the selection flags.
func (a *App) Filter() (catalog.Filter, error) {
	f := &a.flags
	flt := catalog.Filter{
		Origins: upper(f.origins), Licences: f.licences, Commercial: f.commercial,
		Families: f.families, Orgs: f.orgs, Search: f.search, Modality: f.modality,
	}
	for _, c := range flt.Origins {
		if !catalog.ValidCountry(c) {
			return flt, usagef("--origin %q: not an ISO 3166-1 alpha-2 country code (e.g. US, CN, FR)", c)
		}
	}
	if f.modality != "" && f.modality != "text" && f.modality != "vision" {
		return flt, usagef("--modality %q: must be text or vision", f.modality)
	}
	var err error
	if flt.MinParams, err = parseCount("--min-params", f.minParams); err != nil {
		return flt, err
	}
	if flt.MaxParams, err = parseCount("--max-params", f.maxParams); err != nil {
		return flt, err
	}
	if flt.MaxParams > 0 && flt.MinParams > flt.MaxParams {
		return flt, usagef("--min-params is larger than --max-params")
	}
	return flt, nil
}

// Models resolves --model and the filters to the models to estimate.
func (a *App) Models(cat *catalog.Catalog) ([]*catalog.Model, error) {
	flt, err := a.Filter()
	if err != nil {
		return nil, err
	}
	for _, l := range flt.Licences {
		if !knownLicence(cat, l) {
			return nil, usagef("--licence %q: no such licence in the catalog (%s)", l, licenceIDs(cat))
		}
	}
	if len(a.flags.models) == 0 {
		return a.onlyInstalled(cat, cat.Select(flt)), nil
	}
	var out []*catalog.Model
	seen := map[*catalog.Model]bool{}
	for _, q := range a.flags.models {
		m, err := a.findModel(cat, q)
		if err != nil {
			return nil, err
		}
		if !seen[m] && flt.Match(cat, m) {
			out = append(out, m)
		}
		seen[m] = true
	}
	return a.onlyInstalled(cat, out), nil
}

// Selection loads the catalog and resolves the selection flags against it.
func (a *App) Selection() (*catalog.Catalog, []*catalog.Model, error) {
	cat, err := a.Catalog()
	if err != nil {
		return nil, nil, err
	}
	models, err := a.Models(cat)
	return cat, models, err
}

// Quants validates --quant against the engine.
func (a *App) Quants() ([]string, error) {
	var out []string
	for _, q := range a.flags.quants {
		for _, part := range strings.Split(q, ",") {
			info, err := a.quant("--quant", part)
			if err != nil {
				return nil, err
			}
			out = append(out, info.Name)
		}
	}
	return out, nil
}

// quant looks up one quantization and checks that the chosen engine runs it.
func (a *App) quant(flag, name string) (estimate.Quant, error) {
	info, ok := estimate.LookupQuant(strings.TrimSpace(name))
	if !ok {
		return info, usagef("%s %q: unknown quantization (try Q4_K_M, Q8_0, BF16, MXFP4, FP8, AWQ)", flag, name)
	}
	s, err := a.Settings()
	if err != nil {
		return info, err
	}
	if !info.Supports(s.Engine) {
		other := estimate.EngineVLLM
		if s.Engine == estimate.EngineVLLM {
			other = estimate.EngineLlamaCpp
		}
		return info, usagef("%s %s: %s does not run it (try --engine %s)", flag, info.Name, s.Engine, other)
	}
	return info, nil
}

// Options are the report options the flags ask for.
func (a *App) Options() (report.Options, error) {
	s, err := a.Settings()
	if err != nil {
		return report.Options{}, err
	}
	quants, err := a.Quants()
	if err != nil {
		return report.Options{}, err
	}
	minTPS, err := a.minTPS()
	if err != nil {
		return report.Options{}, err
	}
	return report.Options{Version: a.env.Version, Settings: s, AssumeIdle: a.flags.assumeIdle,
		Quants: quants, FitsOnly: a.flags.fits, MinTPS: minTPS}, nil
}

// Document builds the full answer for the given models on snap.
func (a *App) Document(snap hwprobe.Snapshot, cat *catalog.Catalog, models []*catalog.Model) (report.Document, error) {
	opts, err := a.Options()
	if err != nil {
		return report.Document{}, err
	}
	pol, err := a.Policy()
	if err != nil {
		return report.Document{}, err
	}
	opts.Installed = a.installedIDs(cat)
	doc := report.Build(snap, cat, models, opts)
	doc.ApplyPolicy(pol)
	doc.Warnings = append(doc.Warnings, a.instWarn...)
	return doc, nil
}

// parseCount reads a parameter count such as 7B, 1.5T or 500M; a bare
// number means billions, as model sizes are quoted ("a 7 model" is 7B,
// never 7 parameters).
func parseCount(flag, s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	mult, num := 1e9, s
	if m, ok := map[string]float64{"K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12}[strings.ToUpper(s[len(s)-1:])]; ok {
		mult, num = m, s[:len(s)-1]
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || !(v >= 0) || v*mult > 1e15 { // !(v >= 0) also refuses NaN
		return 0, usagef("%s %q: not a parameter count (e.g. 7B, 500M, 1.5T; a bare number means billions)", flag, s)
	}
	return int64(v * mult), nil
}

func upper(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = strings.ToUpper(strings.TrimSpace(x))
	}
	return out
}

func knownLicence(cat *catalog.Catalog, id string) bool {
	for k := range cat.Licences {
		if strings.EqualFold(k, strings.TrimSpace(id)) {
			return true
		}
	}
	return false
}

// licenceIDs lists the licence ids in use, for an error message.
func licenceIDs(cat *catalog.Catalog) string {
	ids := make([]string, 0, len(cat.Licences))
	for k := range cat.Licences {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}
