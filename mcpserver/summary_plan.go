package mcpserver

import (
	"fmt"
	"strings"
)

// planSummary is the text beside a `plan` document: the cheapest plans, or
// why none meets the targets. (The fit summary read its missing "models" as
// "No model matches".)
func planSummary(b *strings.Builder, doc map[string]any) {
	m, _ := doc["model"].(map[string]any)
	w, _ := doc["workload"].(map[string]any)
	users, _ := w["users"].(float64)
	tps, _ := w["tps"].(float64)
	fmt.Fprintf(b, "Plans for %s: %d users", str(m["id"]), int(users))
	if tps > 0 {
		fmt.Fprintf(b, " at %g tok/s each", tps)
	}
	b.WriteString(".\n")
	if u, ok := doc["unmet"].(map[string]any); ok {
		fmt.Fprintf(b, "%s.\n", str(u["message"]))
	}
	plans, _ := doc["plans"].([]any)
	for i, raw := range plans {
		if i == 5 {
			fmt.Fprintf(b, "… %d more in the document\n", len(plans)-5)
			break
		}
		p, _ := raw.(map[string]any)
		ut, _ := p["per_user_tps"].(float64)
		fmt.Fprintf(b, "%d. %s, %s, %.1f tok/s per user", i+1, str(p["hardware"]), str(p["quant"]), ut)
		if pr, ok := p["price"].(map[string]any); ok {
			usd, _ := pr["total_usd"].(float64)
			fmt.Fprintf(b, ", $%.0f", usd)
		} else {
			b.WriteString(", unpriced")
		}
		if c, ok := p["cost"].(map[string]any); ok {
			out, _ := c["output_usd_per_m"].(float64)
			fmt.Fprintf(b, ", $%.3f per M output tokens", out)
		}
		b.WriteString("\n")
	}
}

// machinePlanSummary is the text beside a `machine_plan` document.
func machinePlanSummary(b *strings.Builder, doc map[string]any) {
	hw, _ := doc["hardware"].(map[string]any)
	writeHardware(b, hw)
	mach, _ := doc["machine"].(map[string]any)
	meeting, _ := mach["meeting"].(float64)
	fmt.Fprintf(b, "%d models meet the targets.\n", int(meeting))
	for _, l := range []struct{ key, title string }{{"largest", "Largest"}, {"fastest", "Fastest"}} {
		fits, _ := mach[l.key].([]any)
		for i, raw := range fits {
			if i == 3 {
				break
			}
			f, _ := raw.(map[string]any)
			ut, _ := f["per_user_tps"].(float64)
			fmt.Fprintf(b, "%s: %s, %s, %s, %.1f tok/s per user\n", l.title, str(f["model_id"]), str(f["quant"]), str(f["verdict"]), ut)
		}
	}
	if om, ok := mach["one_more"].(map[string]any); ok {
		n, _ := om["meeting"].(float64)
		fmt.Fprintf(b, "With one more %s: %d models.\n", str(om["added"]), int(n))
	}
}
