package localmodel

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/internal/regularfile"
)

// Sources of installed models.
const (
	SourceOllama   = "ollama"
	SourceLMStudio = "lmstudio"
	SourceHF       = "huggingface"
	SourceLlamaCpp = "llama.cpp"
)

// Entry is one model found on disk.
type Entry struct {
	Source       string  `json:"source"`       // ollama | lmstudio | huggingface | llama.cpp
	Name         string  `json:"name"`         // the Ollama tag, the file name, or the Hugging Face repo
	Path         string  `json:"path"`         // the GGUF file (first part) or the snapshot directory
	FileBytes    int64   `json:"file_bytes"`   // size on disk (every part; a snapshot's weight files)
	Quant        *string `json:"quant"`        // the GGUF file type, or a snapshot's dtype; null if unknown
	Architecture *string `json:"architecture"` // general.architecture, or config.json model_type
	CatalogID    *string `json:"catalog_id"`   // the catalog model it is a copy of; null if none matches
	Error        *string `json:"error"`        // why its header could not be read (the entry is still listed)

	names []string      // candidates for the catalog match
	arch  *catalog.Arch // from the header, to confirm the match
}

// Inventory is everything found, and what could not be read.
type Inventory struct {
	Entries  []Entry  `json:"installed"`
	Warnings []string `json:"warnings"`
}

// Roots are the folders searched, per source.
type Roots struct {
	Ollama, LMStudio, HF, LlamaCpp []string
}

// DefaultRoots are the stores' own defaults and environment variables:
// OLLAMA_MODELS or ~/.ollama/models; ~/.lmstudio/models and
// ~/.cache/lm-studio/models; HF_HUB_CACHE, HF_HOME/hub or
// ~/.cache/huggingface/hub; LLAMA_CACHE or the user cache dir's llama.cpp.
func DefaultRoots(getenv func(string) string) Roots {
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	var r Roots
	if v := getenv("OLLAMA_MODELS"); v != "" {
		r.Ollama = []string{v}
	} else if home != "" {
		r.Ollama = []string{filepath.Join(home, ".ollama", "models")}
	}
	if home != "" {
		r.LMStudio = []string{filepath.Join(home, ".lmstudio", "models"), filepath.Join(home, ".cache", "lm-studio", "models")}
	}
	switch {
	case getenv("HF_HUB_CACHE") != "":
		r.HF = []string{getenv("HF_HUB_CACHE")}
	case getenv("HF_HOME") != "":
		r.HF = []string{filepath.Join(getenv("HF_HOME"), "hub")}
	case getenv("XDG_CACHE_HOME") != "":
		r.HF = []string{filepath.Join(getenv("XDG_CACHE_HOME"), "huggingface", "hub")}
	case home != "":
		r.HF = []string{filepath.Join(home, ".cache", "huggingface", "hub")}
	}
	switch {
	case getenv("LLAMA_CACHE") != "":
		r.LlamaCpp = []string{getenv("LLAMA_CACHE")}
	case home != "":
		r.LlamaCpp = []string{filepath.Join(home, ".cache", "llama.cpp")}
		if runtime.GOOS == "darwin" {
			r.LlamaCpp = append(r.LlamaCpp, filepath.Join(home, "Library", "Caches", "llama.cpp"))
		}
	}
	return r
}

// Discover lists the models under roots, reading GGUF headers (in
// parallel) and manifests, and matches each to cat (which may be nil).
func Discover(ctx context.Context, roots Roots, cat *catalog.Catalog) Inventory {
	w := &walker{ctx: ctx}
	var es []Entry
	for _, r := range roots.Ollama {
		es = append(es, w.ollama(r)...)
	}
	for _, r := range roots.LMStudio {
		es = append(es, w.ggufTree(r, SourceLMStudio, 4)...)
	}
	for _, r := range roots.HF {
		es = append(es, w.hfCache(r)...)
	}
	for _, r := range roots.LlamaCpp {
		es = append(es, w.ggufTree(r, SourceLlamaCpp, 6)...)
	}
	readHeaders(ctx, es)
	mt := NewMatcher(cat)
	for i := range es {
		e := &es[i]
		if m := mt.Match(e.arch, e.names...); m != nil {
			id := m.ID
			e.CatalogID = &id
		}
	}
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Source != es[j].Source {
			return es[i].Source < es[j].Source
		}
		return es[i].Name < es[j].Name
	})
	if es == nil {
		es = []Entry{}
	}
	warnings := w.warnings
	if warnings == nil {
		warnings = []string{}
	}
	if err := ctx.Err(); err != nil {
		warnings = append(warnings, "model discovery stopped: "+err.Error())
	}
	return Inventory{Entries: es, Warnings: warnings}
}

// CatalogIDs is the set of catalog ids (lower case) with a copy on disk.
func (inv Inventory) CatalogIDs() map[string]bool {
	out := map[string]bool{}
	for _, e := range inv.Entries {
		if e.CatalogID != nil {
			out[strings.ToLower(*e.CatalogID)] = true
		}
	}
	return out
}

// readHeaders reads every GGUF entry's header, a few at a time: the work
// is page-cache reads and parsing, so more workers than CPUs only queue.
func readHeaders(ctx context.Context, es []Entry) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				e := &es[i]
				g, err := ScanGGUF(e.Path)
				if err != nil {
					msg := e.Path + ": " + err.Error()
					e.Error = &msg
					continue
				}
				e.Quant, e.Architecture, e.arch = &g.Quant, &g.Arch, g.arch()
				if parts := splitParts(e.Path); parts != nil {
					e.FileBytes = partsSize(parts)
				}
				e.names = append([]string{g.Name}, append(e.names, g.BaseRepos...)...)
			}
		}()
	}
	for i := range es {
		if ctx.Err() != nil {
			break
		}
		if es[i].Source != SourceHF || strings.HasSuffix(es[i].Path, ".gguf") {
			jobs <- i
		}
	}
	close(jobs)
	wg.Wait()
}

// partsSize is the size of every part of a split model (missing parts count 0).
func partsSize(parts []string) int64 {
	var n int64
	for _, p := range parts {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// isModelGGUF skips the files beside a model that are not one: vision
// projectors and the later parts of a split model (the first part stands
// for all of them).
func isModelGGUF(name string) bool {
	low := strings.ToLower(name)
	if !strings.HasSuffix(low, ".gguf") || strings.HasPrefix(low, "mmproj") || strings.Contains(low, "-mmproj") {
		return false
	}
	if i := strings.LastIndex(low, "-of-"); i > 6 && low[i-6] == '-' {
		return low[i-5:i] == "00001"
	}
	return true
}

// ggufTree lists the GGUF files under root (LM Studio: publisher/repo/file;
// llama.cpp's cache: flat files, or repository folders in newer versions).
func (w *walker) ggufTree(root, source string, depth int) []Entry {
	var out []Entry
	w.files(root, depth, func(e entry) {
		if !isModelGGUF(e.name) {
			return
		}
		rel, _ := filepath.Rel(root, e.path)
		out = append(out, Entry{Source: source, Name: e.name, Path: e.path, FileBytes: e.info.Size(),
			names: []string{filepath.Dir(rel), e.name}})
	})
	return out
}

// ollama reads manifests/REGISTRY/NAMESPACE/MODEL/TAG: each names its
// layers by digest, and the model layer's blob (blobs/sha256-HEX) is a GGUF.
func (w *walker) ollama(root string) []Entry {
	var out []Entry
	mroot := filepath.Join(root, "manifests")
	w.files(mroot, 4, func(e entry) {
		rel, err := filepath.Rel(mroot, e.path)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if err != nil || len(parts) != 4 {
			return
		}
		digest, err := ollamaModelDigest(e.path)
		if err != nil {
			w.warn(fmt.Errorf("ollama manifest %s: %w", e.path, err))
			return
		}
		name := parts[2] + ":" + parts[3]
		switch {
		case parts[0] == "registry.ollama.ai" && parts[1] == "library":
		case parts[0] == "registry.ollama.ai":
			name = parts[1] + "/" + name
		default:
			name = parts[0] + "/" + parts[1] + "/" + name
		}
		blob := filepath.Join(root, "blobs", strings.Replace(digest, ":", "-", 1))
		fi, err := os.Stat(blob)
		if err != nil && runtime.GOOS != "windows" {
			// Ollama named blobs sha256:HEX on Linux and macOS until its
			// server renamed them on start (ollama/ollama PR #3126, 2024-03):
			// a store not opened by a newer server still has them.
			if old, err2 := os.Stat(filepath.Join(root, "blobs", digest)); err2 == nil {
				blob, fi, err = filepath.Join(root, "blobs", digest), old, nil
			}
		}
		if err != nil {
			w.warn(fmt.Errorf("ollama %s: %w", name, err))
			return
		}
		out = append(out, Entry{Source: SourceOllama, Name: name, Path: blob, FileBytes: fi.Size(),
			names: []string{name, parts[2]}})
	})
	return out
}

const maxManifestBytes = 1 << 20

// ollamaModelDigest is the digest of a manifest's model layer.
func ollamaModelDigest(path string) (string, error) {
	data, err := readSmall(path, maxManifestBytes)
	if err != nil {
		return "", err
	}
	var m struct {
		Layers []struct {
			MediaType string `json:"mediaType"`
			Digest    string `json:"digest"`
		} `json:"layers"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return "", err
	}
	for _, l := range m.Layers {
		if l.MediaType == "application/vnd.ollama.image.model" {
			hex, ok := strings.CutPrefix(l.Digest, "sha256:")
			if !ok || len(hex) != 64 || strings.ContainsAny(hex, `/\.`) {
				return "", fmt.Errorf("bad digest %q", l.Digest)
			}
			return l.Digest, nil
		}
	}
	return "", fmt.Errorf("no model layer")
}

// readSmall reads a regular file of at most limit bytes.
func readSmall(path string, limit int64) ([]byte, error) {
	data, err := regularfile.Read(path, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}

// hfCache reads models--ORG--NAME/snapshots/REV: a snapshot with a
// config.json is a model (its weights' sizes summed); GGUF files in a
// snapshot are models of their own.
func (w *walker) hfCache(root string) []Entry {
	var out []Entry
	for _, repo := range w.dir(root) {
		rest, ok := strings.CutPrefix(repo.name, "models--")
		if !ok || !repo.info.IsDir() {
			continue
		}
		id := strings.Replace(rest, "--", "/", 1)
		for _, snap := range w.dir(filepath.Join(repo.path, "snapshots")) {
			if !snap.info.IsDir() {
				continue
			}
			var weights int64
			var config string
			w.files(snap.path, 3, func(e entry) {
				switch {
				case isModelGGUF(e.name):
					out = append(out, Entry{Source: SourceHF, Name: id + "/" + e.name, Path: e.path,
						FileBytes: e.info.Size(), names: []string{id, e.name}})
				case strings.HasSuffix(e.name, ".safetensors"):
					weights += e.info.Size()
				case e.name == "config.json" && filepath.Dir(e.path) == snap.path:
					config = e.path
				}
			})
			if config == "" {
				continue
			}
			e := Entry{Source: SourceHF, Name: id, Path: snap.path, FileBytes: weights, names: []string{id}}
			if data, err := readSmall(config, maxConfigBytes); err == nil {
				e.Quant, e.Architecture = configDtype(data)
			} else {
				w.warn(err)
			}
			out = append(out, e)
		}
	}
	return out
}

const maxConfigBytes = 4 << 20

// configDtype is a config.json's weight precision and model_type.
func configDtype(data []byte) (quant, arch *string) {
	var c struct {
		ModelType    string `json:"model_type"`
		TorchDtype   string `json:"torch_dtype"`
		Dtype        string `json:"dtype"`
		Quantization *struct {
			Method string `json:"quant_method"`
		} `json:"quantization_config"`
	}
	if json.Unmarshal(data, &c) != nil {
		return nil, nil
	}
	if c.ModelType != "" {
		arch = &c.ModelType
	}
	q := ""
	switch {
	case c.Quantization != nil && c.Quantization.Method != "":
		q = strings.ToUpper(c.Quantization.Method)
	default:
		switch strings.ToLower(c.Dtype + c.TorchDtype) {
		case "bfloat16":
			q = "BF16"
		case "float16":
			q = "F16"
		case "float32":
			q = "F32"
		}
	}
	if q != "" {
		quant = &q
	}
	return quant, arch
}
