package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/localmodel"
	"github.com/fitcheck/fitcheck/report"
)

// isLocalPath tells a file or directory from a model id: a path prefix
// or a .gguf/.json name always means a path; an ORG/NAME that exists on
// disk is the local folder (write ./ORG/NAME or the id to be explicit).
func isLocalPath(arg string) bool {
	low := strings.ToLower(arg)
	if filepath.IsAbs(arg) || strings.HasPrefix(arg, "./") || strings.HasPrefix(arg, "../") || strings.HasPrefix(arg, "~") ||
		arg == "." || arg == ".." || strings.HasSuffix(low, ".gguf") || strings.HasSuffix(low, ".json") {
		return true
	}
	if strings.ContainsRune(arg, filepath.Separator) || strings.ContainsRune(arg, '/') {
		_, err := os.Lstat(arg)
		return err == nil
	}
	return false
}

// localModel reads a model from path: a GGUF file's header, or a model
// directory / config.json. The second result is nil for a directory.
func (a *App) localModel(cat *catalog.Catalog, path string) (*catalog.Model, report.LocalFile, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, report.LocalFile{}, err
	}
	if fi.IsDir() || strings.EqualFold(filepath.Ext(path), ".json") {
		return a.localConfigModel(cat, path)
	}
	g, err := localmodel.ReadGGUF(path)
	if err != nil {
		return nil, report.LocalFile{}, err
	}
	m := &g.Model
	if from := localmodel.Match(cat, &g.Model.Arch, append(append([]string{g.Name}, filepath.Base(path)), g.BaseRepos...)...); from != nil {
		localmodel.Adopt(m, from)
	}
	return m, report.LocalFile{Path: path, Tensors: &g.Tensors}, nil
}

// runFitFile is `fitcheck fit PATH`.
func (a *App) runFitFile(ctx context.Context, path string) error {
	cat, err := a.Catalog()
	if err != nil {
		return err
	}
	opts, err := a.Options()
	if err != nil {
		return err
	}
	m, lf, err := a.localModel(cat, path)
	if err != nil {
		return err
	}
	if lf.Tensors != nil {
		if opts.Settings.Engine != estimate.EngineLlamaCpp {
			return usagef("--engine %s: %s is a GGUF file, which runs on llama.cpp (and Ollama, LM Studio)", opts.Settings.Engine, path)
		}
		if len(opts.Quants) > 0 {
			return usagef("--quant: %s holds one quantization (%s)", path, lf.Tensors.Quant)
		}
	}
	opts.Files = map[*catalog.Model]report.LocalFile{m: lf}
	snap, err := a.Snapshot(ctx)
	if err != nil {
		return err
	}
	doc := report.Build(snap, cat, []*catalog.Model{m}, opts)
	if len(doc.Models) > 0 && len(doc.Models[0].Estimates) == 0 && !opts.FitsOnly {
		return fmt.Errorf("%s: no estimate: %s", path, strings.Join(doc.Warnings, "; "))
	}
	if a.flags.json {
		return a.writeJSON(doc)
	}
	if len(doc.Models) == 0 {
		return writeBestFits(a.env.Stdout, doc, report.SortBest)
	}
	return writeFitTable(a.env.Stdout, doc, doc.Models[0])
}
