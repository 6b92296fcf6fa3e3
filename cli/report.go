package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/htmlreport"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/report"
	"github.com/fitcheck/fitcheck/ui"
)

// maxReportModels keeps a report a shortlist a person reads.
const maxReportModels = 40

type reportFlags struct {
	options []string
	format  string
	out     string
	title   string
}

func newReportCommand(a *App) *cobra.Command {
	var rf reportFlags
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write a shareable HTML (or Markdown) report: models × hardware options",
		Long: `Write one self-contained report comparing a shortlist of models (--model, or the
catalog filters) on 1 to 4 hardware options: per model the licence and its conditions,
origin, commercial use, guardrails, the policy verdict (--policy), and per option the
best quantization, a memory bar (weights, KV cache, compute) against the option's
budget, decode speed range, time to first token and the engine command; a summary
chart on top and the settings at the bottom.

The HTML page has its CSS and SVG charts inline: it loads nothing from anywhere, runs
no script, and prints on A4 or Letter. --format md writes the same tables as Markdown.

--option is "GPU[,RAM]": a --gpu spec and an optional RAM size, e.g. "2x L40S,256GiB",
"RTX 4090,64GiB", "none,128GiB" (CPU only); or "profile:NAME", a what-if profile saved
in the TUI. Without --option, the machine the flags describe (or this one).`,
		Example: `  fitcheck report --option "RTX 4090,64GiB" --option "2x L40S,256GiB" \
    --model gpt-oss-20b --model Qwen3-32B --model Llama-3.3-70B-Instruct -o report.html
  fitcheck report --option profile:customer-a --family qwen3 --format md -o report.md`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runReport(cmd.Context(), rf) },
	}
	f := cmd.Flags()
	f.StringArrayVar(&rf.options, "option", nil, `hardware option, repeatable (1-4): "GPU[,RAM]" such as "2x L40S,256GiB", or "profile:NAME"`)
	f.StringVar(&rf.format, "format", "html", "html or md")
	f.StringVarP(&rf.out, "output", "o", "", "write to `FILE` instead of stdout")
	f.StringVar(&rf.title, "title", "", "report title (default: Model fit report)")
	return cmd
}

func (a *App) runReport(ctx context.Context, rf reportFlags) error {
	if rf.format != "html" && rf.format != "md" {
		return usagef("--format %q: must be html or md", rf.format)
	}
	for _, fl := range []string{"fits", "require", "json", "plain"} {
		if a.given(fl) {
			return usagef("--%s does not apply to `fitcheck report`", fl)
		}
	}
	if len(rf.options) > htmlreport.MaxOptions {
		return usagef("--option: at most %d hardware options, got %d", htmlreport.MaxOptions, len(rf.options))
	}
	cat, models, err := a.Selection()
	if err != nil {
		return err
	}
	if len(models) == 0 {
		return usagef("no model matches the selection")
	}
	if len(models) > maxReportModels {
		return usagef("%d models selected: a report takes at most %d (use --model or the filters, e.g. --family, --max-params)", len(models), maxReportModels)
	}
	opts, err := a.reportOptions(ctx, rf.options, cat, models)
	if err != nil {
		return err
	}
	in := htmlreport.Input{Title: rf.title, Options: opts, Generated: generatedAt(), Cost: a.reportCost(cat, opts)}
	if pol, err := a.Policy(); err != nil {
		return err
	} else if pol != nil {
		in.PolicyName = pol.Name
		if in.PolicyName == "" {
			in.PolicyName = filepath.Base(a.flags.policyFile)
		}
	}
	var buf bytes.Buffer
	if rf.format == "md" {
		err = htmlreport.Markdown(&buf, in)
	} else {
		err = htmlreport.HTML(&buf, in)
	}
	if err != nil {
		return err
	}
	if rf.out == "" {
		_, err = a.env.Stdout.Write(buf.Bytes())
		return err
	}
	return writeFileAtomic(rf.out, buf.Bytes())
}

// reportOptions resolves every --option to hardware and builds its document.
func (a *App) reportOptions(ctx context.Context, specs []string, cat *catalog.Catalog, models []*catalog.Model) ([]htmlreport.Option, error) {
	base, err := a.overrides()
	if err != nil {
		return nil, err
	}
	var host *hwprobe.Snapshot // probed at most once, when an option leaves RAM open
	probe := func() hwprobe.Snapshot {
		if host == nil {
			s := hwprobe.Probe(ctx, hwprobe.Options{})
			host = &s
		}
		return *host
	}
	if len(specs) == 0 {
		snap, err := a.Snapshot(ctx)
		if err != nil {
			return nil, err
		}
		doc, err := a.Document(snap, cat, models)
		if err != nil {
			return nil, err
		}
		return []htmlreport.Option{{Label: machineLabel(snap), Doc: doc}}, nil
	}
	var out []htmlreport.Option
	for _, spec := range specs {
		snap, label, err := a.optionSnapshot(spec, base, probe)
		if err != nil {
			return nil, err
		}
		doc, err := a.Document(snap, cat, models)
		if err != nil {
			return nil, err
		}
		out = append(out, htmlreport.Option{Label: label, Doc: doc})
	}
	return out, nil
}

// optionSnapshot parses one --option.
func (a *App) optionSnapshot(spec string, base hwprobe.Overrides, probe func() hwprobe.Snapshot) (hwprobe.Snapshot, string, error) {
	spec = strings.TrimSpace(spec)
	if name, ok := strings.CutPrefix(spec, "profile:"); ok {
		snap, _, label, err := ui.LoadProfile(profileDir(), name)
		if err != nil {
			return snap, "", usagef("--option %q: %v (profiles are saved in the TUI's what-if screen, in %s)", spec, err, profileDir())
		}
		return snap, label, nil
	}
	o := base
	o.GPUs, o.NoGPU, o.RAMBytes = nil, false, base.RAMBytes
	gpuPart := spec
	if i := strings.LastIndexByte(spec, ','); i >= 0 {
		if n, err := hwprobe.ParseSize(spec[i+1:]); err == nil && !strings.Contains(spec[i+1:], "=") {
			o.RAMBytes, gpuPart = n, spec[:i]
		}
	}
	switch strings.ToLower(strings.TrimSpace(gpuPart)) {
	case "":
		return hwprobe.Snapshot{}, "", usagef("--option %q: name a GPU (a --gpu spec) or none", spec)
	case "none", "cpu", "no gpu", "no-gpu":
		o.NoGPU = true
	default:
		for _, part := range strings.Split(gpuPart, "+") {
			gpus, err := hwprobe.ParseGPUSpec(part)
			if errors.Is(err, hwprobe.ErrSizeNeeded) && o.RAMBytes > 0 {
				gpus, err = hwprobe.ParseGPUSpec(hwprobe.WithSize(part, float64(o.RAMBytes)/(1<<30)))
			}
			if err != nil {
				return hwprobe.Snapshot{}, "", usageError{fmt.Errorf("--option %q: %w", spec, err)}
			}
			o.GPUs = append(o.GPUs, gpus...)
		}
	}
	label := strings.TrimSpace(gpuPart)
	if o.NoGPU { // "none, 128 GiB RAM" read like a missing value in the report
		label = "CPU only"
	}
	if strings.Contains(label, "=") { // a custom device: its name reads better than its spec
		var names []string
		for _, g := range o.GPUs {
			if !slices.Contains(names, g.Name) {
				names = append(names, g.Name)
			}
		}
		label = fmt.Sprintf("%d× %s", len(o.GPUs), strings.Join(names, " + "))
		if len(o.GPUs) == 1 {
			label = names[0]
		}
	}
	if o.RAMBytes > 0 {
		label += ", " + report.Bytes(o.RAMBytes) + " RAM"
	}
	if fullyOverridden(o) {
		return hwprobe.WhatIf(o), label, nil
	}
	snap := hwprobe.ApplyOverrides(probe(), o)
	if o.RAMBytes == 0 { // a customer's option silently got this machine's RAM
		snap.Warnings = append(snap.Warnings, fmt.Sprintf("--option %q gives no RAM: this machine's %s is used (write %q)",
			spec, report.Bytes(snap.Memory.TotalBytes), spec+",64GiB"))
	}
	return snap, label, nil
}

// machineLabel names the hardware of a snapshot for the report.
func machineLabel(s hwprobe.Snapshot) string {
	var gpus []string
	for _, g := range s.GPUs {
		gpus = append(gpus, g.Name)
	}
	label := "CPU only"
	if len(gpus) > 0 {
		label = strings.Join(gpus, " + ")
	}
	return fmt.Sprintf("%s, %.0f GiB RAM", label, float64(s.Memory.TotalBytes)/(1<<30))
}

// generatedAt is now, or SOURCE_DATE_EPOCH for reproducible output.
func generatedAt() time.Time {
	if v := os.Getenv("SOURCE_DATE_EPOCH"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Now()
}

// writeFileAtomic writes then renames, so a failed write never leaves half
// a report under the name asked for.
func writeFileAtomic(path string, data []byte) error {
	// The rename would replace a device, FIFO or symlinked /dev/stdout with
	// a plain file (as root, /dev/full itself), and fails on a directory.
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file; fitcheck writes or replaces regular files only", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) { // name the file asked for, not the temporary one
			err = pe.Err
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
