package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

// Catalog is a merged, validated set of models and the licences they use.
type Catalog struct {
	Models   []*Model            // sorted by family, then parameters, then id
	Licences map[string]*Licence // by id
	byID     map[string]*Model   // lower-case id -> model
}

// file is the on-disk shape of a catalog file.
type file struct {
	Licences []json.RawMessage `json:"licences"`
	Models   []json.RawMessage `json:"models"`
}

var (
	builtinOnce sync.Once
	builtinCat  *Catalog
	builtinErr  error
)

// Builtin returns the embedded catalog, decoded once per process from the
// snapshot that `go generate ./catalog` builds from data/*.json.
func Builtin() (*Catalog, error) {
	builtinOnce.Do(func() { builtinCat, builtinErr = decodeSnapshot(builtinSnapshot) })
	return builtinCat, builtinErr
}

// ParseDir reads every *.json catalog file of dir in fsys, licences first
// (a family file may use a licence another file defines), and reports every
// problem by file, line and field.
func ParseDir(fsys fs.FS, dir string) (*Catalog, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var files []*parsed
	c := newCatalog()
	for _, e := range entries {
		if path.Ext(e.Name()) != ".json" || e.Name() == OrgsFile {
			continue
		}
		name := path.Join(dir, e.Name())
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		p, err := parse(name, b)
		if err != nil {
			return nil, err
		}
		if err := c.addLicences(p, false); err != nil {
			return nil, err
		}
		files = append(files, p)
	}
	var errs []error
	for _, p := range files {
		if err := c.addModels(p, false); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c.finish()
	return c, nil
}

func newCatalog() *Catalog {
	return &Catalog{Licences: map[string]*Licence{}, byID: map[string]*Model{}}
}

// Merge parses a user catalog file (same format as the embedded files) and
// returns a new catalog with its entries merged by id: an entry with a known
// id replaces the built-in one, new ids are added. The receiver is not
// changed, so a malformed file loses nothing of the built-in catalog.
func (c *Catalog) Merge(name string, data []byte) (*Catalog, error) {
	out := newCatalog()
	for id, l := range c.Licences {
		out.Licences[id] = l
	}
	for _, m := range c.Models {
		out.Models = append(out.Models, m)
		out.byID[strings.ToLower(m.ID)] = m
	}
	if err := out.add(name, data, true); err != nil {
		return nil, err
	}
	out.finish()
	return out, nil
}

// parsed is one catalog file, decoded to raw entries with their offsets.
type parsed struct {
	name    string
	data    []byte
	f       file
	offsets map[string][]int64
}

func parse(name string, data []byte) (*parsed, error) {
	p := &parsed{name: name, data: data}
	if err := decodeStrict(data, &p.f); err != nil {
		return nil, positionError(name, data, 0, err)
	}
	var err error
	if p.offsets, err = elementOffsets(data); err != nil {
		return nil, positionError(name, data, 0, err)
	}
	return p, nil
}

// add parses one catalog file. With override, entries replace existing ids;
// without it a duplicate id is an error.
func (c *Catalog) add(name string, data []byte, override bool) error {
	p, err := parse(name, data)
	if err != nil {
		return err
	}
	if err := c.addLicences(p, override); err != nil {
		return err
	}
	return c.addModels(p, override)
}

// errorList collects up to maxErrors problems of one file.
type errorList []error

func (l *errorList) add(err error) (full bool) {
	*l = append(*l, err)
	return len(*l) >= maxErrors
}

func (c *Catalog) addLicences(p *parsed, override bool) error {
	var errs errorList
	name, data, f := p.name, p.data, &p.f
	for i, raw := range f.Licences {
		var l Licence
		base := p.offsets["licences"][i]
		if err := decodeStrict(raw, &l); err != nil {
			if errs.add(positionError(name, data, base, err)) {
				break
			}
			continue
		}
		if err := validateLicence(&l); err != nil {
			if errs.add(&Error{File: name, Line: lineAt(data, base), Msg: fmt.Sprintf("licence %q: %v", l.ID, err)}) {
				break
			}
			continue
		}
		if old, dup := c.Licences[l.ID]; dup && !override && *old != l {
			if errs.add(&Error{File: name, Line: lineAt(data, base), Msg: fmt.Sprintf("licence %q is defined twice with different terms", l.ID)}) {
				break
			}
			continue
		}
		lc := l
		c.Licences[l.ID] = &lc
	}
	return errors.Join(errs...)
}

func (c *Catalog) addModels(p *parsed, override bool) error {
	var errs errorList
	name, data, f := p.name, p.data, &p.f
	for i, raw := range f.Models {
		m := new(Model)
		base := p.offsets["models"][i]
		if err := decodeStrict(raw, m); err != nil {
			if errs.add(positionError(name, data, base, err)) {
				break
			}
			continue
		}
		if m.ID == "" {
			if errs.add(&Error{File: name, Line: lineAt(data, base), Field: "id", Msg: "missing id"}) {
				break
			}
			continue
		}
		key := strings.ToLower(m.ID)
		if old, dup := c.byID[key]; dup {
			if !override {
				if errs.add(&Error{File: name, Line: lineAt(data, base), Field: "id", Msg: fmt.Sprintf("duplicate id %q", m.ID)}) {
					break
				}
				continue
			}
			for j, x := range c.Models {
				if x == old {
					c.Models = append(c.Models[:j], c.Models[j+1:]...)
					break
				}
			}
		}
		if err := Validate(m, c.Licences); err != nil {
			e := &Error{File: name, Line: lineAt(data, base), Msg: fmt.Sprintf("model %q: %v", m.ID, err)}
			var fe *FieldError
			if errors.As(err, &fe) {
				e.Field, e.Msg = fe.Field, fmt.Sprintf("model %q: %s", m.ID, fe.Msg)
			}
			if errs.add(e) {
				break
			}
			continue
		}
		c.Models = append(c.Models, m)
		c.byID[key] = m
	}
	return errors.Join(errs...)
}

// maxErrors bounds how many problems one file reports.
const maxErrors = 50

func (c *Catalog) finish() {
	sort.SliceStable(c.Models, func(i, j int) bool {
		a, b := c.Models[i], c.Models[j]
		if a.Family != b.Family {
			return a.Family < b.Family
		}
		if a.ParamsTotal != b.ParamsTotal {
			return a.ParamsTotal < b.ParamsTotal
		}
		return a.ID < b.ID
	})
}

// Licence returns the licence of a model (nil if the table lacks it).
func (c *Catalog) Licence(m *Model) *Licence { return c.Licences[m.Licence] }

// ByID returns the model with exactly this id (case-insensitive).
func (c *Catalog) ByID(id string) *Model { return c.byID[strings.ToLower(id)] }

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the top-level value")
	}
	return nil
}

// elementOffsets returns the byte offset of every element of the top-level
// "licences" and "models" arrays, so errors can name a line.
func elementOffsets(data []byte) (map[string][]int64, error) {
	out := map[string][]int64{}
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // {
		return nil, err
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := t.(string)
		if key != "licences" && key != "models" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
			continue
		}
		if _, err := dec.Token(); err != nil { // [
			return nil, err
		}
		for dec.More() {
			off := dec.InputOffset()
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
			out[key] = append(out[key], off+leadingSpace(data[off:]))
		}
		if _, err := dec.Token(); err != nil { // ]
			return nil, err
		}
	}
	return out, nil
}

func leadingSpace(b []byte) int64 {
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\n' || b[n] == '\r' || b[n] == '\t' || b[n] == ',') {
		n++
	}
	return int64(n)
}
