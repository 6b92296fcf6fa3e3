package ui

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/fitcheck/fitcheck/catalog"
	"github.com/fitcheck/fitcheck/estimate"
)

// hubFixture is a model as the Hub lookup builds it: from a verbatim
// config.json, with Hub-derived fields marked unverified.
func hubFixture(t *testing.T, id string) *catalog.Model {
	t.Helper()
	b, err := os.ReadFile("../hub/testdata/configs/Qwen3.5-35B-A3B.json")
	if err != nil {
		t.Fatal(err)
	}
	cm, err := catalog.ModelFromHFConfig(id, b)
	if err != nil {
		t.Fatal(err)
	}
	cm.Licence, cm.Organisation, cm.OriginCountry = "apache-2.0", "Alibaba Cloud (Qwen team)", "CN"
	cm.Unverified = []string{"arch", "licence", "organisation", "origin_country"}
	return cm
}

// sendCmd runs a command and feeds its message back, as the runtime does.
func sendCmd(m Model, cmd tea.Cmd) Model {
	if cmd == nil {
		return m
	}
	return update(m, cmd())
}

func TestAddModelFromTheHub(t *testing.T) {
	cat := fixtureCatalog(t)
	var asked []string
	lookup := func(_ context.Context, id string) (*catalog.Model, error) {
		asked = append(asked, id)
		if id == "Qwen/Qwen3.5-35B-A3B" {
			return hubFixture(t, id), nil
		}
		return nil, errors.New(id + ": not found on the Hub (HF_ENDPOINT=https://huggingface.co)")
	}
	m := sized(New(Config{Catalog: cat, Models: cat.Models, Hardware: rtx4090(t), Settings: estimate.DefaultSettings(),
		Version: "test", ProfileDir: t.TempDir(), LookupModel: lookup}), 120, 40)
	before := len(m.table.rows)

	m = press(m, "a")
	if !strings.Contains(screenText(m), "add model (Hugging Face id ORG/NAME)") {
		t.Fatalf("prompt not shown:\n%s", screenText(m))
	}
	m = typeText(m, "Qwen/Qwen3.5-35B-A3B")
	next, cmd := m.Update(keyMsg("enter"))
	m = next.(Model)
	if cmd == nil || !strings.Contains(screenText(m), "looking up Qwen/Qwen3.5-35B-A3B") {
		t.Fatalf("no lookup started:\n%s", screenText(m))
	}
	if len(asked) != 0 {
		t.Fatal("the lookup ran in Update, not in a command")
	}
	m = sendCmd(m, cmd)
	if len(m.table.rows) != before+1 || m.selectedID() != "Qwen/Qwen3.5-35B-A3B" {
		t.Fatalf("rows %d→%d, selected %q", before, len(m.table.rows), m.selectedID())
	}
	if !strings.Contains(screenText(m), "added Qwen/Qwen3.5-35B-A3B from the Hugging Face Hub") {
		t.Errorf("status:\n%s", screenText(m))
	}
	detail := screenText(press(m, "enter"))
	if !strings.Contains(detail, "Unverified") || !strings.Contains(detail, "not checked: arch, licence") {
		t.Errorf("detail does not mark unverified fields:\n%s", detail)
	}

	// A failed lookup is an error on the status line; the table is unchanged.
	m = typeText(press(m, "a"), "nobody/nothing")
	next, cmd = m.Update(keyMsg("enter"))
	m = sendCmd(next.(Model), cmd)
	if !m.statusErr || !strings.Contains(screenText(m), "not found on the Hub") || len(m.table.rows) != before+1 {
		t.Errorf("error not shown or table changed:\n%s", screenText(m))
	}
}

func TestAddModelUnavailableWithoutLookup(t *testing.T) {
	m := press(newTest(t, 120, 40), "a")
	if m.prompt.active() || !strings.Contains(screenText(m), "not available") {
		t.Errorf("prompt opened without a lookup:\n%s", screenText(m))
	}
}
