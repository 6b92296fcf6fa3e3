package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writePolicy(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const blockCN = "name: no CN\nblock_origins: [CN]\nrequire_commercial: true\nflag_conditions: [monthly active users]\n"

// The acceptance: blocking origin CN fails every CN model, with
// that reason, in the JSON document; --require of a CN model exits 3.
func TestPolicyBlockingCNFailsEveryCNModel(t *testing.T) {
	pol := writePolicy(t, blockCN)
	code, out, errs := run(t, args("--json", "--policy", pol)...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Models []struct {
			ID     string `json:"id"`
			Origin string `json:"origin_country"`
			Policy *struct {
				Pass    bool     `json:"pass"`
				Reasons []string `json:"reasons"`
				Flags   []string `json:"flags"`
			} `json:"policy"`
		} `json:"models"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	cn, us := 0, 0
	for _, m := range doc.Models {
		if m.Policy == nil {
			t.Fatalf("%s: no policy verdict", m.ID)
		}
		if m.Origin == "CN" {
			cn++
			if m.Policy.Pass || !contains(m.Policy.Reasons, "origin CN is blocked (block_origins)") {
				t.Errorf("%s: %+v", m.ID, m.Policy)
			}
		}
		if m.ID == "meta-llama/Llama-3.3-70B-Instruct" {
			us++
			if !m.Policy.Pass || len(m.Policy.Flags) == 0 {
				t.Errorf("Llama 3.3 must pass with its MAU condition flagged: %+v", m.Policy)
			}
		}
	}
	if cn < 10 || us != 1 {
		t.Fatalf("cn=%d us=%d", cn, us)
	}

	code, out, errs = run(t, args("--json", "--policy", pol, "--require", "Qwen/Qwen3-32B")...)
	if code != ExitRequirement || !strings.Contains(errs, "origin CN is blocked") {
		t.Errorf("--require Qwen/Qwen3-32B under the policy: exit %d, %s", code, errs)
	}
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if err := schema(t).Validate(v); err != nil {
		t.Errorf("document with policy verdicts does not match report/schema.json: %v", err)
	}
	if !strings.Contains(out, `"policy_reasons":["origin CN is blocked (block_origins)"]`) {
		t.Errorf("requirement does not carry the policy reason: %s", out[len(out)-300:])
	}
	if code, _, errs := run(t, args("--json", "--policy", pol, "--require", "gpt-oss-20b")...); code != ExitOK {
		t.Errorf("a US model must meet the requirement: exit %d %s", code, errs)
	}
}

func TestPolicyFileErrorsExit1(t *testing.T) {
	for name, body := range map[string]string{
		"unknown key":     "block_origin: [CN]\n",
		"bad country":     "block_origins: [XX]\n",
		"unknown licence": "allow_licences: [apache-3.0]\n",
		"malformed":       "block_origins: [CN\n",
	} {
		code, out, errs := run(t, args("--json", "--policy", writePolicy(t, body))...)
		if code != ExitFailure || out != "" || !strings.Contains(errs, "policy ") {
			t.Errorf("%s: exit %d, stdout %d bytes, %q", name, code, len(out), errs)
		}
	}
	if code, _, errs := run(t, args("--json", "--policy", t.TempDir())...); code != ExitFailure || !strings.Contains(errs, "not a regular file") {
		t.Errorf("directory as policy: exit %d %s", code, errs)
	}
	if code, _, _ := run(t, args("--json", "--policy", "/nonexistent/p.yaml")...); code != ExitFailure {
		t.Errorf("missing policy file: exit %d", code)
	}
}

func TestPolicyCheckSARIF(t *testing.T) {
	pol := writePolicy(t, blockCN)
	code, out, errs := run(t, "policy", "check", "--policy", pol, "--format", "sarif",
		"--model", "Qwen/Qwen3-32B", "--model", "gpt-oss-20b", "--model", "Llama-3.3-70B-Instruct")
	if code != ExitRequirement {
		t.Fatalf("a failing model must exit 3, got %d: %s", code, errs)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string } `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct{ Text string }
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("%+v", log)
	}
	var errors, warnings int
	for _, r := range log.Runs[0].Results {
		if log.Runs[0].Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("ruleIndex of %s is wrong", r.RuleID)
		}
		switch r.Level {
		case "error":
			errors++
			if r.Message.Text != "Qwen/Qwen3-32B: origin CN is blocked (block_origins)" {
				t.Errorf("error: %q", r.Message.Text)
			}
		case "warning":
			warnings++
		}
	}
	if errors != 1 || warnings != 2 {
		t.Errorf("want 1 error (Qwen) and 2 warnings (Llama's conditions), got %d and %d", errors, warnings)
	}
	if code, _, _ := run(t, "policy", "check", "--policy", pol, "--model", "gpt-oss-20b"); code != ExitOK {
		t.Errorf("passing selection: exit %d", code)
	}
	if code, _, _ := run(t, "policy", "check", "--model", "gpt-oss-20b"); code != ExitUsage {
		t.Errorf("without --policy: exit %d", code)
	}
	if code, _, _ := run(t, "policy", "check", "--policy", pol, "--format", "xml"); code != ExitUsage {
		t.Errorf("bad format: exit %d", code)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
