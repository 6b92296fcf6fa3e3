package hub

import (
	"fmt"
	"strings"
)

// ValidID reports whether id is a Hugging Face model repo id, ORG/NAME,
// by the Hub's rules: each part letters, digits, '-', '_' and '.', at most
// 96 characters, not starting or ending with '-' or '.', without "--" or
// "..". The rules also make the id safe as a cache path.
func ValidID(id string) error {
	org, name, ok := strings.Cut(id, "/")
	if !ok || strings.Contains(name, "/") {
		return fmt.Errorf("%q is not a Hugging Face model id (ORG/NAME)", id)
	}
	for _, part := range []string{org, name} {
		if err := validPart(part); err != nil {
			return fmt.Errorf("%q is not a Hugging Face model id: %w", id, err)
		}
	}
	return nil
}

func validPart(p string) error {
	switch {
	case p == "":
		return fmt.Errorf("empty part")
	case len(p) > 96:
		return fmt.Errorf("%q is longer than 96 characters", p)
	case strings.Contains(p, "--") || strings.Contains(p, ".."):
		return fmt.Errorf("%q contains \"--\" or \"..\"", p)
	case strings.IndexAny(p[:1], "-.") == 0 || strings.IndexAny(p[len(p)-1:], "-.") == 0:
		return fmt.Errorf("%q starts or ends with '-' or '.'", p)
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return fmt.Errorf("%q contains %q", p, r)
		}
	}
	return nil
}

// LooksLikeID reports whether a user's model query is meant as a Hub id
// (one slash, no spaces) rather than a catalog search.
func LooksLikeID(q string) bool {
	return strings.Count(q, "/") == 1 && !strings.ContainsAny(q, " \t")
}
