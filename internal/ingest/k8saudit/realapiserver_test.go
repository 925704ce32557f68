package k8saudit

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/ingest"
)

// realLog is a gzipped copy of /work/shared/fixtures/real-apiserver/audit.jsonl
// (see its README.md): 1,108 events of a real kube-apiserver v1.34.4 log
// backend. The copy keeps this package's tests hermetic.
const (
	realLog       = "testdata/real-apiserver-audit.jsonl.gz"
	realLogShared = "../../../../shared/fixtures/real-apiserver/audit.jsonl"
	realLogSHA256 = "d94e192f6f9f77f1843d16796b7b0f913761d60842c02f55884f1c58800318de"
	realLogEvents = 1108
)

// readRealLog returns the uncompressed fixture.
func readRealLog(tb testing.TB) []byte {
	tb.Helper()
	f, err := os.Open(realLog)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestRealAPIServerLogCopy(t *testing.T) {
	sum := sha256.Sum256(readRealLog(t))
	if got := hex.EncodeToString(sum[:]); got != realLogSHA256 {
		t.Fatalf("%s: sha256 %s, want %s", realLog, got, realLogSHA256)
	}
	shared, err := os.ReadFile(realLogShared)
	if os.IsNotExist(err) {
		t.Skip("shared fixture not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(shared); hex.EncodeToString(sum[:]) != realLogSHA256 {
		t.Errorf("%s changed: refresh %s", realLogShared, realLog)
	}
}

func TestRealAPIServerLog(t *testing.T) {
	var events []*ingest.Event
	opts := Options{DataSource: ingest.SourceAKS, ResourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c"}
	st, err := DecodeFile(realLog, opts, func(e *ingest.Event) error {
		events = append(events, e)
		return nil
	}, func(e *RecordError) { t.Error(e) })
	if err != nil {
		t.Fatal(err)
	}
	raw := readRealLog(t)
	if want := (Stats{Events: realLogEvents, Lines: realLogEvents, Bytes: int64(len(raw))}); st != want {
		t.Fatalf("stats %+v, want %+v", st, want)
	}

	ids := map[string]bool{}
	stages := map[string]int{}
	for _, e := range events {
		if ids[e.ReportId] {
			t.Errorf("duplicate ReportId %s", e.ReportId)
		}
		ids[e.ReportId] = true
		stages[e.RawEventData.Get("Stage").String()]++
		if e.DataSource != ingest.SourceAKS || e.ResourceId != opts.ResourceId || e.IPAddress != "127.0.0.1" {
			t.Errorf("%s: %s %s %s", e.ReportId, e.DataSource, e.ResourceId, e.IPAddress)
		}
	}
	if want := map[string]int{"ResponseComplete": 943, "ResponseStarted": 165}; !cmp.Equal(stages, want) {
		t.Errorf("stages %v, want %v", stages, want)
	}

	// Every line against an independent renaming done with encoding/json:
	// same members in the same order, values byte-equal after compaction.
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		want := members(t, sc.Bytes())
		want = want[2:] // kind, apiVersion
		for j := range want {
			// For the Event's keys the Go name is the JSON name with an
			// upper-case first letter (auditID/AuditID, sourceIPs/SourceIPs).
			want[j].key = strings.ToUpper(want[j].key[:1]) + want[j].key[1:]
		}
		got := members(t, []byte(events[i].RawEventData.JSON()))
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(member{})); diff != "" {
			t.Fatalf("line %d (-want +got):\n%s", i+1, diff)
		}
	}

	byID := map[string]*ingest.Event{}
	for _, e := range events {
		byID[e.ReportId] = e
	}
	spot := func(id string, want *ingest.Event, paths map[string]string) {
		t.Helper()
		e := byID[id]
		if e == nil {
			t.Fatalf("no event %s", id)
		}
		got := *e
		got.RawEventData = nil
		if diff := cmp.Diff(want, &got, dynEqual); diff != "" {
			t.Errorf("%s (-want +got):\n%s", id, diff)
		}
		for path, v := range paths {
			d := e.RawEventData
			for _, k := range strings.Split(path, ".") {
				d = d.Get(k)
			}
			if d.String() != v {
				t.Errorf("%s: RawEventData.%s = %q, want %q", id, path, d.String(), v)
			}
		}
	}
	row := func(id, ts, verb, action, ua string) *ingest.Event {
		return &ingest.Event{Timestamp: ticks(ts), ReportId: id, DataSource: ingest.SourceAKS, ActionType: action,
			OperationName: verb, ResourceId: opts.ResourceId, IPAddress: "127.0.0.1", UserAgent: ua}
	}
	const kubectl = "kubectl/v0.0.0 (linux/amd64) kubernetes/$Format"
	// The first line.
	spot("dd2fdb71-020b-44ba-b8e1-ec0f3842c447",
		row("dd2fdb71-020b-44ba-b8e1-ec0f3842c447", "2026-11-23T15:45:50.717182Z", "list", "Read", "kube-apiserver/v0.0.0 (linux/amd64) kubernetes/$Format"),
		map[string]string{
			"RequestURI":          "/apis/apiextensions.k8s.io/v1/customresourcedefinitions?limit=500&resourceVersion=0",
			"User.username":       "system:apiserver",
			"ObjectRef.resource":  "customresourcedefinitions",
			"ResponseStatus.code": "200",
		})
	// The exec forced to SPDY: verb create, two stages.
	spot("a8c6e1ce-4bd6-4b68-90ee-1779e78b129d/ResponseStarted",
		row("a8c6e1ce-4bd6-4b68-90ee-1779e78b129d/ResponseStarted", "2026-11-23T15:46:15.904062Z", "create", "Create", kubectl),
		map[string]string{"ObjectRef.subresource": "exec", "User.username": "admin", "Stage": "ResponseStarted"})
	if e := byID["a8c6e1ce-4bd6-4b68-90ee-1779e78b129d"]; e == nil || e.RawEventData.Get("Stage").String() != "ResponseComplete" {
		t.Error("the SPDY exec has no ResponseComplete row")
	}
	// mallory's forbidden cluster-admin binding.
	spot("c8715f68-dba0-4b90-a352-a853b9302a58",
		row("c8715f68-dba0-4b90-a352-a853b9302a58", "2026-11-23T15:46:16.272767Z", "create", "Create", kubectl),
		map[string]string{"User.username": "mallory@example.com", "ResponseStatus.code": "403",
			"ObjectRef.resource": "clusterrolebindings"})
	if d := byID["c8715f68-dba0-4b90-a352-a853b9302a58"].RawEventData.Get("Annotations").Get("authorization.k8s.io/decision").String(); d != "forbid" {
		t.Errorf("mallory's decision %q", d)
	}
	// The anonymous request.
	spot("4965734e-9223-4132-bf10-4ae20bc872bf",
		row("4965734e-9223-4132-bf10-4ae20bc872bf", "2026-11-23T15:46:16.419326Z", "list", "Read", "curl/7.88.1"),
		map[string]string{"User.username": "system:anonymous", "ResponseStatus.code": "403", "RequestURI": "/api/v1/namespaces/default/pods"})
	// The last line: the time the README's expected results use as now().
	if last := events[len(events)-1]; last.ReportId != "fb85a7aa-b408-4534-adf0-d87dfa925439" || last.Timestamp != ticks("2026-11-23T15:46:31.615743Z") {
		t.Errorf("last event %s at %d", last.ReportId, last.Timestamp)
	}
}

type member struct{ key, value string }

// members lists the top-level members of a JSON object with compact values.
func members(t *testing.T, b []byte) []member {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var ms []member
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		var c bytes.Buffer
		json.Compact(&c, v)
		ms = append(ms, member{k.(string), c.String()})
	}
	return ms
}
