package cli

// Global flags that a subcommand would otherwise ignore in silence: a user
// who adds --quant Q4_K_M to `fitcheck plan` or --context to `fitcheck tune`
// must learn it had no effect.
var (
	selectionFlagNames = []string{"model", "origin", "licence", "commercial", "family", "org", "search",
		"min-params", "max-params", "modality"}
	whatIfFlagNames    = []string{"gpu", "ram", "ram-bw", "cores", "no-gpu", "assume-idle"}
	inferenceFlagNames = []string{"context", "prompt-tokens", "cached-tokens", "kv-type", "engine", "parallel", "cpu-moe",
		"text-only", "no-flash-attn", "gpu-util"}
)

// refuseFlags is a usage error naming the first of names given on the
// command line; hints maps a flag to what to use instead.
func (a *App) refuseFlags(command string, hints map[string]string, names ...[]string) error {
	for _, group := range names {
		for _, n := range group {
			if !a.given(n) {
				continue
			}
			if h := hints[n]; h != "" {
				return usagef("--%s does not apply to `fitcheck %s`: %s", n, command, h)
			}
			return usagef("--%s does not apply to `fitcheck %s`", n, command)
		}
	}
	return nil
}
