// Package regularfile reads the small files a user names (a catalog, a
// policy, a model list, a profile, a config.json): regular files only and
// never more than a cap, so a FIFO cannot block a run and /dev/zero or a
// mistaken disk image cannot exhaust memory.
package regularfile

import (
	"fmt"
	"io"
	"os"
)

// Read returns the contents of the regular file at path, at most limit
// bytes. It stats before opening: opening a FIFO blocks until a writer
// comes.
func Read(path string, limit int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file but %s", Kind(st.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than %s, the most fitcheck reads", size(limit))
	}
	return data, nil
}

// Kind names what a non-regular file is, for an error message.
func Kind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
