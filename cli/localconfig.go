package cli

import (
	"fmt"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/localmodel"
	"github.com/fitcheck/fitcheck/report"
)

// localConfigModel reads a model directory (config.json beside safetensors
// weights) or a config.json: the architecture through the Hub converter
// (catalog.ModelFromHFConfig), the download size from the weights' index.
// It is estimated at its native precision when the engine runs it.
func (a *App) localConfigModel(cat *catalog.Catalog, path string) (*catalog.Model, report.LocalFile, error) {
	d, err := localmodel.ReadModelDir(path)
	if err != nil {
		return nil, report.LocalFile{}, err
	}
	m, err := catalog.ModelFromHFConfig(d.ID, d.Config)
	if err != nil {
		return nil, report.LocalFile{}, fmt.Errorf("%s: config.json: %w", path, err)
	}
	m.Sources.Config = "file://" + d.Path + "/config.json"
	if from := localmodel.Match(cat, &m.Arch, d.ID); from != nil {
		localmodel.Adopt(m, from)
	}
	return m, report.LocalFile{Path: d.Path, Quants: m.Quants, DiskBytes: d.WeightBytes}, nil
}
