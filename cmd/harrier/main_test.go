package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/harrier-sec/harrier/internal/demo"
)

const fixtureDir = "../../../shared/fixtures/real-apiserver"

func readJSONL(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("bad JSON line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// project renders rows on the given keys, sorted, for an order-free compare.
func project(rows []map[string]any, keys []string) []string {
	var out []string
	for _, r := range rows {
		parts := make([]string, len(keys))
		for i, k := range keys {
			v := r[k]
			if v == nil {
				v = ""
			}
			parts[i] = k + "=" + strings.TrimSpace(strings.ReplaceAll(toString(v), "\n", " "))
		}
		out = append(out, strings.Join(parts, ", "))
	}
	sort.Strings(out)
	return out
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// TestReferenceQueriesOnRealAPIServer runs the reference queries verbatim
// through the CLI over a real kube-apiserver's audit log and compares with
// the independently computed expected rows.
func TestReferenceQueriesOnRealAPIServer(t *testing.T) {
	audit := filepath.Join(fixtureDir, "audit.jsonl")
	if _, err := os.Stat(audit); err != nil {
		t.Skipf("fixture not present: %v", err)
	}
	checkReferenceQueries(t, "--file", audit, "--data-source", "Azure Kubernetes Service")
}

// The same, with the log ingested into a data directory first: the rows
// now come from extents, through the store's pruned, shredded scans.
func TestReferenceQueriesOverTheStore(t *testing.T) {
	audit := filepath.Join(fixtureDir, "audit.jsonl")
	if _, err := os.Stat(audit); err != nil {
		t.Skipf("fixture not present: %v", err)
	}
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"ingest", "--data-dir", dir, "--data-source", "Azure Kubernetes Service", audit}, &stdout, &stderr); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr.String())
	}
	checkReferenceQueries(t, "--data-dir", dir)
	// Queries whose filters skip blocks by term filters answer as the
	// unpruned in-memory path does.
	for _, q := range []string{
		`CloudAuditEvents | where RawEventData.User.username == "mallory@example.com" | count`,
		`CloudAuditEvents | where RawEventData.User.username has "alice" and Verb == "x" | count`,
		`CloudAuditEvents | where RawEventData.ObjectRef.resource == "pods" and RawEventData.ObjectRef.namespace == "kube-system" | count`,
		`CloudAuditEvents | where UserAgent has "kubectl" | where OperationName == "create" | count`,
		`CloudAuditEvents | where RawEventData.ResponseStatus.code == 403 and RawEventData.User.username has_cs "mallory" | count`,
	} {
		var a, b, stderr bytes.Buffer
		q = strings.ReplaceAll(q, "Verb ==", "tostring(RawEventData.Verb) !=")
		if code := run([]string{"query", "--data-dir", dir, "--format", "csv", q}, &a, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", q, code, stderr.String())
		}
		if code := run([]string{"query", "--file", audit, "--format", "csv", q}, &b, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", q, code, stderr.String())
		}
		if a.String() != b.String() || a.String() == "Count\n0\n" {
			t.Errorf("%s: store says %q, file says %q (and it must match something)", q, a.String(), b.String())
		}
	}
}

func checkReferenceQueries(t *testing.T, source ...string) {
	t.Helper()
	qs := demo.Split(demo.SeedQueries)
	for i := 0; i < 3; i++ {
		want, err := os.ReadFile(filepath.Join(fixtureDir, "expected-q"+string(rune('1'+i))+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		wantRows := readJSONL(t, want)
		var stdout, stderr bytes.Buffer
		args := append([]string{"query"}, source...)
		args = append(args, "--now", "2026-11-23T15:46:31.615743Z", "--format", "json", qs[i].Text)
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("query %d: exit %d: %s", i+1, code, stderr.String())
		}
		gotRows := readJSONL(t, stdout.Bytes())
		var keys []string
		for k := range wantRows[0] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		got, exp := project(gotRows, keys), project(wantRows, keys)
		if strings.Join(got, "\n") != strings.Join(exp, "\n") {
			t.Errorf("query %d (%s):\ngot:\n%s\nwant:\n%s", i+1, qs[i].Title, strings.Join(got, "\n"), strings.Join(exp, "\n"))
		}
	}
}

func TestQueryErrorsShowPositionAndCaret(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"query", "print x = 1 | where nosuch == 1"}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	msg := stderr.String()
	if !strings.Contains(msg, "1:21: ") || !strings.Contains(msg, "^") {
		t.Errorf("stderr lacks the position and caret:\n%s", msg)
	}
}

func TestQueryFormats(t *testing.T) {
	f := func(format, want string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := run([]string{"query", "--format", format,
			`print n = 1, s = "a,b", d = dynamic({"k":[1,2]}), t = datetime(2024-01-02 03:04:05)`}, &stdout, &stderr)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("--format %s: output\n%s\nlacks %q", format, stdout.String(), want)
		}
	}
	f("json", `{"n":1,"s":"a,b","d":{"k":[1,2]},"t":"2024-01-02T03:04:05Z"}`)
	f("csv", "n,s,d,t\n1,\"a,b\",\"{\"\"k\"\":[1,2]}\",2024-01-02T03:04:05Z\n")
	f("table", "(1 rows)")
}

func TestQueryFromFileAndBadLines(t *testing.T) {
	dir := t.TempDir()
	kql := filepath.Join(dir, "q.kql")
	os.WriteFile(kql, []byte("CloudAuditEvents | count"), 0o644)
	logf := filepath.Join(dir, "audit.log")
	good := `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a1","stage":"ResponseComplete","requestURI":"/api","verb":"get","user":{"username":"u"},"sourceIPs":["10.0.0.1"],"stageTimestamp":"2026-01-01T00:00:00Z"}`
	os.WriteFile(logf, []byte(good+"\n{not json\n"+strings.Replace(good, "a1", "a2", 1)+"\n"), 0o644)
	var stdout, stderr bytes.Buffer
	code := run([]string{"query", "--file", logf, "--format", "csv", "-f", kql}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if stdout.String() != "Count\n2\n" {
		t.Errorf("stdout = %q, want the two good events counted", stdout.String())
	}
	if !strings.Contains(stderr.String(), "line 2") {
		t.Errorf("the bad line is not reported with its number: %q", stderr.String())
	}
}

func TestDemo(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"demo", "--events", "20000"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, q := range demo.Split(demo.SeedQueries) {
		if !strings.Contains(out, "== "+q.Title) {
			t.Errorf("demo output lacks %q", q.Title)
		}
	}
	if strings.Count(out, "(0 rows)") > 0 {
		t.Errorf("a reference query returned no rows on the demo corpus:\n%s", out)
	}
}

// TestStoreCommands ingests the real apiserver log and generated events
// into a data directory, then queries them after reopening.
func TestStoreCommands(t *testing.T) {
	audit := filepath.Join(fixtureDir, "audit.jsonl")
	if _, err := os.Stat(audit); err != nil {
		t.Skipf("fixture not present: %v", err)
	}
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"ingest", "--data-dir", dir, "--data-source", "Azure Kubernetes Service", audit}, &stdout, &stderr); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "1108 events stored") {
		t.Errorf("ingest summary: %q", stdout.String())
	}
	// A retried ingest of the same file stores nothing twice.
	stdout.Reset()
	if code := run([]string{"ingest", "--data-dir", dir, "--data-source", "Azure Kubernetes Service", audit}, &stdout, &stderr); code != 0 {
		t.Fatalf("second ingest: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "0 events stored, 1108 duplicates") {
		t.Errorf("second ingest summary: %q", stdout.String())
	}
	stdout.Reset()
	if code := run([]string{"generate", "--data-dir", dir, "--events", "5000", "--days", "2"}, &stdout, &stderr); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr.String())
	}
	stdout.Reset()
	code := run([]string{"query", "--data-dir", dir, "--format", "csv",
		"CloudAuditEvents | summarize n = count() by DataSource | where DataSource == 'Azure Kubernetes Service' | project n > 1108"}, &stdout, &stderr)
	if code != 0 || stdout.String() != "Column1\ntrue\n" {
		t.Fatalf("query: exit %d, stdout %q, stderr %s", code, stdout.String(), stderr.String())
	}
	// The reference query over the stored fixture gives the expected rows.
	qs := demo.Split(demo.SeedQueries)
	stdout.Reset()
	code = run([]string{"query", "--data-dir", dir, "--now", "2026-11-23T15:46:31.615743Z", "--format", "json",
		qs[2].Text + " | where ActionTakenBy in ('admin', 'system:apiserver')"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("reference query: exit %d: %s", code, stderr.String())
	}
	if n := len(readJSONL(t, stdout.Bytes())); n != 3 {
		t.Errorf("reference query 3 over the store: %d rows, want 3", n)
	}
}
