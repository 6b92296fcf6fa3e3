package cli

import (
	"context"
	"io"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/cobra"

	"github.com/fitcheck/fitcheck/mcpserver"
	"github.com/fitcheck/fitcheck/report"
)

func newMCPCommand(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "mcp",
		Short: "Serve fitcheck to AI agents: a Model Context Protocol server over stdio",
		Long: `Run a Model Context Protocol (MCP) server on standard input and output, for AI
assistants and coding agents. Tools: hardware, fit, recommend, models — each takes the
CLI's flags as parameters (snake_case: prompt_tokens for --prompt-tokens) and returns
the same JSON document as --json, plus a short text summary. Resources: the document's
JSON Schema and the catalog.

The machine is probed once, at the first request. What-if flags given here (--gpu,
--ram, ...) make that the default machine; a tool call may still name its own.`,
		Example: `  fitcheck mcp
  fitcheck mcp --gpu "RTX 4090" --ram 64GiB   # answer for a what-if machine`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := a.overrides(); err != nil { // bad what-if flags fail now, not per call
				return err
			}
			LongRunning()
			cache := &snapshotCache{app: a}
			invoke := Invoker(serverEnv(a, cache))
			server := mcpserver.New(a.Version(), func(ctx context.Context, args []string) ([]byte, string, int) {
				o := invoke(ctx, args)
				return o.Stdout, o.Stderr, o.Code
			}, report.Schema)
			var t mcp.Transport = &mcp.StdioTransport{}
			if a.env.Stdin != nil {
				t = &mcp.IOTransport{Reader: io.NopCloser(a.env.Stdin), Writer: nopWriteCloser{a.env.Stdout}}
			}
			return server.Run(cmd.Context(), t)
		},
	}
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
