package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/internal/regularfile"
	"github.com/fitcheck/fitcheck/nodelabels"
	"github.com/fitcheck/fitcheck/report"
)

// nfdOptions are `hw --nfd`'s flags.
type nfdOptions struct {
	on     bool
	file   string        // write here (atomically) instead of stdout
	models string        // file listing model ids, one per line
	expiry time.Duration // labels expire this long after writing; 0 = never
	every  time.Duration // rewrite this often until stopped; 0 = once
	// hostRoot is where the host's /proc and /sys are mounted in a container.
	hostRoot string
}

func (o *nfdOptions) register(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&o.on, "nfd", false, "print a node-feature-discovery feature file: accelerators, and which of the --model / --nfd-models models fit (verdict, quantization, tok/s)")
	cmd.Flags().StringVar(&o.file, "nfd-file", "", "with --nfd: write the feature file here atomically (e.g. /etc/kubernetes/node-feature-discovery/features.d/fitcheck)")
	cmd.Flags().StringVar(&o.models, "nfd-models", "", "with --nfd: a `FILE` of model ids to label, one per line (# comments)")
	cmd.Flags().DurationVar(&o.expiry, "nfd-expiry", time.Hour, "with --nfd: labels expire this long after writing unless rewritten (0: never)")
	cmd.Flags().DurationVar(&o.every, "nfd-every", 0, "with --nfd-file: probe and rewrite this often until SIGTERM (e.g. 10m; a DaemonSet's loop)")
	cmd.Flags().StringVar(&o.hostRoot, "host-root", "", "probe the host whose / is mounted here (a container with the host's /proc and /sys under DIR/proc, DIR/sys)")
}

// useHostRoot points the probe at a host's /proc and /sys mounted in a
// container, so a DaemonSet labels the node rather than its own pod.
func (o nfdOptions) useHostRoot(a *App) {
	if o.hostRoot == "" {
		return
	}
	opts := hwprobe.Options{
		ProcRoot:   filepath.Join(o.hostRoot, "proc"),
		SysRoot:    filepath.Join(o.hostRoot, "sys"),
		CgroupRoot: filepath.Join(o.hostRoot, "sys", "fs", "cgroup"),
	}
	a.env.Probe = func(ctx context.Context) hwprobe.Snapshot { return hwprobe.Probe(ctx, opts) }
}

// runNFD writes the feature file once, or with --nfd-every until ctx ends.
func runNFD(ctx context.Context, a *App, o nfdOptions) error {
	if o.every != 0 && (o.file == "" || o.every < time.Second) {
		return usagef("--nfd-every %s: needs --nfd-file and at least 1s", o.every)
	}
	for {
		snap, err := a.Snapshot(ctx)
		if err != nil {
			return err
		}
		if err := writeNFD(ctx, a, o, snap); err != nil {
			return err
		}
		if o.every == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(o.every):
		}
	}
}

// maxModelListBytes bounds --nfd-models: a list of ids, never large.
const maxModelListBytes = 64 << 10

func writeNFD(ctx context.Context, a *App, o nfdOptions, snap hwprobe.Snapshot) error {
	if o.expiry < 0 {
		return usagef("--nfd-expiry %s: must not be negative", o.expiry)
	}
	ids := a.flags.models
	if o.models != "" {
		list, err := readModelList(o.models)
		if err != nil {
			return err
		}
		ids = append(ids, list...)
	}
	cat, err := a.Catalog()
	if err != nil {
		return err
	}
	var models []*catalog.Model
	for _, id := range ids {
		m, err := a.findModel(cat, id)
		if err != nil {
			return fmt.Errorf("--nfd model %q: %w", id, err)
		}
		models = append(models, m)
	}
	labels := nodelabels.Hardware(report.HardwareOf(snap))
	if len(models) > 0 {
		doc, err := a.Document(snap, cat, models)
		if err != nil {
			return err
		}
		labels = append(labels, nodelabels.Models(doc.Models)...)
	}
	var expiry time.Time
	if o.expiry > 0 {
		expiry = time.Now().Add(o.expiry)
	}
	s, _ := a.Settings()
	header := fmt.Sprintf("written by fitcheck %s (%s, context %d)", a.Version(), s.Engine, s.Context)
	for _, w := range snap.Warnings { // what could not be probed, for whoever reads the file on the node
		header += "\nwarning: " + strings.Join(strings.Fields(w), " ")
	}
	data, err := nodelabels.Format(labels, header, expiry)
	if err != nil {
		return err
	}
	if o.file == "" {
		_, err := a.env.Stdout.Write(data)
		return err
	}
	if err := writeFileAtomic(o.file, data); err != nil { // a dot-file renamed into place: nfd-worker ignores dot-files and never reads half a file
		return fmt.Errorf("--nfd-file: %w", err)
	}
	return nil
}

// readModelList reads --nfd-models: a regular file of at most 64 KiB.
func readModelList(path string) ([]string, error) {
	// Stat before opening (regularfile): opening a FIFO blocked, and the
	// SIGTERM handler of --nfd kept even `timeout` from ending it.
	data, err := regularfile.Read(path, maxModelListBytes)
	if err != nil {
		return nil, fmt.Errorf("--nfd-models %s: %w", path, err)
	}
	var ids []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			ids = append(ids, line)
		}
	}
	return ids, sc.Err()
}
