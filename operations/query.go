package operations

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
)

// FromQuery reads parameter values from a URL query (the HTTP API's GET
// requests): repeated keys for lists, numbers and booleans as text.
func (op Operation) FromQuery(q url.Values) (Values, error) {
	v := Values{}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range q {
			if !yield(k) {
				return
			}
		}
	}) {
		texts := q[name]
		p, ok := op.param(name)
		if !ok {
			return nil, fmt.Errorf("%s: unknown parameter %q (known: %s)", op.Name, name, op.paramNames())
		}
		if p.Kind != Strings && len(texts) > 1 {
			return nil, fmt.Errorf("%s: %q given %d times", op.Name, name, len(texts))
		}
		text := texts[0]
		switch p.Kind {
		case String:
			v[name] = text
		case Strings:
			list := make([]any, len(texts))
			for i, t := range texts {
				list[i] = t
			}
			v[name] = list
		case Bool:
			b, err := strconv.ParseBool(text)
			if err != nil {
				return nil, fmt.Errorf("%s: %q must be true or false", op.Name, name)
			}
			v[name] = b
		default:
			f, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: %q must be a number", op.Name, name)
			}
			v[name] = f
		}
	}
	return v, nil
}
