package localmodel

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// walker lists directories the way a model store needs: bounded depth,
// symbolic links to directories followed (stores link into blob folders)
// but each directory entered once, so a link loop ends; an unreadable
// folder becomes a warning and the walk goes on.
type walker struct {
	ctx      context.Context
	seen     []os.FileInfo // directories entered (os.SameFile: portable, and a store has few)
	warnings []string
}

// enter reports whether dir is new; it records it.
func (w *walker) enter(fi os.FileInfo) bool {
	for _, s := range w.seen {
		if os.SameFile(s, fi) {
			return false
		}
	}
	w.seen = append(w.seen, fi)
	return true
}

func (w *walker) warn(err error) {
	if errors.Is(err, fs.ErrNotExist) {
		return // a store that is not there is not a problem
	}
	if len(w.warnings) < 50 {
		w.warnings = append(w.warnings, err.Error())
	}
}

// dir lists dir's entries with their followed file info (nil for an
// entry whose link is broken or loops, after a warning).
func (w *walker) dir(dir string) []entry {
	if w.ctx.Err() != nil {
		return nil
	}
	fi, err := os.Stat(dir)
	if err != nil {
		w.warn(err)
		return nil
	}
	if !fi.IsDir() || !w.enter(fi) {
		return nil
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		w.warn(err)
	}
	out := make([]entry, 0, len(des))
	for _, de := range des {
		p := filepath.Join(dir, de.Name())
		info, err := de.Info()
		if err == nil && info.Mode()&fs.ModeSymlink != 0 {
			info, err = os.Stat(p) // follow; ELOOP for a link cycle
		}
		if err != nil {
			w.warn(err)
			continue
		}
		out = append(out, entry{path: p, name: de.Name(), info: info})
	}
	return out
}

type entry struct {
	path, name string
	info       os.FileInfo
}

// files calls fn for every regular file under root, at most depth levels
// down (1: root's own files).
func (w *walker) files(root string, depth int, fn func(e entry)) {
	if depth <= 0 {
		return
	}
	for _, e := range w.dir(root) {
		switch {
		case e.info.IsDir():
			w.files(e.path, depth-1, fn)
		case e.info.Mode().IsRegular():
			fn(e)
		}
	}
}
