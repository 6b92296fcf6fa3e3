package cli

import (
	"errors"

	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
	"github.com/fitcheck/fitcheck/ui"
)

// --profile NAME starts from a what-if profile saved in the TUI (w, then
// s): its machine, memory budget and run settings. Flags given with it
// still apply on top, so `--profile customer --context 32768` changes only
// the context.

// loadProfile reads the --profile once.
func (a *App) loadProfile() error {
	if a.flags.profile == "" || a.profile != nil {
		return nil
	}
	dir := profileDir()
	if dir == "" {
		return errors.New("--profile: no user config directory to read profiles from")
	}
	hw, idle, s, err := ui.ReadProfile(dir, a.flags.profile)
	if err != nil {
		return usageError{err}
	}
	a.profile = &loadedProfile{hw: hw, assumeIdle: idle, settings: s}
	return nil
}

type loadedProfile struct {
	hw         hwprobe.Snapshot
	assumeIdle bool
	settings   *estimate.Settings
}

// profileSettings fills the run-setting flags that were not given from the
// profile's settings.
func (a *App) profileSettings() {
	if a.profile == nil || a.profile.settings == nil || a.profileApplied {
		return
	}
	a.profileApplied = true
	p, f := a.profile.settings, &a.flags
	set := func(name string, apply func()) {
		if !a.given(name) {
			apply()
		}
	}
	set("context", func() { f.context = p.Context })
	set("prompt-tokens", func() { f.promptTokens = p.PromptTokens })
	set("cached-tokens", func() { f.cachedTokens = p.CachedTokens })
	set("kv-type", func() { f.kvType = p.KVType })
	set("engine", func() { f.engine = p.Engine })
	set("parallel", func() { f.parallel = p.Parallel })
	set("cpu-moe", func() { f.cpuMoE = p.CPUMoE })
	set("text-only", func() { f.textOnly = p.TextOnly })
	set("no-flash-attn", func() { f.noFlashAttn = !p.FlashAttention })
	set("gpu-util", func() { f.gpuUtil = p.GPUMemoryUtilization })
	set("assume-idle", func() { f.assumeIdle = a.profile.assumeIdle })
}
