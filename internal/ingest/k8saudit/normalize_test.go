package k8saudit

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/value"
)

// dynEqual compares dynamic values by their JSON; nil only equals nil.
var dynEqual = cmp.Comparer(func(a, b *value.Dyn) bool {
	return (a == nil) == (b == nil) && a.JSON() == b.JSON()
})

func ticks(s string) int64 {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return value.TicksFromTime(t)
}

// A create as the log backend writes it, in the order of the Go struct.
const podCreate = `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Request",` +
	`"auditID":"0b1f6c2e-5a8d-4c47-9e1b-3f2a7d9c8e10","stage":"ResponseComplete",` +
	`"requestURI":"/api/v1/namespaces/team-a/pods?fieldManager=kubectl-create\u0026x=1","verb":"create",` +
	`"user":{"username":"alice@example.com","groups":["dev","system:authenticated"],"extra":{"k":["v"]}},` +
	`"impersonatedUser":{"username":"bob"},` +
	`"sourceIPs":["10.20.0.7","10.0.0.1"],"userAgent":"kubectl/v1.34.4 (linux/amd64) kubernetes/abc1234",` +
	`"objectRef":{"resource":"pods","namespace":"team-a","name":"web","apiVersion":"v1"},` +
	`"responseStatus":{"metadata":{},"code":201},` +
	`"requestObject":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"web","namespace":"team-a"},` +
	`"spec":{"hostNetwork":true,"containers":[{"name":"web","image":"nginx:1.27","securityContext":{"privileged":true}}]}},` +
	`"responseObject":{"kind":"Pod","apiVersion":"v1","status":{"phase":"Pending"}},` +
	`"requestReceivedTimestamp":"2026-11-22T18:40:01.101234Z","stageTimestamp":"2026-11-22T18:40:01.112345Z",` +
	`"annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}`

const podCreateRaw = `{"Level":"Request",` +
	`"AuditID":"0b1f6c2e-5a8d-4c47-9e1b-3f2a7d9c8e10","Stage":"ResponseComplete",` +
	`"RequestURI":"/api/v1/namespaces/team-a/pods?fieldManager=kubectl-create\u0026x=1","Verb":"create",` +
	`"User":{"username":"alice@example.com","groups":["dev","system:authenticated"],"extra":{"k":["v"]}},` +
	`"ImpersonatedUser":{"username":"bob"},` +
	`"SourceIPs":["10.20.0.7","10.0.0.1"],"UserAgent":"kubectl/v1.34.4 (linux/amd64) kubernetes/abc1234",` +
	`"ObjectRef":{"resource":"pods","namespace":"team-a","name":"web","apiVersion":"v1"},` +
	`"ResponseStatus":{"metadata":{},"code":201},` +
	`"RequestObject":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"web","namespace":"team-a"},` +
	`"spec":{"hostNetwork":true,"containers":[{"name":"web","image":"nginx:1.27","securityContext":{"privileged":true}}]}},` +
	`"ResponseObject":{"kind":"Pod","apiVersion":"v1","status":{"phase":"Pending"}},` +
	`"RequestReceivedTimestamp":"2026-11-22T18:40:01.101234Z","StageTimestamp":"2026-11-22T18:40:01.112345Z",` +
	`"Annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}`

// ev builds a one-line Event from its members after the envelope.
func ev(members string) string {
	return `{"kind":"Event","apiVersion":"audit.k8s.io/v1",` + members + `}`
}

// base are the members every test event needs.
const base = `"level":"Metadata","auditID":"a1","stage":"ResponseComplete","verb":"get","stageTimestamp":"2026-11-23T15:45:50.717182Z"`

func TestNormalize(t *testing.T) {
	extra := value.RawJSON(`{"cluster":"prod-eu-1"}`)
	tests := []struct {
		name  string
		in    string
		opts  Options
		want  *ingest.Event
		wantR string // RawEventData when want is nil
	}{{
		name: "full create",
		in:   podCreate,
		want: &ingest.Event{
			Timestamp:     ticks("2026-11-22T18:40:01.112345Z"),
			ReportId:      "0b1f6c2e-5a8d-4c47-9e1b-3f2a7d9c8e10",
			DataSource:    ingest.SourceKubernetes,
			ActionType:    "Create",
			OperationName: "create",
			IPAddress:     "10.20.0.7",
			UserAgent:     "kubectl/v1.34.4 (linux/amd64) kubernetes/abc1234",
			RawEventData:  value.RawJSON(podCreateRaw),
		},
	}, {
		name: "options fill the identity columns",
		in:   ev(base),
		opts: Options{DataSource: ingest.SourceAKS, ResourceId: "/subscriptions/s/rg/c",
			AzureResourceId: "/subscriptions/s/rg/c", AwsResourceName: "arn:aws:eks:r:1:cluster/c",
			GcpFullResourceName: "//container.googleapis.com/projects/p/locations/l/clusters/c", AdditionalFields: extra},
		want: &ingest.Event{
			Timestamp: ticks("2026-11-23T15:45:50.717182Z"), ReportId: "a1", DataSource: ingest.SourceAKS,
			ActionType: "Read", OperationName: "get", ResourceId: "/subscriptions/s/rg/c",
			AzureResourceId: "/subscriptions/s/rg/c", AwsResourceName: "arn:aws:eks:r:1:cluster/c",
			GcpFullResourceName: "//container.googleapis.com/projects/p/locations/l/clusters/c",
			RawEventData:        value.RawJSON(`{"Level":"Metadata","AuditID":"a1","Stage":"ResponseComplete","Verb":"get","StageTimestamp":"2026-11-23T15:45:50.717182Z"}`),
			AdditionalFields:    extra,
		},
	}, {
		name:  "empty user, no objectRef, empty sourceIPs",
		in:    ev(base + `,"requestURI":"/readyz","user":{},"sourceIPs":[]`),
		wantR: `{"Level":"Metadata","AuditID":"a1","Stage":"ResponseComplete","Verb":"get","StageTimestamp":"2026-11-23T15:45:50.717182Z","RequestURI":"/readyz","User":{},"SourceIPs":[]}`,
	}, {
		name:  "requestObject as a JSON patch array",
		in:    ev(base + `,"requestObject":[{"op":"replace","path":"/spec/replicas","value":3}]`),
		wantR: `{"Level":"Metadata","AuditID":"a1","Stage":"ResponseComplete","Verb":"get","StageTimestamp":"2026-11-23T15:45:50.717182Z","RequestObject":[{"op":"replace","path":"/spec/replicas","value":3}]}`,
	}, {
		name:  "unknown keys get an upper-case first letter, envelope dropped",
		in:    `{"auditID":"a1","stage":"Panic","stageTimestamp":"2026-11-23T15:45:50Z","fooBar":{"bazQux":1},"éclair":1,"_x":null,"":2,"kind":"Event"}`,
		wantR: `{"AuditID":"a1","Stage":"Panic","StageTimestamp":"2026-11-23T15:45:50Z","FooBar":{"bazQux":1},"Éclair":1,"_x":null,"":2}`,
	}, {
		name: "pretty-printed, no kind, nested key order kept",
		in: "{\n  \"auditID\": \"a1\",\n  \"stage\": \"ResponseComplete\",\r\n  \"stageTimestamp\": \"2026-11-23T15:45:50.1Z\",\n" +
			"  \"requestObject\": {\"z\": 1, \"a\": [ 1, 2 ], \"m\": \"x y\"}\n}\n",
		wantR: `{"AuditID":"a1","Stage":"ResponseComplete","StageTimestamp":"2026-11-23T15:45:50.1Z","RequestObject":{"z":1,"a":[1,2],"m":"x y"}}`,
	}, {
		name: "PascalCase input (a re-import of RawEventData)",
		in:   `{"AuditID":"a1","Stage":"ResponseStarted","Verb":"watch","SourceIPs":["::1"],"UserAgent":"u","StageTimestamp":"2026-11-23T15:45:50Z"}`,
		want: &ingest.Event{
			Timestamp: ticks("2026-11-23T15:45:50Z"), ReportId: "a1/ResponseStarted", DataSource: ingest.SourceKubernetes,
			ActionType: "Read", OperationName: "watch", IPAddress: "::1", UserAgent: "u",
			RawEventData: value.RawJSON(`{"AuditID":"a1","Stage":"ResponseStarted","Verb":"watch","SourceIPs":["::1"],"UserAgent":"u","StageTimestamp":"2026-11-23T15:45:50Z"}`),
		},
	}, {
		name: "escapes in columns are decoded, RawEventData keeps them",
		in:   ev(`"auditID":"a\u0031","stage":"ResponseComplete","verb":"get","sourceIPs":["10.0.0.\u0031"],"userAgent":"a\u0026b \"q\"","stageTimestamp":"2026-11-23T15:45:50Z"`),
		want: &ingest.Event{
			Timestamp: ticks("2026-11-23T15:45:50Z"), ReportId: "a1", DataSource: ingest.SourceKubernetes,
			ActionType: "Read", OperationName: "get", IPAddress: "10.0.0.1", UserAgent: `a&b "q"`,
			RawEventData: value.RawJSON(`{"AuditID":"a\u0031","Stage":"ResponseComplete","Verb":"get","SourceIPs":["10.0.0.\u0031"],"UserAgent":"a\u0026b \"q\"","StageTimestamp":"2026-11-23T15:45:50Z"}`),
		},
	}, {
		name: "requestReceivedTimestamp when stageTimestamp is absent; null user agent",
		in:   ev(`"auditID":"a1","stage":"RequestReceived","verb":"delete","userAgent":null,"requestReceivedTimestamp":"2026-11-23T17:45:50.5+02:00"`),
		want: &ingest.Event{
			Timestamp: ticks("2026-11-23T15:45:50.5Z"), ReportId: "a1/RequestReceived", DataSource: ingest.SourceKubernetes,
			ActionType: "Delete", OperationName: "delete",
			RawEventData: value.RawJSON(`{"AuditID":"a1","Stage":"RequestReceived","Verb":"delete","UserAgent":null,"RequestReceivedTimestamp":"2026-11-23T17:45:50.5+02:00"}`),
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize([]byte(tt.in), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			raw := got.RawEventData.JSON()
			if !json.Valid([]byte(raw)) {
				t.Fatalf("RawEventData is not valid JSON: %s", raw)
			}
			if tt.want == nil {
				if raw != tt.wantR {
					t.Fatalf("RawEventData\n got %s\nwant %s", raw, tt.wantR)
				}
				return
			}
			if diff := cmp.Diff(tt.want, got, dynEqual); diff != "" {
				t.Errorf("event (-want +got):\n%s", diff)
			}
			// RawEventData normalizes to the same row.
			again, err := Normalize([]byte(raw), tt.opts)
			if err != nil {
				t.Fatalf("re-normalize: %v", err)
			}
			if diff := cmp.Diff(got, again, dynEqual); diff != "" {
				t.Errorf("re-normalized (-first +second):\n%s", diff)
			}
		})
	}
}

func TestNormalizeAbsentStaysAbsent(t *testing.T) {
	got, err := Normalize([]byte(ev(base+`,"objectRef":{"resource":"pods","name":"web"}`)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := got.RawEventData
	for _, k := range []string{"User", "SourceIPs", "ResponseStatus", "RequestObject", "Annotations", "Kind", "kind", "ApiVersion", "apiVersion"} {
		if v := d.Get(k); v != nil {
			t.Errorf("RawEventData.%s = %s, want absent", k, v.JSON())
		}
	}
	if v := d.Get("ObjectRef").Get("subresource"); v != nil {
		t.Errorf("ObjectRef.subresource = %s, want absent", v.JSON())
	}
	if v := d.Get("ObjectRef").Get("resource").String(); v != "pods" {
		t.Errorf("ObjectRef.resource = %q", v)
	}
}

func TestNormalizeReportIdPerStage(t *testing.T) {
	f := func(stage, want string) {
		t.Helper()
		got, err := Normalize([]byte(ev(`"auditID":"id-1","stage":"`+stage+`","stageTimestamp":"2026-11-23T15:45:50Z"`)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got.ReportId != want {
			t.Errorf("stage %s: ReportId = %q, want %q", stage, got.ReportId, want)
		}
	}
	f("ResponseComplete", "id-1")
	f("Panic", "id-1")
	f("RequestReceived", "id-1/RequestReceived")
	f("ResponseStarted", "id-1/ResponseStarted")
}

func TestNormalizeActionType(t *testing.T) {
	f := func(verbMember, wantOp, wantAction string) {
		t.Helper()
		got, err := Normalize([]byte(ev(`"auditID":"a","stage":"ResponseComplete","stageTimestamp":"2026-11-23T15:45:50Z"`+verbMember)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got.OperationName != wantOp || got.ActionType != wantAction {
			t.Errorf("%s: got (%q, %q), want (%q, %q)", verbMember, got.OperationName, got.ActionType, wantOp, wantAction)
		}
	}
	f(`,"verb":"create"`, "create", "Create")
	f(`,"verb":"get"`, "get", "Read")
	f(`,"verb":"list"`, "list", "Read")
	f(`,"verb":"watch"`, "watch", "Read")
	f(`,"verb":"update"`, "update", "Update")
	f(`,"verb":"patch"`, "patch", "Update")
	f(`,"verb":"delete"`, "delete", "Delete")
	f(`,"verb":"deletecollection"`, "deletecollection", "Delete")
	f(`,"verb":"impersonate"`, "impersonate", "Other")
	f(`,"verb":"escalate"`, "escalate", "Other")
	f(``, "", "Unknown")
}

func TestNormalizeErrors(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		got, err := Normalize([]byte(in), Options{})
		if err == nil {
			t.Errorf("%s: no error, got %+v", in, got)
			return
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %q, want it to contain %q", in, err, want)
		}
	}
	f(``, "empty record")
	f(`  `, "empty record")
	f(`{"auditID":`, "invalid JSON: unexpected end of JSON input")
	f(`{"auditID":"a"} x`, "invalid JSON: invalid character 'x' after top-level value at offset 16")
	f(`{"auditID":"a",}`, "invalid JSON: invalid character '}' looking for beginning of object key string at offset 15")
	f(`["a"]`, "record is a JSON array, not an object")
	f(`"a"`, "record is a JSON string, not an object")
	f(ev(`"stage":"ResponseComplete","stageTimestamp":"2026-11-23T15:45:50Z"`), "event has no auditID")
	f(ev(`"auditID":"","stage":"ResponseComplete","stageTimestamp":"2026-11-23T15:45:50Z"`), "event has no auditID")
	f(ev(`"auditID":7,"stage":"ResponseComplete","stageTimestamp":"2026-11-23T15:45:50Z"`), "AuditID is a JSON number, want a string")
	f(ev(`"auditID":"a","stageTimestamp":"2026-11-23T15:45:50Z"`), "event has no stage")
	f(ev(`"auditID":"a","stage":"ResponseComplete"`), "event has neither stageTimestamp nor requestReceivedTimestamp")
	f(ev(`"auditID":"a","stage":"ResponseComplete","stageTimestamp":"yesterday"`), `StageTimestamp "yesterday" is not an RFC 3339 time`)
	f(ev(`"auditID":"a","stage":"ResponseComplete","stageTimestamp":"0000-01-01T00:00:00Z"`), "outside the datetime range")
	f(ev(base+`,"sourceIPs":"10.0.0.1"`), "SourceIPs is a JSON string, want an array")
	f(ev(base+`,"sourceIPs":[1]`), "SourceIPs[0] is a JSON number, want a string")
	f(ev(base+`,"verb":"get"`), `duplicate top-level key "Verb"`)
	f(ev(base+`,"Verb":"get"`), `duplicate top-level key "Verb"`)
	f(ev(base+`,"x":1,"x":2`), `duplicate top-level key "X"`)
	f(ev(base+`,"kind":"EventList"`), `duplicate top-level key "kind"`)
	f(`{"kind":"Status","apiVersion":"v1","status":"Failure"}`, `kind is "Status", want "Event"`)
	f(`{"kind":1}`, "kind is a JSON number, want a string")
	f(`{"kind":"EventList","items":[]}`, "record is an EventList, not an Event")
	f(`{"items":[]}`, "record is an EventList, not an Event")
}
