package cli

import (
	"errors"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/report"
)

// localConfigModel reads a model directory (config.json and
// model.safetensors.index.json) or a config.json.
func (a *App) localConfigModel(cat *catalog.Catalog, path string, dir bool) (*catalog.Model, report.LocalFile, error) {
	return nil, report.LocalFile{}, errors.New(path + ": model directories and config.json are not supported yet")
}
