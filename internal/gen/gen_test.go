package gen

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"hash"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/value"
)

const testEvents = 30_000

var (
	corpusOnce  sync.Once
	corpusRows  []*ingest.Event
	corpusTruth Truth
)

// corpus is the default configuration's corpus, generated once per test
// binary.
func corpus(t *testing.T) ([]*ingest.Event, Truth) {
	t.Helper()
	corpusOnce.Do(func() {
		corpusTruth = Generate(Config{Seed: 7, Events: testEvents}, func(e *ingest.Event) { corpusRows = append(corpusRows, e) })
	})
	return corpusRows, corpusTruth
}

// at walks a path of bag keys.
func at(d *value.Dyn, keys ...string) *value.Dyn {
	for _, k := range keys {
		d = d.Get(k)
	}
	return d
}

func str(d *value.Dyn, keys ...string) string { return at(d, keys...).String() }

func digest(h hash.Hash, e *ingest.Event) {
	fmt.Fprintf(h, "%d|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|",
		e.Timestamp, e.ReportId, e.DataSource, e.ActionType, e.OperationName, e.ResourceId, e.AzureResourceId,
		e.AwsResourceName, e.GcpFullResourceName, e.IPAddress, e.UserAgent, e.RawEventData.JSON(), e.AdditionalFields.JSON())
}

func TestDeterminism(t *testing.T) {
	run := func(cfg Config) (string, Truth, int) {
		h := sha256.New()
		n := 0
		tr := Generate(cfg, func(e *ingest.Event) { digest(h, e); n++ })
		return fmt.Sprintf("%x", h.Sum(nil)), tr, n
	}
	cfg := Config{Seed: 42, Events: 8000}
	a, ta, na := run(cfg)
	cfg.Workers = 1
	b, tb, nb := run(cfg)
	cfg.Workers = 5
	c, tc, _ := run(cfg)
	if a != b || a != c || na != nb {
		t.Fatalf("same config, different output: %s (%d rows) / %s (%d rows) / %s", a, na, b, nb, c)
	}
	if d := gocmp.Diff(ta, tb); d != "" {
		t.Errorf("truth differs between runs (-first +second):\n%s", d)
	}
	if d := gocmp.Diff(ta, tc); d != "" {
		t.Errorf("truth differs with 5 workers (-first +second):\n%s", d)
	}
	if other, _, _ := run(Config{Seed: 43, Events: 8000}); other == a {
		t.Error("different seeds gave the same corpus")
	}
}

func TestCount(t *testing.T) {
	for _, n := range []int{500, 5_000, 40_000} {
		rows := 0
		Generate(Config{Seed: 1, Events: n}, func(*ingest.Event) { rows++ })
		if lo, hi := n*9/10, n*11/10; rows < lo || rows > hi {
			t.Errorf("Events=%d: got %d rows, want %d..%d", n, rows, lo, hi)
		}
	}
}

func TestOrderAndRange(t *testing.T) {
	f := func(cfg Config) {
		t.Helper()
		full := cfg.withDefaults()
		lo, hi := value.TicksFromTime(full.End.Add(-full.Span)), value.TicksFromTime(full.End)
		prev := int64(-1)
		n := 0
		Generate(cfg, func(e *ingest.Event) {
			n++
			if e.Timestamp < prev {
				t.Fatalf("%+v: row %d (%s) goes back in time", cfg.Span, n, e.ReportId)
			}
			if e.Timestamp < lo || e.Timestamp > hi {
				t.Fatalf("%+v: row %d at %s outside [%s, %s]", cfg.Span, n, value.FormatDateTime(e.Timestamp), value.FormatDateTime(lo), value.FormatDateTime(hi))
			}
			prev = e.Timestamp
		})
		if n == 0 {
			t.Errorf("%+v: no rows", cfg.Span)
		}
	}
	f(Config{Seed: 3, Events: 5000})
	f(Config{Seed: 3, Events: 3000, Span: time.Hour, End: time.Date(2025, 3, 1, 23, 30, 0, 0, time.UTC)})
	f(Config{Seed: 3, Events: 2000, Span: 30 * 24 * time.Hour})
	f(Config{Seed: 3, Events: 50, Span: time.Minute})
}

func TestRowsAreWellFormed(t *testing.T) {
	rows, _ := corpus(t)
	ids := make(map[string]bool, len(rows))
	for _, e := range rows {
		raw := e.RawEventData.JSON()
		if !json.Valid([]byte(raw)) {
			t.Fatalf("%s: RawEventData is not valid JSON: %s", e.ReportId, raw)
		}
		if !json.Valid([]byte(e.AdditionalFields.JSON())) {
			t.Fatalf("%s: AdditionalFields is not valid JSON", e.ReportId)
		}
		if ids[e.ReportId] {
			t.Fatalf("duplicate ReportId %s", e.ReportId)
		}
		ids[e.ReportId] = true
		d := e.RawEventData
		if e.DataSource == ingest.SourceARM {
			checkARM(t, e)
			continue
		}
		// Kubernetes: top-level keys renamed, the rest as the apiserver writes it.
		if at(d, "Verb").String() != e.OperationName || at(d, "verb") != nil || at(d, "AuditID").String() == "" {
			t.Fatalf("%s: not a normalized Kubernetes event: %.300s", e.ReportId, raw)
		}
		if e.ActionType != ingest.ActionTypeForVerb(e.OperationName) {
			t.Fatalf("%s: ActionType %s for verb %s", e.ReportId, e.ActionType, e.OperationName)
		}
		stage := str(d, "Stage")
		want := str(d, "AuditID")
		if stage != "ResponseComplete" {
			want += "/" + stage
		}
		if e.ReportId != want {
			t.Fatalf("ReportId %s, want %s", e.ReportId, want)
		}
		recv, ok1 := time.Parse(time.RFC3339Nano, str(d, "RequestReceivedTimestamp"))
		st, ok2 := time.Parse(time.RFC3339Nano, str(d, "StageTimestamp"))
		if ok1 != nil || ok2 != nil || recv.After(st) || value.TicksFromTime(st) != e.Timestamp {
			t.Fatalf("%s: timestamps %v %v, row %s", e.ReportId, recv, st, value.FormatDateTime(e.Timestamp))
		}
		switch lvl := str(d, "Level"); lvl {
		case "Metadata":
			if at(d, "RequestObject") != nil || at(d, "ResponseObject") != nil {
				t.Fatalf("%s: Metadata level with bodies", e.ReportId)
			}
		case "Request":
			if at(d, "ResponseObject") != nil {
				t.Fatalf("%s: Request level with a responseObject", e.ReportId)
			}
		case "RequestResponse":
		default:
			t.Fatalf("%s: level %q", e.ReportId, lvl)
		}
		if ips := at(d, "SourceIPs"); ips.Index(0).String() != e.IPAddress || e.IPAddress == "" {
			t.Fatalf("%s: IPAddress %q, SourceIPs %s", e.ReportId, e.IPAddress, ips.JSON())
		}
	}
}

func checkARM(t *testing.T, e *ingest.Event) {
	t.Helper()
	d := e.RawEventData
	if str(d, "eventDataId") != e.ReportId || str(d, "operationName", "value") != e.OperationName || str(d, "resourceId") != e.ResourceId {
		t.Fatalf("%s: ARM columns disagree with EventData: %.400s", e.ReportId, d.JSON())
	}
	if e.UserAgent != "" {
		t.Fatalf("%s: ARM has a user agent", e.ReportId)
	}
	if ip := str(d, "httpRequest", "clientIpAddress"); ip != "" && ip != e.IPAddress {
		t.Fatalf("%s: IPAddress %q, clientIpAddress %q", e.ReportId, e.IPAddress, ip)
	}
	for _, k := range []string{"status", "subStatus", "category", "eventName", "resourceType", "resourceProviderName"} {
		if at(d, k, "value") == nil || at(d, k, "localizedValue") == nil {
			t.Fatalf("%s: %s is not a {value, localizedValue} object", e.ReportId, k)
		}
	}
	ts, err := time.Parse(time.RFC3339Nano, str(d, "eventTimestamp"))
	if err != nil || value.TicksFromTime(ts) != e.Timestamp {
		t.Fatalf("%s: eventTimestamp %q vs %s", e.ReportId, str(d, "eventTimestamp"), value.FormatDateTime(e.Timestamp))
	}
}

// The reference queries, evaluated over the emitted rows with Kusto's
// semantics, must give exactly Truth: this checks that the JSON says what
// the generator believes it says.

func dynTrue(d *value.Dyn) bool { // dynamic == "true"
	return d.Kind() == value.DBool && d.AsBool() || d.Kind() == value.DString && d.AsString() == "true"
}

func within(e *ingest.Event, end time.Time, d time.Duration) bool {
	return e.Timestamp > value.TicksFromTime(end.Add(-d))
}

func query1(rows []*ingest.Event, end time.Time) []PrivilegedPod {
	var out []PrivilegedPod
	for _, e := range rows {
		d := e.RawEventData
		if !within(e, end, 24*time.Hour) || e.DataSource != ingest.SourceAKS || e.OperationName != "create" ||
			str(d, "ObjectRef", "resource") != "pods" || !at(d, "ObjectRef", "subresource").IsNull() ||
			!strings.HasPrefix(at(d, "ResponseStatus", "code").String(), "20") {
			continue
		}
		for _, c := range at(d, "RequestObject", "spec", "containers").Items() {
			if !dynTrue(at(c, "securityContext", "privileged")) {
				continue
			}
			out = append(out, PrivilegedPod{
				Timestamp: value.TimeFromTicks(e.Timestamp), ReportId: e.ReportId, AzureResourceId: e.AzureResourceId, OperationName: e.OperationName,
				IPAddress: e.IPAddress, UserAgent: e.UserAgent, PodName: str(d, "RequestObject", "metadata", "name"), PodNamespace: str(d, "ObjectRef", "namespace"),
				ContainerName: str(c, "name"), Username: str(d, "User", "username"),
			})
		}
	}
	return out
}

func query2(rows []*ingest.Event, end time.Time) []Exec {
	var out []Exec
	for _, e := range rows {
		d := e.RawEventData
		code := at(d, "ResponseStatus", "code")
		name := str(d, "ObjectRef", "name")
		if !within(e, end, 24*time.Hour) || e.DataSource != ingest.SourceAKS || e.OperationName != "create" ||
			str(d, "ObjectRef", "resource") != "pods" || code.Kind() != value.DLong || code.AsLong() != 101 ||
			str(d, "ObjectRef", "namespace") != "kube-system" || str(d, "ObjectRef", "subresource") != "exec" || excludedPod(name) {
			continue
		}
		out = append(out, Exec{
			Timestamp: value.TimeFromTicks(e.Timestamp), ReportId: e.ReportId, AzureResourceId: e.AzureResourceId, OperationName: e.OperationName,
			IPAddress: e.IPAddress, UserAgent: e.UserAgent, PodName: name, PodNamespace: "kube-system", Username: str(d, "User", "username"),
			ParsedCommand: parsedCommand(str(d, "RequestURI")),
		})
	}
	return out
}

func query3(rows []*ingest.Event, end time.Time) []Binding {
	var out []Binding
	for _, e := range rows {
		d := e.RawEventData
		if !within(e, end, 24*time.Hour) || e.OperationName != "create" || str(d, "ObjectRef", "resource") != "clusterrolebindings" ||
			!strings.HasPrefix(at(d, "ResponseStatus", "code").String(), "20") || str(d, "RequestObject", "roleRef", "name") != "cluster-admin" {
			continue
		}
		by := str(d, "User", "username")
		if by == "acsService" {
			continue
		}
		for _, s := range at(d, "RequestObject", "subjects").Items() {
			out = append(out, Binding{
				Timestamp: value.TimeFromTicks(e.Timestamp), ReportId: e.ReportId, AzureResourceId: e.AzureResourceId, OperationName: e.OperationName,
				ActionTakenBy: by, IPAddress: e.IPAddress, UserAgent: e.UserAgent, BindingName: str(d, "ObjectRef", "name"),
				SubjectName: str(s, "name"), SubjectKind: str(s, "kind"),
			})
		}
	}
	return out
}

func query4(rows []*ingest.Event, end time.Time) int {
	n := 0
	for _, e := range rows {
		if within(e, end, 7*24*time.Hour) && strings.HasPrefix(strings.ToLower(e.OperationName), "microsoft.compute/virtualmachines/write") {
			n++
		}
	}
	return n
}

func checkTruth(t *testing.T, rows []*ingest.Event, tr Truth, end time.Time) {
	t.Helper()
	got := Truth{PrivilegedPods: query1(rows, end), KubeSystemExecs: query2(rows, end), ClusterAdminBindings: query3(rows, end), VMWrites: query4(rows, end)}
	if d := gocmp.Diff(tr, got); d != "" {
		t.Errorf("queries over the rows disagree with Truth (-truth +rows):\n%s", d)
	}
}

func TestTruthMatchesRows(t *testing.T) {
	rows, tr := corpus(t)
	checkTruth(t, rows, tr, DefaultEnd)
	// Other shapes: custom clusters, a short span, attacks disabled.
	for _, cfg := range []Config{
		{Seed: 11, Events: 6000, Span: 36 * time.Hour, Attacks: AttackMix{PrivilegedPods: 7, KubeSystemExecs: 9, ClusterAdminBindings: 9, VMWrites: 2, NearMisses: 2}},
		{Seed: 12, Events: 4000, Span: 3 * time.Hour},
		{Seed: 13, Events: 4000, Attacks: AttackMix{Disabled: true}},
		{Seed: 14, Events: 3000, Clusters: DefaultClusters()[2:3]},
	} {
		var rows []*ingest.Event
		tr := Generate(cfg, func(e *ingest.Event) { rows = append(rows, e) })
		checkTruth(t, rows, tr, cfg.withDefaults().End)
	}
}

func TestTruthDefault(t *testing.T) {
	_, tr := corpus(t)
	// Injected: 4 privileged-pod stories give 6 rows (1 + 2 + 2 + 1), DaemonSet
	// pods of node scale-outs may add more; 4 exec stories give 7 rows (both
	// stages of 3 sessions, one stage of the one straddling the window);
	// 4 bindings give 5 rows, plus aksService's (not the excluded acsService).
	if n := len(tr.PrivilegedPods); n < 6 {
		t.Errorf("PrivilegedPods: %d rows, want at least 6", n)
	}
	if n := len(tr.KubeSystemExecs); n != 7 {
		t.Errorf("KubeSystemExecs: %d rows, want 7", n)
	}
	if n := len(tr.ClusterAdminBindings); n != 6 {
		t.Errorf("ClusterAdminBindings: %d rows, want 6", n)
	}
	if tr.VMWrites < 9 {
		t.Errorf("VMWrites = %d, want the 9 rows of the attack and the noise's", tr.VMWrites)
	}
	var pods, straddle int
	for _, p := range tr.PrivilegedPods {
		if p.PodName == "" {
			pods++
		}
	}
	if pods < 2 {
		t.Errorf("%d privileged pods without a name (generateName), want the miner Deployment's 2", pods)
	}
	stages := map[string]int{}
	for _, x := range tr.KubeSystemExecs {
		stages[strings.TrimPrefix(x.ReportId[36:], "/")]++
		if strings.Contains(x.ParsedCommand, "%") || strings.Contains(x.ParsedCommand, "+") {
			t.Errorf("ParsedCommand %q is not decoded", x.ParsedCommand)
		}
		if x.ParsedCommand == "bash" {
			straddle++
		}
	}
	if stages["ResponseStarted"] != 3 || stages[""] != 4 || straddle != 1 {
		t.Errorf("exec rows by stage %v, %d straddling, want 3 ResponseStarted, 4 ResponseComplete, 1", stages, straddle)
	}
	want := []string{"sh -c cat /etc/shadow", "cat /var/run/secrets/kubernetes.io/serviceaccount/token",
		"sh -c curl -s -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/'"}
	for _, w := range want {
		if !slices.ContainsFunc(tr.KubeSystemExecs, func(x Exec) bool { return x.ParsedCommand == w }) {
			t.Errorf("no exec with ParsedCommand %q", w)
		}
	}
	sources := map[bool]bool{}
	for _, b := range tr.ClusterAdminBindings {
		sources[b.AzureResourceId != ""] = true
		if b.ActionTakenBy == "acsService" {
			t.Error("acsService binding in Truth")
		}
	}
	if !sources[true] || !sources[false] {
		t.Error("cluster-admin bindings should come from AKS and from other sources")
	}
}

// has reports whether some row satisfies f.
func has(rows []*ingest.Event, f func(e *ingest.Event, d *value.Dyn) bool) bool {
	return slices.ContainsFunc(rows, func(e *ingest.Event) bool { return f(e, e.RawEventData) })
}

func privileged(d *value.Dyn, list string) bool {
	return slices.ContainsFunc(at(d, "RequestObject", "spec", list).Items(), func(c *value.Dyn) bool { return dynTrue(at(c, "securityContext", "privileged")) })
}

func podCreate(e *ingest.Event, d *value.Dyn) bool {
	return e.OperationName == "create" && str(d, "ObjectRef", "resource") == "pods" && at(d, "ObjectRef", "subresource").IsNull()
}

func TestNearMisses(t *testing.T) {
	rows, _ := corpus(t)
	aks := func(e *ingest.Event) bool { return e.DataSource == ingest.SourceAKS }
	recent := func(e *ingest.Event) bool { return within(e, DefaultEnd, 24*time.Hour) }
	code := func(d *value.Dyn) int64 { return at(d, "ResponseStatus", "code").AsLong() }
	cases := map[string]func(e *ingest.Event, d *value.Dyn) bool{
		"privileged pod on EKS": func(e *ingest.Event, d *value.Dyn) bool {
			return e.DataSource == ingest.SourceEKS && podCreate(e, d) && privileged(d, "containers")
		},
		"privileged pod on GKE": func(e *ingest.Event, d *value.Dyn) bool {
			return e.DataSource == ingest.SourceGKE && podCreate(e, d) && privileged(d, "containers")
		},
		"privileged pod denied (403, body logged)": func(e *ingest.Event, d *value.Dyn) bool {
			return aks(e) && recent(e) && podCreate(e, d) && code(d) == 403 && privileged(d, "containers")
		},
		"privileged init container only": func(e *ingest.Event, d *value.Dyn) bool {
			return aks(e) && recent(e) && podCreate(e, d) && privileged(d, "initContainers") && !privileged(d, "containers")
		},
		"privileged: false": func(e *ingest.Event, d *value.Dyn) bool {
			return aks(e) && podCreate(e, d) && strings.Contains(d.JSON(), `"privileged":false`)
		},
		"privileged pod older than a day": func(e *ingest.Event, d *value.Dyn) bool {
			return aks(e) && !recent(e) && podCreate(e, d) && privileged(d, "containers") && str(d, "User", "username") != "system:serviceaccount:kube-system:daemon-set-controller"
		},
		"privileged pod exactly one day before End": func(e *ingest.Event, d *value.Dyn) bool {
			return aks(e) && e.Timestamp == value.TicksFromTime(DefaultEnd.Add(-24*time.Hour)) && podCreate(e, d) && privileged(d, "containers")
		},
		"generateName pod without a name": func(e *ingest.Event, d *value.Dyn) bool {
			return podCreate(e, d) && at(d, "RequestObject", "metadata", "name") == nil && str(d, "RequestObject", "metadata", "generateName") != ""
		},
		"exec excluded by pod name": func(e *ingest.Event, d *value.Dyn) bool {
			return aks(e) && recent(e) && e.OperationName == "create" && str(d, "ObjectRef", "subresource") == "exec" && strings.HasPrefix(str(d, "ObjectRef", "name"), "tunnelfront-")
		},
		"WebSocket exec in kube-system (verb get)": func(e *ingest.Event, d *value.Dyn) bool {
			return aks(e) && recent(e) && e.OperationName == "get" && str(d, "ObjectRef", "subresource") == "exec" && str(d, "ObjectRef", "namespace") == "kube-system" && code(d) == 101
		},
		"exec in another namespace": func(e *ingest.Event, d *value.Dyn) bool {
			return aks(e) && recent(e) && e.OperationName == "create" && str(d, "ObjectRef", "subresource") == "exec" && str(d, "ObjectRef", "namespace") != "kube-system"
		},
		"forbidden exec into kube-system": func(e *ingest.Event, d *value.Dyn) bool {
			return aks(e) && recent(e) && e.OperationName == "create" && str(d, "ObjectRef", "subresource") == "exec" && code(d) == 403
		},
		"attach into kube-system": func(e *ingest.Event, d *value.Dyn) bool {
			return aks(e) && recent(e) && str(d, "ObjectRef", "subresource") == "attach" && code(d) == 101
		},
		"cluster-admin binding by acsService": func(e *ingest.Event, d *value.Dyn) bool {
			return recent(e) && str(d, "User", "username") == "acsService" && str(d, "RequestObject", "roleRef", "name") == "cluster-admin"
		},
		"cluster-admin binding refused (409)": func(e *ingest.Event, d *value.Dyn) bool {
			return recent(e) && str(d, "ObjectRef", "resource") == "clusterrolebindings" && code(d) == 409 && str(d, "RequestObject", "roleRef", "name") == "cluster-admin"
		},
		"cluster-admin binding forbidden (no body)": func(e *ingest.Event, d *value.Dyn) bool {
			return recent(e) && e.OperationName == "create" && str(d, "ObjectRef", "resource") == "clusterrolebindings" && code(d) == 403 && at(d, "RequestObject") == nil
		},
		"cluster-admin binding by server-side apply (patch)": func(e *ingest.Event, d *value.Dyn) bool {
			return recent(e) && e.OperationName == "patch" && str(d, "ObjectRef", "resource") == "clusterrolebindings" && str(d, "RequestObject", "roleRef", "name") == "cluster-admin"
		},
		"binding to view": func(e *ingest.Event, d *value.Dyn) bool {
			return recent(e) && e.OperationName == "create" && str(d, "RequestObject", "roleRef", "name") == "view"
		},
		"VM scale set write": func(e *ingest.Event, d *value.Dyn) bool {
			return e.OperationName == "Microsoft.Compute/virtualMachineScaleSets/write"
		},
		"VM write exactly seven days before End": func(e *ingest.Event, d *value.Dyn) bool {
			return e.OperationName == vmWrite && e.Timestamp == value.TicksFromTime(DefaultEnd.Add(-7*24*time.Hour))
		},
	}
	for name, f := range cases {
		if !has(rows, f) {
			t.Errorf("no row for near-miss %q", name)
		}
	}
}

func TestDistribution(t *testing.T) {
	rows, _ := corpus(t)
	bySource := map[string]int{}
	byAction := map[string]int{}
	levels := map[string]int{}
	stages := map[string]int{}
	vmStatus := map[string]int{}
	for _, e := range rows {
		bySource[e.DataSource]++
		byAction[e.ActionType]++
		if e.DataSource == ingest.SourceARM {
			if e.OperationName == vmWrite {
				vmStatus[str(e.RawEventData, "status", "value")]++
			}
			continue
		}
		levels[str(e.RawEventData, "Level")]++
		stages[str(e.RawEventData, "Stage")]++
	}
	// Default weights: AKS 4.2, EKS 2.8, GKE 1, self-managed 0.8, ARM 1.2 of 10.
	for src, share := range map[string]float64{ingest.SourceAKS: 0.42, ingest.SourceEKS: 0.28, ingest.SourceGKE: 0.10, ingest.SourceKubernetes: 0.08, ingest.SourceARM: 0.12} {
		got := float64(bySource[src]) / float64(len(rows))
		if got < share*0.75 || got > share*1.25 {
			t.Errorf("%s: %.3f of rows, want about %.2f", src, got, share)
		}
	}
	if byAction["Read"] < len(rows)/4 || byAction["Read"] < byAction["Create"] {
		t.Errorf("reads should dominate: %v", byAction)
	}
	for _, a := range []string{"Create", "Read", "Update", "Delete", "Other"} {
		if byAction[a] == 0 {
			t.Errorf("no %s rows: %v", a, byAction)
		}
	}
	for _, l := range []string{"Metadata", "Request", "RequestResponse"} {
		if levels[l] < len(rows)/50 {
			t.Errorf("level %s: %d rows of %d", l, levels[l], len(rows))
		}
	}
	if stages["ResponseStarted"] < len(rows)/50 {
		t.Errorf("ResponseStarted rows: %d of %d", stages["ResponseStarted"], len(rows))
	}
	for _, s := range []string{"Started", "Succeeded", "Accepted", "Failed"} {
		if vmStatus[s] == 0 {
			t.Errorf("no VM write with status %s: %v", s, vmStatus)
		}
	}
	people := 0
	for _, e := range rows {
		if strings.HasPrefix(e.UserAgent, "kubectl") {
			people++
		}
	}
	if people == 0 || people > len(rows)/5 {
		t.Errorf("%d kubectl rows of %d: people should be a small minority", people, len(rows))
	}
}

func TestOnlyEKSNoAzure(t *testing.T) {
	var rows []*ingest.Event
	tr := Generate(Config{Seed: 5, Events: 3000, Clusters: []Cluster{DefaultClusters()[2]}}, func(e *ingest.Event) { rows = append(rows, e) })
	if len(tr.PrivilegedPods)+len(tr.KubeSystemExecs)+tr.VMWrites != 0 {
		t.Errorf("AKS/ARM truth without AKS or ARM sources: %+v", tr)
	}
	if len(tr.ClusterAdminBindings) == 0 {
		t.Error("query 3 covers every source; EKS should have bindings")
	}
	for _, e := range rows {
		if e.DataSource != ingest.SourceEKS || e.AwsResourceName == "" {
			t.Fatalf("row from %s (%q)", e.DataSource, e.AwsResourceName)
		}
	}
}

func TestOnlyARM(t *testing.T) {
	n := 0
	tr := Generate(Config{Seed: 5, Events: 2000, Clusters: DefaultClusters()[6:]}, func(e *ingest.Event) {
		n++
		if e.DataSource != ingest.SourceARM {
			t.Fatalf("row from %s", e.DataSource)
		}
	})
	if n < 1800 || tr.VMWrites == 0 || len(tr.PrivilegedPods)+len(tr.KubeSystemExecs)+len(tr.ClusterAdminBindings) != 0 {
		t.Errorf("%d rows, truth %+v", n, tr)
	}
}

func TestDisabled(t *testing.T) {
	tr := Generate(Config{Seed: 5, Events: 5000, Attacks: AttackMix{Disabled: true}}, func(*ingest.Event) {})
	if len(tr.KubeSystemExecs) != 0 || len(tr.ClusterAdminBindings) != 0 {
		t.Errorf("noise alone matched queries 2/3: %+v", tr)
	}
	for _, p := range tr.PrivilegedPods {
		if p.Username != "system:serviceaccount:kube-system:daemon-set-controller" {
			t.Errorf("noise privileged pod not from a DaemonSet: %+v", p)
		}
	}
}

func TestTable(t *testing.T) {
	tb, tr := Table(Config{Seed: 9, Events: 3000})
	if tb.Name != ingest.TableName || tb.Rows() < 2700 {
		t.Fatalf("table %s with %d rows", tb.Name, tb.Rows())
	}
	if len(tr.PrivilegedPods) == 0 {
		t.Error("empty truth")
	}
	ts := tb.Batches[0].Cols[0]
	for i := 1; i < ts.Len(); i++ {
		if ts.Int64(i) < ts.Int64(i-1) {
			t.Fatal("table not in time order")
		}
	}
}

func TestParsedCommand(t *testing.T) {
	f := func(uri, want string) {
		t.Helper()
		if got := parsedCommand(uri); got != want {
			t.Errorf("parsedCommand(%q) = %q, want %q", uri, got, want)
		}
	}
	f("/api/v1/namespaces/kube-system/pods/coredns-abc/exec?command=sh&command=-c&command=cat%20%2Fetc%2Fshadow&container=coredns&stdin=true&stdout=true&tty=true", "sh -c cat /etc/shadow")
	f("/api/v1/namespaces/kube-system/pods/coredns-helper/exec?command=sh&command=-c&command=ls+%2Fvar%2Frun%2Fsecrets%2Fkubernetes.io%2Fserviceaccount&container=dns&stderr=true&stdout=true", "sh -c ls /var/run/secrets/kubernetes.io/serviceaccount")
	f("/api/v1/namespaces/kube-system/pods/x/exec?container=a&stdout=true", "")
	f("/x/exec?command=echo&command=a%26b%3Dc", "echo a&b=c")
	f(execQuery([]string{"sh", "-c", "a b&c"}, "c", false, true), "sh -c a b&c")
}

func TestAppendTime(t *testing.T) {
	ns := time.Date(2026, 11, 23, 15, 46, 31, 615743123, time.UTC).UnixNano()
	for digits, want := range map[int]string{0: "2026-11-23T15:46:31Z", 6: "2026-11-23T15:46:31.615743Z", 7: "2026-11-23T15:46:31.6157431Z"} {
		if got := string(appendTime(nil, ns, digits)); got != `"`+want+`"` {
			t.Errorf("appendTime(%d digits) = %s, want %q", digits, got, want)
		}
	}
}

func TestAppendStrMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uo\te`, "a&b<c>d", "tab\tnl\n\x01", "ünïcødé"} {
		want, _ := json.Marshal(s)
		if got := string(appendStr(nil, s)); got != string(want) {
			t.Errorf("appendStr(%q) = %s, want %s", s, got, want)
		}
	}
}
