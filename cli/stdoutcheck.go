package cli

import "io"

// stickyWriter remembers the first failed write, so a command that prints
// with fmt.Fprintf and ignores the result (tables, notes) still ends with
// exit 1 when stdout is full or closed, instead of a silent success.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err != nil {
		s.err = err
	}
	return n, err
}
