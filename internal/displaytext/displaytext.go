// Package displaytext checks strings that come from users or files and end
// up on a terminal or in a JSON document: names of custom GPUs, catalog
// entries. A control character can move the cursor or clear the screen; a
// bidirectional override makes "gro.evil" read as "live.org"; an unbounded
// name is copied into every estimate of the document (a 100 KB name made a
// 192 MB document). Such input is refused with a clear message rather than
// silently cleaned, so what is shown is what was given.
package displaytext

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Check reports the first reason s cannot be shown as given: invalid
// UTF-8, longer than maxRunes, a control character, or a bidirectional
// formatting character.
func Check(s string, maxRunes int) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > maxRunes {
		return fmt.Errorf("is %d characters long; at most %d", n, maxRunes)
	}
	for _, r := range s {
		switch {
		case unicode.IsControl(r):
			return fmt.Errorf("contains the control character %U", r)
		case isBidiFormat(r):
			return fmt.Errorf("contains the bidirectional formatting character %U", r)
		}
	}
	return nil
}

// isBidiFormat is true for the characters that reorder text on screen
// (Unicode's Bidi_Control property).
func isBidiFormat(r rune) bool {
	return unicode.Is(unicode.Bidi_Control, r)
}
