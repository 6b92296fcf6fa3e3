package mcpserver

import (
	"context"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func session(t *testing.T, invoke Invoke) *mcp.ClientSession {
	t.Helper()
	ct, st := mcp.NewInMemoryTransports()
	s := New("test", invoke, []byte(`{"type":"object"}`))
	ctx := context.Background()
	if _, err := s.Connect(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "t", Version: "1"}, nil).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

func TestToolsRunTheCommandLineAndSummarise(t *testing.T) {
	var got []string
	cs := session(t, func(_ context.Context, args []string) ([]byte, string, int) {
		got = args
		return []byte(`{"hardware":{"source":"override","memory":{"total_bytes":68719476736},"gpus":[]},
			"models":[{"name":"Tiny","best_quant":"Q8_0","estimates":[{"quant":"Q8_0","verdict":"cpu","decode_tps":12.5,"total_bytes":1073741824}]}]}`), "", 0
	})
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "fit", Arguments: map[string]any{"model": "tiny", "no_gpu": true, "ram": "64GiB"}})
	if err != nil || res.IsError {
		t.Fatalf("%v %+v", err, res)
	}
	if strings.Join(got, " ") != "fit --ram=64GiB --no-gpu --json -- tiny" {
		t.Errorf("ran %v", got)
	}
	summary := res.Content[0].(*mcp.TextContent).Text
	for _, want := range []string{"RAM 64.0 GiB", "no GPU", "1. Tiny — Q8_0, cpu, 12.5 tok/s, 1.0 GiB"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary %q lacks %q", summary, want)
		}
	}
}

func TestFailuresAreToolErrors(t *testing.T) {
	cs := session(t, func(context.Context, []string) ([]byte, string, int) { return nil, "catalog: broken", 1 })
	for _, args := range []any{map[string]any{"model": "x"}, map[string]any{"model": 7}, map[string]any{"model": "x", "extra": 1}} {
		res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "fit", Arguments: args})
		if err != nil {
			t.Fatalf("%v: protocol error %v", args, err)
		}
		if !res.IsError {
			t.Errorf("%v: not a tool error", args)
		}
	}
}
