package operations

// InputSchema is the JSON Schema (draft 2020-12) of op's parameters: the
// same names, types, enums and bounds that Args enforces.
func (op Operation) InputSchema() map[string]any {
	props := map[string]any{}
	var required []string
	for _, p := range op.Params {
		s := map[string]any{"description": p.Help}
		switch p.Kind {
		case String:
			s["type"] = "string"
			s["maxLength"] = maxString
		case Strings:
			s["type"] = "array"
			s["items"] = map[string]any{"type": "string", "maxLength": maxString}
			s["maxItems"] = maxList
		case Int:
			s["type"] = "integer"
		case Number:
			s["type"] = "number"
		case Bool:
			s["type"] = "boolean"
		}
		if len(p.Enum) > 0 {
			s["enum"] = p.Enum
		}
		if p.Min != nil {
			if p.MinExcl {
				s["exclusiveMinimum"] = *p.Min
			} else {
				s["minimum"] = *p.Min
			}
		}
		if p.Max != nil {
			s["maximum"] = *p.Max
		}
		if p.Local && p.Default != 0 {
			s["default"] = p.Default
		}
		if p.Required {
			required = append(required, p.Name)
		}
		props[p.Name] = s
	}
	schema := map[string]any{
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
	}
	if len(required) > 0 {
		schema["required"] = required
	}
	return schema
}
