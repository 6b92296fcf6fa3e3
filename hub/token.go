package hub

import (
	"os"
	"path/filepath"
	"strings"
)

// tokenMaxBytes caps a token file: tokens are under 100 bytes.
const tokenMaxBytes = 4 << 10

// Env is the environment a lookup reads; tests pass their own.
type Env func(key string) string

// token finds the Hugging Face token the way huggingface_hub does: HF_TOKEN,
// else the file at HF_TOKEN_PATH, else $HF_HOME/token, else
// $XDG_CACHE_HOME/huggingface/token or ~/.cache/huggingface/token.
func token(env Env) string {
	if t := strings.TrimSpace(env("HF_TOKEN")); t != "" {
		return t
	}
	var path string
	switch {
	case env("HF_TOKEN_PATH") != "":
		path = env("HF_TOKEN_PATH")
	case env("HF_HOME") != "":
		path = filepath.Join(env("HF_HOME"), "token")
	case env("XDG_CACHE_HOME") != "":
		path = filepath.Join(env("XDG_CACHE_HOME"), "huggingface", "token")
	default:
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		path = filepath.Join(home, ".cache", "huggingface", "token")
	}
	b, err := readCapped(path, tokenMaxBytes)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// offlineEnv reports HF_HUB_OFFLINE as huggingface_hub reads it.
func offlineEnv(env Env) bool {
	switch strings.ToUpper(strings.TrimSpace(env("HF_HUB_OFFLINE"))) {
	case "1", "ON", "YES", "TRUE":
		return true
	}
	return false
}
