package localmodel

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// maxIndexBytes caps model.safetensors.index.json: a weight map of a
// 1T-parameter model with 100k tensors is ~10 MB.
const maxIndexBytes = 32 << 20

// ModelDir is a model directory in the Hugging Face layout: config.json
// beside safetensors weights (one model.safetensors, or shards listed by
// model.safetensors.index.json).
type ModelDir struct {
	Path        string // the directory
	ID          string // ORG/NAME for a Hugging Face cache snapshot, else the directory name
	Config      []byte // config.json as read
	WeightBytes int64  // the weights' size: the index's metadata.total_size, or the .safetensors files' sizes
}

// ReadModelDir reads path, a model directory or its config.json. The
// weights are not read: their size comes from the index or the files'
// sizes.
func ReadModelDir(path string) (*ModelDir, error) {
	dir, config := path, filepath.Join(path, "config.json")
	if fi, err := os.Stat(path); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		dir, config = filepath.Dir(path), path
	}
	data, err := readSmall(config, maxConfigBytes)
	if err != nil {
		return nil, err
	}
	d := &ModelDir{Path: dir, ID: dirID(dir), Config: data}
	if idx, err := readSmall(filepath.Join(dir, "model.safetensors.index.json"), maxIndexBytes); err == nil {
		var v struct {
			Metadata struct {
				TotalSize json.Number `json:"total_size"`
			} `json:"metadata"`
		}
		if err := json.Unmarshal(idx, &v); err != nil {
			return nil, fmt.Errorf("%s: model.safetensors.index.json: %w", dir, err)
		}
		if n, err := v.Metadata.TotalSize.Int64(); err == nil && n > 0 {
			d.WeightBytes = n
		}
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	if d.WeightBytes == 0 {
		des, _ := os.ReadDir(dir)
		for _, de := range des {
			if strings.HasSuffix(de.Name(), ".safetensors") {
				if fi, err := os.Stat(filepath.Join(dir, de.Name())); err == nil && fi.Mode().IsRegular() {
					d.WeightBytes += fi.Size()
				}
			}
		}
	}
	return d, nil
}

// dirID names a model directory: ORG/NAME inside a Hugging Face cache
// (models--ORG--NAME/snapshots/REV), else the folder's name.
func dirID(dir string) string {
	abs := absPath(dir)
	parent := filepath.Dir(abs)
	if filepath.Base(parent) == "snapshots" {
		if rest, ok := strings.CutPrefix(filepath.Base(filepath.Dir(parent)), "models--"); ok {
			return strings.Replace(rest, "--", "/", 1)
		}
	}
	return filepath.Base(abs)
}
