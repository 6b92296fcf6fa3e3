package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/localmodel"
	"github.com/fitcheck/fitcheck/report"
)

// discoveryTimeout bounds the walk of the model stores (a hung network
// mount must not hang fitcheck); a listing of a hundred models takes
// milliseconds.
const discoveryTimeout = 5 * time.Second

// Installed lists the models on this machine; an empty inventory when the
// environment is not given (tests that do not set it never read the real
// home directory).
func (a *App) Installed(ctx context.Context, cat *catalog.Catalog) localmodel.Inventory {
	if a.env.Getenv == nil {
		return localmodel.Inventory{Entries: []localmodel.Entry{}, Warnings: []string{}}
	}
	ctx, cancel := context.WithTimeout(ctx, discoveryTimeout)
	defer cancel()
	return localmodel.Discover(ctx, localmodel.DefaultRoots(a.env.Getenv), cat)
}

// InstalledDocument is `fitcheck installed --json`.
type InstalledDocument struct {
	SchemaVersion   string             `json:"schema_version"`
	FitcheckVersion string             `json:"fitcheck_version"`
	Installed       []localmodel.Entry `json:"installed"`
	Warnings        []string           `json:"warnings"`
}

func newInstalledCommand(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "installed",
		Short: "List the models already on this machine (Ollama, LM Studio, Hugging Face cache, llama.cpp cache)",
		Long: `List the models on disk: Ollama (OLLAMA_MODELS or ~/.ollama/models), LM Studio
(~/.lmstudio/models, ~/.cache/lm-studio/models), the Hugging Face cache (HF_HUB_CACHE,
HF_HOME/hub or ~/.cache/huggingface/hub) and llama.cpp's cache (LLAMA_CACHE or
~/.cache/llama.cpp). Each with its size on disk, quantization, architecture and the
catalog model it is a copy of. Only file headers are read.

fitcheck --installed shows the estimates of the installed catalog models only; the
JSON document says "installed" per model. fitcheck fit PATH sizes one file exactly.`,
		Example: `  fitcheck installed
  fitcheck installed --json | jq '.installed[] | select(.catalog_id == null) | .path'
  fitcheck --installed --gpu "RTX 4090"`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := a.Catalog()
			if err != nil {
				return err
			}
			inv := a.Installed(cmd.Context(), cat)
			if a.flags.json {
				return a.writeJSON(InstalledDocument{SchemaVersion: report.SchemaVersion, FitcheckVersion: a.Version(),
					Installed: inv.Entries, Warnings: inv.Warnings})
			}
			return writeInstalled(a, inv)
		},
	}
}

func writeInstalled(a *App, inv localmodel.Inventory) error {
	w := a.env.Stdout
	if len(inv.Entries) == 0 {
		fmt.Fprintln(w, "No models found. Searched:")
		if a.env.Getenv != nil {
			r := localmodel.DefaultRoots(a.env.Getenv)
			for _, s := range []struct {
				name  string
				roots []string
			}{{"Ollama", r.Ollama}, {"LM Studio", r.LMStudio}, {"Hugging Face cache", r.HF}, {"llama.cpp cache", r.LlamaCpp}} {
				fmt.Fprintf(w, "  %-19s %s\n", s.name, strings.Join(s.roots, ", "))
			}
		}
		writeWarnings(w, inv.Warnings)
		return nil
	}
	t := newTable(w)
	row(t, "SOURCE", "NAME", "QUANT", "ARCH", "SIZE", "CATALOG")
	for _, e := range inv.Entries {
		row(t, e.Source, e.Name, orDash(e.Quant), orDash(e.Architecture), report.Bytes(e.FileBytes), orDash(e.CatalogID))
	}
	if err := t.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d models on disk\n", len(inv.Entries))
	var problems []string
	for _, e := range inv.Entries {
		if e.Error != nil {
			problems = append(problems, *e.Error)
		}
	}
	writeWarnings(w, append(problems, inv.Warnings...))
	return nil
}

func orDash(s *string) string {
	if s == nil || strings.TrimSpace(*s) == "" {
		return "-"
	}
	return *s
}

// installedIDs discovers the installed models once per run.
func (a *App) installedIDs(cat *catalog.Catalog) map[string]bool {
	if a.installed == nil {
		inv := a.Installed(context.Background(), cat)
		a.installed = inv.CatalogIDs()
		if a.flags.installed {
			for _, e := range inv.Entries {
				if e.Error != nil {
					a.instWarn = append(a.instWarn, "installed model "+e.Name+": "+*e.Error)
				}
			}
			a.instWarn = append(a.instWarn, inv.Warnings...)
		}
	}
	return a.installed
}

// onlyInstalled applies --installed.
func (a *App) onlyInstalled(cat *catalog.Catalog, models []*catalog.Model) []*catalog.Model {
	if !a.flags.installed {
		return models
	}
	ids := a.installedIDs(cat)
	out := models[:0:0]
	for _, m := range models {
		if ids[strings.ToLower(m.ID)] {
			out = append(out, m)
		}
	}
	return out
}

// installedMark is a model's id, marked when a copy is on disk.
func installedMark(m report.Model) string {
	if m.Installed {
		return m.ID + " [installed]"
	}
	return m.ID
}
