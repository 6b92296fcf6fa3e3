package catalog

import (
	"bytes"
	_ "embed"
	"encoding/gob"
	"fmt"
	"io"
	"sort"
	"strings"
)

//go:generate go run ./internal/snapshotgen

// builtinSnapshot is data/*.json, parsed and validated by `go generate
// ./catalog` and stored as gob: decoding it takes about a quarter of the
// time JSON takes, which keeps start-up instant as the catalog grows.
// TestSnapshotIsCurrent fails when it no longer matches the JSON.
//
//go:embed builtin.gob
var builtinSnapshot []byte

// snapshot is what builtin.gob holds. Licences are a sorted slice, not a
// map, so the same data always gives the same bytes.
type snapshot struct {
	Models   []*Model
	Licences []*Licence
}

// WriteSnapshot stores c for embedding (used by go generate).
func (c *Catalog) WriteSnapshot(w io.Writer) error {
	s := snapshot{Models: c.Models}
	for _, l := range c.Licences {
		s.Licences = append(s.Licences, l)
	}
	sort.Slice(s.Licences, func(i, j int) bool { return s.Licences[i].ID < s.Licences[j].ID })
	return gob.NewEncoder(w).Encode(s)
}

func decodeSnapshot(data []byte) (*Catalog, error) {
	var s snapshot
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
		return nil, fmt.Errorf("embedded catalog snapshot: %w (run go generate ./catalog)", err)
	}
	c := &Catalog{Models: s.Models, Licences: make(map[string]*Licence, len(s.Licences)),
		byID: make(map[string]*Model, len(s.Models))}
	for _, l := range s.Licences {
		c.Licences[l.ID] = l
	}
	for _, m := range c.Models {
		c.byID[strings.ToLower(m.ID)] = m
	}
	return c, nil
}
