package hub

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// The cache keeps what a lookup fetched, so a model seen once works
// offline: <user cache dir>/fitcheck/hub/ORG/NAME/{info,config}.json.
// ValidID guarantees ORG and NAME are plain path elements.

const (
	infoFile   = "info.json"
	configFile = "config.json"
)

// cacheDir is where the entry of id lives.
func (c *Client) cacheDir(id string) string {
	return filepath.Join(c.CacheDir, filepath.FromSlash(id))
}

// readCache returns the cached info and config of id and when they were
// fetched; ok false when there is no complete entry.
func (c *Client) readCache(id string) (info, config []byte, at time.Time, ok bool) {
	if c.CacheDir == "" {
		return nil, nil, time.Time{}, false
	}
	dir := c.cacheDir(id)
	info, err := readCapped(filepath.Join(dir, infoFile), infoMaxBytes)
	if err != nil {
		return nil, nil, time.Time{}, false
	}
	config, err = readCapped(filepath.Join(dir, configFile), configMaxBytes)
	if err != nil {
		return nil, nil, time.Time{}, false
	}
	st, err := os.Stat(filepath.Join(dir, infoFile))
	if err != nil {
		return nil, nil, time.Time{}, false
	}
	return info, config, st.ModTime(), true
}

// writeCache stores a fetched entry; each file is written to a temporary
// name and renamed, so a reader never sees half a file.
func (c *Client) writeCache(id string, info, config []byte) error {
	if c.CacheDir == "" {
		return nil
	}
	dir := c.cacheDir(id)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, data := range map[string][]byte{configFile: config, infoFile: info} {
		tmp, err := os.CreateTemp(dir, name+".*.tmp")
		if err != nil {
			return err
		}
		_, werr := tmp.Write(data)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return nil
}

// readCapped reads a regular file of at most max bytes: a device, FIFO or
// directory in its place, or an oversized file, is an error, not a hang.
func readCapped(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if st.Size() > max {
		return nil, fmt.Errorf("%s is %d bytes, more than %d", path, st.Size(), max)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s is more than %d bytes", path, max)
	}
	return b, nil
}
