package displaytext

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ok   bool
		want string
	}{
		{"NVIDIA GeForce RTX 4090", true, ""},
		{"Qwen3 30B-A3B · 通义千问", true, ""},
		{"My\u202ecard", false, "bidirectional"},
		{"evil\u2067name", false, "bidirectional"},
		{"clear\x1b[2Jscreen", false, "control"},
		{"new\nline", false, "control"},
		{"c1\u0085", false, "control"},
		{strings.Repeat("x", 65), false, "65 characters"},
		{strings.Repeat("é", 64), true, ""},
		{"bad\xffutf8", false, "UTF-8"},
	} {
		err := Check(tc.in, 64)
		if (err == nil) != tc.ok {
			t.Errorf("Check(%q) = %v, want ok %v", tc.in, err, tc.ok)
			continue
		}
		if err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Check(%q) = %v, want it to mention %q", tc.in, err, tc.want)
		}
	}
}
