package report

import (
	"strings"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// LocalFile is a model file on this machine, as localmodel read it.
type LocalFile struct {
	Path    string                // the file given (the first part of a split GGUF)
	Tensors *estimate.FileTensors // its exact tensor bytes; nil for a model directory (safetensors)
	// A model directory: its precisions, native first ("FP8", "BF16"), and
	// the size of its weight files (the native row's file_bytes).
	Quants    []string
	DiskBytes int64
}

// modelResults estimates m: from its file when it is one, else at every
// quantization the options ask for. file is nil for a catalog model.
func modelResults(m *catalog.Model, hw estimate.Hardware, opts Options) ([]estimate.Result, *LocalFile, error) {
	lf, ok := opts.Files[m]
	if !ok {
		return opts.Estimator.EstimateModel(m, hw, opts.Settings, opts.Quants), nil, nil
	}
	if lf.Tensors == nil {
		quants := opts.Quants
		if len(quants) == 0 {
			quants = lf.Quants
		}
		rs := opts.Estimator.EstimateModel(m, hw, opts.Settings, quants)
		if len(rs) == 0 && len(opts.Quants) == 0 { // the engine runs none of its precisions: its usual ones
			rs = opts.Estimator.EstimateModel(m, hw, opts.Settings, nil)
		}
		for i := range rs {
			if lf.DiskBytes > 0 && len(lf.Quants) > 0 && rs[i].Quant == lf.Quants[0] {
				rs[i].FileBytes = lf.DiskBytes // what is on disk, not what the architecture implies
			}
		}
		return rs, &lf, nil
	}
	r, err := opts.Estimator.EstimateFile(m, lf.Tensors, hw, opts.Settings)
	if err != nil {
		return nil, &lf, err
	}
	return []estimate.Result{r}, &lf, nil
}

// command names the file itself in a GGUF's command line.
func (lf *LocalFile) command(e *Estimate, r estimate.Result, s estimate.Settings) {
	if lf == nil || lf.Tensors == nil || e.Command == nil {
		return
	}
	args := estimate.EngineArgs(r, s)
	cmd := strings.Join(append([]string{"llama-server", "-m", shellQuote(lf.Path)}, args...), " ")
	e.Command = &cmd
}

// shellQuote quotes a path for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[](){}<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func (o *Options) installed(m *catalog.Model) bool {
	return o.Installed[strings.ToLower(m.ID)]
}
