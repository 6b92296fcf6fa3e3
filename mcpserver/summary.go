package mcpserver

import (
	"fmt"
	"strings"
)

// Summary is the short text a tool result carries beside the structured
// document: what a person (or a model) reads first.
func Summary(op string, doc map[string]any) string {
	var b strings.Builder
	switch op {
	case "hardware":
		hw, _ := doc["hardware"].(map[string]any)
		writeHardware(&b, hw)
	case "models":
		models, _ := doc["models"].([]any)
		total, _ := doc["total"].(float64)
		fmt.Fprintf(&b, "%d catalog models match", int(total))
		if int(total) > len(models) {
			fmt.Fprintf(&b, " (first %d listed)", len(models))
		}
		b.WriteString(":\n")
		for _, raw := range models {
			m, _ := raw.(map[string]any)
			fmt.Fprintf(&b, "- %s (%s, %s, %s)\n", str(m["id"]), str(m["organisation"]), str(m["origin_country"]), str(m["licence"]))
		}
	case "tune":
		hw, _ := doc["hardware"].(map[string]any)
		writeHardware(&b, hw)
		results, _ := doc["finetune"].([]any)
		for _, raw := range results {
			r, _ := raw.(map[string]any)
			peak, _ := r["peak_bytes"].(float64)
			fmt.Fprintf(&b, "- %s: %s, %.1f GiB per GPU", str(r["method"]), str(r["verdict"]), peak/(1<<30))
			if tps, ok := r["tokens_per_second"].(float64); ok {
				fmt.Fprintf(&b, ", %.0f tokens/s", tps)
			}
			b.WriteString("\n")
		}
		if rec, ok := doc["recommended"].(string); ok {
			fmt.Fprintf(&b, "Recommended: %s\n", rec)
		} else {
			b.WriteString("No method fits with these settings.\n")
		}
	case "plan":
		planSummary(&b, doc)
	case "machine_plan":
		machinePlanSummary(&b, doc)
	default: // fit, recommend: the document
		hw, _ := doc["hardware"].(map[string]any)
		writeHardware(&b, hw)
		models, _ := doc["models"].([]any)
		if len(models) == 0 {
			b.WriteString("No model matches (or none fits with these settings).\n")
		}
		for i, raw := range models {
			m, _ := raw.(map[string]any)
			fmt.Fprintf(&b, "%d. %s — %s\n", i+1, str(m["name"]), bestLine(m))
		}
	}
	return strings.TrimSpace(b.String())
}

func writeHardware(b *strings.Builder, hw map[string]any) {
	if hw == nil {
		return
	}
	var parts []string
	if mem, ok := hw["memory"].(map[string]any); ok {
		if t, ok := mem["total_bytes"].(float64); ok {
			parts = append(parts, fmt.Sprintf("RAM %.1f GiB", t/(1<<30)))
		}
	}
	gpus, _ := hw["gpus"].([]any)
	for _, raw := range gpus {
		g, _ := raw.(map[string]any)
		t, _ := g["memory_total_bytes"].(float64)
		parts = append(parts, fmt.Sprintf("%s %.1f GiB", str(g["name"]), t/(1<<30)))
	}
	if len(gpus) == 0 {
		parts = append(parts, "no GPU")
	}
	fmt.Fprintf(b, "Hardware (%s): %s\n", str(hw["source"]), strings.Join(parts, ", "))
}

func bestLine(m map[string]any) string {
	q, ok := m["best_quant"].(string)
	if !ok {
		return "does not fit"
	}
	ests, _ := m["estimates"].([]any)
	for _, raw := range ests {
		e, _ := raw.(map[string]any)
		if e["quant"] != q {
			continue
		}
		line := fmt.Sprintf("%s, %s", q, str(e["verdict"]))
		if tps, ok := e["decode_tps"].(float64); ok {
			line += fmt.Sprintf(", %.1f tok/s", tps)
		}
		if t, ok := e["total_bytes"].(float64); ok {
			line += fmt.Sprintf(", %.1f GiB", t/(1<<30))
		}
		return line
	}
	return q
}

func str(v any) string {
	if s, ok := v.(string); ok && s != "" {
		return s
	}
	return "?"
}
