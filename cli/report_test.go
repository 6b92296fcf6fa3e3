package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The acceptance command: one file, nothing fetched.
func TestReportWritesOneSelfContainedFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.html")
	pol := writePolicy(t, blockCN)
	code, stdout, errs := run(t, "report", "--option", "RTX 4090,64GiB", "--option", "2x L40S,256GiB",
		"--model", "gpt-oss-20b", "--model", "Qwen3-32B", "--model", "Llama-3.3-70B-Instruct", "--policy", pol, "-o", out)
	if code != ExitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, stdout, errs)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("want exactly the report in the directory, got %d entries", len(entries))
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	// Nothing that makes a browser fetch: no scripts, no external
	// stylesheets, images, fonts, frames or CSS imports.
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)<script`), regexp.MustCompile(`(?i)<link`), regexp.MustCompile(`(?i)<img`),
		regexp.MustCompile(`(?i)<iframe`), regexp.MustCompile(`(?i)\bsrc\s*=`), regexp.MustCompile(`(?i)@import`),
		regexp.MustCompile(`(?i)url\(`), regexp.MustCompile(`(?i)@font-face`), regexp.MustCompile(`(?i)xlink:href`),
	} {
		if bad.MatchString(html) {
			t.Errorf("report contains %s", bad)
		}
	}
	for _, want := range []string{
		`<html lang="en">`, "<h1>", `<th scope="col">`, `<th scope="row">`, "<caption>",
		"gpt-oss-20b", "Qwen3 32B", "Llama 3.3 70B Instruct", "RTX 4090, 64 GiB RAM", "2x L40S, 256 GiB RAM",
		"origin CN is blocked (block_origins)", "fails policy", "@media print", `role="img"`,
		"https://github.com/meta-llama/llama-models/blob/main/models/llama3_3/USE_POLICY.md", // guardrail facts
		"llama-server", // engine command
		"fitcheck version</th><td>test",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestReportMarkdown(t *testing.T) {
	code, out, errs := run(t, "report", "--format", "md", "--option", "RTX 4090,64GiB", "--model", "gpt-oss-20b")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"# Model fit report", "| Model |", "MXFP4", "```sh\nllama-server", "## Settings", "| fitcheck version | test |"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestReportUsageErrors(t *testing.T) {
	five := []string{"report", "--model", "gpt-oss-20b"}
	for range 5 {
		five = append(five, "--option", "RTX 4090,64GiB")
	}
	for _, a := range [][]string{
		five,
		{"report", "--option", "RTX 9999,64GiB", "--model", "gpt-oss-20b"},
		{"report", "--option", ",64GiB", "--model", "gpt-oss-20b"},
		{"report", "--format", "pdf", "--model", "gpt-oss-20b"},
		{"report", "--option", "RTX 4090,64GiB"}, // the whole catalog is no shortlist
		{"report", "--option", "RTX 4090,64GiB", "--model", "gpt-oss-20b", "--fits"},
		{"report", "--option", "profile:nosuchprofile", "--model", "gpt-oss-20b"},
	} {
		if code, out, errs := run(t, a...); code != ExitUsage || out != "" {
			t.Errorf("%q: exit %d, %q", a, code, errs)
		}
	}
}
