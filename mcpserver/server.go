// Package mcpserver serves fitcheck's operations (hardware, fit, recommend,
// models) as tools of a Model Context Protocol server, with the JSON Schema
// of the document and the catalog as resources. It answers through an
// Invoke function that runs fitcheck command lines, so a tool call and the
// CLI give the same document.
package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/fitcheck/fitcheck/operations"
)

// Invoke runs one fitcheck command line and returns what it printed and its
// exit code.
type Invoke func(ctx context.Context, args []string) (stdout []byte, stderr string, code int)

// Resource URIs.
const (
	SchemaURI  = "fitcheck://schema/document.json"
	CatalogURI = "fitcheck://catalog"
)

// New builds the server. documentSchema is the JSON Schema of the document
// that fit and recommend return (report.Schema).
func New(version string, invoke Invoke, documentSchema []byte) *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "fitcheck", Title: "fitcheck", Version: version}, &mcp.ServerOptions{
		Instructions: "fitcheck answers which open-weight language models run on this machine (or a what-if machine), " +
			"at which quantization, how fast, and under which licence. Start with `recommend`; use `fit` for one model; " +
			"`hardware` shows what was detected. Parameters have the names of fitcheck's CLI flags with '_' for '-'.",
	})
	var docSchema map[string]any
	if err := json.Unmarshal(documentSchema, &docSchema); err != nil {
		docSchema = nil // the tools still work; they just do not advertise an output schema
	}
	for _, op := range operations.All() {
		if op.Page {
			continue // a page for people; agents get the JSON operations
		}
		tool := &mcp.Tool{
			Name:        op.Name,
			Title:       op.Title,
			Description: op.Description,
			InputSchema: op.InputSchema(),
			Annotations: &mcp.ToolAnnotations{ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: new(false)},
		}
		if docSchema != nil && (op.Name == "fit" || op.Name == "recommend") {
			tool.OutputSchema = docSchema
		}
		s.AddTool(tool, handler(op, invoke))
	}
	s.AddResource(&mcp.Resource{
		URI: SchemaURI, Name: "document-schema", Title: "JSON Schema of fitcheck's document",
		MIMEType: "application/schema+json", Size: int64(len(documentSchema)),
	}, func(context.Context, *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
		return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: SchemaURI, MIMEType: "application/schema+json", Text: string(documentSchema)}}}, nil
	})
	s.AddResource(&mcp.Resource{
		URI: CatalogURI, Name: "catalog", Title: "fitcheck's model catalog (licence, origin, architecture, sources)",
		MIMEType: "application/json",
	}, func(ctx context.Context, _ *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
		out, stderr, code := invoke(ctx, []string{"models", "--json"})
		if code != 0 {
			return nil, fmt.Errorf("catalog: %s", stderr)
		}
		return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: CatalogURI, MIMEType: "application/json", Text: string(out)}}}, nil
	})
	return s
}

// handler runs one operation. Bad arguments and failed runs come back as
// tool errors (the model reads them and can correct itself), never as a
// protocol error or a crash.
func handler(op operations.Operation, invoke Invoke) mcp.ToolHandler {
	return func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		v := operations.Values{}
		if args := bytes.TrimSpace(req.Params.Arguments); len(args) > 0 && !bytes.Equal(args, []byte("null")) {
			if err := json.Unmarshal(args, &v); err != nil {
				return toolError(fmt.Errorf("%s: arguments must be a JSON object: %w", op.Name, err)), nil
			}
		}
		cmdline, err := op.Args(v)
		if err != nil {
			return toolError(err), nil
		}
		out, stderr, code := invoke(ctx, cmdline)
		if code != 0 {
			return toolError(fmt.Errorf("%s", stderr)), nil
		}
		if op.Shape != nil {
			if out, err = op.Shape(out, v); err != nil {
				return toolError(err), nil
			}
		}
		var doc map[string]any
		if err := json.Unmarshal(out, &doc); err != nil {
			return toolError(fmt.Errorf("%s: unreadable answer: %w", op.Name, err)), nil
		}
		return &mcp.CallToolResult{
			Content:           []mcp.Content{&mcp.TextContent{Text: Summary(op.Name, doc)}},
			StructuredContent: json.RawMessage(bytes.TrimSpace(out)),
		}, nil
	}
}

func toolError(err error) *mcp.CallToolResult {
	var r mcp.CallToolResult
	r.SetError(err)
	return &r
}
