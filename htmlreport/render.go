package htmlreport

import (
	_ "embed"
	htmpl "html/template"
	"io"
	"strings"
	ttmpl "text/template"

	"github.com/fitcheck/fitcheck/report"
)

//go:embed report.html.tmpl
var htmlSource string

//go:embed report.md.tmpl
var mdSource string

var (
	htmlTemplate = htmpl.Must(htmpl.New("report").Funcs(htmpl.FuncMap{
		// css passes a palette colour (a constant of this package) into a
		// style attribute, which html/template would otherwise blank out.
		"css": func(s string) htmpl.CSS { return htmpl.CSS(s) },
	}).Parse(htmlSource))
	mdTemplate = ttmpl.Must(ttmpl.New("report").Funcs(ttmpl.FuncMap{
		"md":    mdEscape,
		"badge": mdBadge,
	}).Parse(mdSource))
)

// HTML writes the report as one self-contained HTML page.
func HTML(w io.Writer, in Input) error {
	v, err := build(in)
	if err != nil {
		return err
	}
	return htmlTemplate.Execute(w, v)
}

// Markdown writes the report as Markdown (no charts; the same tables).
func Markdown(w io.Writer, in Input) error {
	v, err := build(in)
	if err != nil {
		return err
	}
	return mdTemplate.Execute(w, v)
}

// mdEscape keeps text from turning into Markdown or HTML: table pipes,
// emphasis, links, and raw tags.
var mdEscape = strings.NewReplacer(
	`\`, `\\`, `|`, `\|`, `*`, `\*`, `_`, `\_`, "`", "\\`", `[`, `\[`, `]`, `\]`,
	`<`, `&lt;`, `>`, `&gt;`, "\n", " ",
).Replace

func mdBadge(p *report.PolicyCheck) string {
	switch {
	case p == nil:
		return "—"
	case !p.Pass:
		return "fails"
	case len(p.Flags) > 0:
		return "passes, review"
	}
	return "passes"
}
