package ui

import (
	"strings"
	"testing"

	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
	"github.com/fitcheck/fitcheck/hwprobe"
)

// TestHeaderShowsGPULinks: with two GPUs the header names how they reach
// each other (what vLLM tensor parallelism depends on); one GPU says
// nothing about links.
func TestHeaderShowsGPULinks(t *testing.T) {
	gpus, err := hwprobe.ParseGPUSpec("2x RTX 3090")
	if err != nil {
		t.Fatal(err)
	}
	cat := &catalog.Catalog{}
	view := func(o hwprobe.Overrides) string {
		hw := hwprobe.WhatIf(o)
		m := sized(New(Config{Catalog: cat, Hardware: hw, Settings: estimate.DefaultSettings(), Version: "test"}), 140, 30)
		return m.headerView(140)
	}
	if v := view(hwprobe.Overrides{GPUs: gpus, RAMBytes: 64 << 30, Interconnect: hwprobe.InterconnectNVLink}); !strings.Contains(v, "NVLink") {
		t.Errorf("two GPUs with NVLink, header:\n%s", v)
	}
	if v := view(hwprobe.Overrides{GPUs: gpus[:1], RAMBytes: 64 << 30, Interconnect: hwprobe.InterconnectNVLink}); strings.Contains(v, "NVLink") {
		t.Errorf("one GPU has no links to show, header:\n%s", v)
	}
}
