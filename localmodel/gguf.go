// Package localmodel reads the model files on this machine: a GGUF file's
// header (never its tensor data), a model directory's config.json, and the
// stores of Ollama, LM Studio, the Hugging Face cache and llama.cpp. It is
// fitcheck's only file-system reader of models; estimate and catalog stay
// pure and receive what it found.
package localmodel

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	ggufparser "github.com/gpustack/gguf-parser-go"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// GGUF is what a GGUF file's header says about the model it holds.
type GGUF struct {
	Path      string   // the file given (the first part of a split model)
	Parts     []string // every part, in order (one for an unsplit file)
	FileBytes int64    // the size on disk of all parts together
	Arch      string   // general.architecture, e.g. "llama", "qwen3moe"
	Name      string   // general.name, or the file name
	Quant     string   // the file type, e.g. "Q4_K_M" (general.file_type)
	BaseRepos []string // general.base_model.N.repo_url as Hugging Face ids (what it was quantised from)
	Params    int64    // elements of every tensor
	Model     catalog.Model
	Tensors   estimate.FileTensors
}

// regularFile refuses what is not a plain file (FIFOs, devices, sockets,
// directories): reading those can block forever or never end.
func regularFile(path string) (fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%s)", path, fi.Mode().Type())
	}
	return fi, nil
}

// splitParts lists the parts of a split GGUF (NAME-00001-of-00003.gguf);
// nil when the name is not one.
func splitParts(path string) []string {
	base := filepath.Base(path)
	if !ggufparser.IsShardGGUFFilename(base) {
		return nil
	}
	parts := ggufparser.CompleteShardGGUFFilename(path)
	if len(parts) > 1024 {
		return nil
	}
	return parts
}

// ReadGGUF reads the header of the GGUF file at path (every part of a split
// model) and describes the model it holds. It refuses non-regular files
// and headers over MaxHeaderBytes, and reads no tensor data.
func ReadGGUF(path string) (g *GGUF, err error) {
	parts := splitParts(path)
	if parts == nil {
		parts = []string{path}
	}
	var total int64
	for _, p := range parts {
		fi, err := regularFile(p)
		if err != nil {
			return nil, err
		}
		if err := checkHeader(p); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		total += fi.Size()
	}
	// A third-party parser on untrusted bytes: a panic inside it is a bad
	// file, not a crash of fitcheck.
	defer func() {
		if r := recover(); r != nil {
			g, err = nil, fmt.Errorf("%s: malformed GGUF: %v", path, r)
		}
	}()
	// mmap: the header is read through the page cache without a system
	// call per field; pages of tensor data are never touched.
	gf, err := ggufparser.ParseGGUFFile(parts[0], ggufparser.SkipLargeMetadata(), ggufparser.UseMMap())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	g = &GGUF{Path: path, Parts: parts, FileBytes: total}
	if err := g.describe(gf); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = walkHeader(f)
	return err
}

// quantName turns the parser's file type (MOSTLY_Q4_K_M) into the name
// llama.cpp's quantize tool and fitcheck use (Q4_K_M).
func quantName(ft ggufparser.GGUFFileType) string {
	s := strings.TrimPrefix(ft.String(), "MOSTLY_")
	if strings.HasPrefix(s, "GGUFFileType(") || s == "Unknown" {
		return "unknown"
	}
	if s == "MXFP4" { // llama.cpp LLAMA_FTYPE_MOSTLY_MXFP4_MOE
		return "MXFP4"
	}
	return s
}

var errNoLayers = errors.New("no repeating layers (blk.N.*) in the file: not a language model GGUF")
