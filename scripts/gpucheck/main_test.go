package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const smiCSV = `name, memory.total [MiB], memory.free [MiB]
NVIDIA H100 80GB HBM3, 81559 MiB, 81000 MiB
`

func write(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAgreeingReadingsPass(t *testing.T) {
	smi, err := readSMI(write(t, "smi.csv", smiCSV))
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{
		`{"hardware":{"gpus":[{"name":"NVIDIA H100 80GB HBM3","memory_total_bytes":85520809984,"memory_free_bytes":84800000000}]}}`,
		`{"gpus":[{"name":"NVIDIA H100 80GB HBM3","memory_total_bytes":85520809984,"memory_free_bytes":84800000000}]}`,
	} {
		hw, err := readHW(write(t, "hw.json", doc))
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		if !compare(&out, hw, smi, 0.01) || !strings.Contains(out.String(), "PASS") {
			t.Errorf("%s:\n%s", doc, out.String())
		}
	}
}

func TestDisagreeingReadingsFail(t *testing.T) {
	smi, _ := readSMI(write(t, "smi.csv", smiCSV))
	for _, doc := range []string{
		`{"gpus":[{"name":"NVIDIA H100 80GB HBM3","memory_total_bytes":80000000000,"memory_free_bytes":79000000000}]}`, // 32-bit-style drift
		`{"gpus":[{"name":"NVIDIA H100","memory_total_bytes":85520809984,"memory_free_bytes":84800000000}]}`,
		`{"gpus":[{"name":"NVIDIA H100 80GB HBM3","memory_total_bytes":85520809984,"memory_free_bytes":null}]}`,
		`{"gpus":[]}`,
	} {
		hw, _ := readHW(write(t, "hw.json", doc))
		var out strings.Builder
		if compare(&out, hw, smi, 0.01) {
			t.Errorf("%s passed:\n%s", doc, out.String())
		}
	}
	if _, err := readHW(write(t, "hw.json", `{"models":[]}`)); err == nil {
		t.Error("a document without GPUs must be an error")
	}
}
