// Package gen generates a deterministic demo and test corpus for
// CloudAuditEvents: Kubernetes audit events of several clusters (AKS, EKS,
// GKE, self-managed) and Azure Resource Manager activity-log events, with
// attacks and near-misses for the reference hunting queries injected at known
// places.
//
// Kubernetes events are written as audit.k8s.io/v1 Event JSON lines, the way
// a kube-apiserver's log backend writes them, and read back through
// k8saudit.Decode, so generated rows are normalized exactly like real ones.
// ARM rows are built directly in the activity log's REST EventData shape
// (SPEC.md §2, sources.md §5.4), ActionType as sources.md §5.5 decides
// (/write is Create when the subStatus is Created, else Update).
//
// The generator knows what it injected: Truth lists the rows each reference
// query (shared/reference/seed-queries.kql) must return when now() is
// Config.End. Truth is computed from the generator's own structured view of
// every emitted row, not by running KQL, so it can check the KQL engine.
package gen

import (
	"cmp"
	"runtime"
	"slices"
	"time"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/table"
)

// Config says what to generate. The same Config always gives the same rows
// in the same order (Workers only changes the speed).
type Config struct {
	Seed   int64         // seeds every random choice
	Events int           // approximate number of rows; 0 means 100,000
	End    time.Time     // time of the last event (the corpus' now()); zero means DefaultEnd
	Span   time.Duration // events lie in [End-Span, End]; 0 means 7 days
	// Clusters are the event sources. A Cluster with DataSource
	// ingest.SourceARM is an Azure subscription (ResourceId
	// "/subscriptions/<id>"). Nil means DefaultClusters(). At most 255
	// Kubernetes clusters and 255 subscriptions.
	Clusters []Cluster
	Attacks  AttackMix // what to inject; the zero value means DefaultAttacks
	Workers  int       // goroutines rendering events; 0 means GOMAXPROCS
}

// Cluster is one source of events: a Kubernetes cluster or, with DataSource
// ingest.SourceARM, an Azure subscription.
type Cluster struct {
	Name                string
	DataSource          string // one of the ingest.Source* constants
	ResourceId          string
	AzureResourceId     string
	AwsResourceName     string
	GcpFullResourceName string
	Weight              float64 // relative share of the background noise; 0 means 1
}

// AttackMix says how many attacks and near-misses to inject. A zero AttackMix
// means DefaultAttacks; otherwise counts are taken as given.
type AttackMix struct {
	PrivilegedPods       int  // privileged pod creations on AKS in the last day (query 1)
	KubeSystemExecs      int  // SPDY exec sessions into kube-system pods on AKS in the last day (query 2)
	ClusterAdminBindings int  // cluster-admin ClusterRoleBindings in the last day, over all sources (query 3)
	VMWrites             int  // attacker VM deployments in ARM (query 4)
	NearMisses           int  // rounds of near-misses; each round injects every near-miss kind once
	Disabled             bool // inject nothing at all: pure background noise
}

// DefaultEnd is the default "now" of the corpus.
var DefaultEnd = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// DefaultAttacks is the AttackMix used when Config.Attacks is zero.
var DefaultAttacks = AttackMix{PrivilegedPods: 4, KubeSystemExecs: 4, ClusterAdminBindings: 4, VMWrites: 3, NearMisses: 1}

// Truth lists what the reference queries must return over the generated
// corpus with now() == Config.End, computed by the generator itself.
// Rows are in emission (time) order.
type Truth struct {
	PrivilegedPods       []PrivilegedPod // query 1: one row per privileged container
	KubeSystemExecs      []Exec          // query 2: one row per exec event (both stages of SPDY exec match)
	ClusterAdminBindings []Binding       // query 3: one row per subject
	VMWrites             int             // query 4: ARM rows its filter matches before `sample 10`
}

// PrivilegedPod is a row of reference query 1 (privileged pod deployment).
type PrivilegedPod struct {
	Timestamp       time.Time
	ReportId        string // not projected by the query; identifies the row
	AzureResourceId string
	OperationName   string
	IPAddress       string
	UserAgent       string
	PodName         string // "" when the request had only generateName: the query yields null
	PodNamespace    string
	ContainerName   string
	Username        string
}

// Exec is a row of reference query 2 (exec command in kube-system).
type Exec struct {
	Timestamp       time.Time
	ReportId        string // not projected; auditID, or auditID/ResponseStarted for the first stage
	AzureResourceId string
	OperationName   string
	IPAddress       string
	UserAgent       string
	PodName         string
	PodNamespace    string
	Username        string
	ParsedCommand   string
}

// Binding is a row of reference query 3 (cluster-admin role binding).
type Binding struct {
	Timestamp       time.Time
	ReportId        string // not projected; identifies the row
	AzureResourceId string // "" outside AKS
	OperationName   string
	ActionTakenBy   string
	IPAddress       string
	UserAgent       string
	BindingName     string
	SubjectName     string
	SubjectKind     string
}

// DefaultClusters is the default mix: two AKS, two EKS, one GKE and one
// self-managed cluster, plus one Azure subscription for ARM events.
func DefaultClusters() []Cluster {
	const sub = "3f2b7c1e-9a4d-4e8b-b6c5-1d2e3f4a5b6c"
	aks := func(rg, name string) string {
		return "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.ContainerService/managedClusters/" + name
	}
	eks := func(region, name string) string { return "arn:aws:eks:" + region + ":111122223333:cluster/" + name }
	gke := "//container.googleapis.com/projects/acme-analytics/locations/europe-west4/clusters/gke-analytics"
	return []Cluster{
		{Name: "aks-prod-weu", DataSource: ingest.SourceAKS, ResourceId: aks("rg-prod", "aks-prod-weu"), AzureResourceId: aks("rg-prod", "aks-prod-weu"), Weight: 3},
		{Name: "aks-dev-neu", DataSource: ingest.SourceAKS, ResourceId: aks("rg-dev", "aks-dev-neu"), AzureResourceId: aks("rg-dev", "aks-dev-neu"), Weight: 1.2},
		{Name: "prod-eu", DataSource: ingest.SourceEKS, ResourceId: eks("eu-west-1", "prod-eu"), AwsResourceName: eks("eu-west-1", "prod-eu"), Weight: 2},
		{Name: "staging-us", DataSource: ingest.SourceEKS, ResourceId: eks("us-east-1", "staging-us"), AwsResourceName: eks("us-east-1", "staging-us"), Weight: 0.8},
		{Name: "gke-analytics", DataSource: ingest.SourceGKE, ResourceId: gke, GcpFullResourceName: gke, Weight: 1},
		{Name: "onprem-dc1", DataSource: ingest.SourceKubernetes, ResourceId: "k8s://onprem-dc1.corp.example", Weight: 0.8},
		{Name: "contoso-prod", DataSource: ingest.SourceARM, ResourceId: "/subscriptions/" + sub, AzureResourceId: "/subscriptions/" + sub, Weight: 1.2},
	}
}

// Generate generates the corpus and calls emit for every row in time order
// (ties keep a fixed order). emit owns the event it receives.
func Generate(cfg Config, emit func(*ingest.Event)) Truth {
	g := newGen(cfg)
	g.plan()
	return g.render(emit)
}

// Table generates the corpus into an in-memory CloudAuditEvents table.
func Table(cfg Config) (*table.Table, Truth) {
	b := table.NewBuilder(ingest.TableName, ingest.Schema)
	tr := Generate(cfg, func(e *ingest.Event) { ingest.Append(b, e) })
	return b.Table(), tr
}

func (c Config) withDefaults() Config {
	if c.Events <= 0 {
		c.Events = 100_000
	}
	if c.End.IsZero() {
		c.End = DefaultEnd
	}
	c.End = c.End.UTC().Truncate(time.Microsecond)
	if c.Span <= 0 {
		c.Span = 7 * 24 * time.Hour
	}
	if c.Clusters == nil {
		c.Clusters = DefaultClusters()
	}
	if c.Attacks == (AttackMix{}) {
		c.Attacks = DefaultAttacks
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	return c
}

// item is one row to render. Items are small because a million of them are
// planned and sorted before any JSON is written; the heavy work is deferred
// to the parallel render step.
type item struct {
	ts    int64   // the row's Timestamp, Unix nanoseconds
	recv  int64   // k8s: requestReceivedTimestamp; ARM: operation start
	seed  uint64  // randomness for rendering (shared by the stages of one request)
	req   *k8sReq // a request planned in full, or nil for noise rendered from seed
	op    *armOp  // the ARM operation this row belongs to
	kind  uint8   // noise kind when req and op are nil
	cl    uint8   // index into gen.k8s or gen.arm
	stage uint8   // stageComplete or stageStarted
	aux   uint16  // noise: actor index; ARM: index of the event within op
}

const (
	stageComplete = iota
	stageStarted
)

// gen holds the planning state: sources, the master random stream and the
// items planned so far.
type gen struct {
	cfg        Config
	start, end int64 // Unix nanoseconds
	r          rng
	k8s        []*kcluster
	arm        []*subscription
	items      []item
	pw         *worker // renders objects at plan time, with its own random stream
}

func newGen(cfg Config) *gen {
	cfg = cfg.withDefaults()
	g := &gen{cfg: cfg, end: cfg.End.UnixNano(), r: newRNG(uint64(cfg.Seed))}
	g.start = g.end - int64(cfg.Span)
	g.items = make([]item, 0, cfg.Events+cfg.Events/16+64)
	for _, c := range cfg.Clusters {
		if c.DataSource == ingest.SourceARM {
			g.arm = append(g.arm, newSubscription(g, c, len(g.arm)))
		} else {
			g.k8s = append(g.k8s, newKCluster(g, c, len(g.k8s)))
		}
	}
	if len(g.k8s) > 255 || len(g.arm) > 255 {
		panic("gen: at most 255 clusters and 255 subscriptions")
	}
	g.pw = newWorker(g)
	g.pw.r = newRNG(g.r.u64())
	return g
}

// plan decides every row: attacks first (their count is fixed), then noise
// up to the requested size, then sorts by time.
func (g *gen) plan() {
	if !g.cfg.Attacks.Disabled {
		g.planAttacks()
	}
	g.planNoise(g.cfg.Events - len(g.items))
	// Drop what falls outside the corpus: e.g. a watch whose completion is
	// after End has not happened yet.
	g.items = slices.DeleteFunc(g.items, func(it item) bool { return it.ts < g.start || it.ts > g.end })
	// Ties on ts break on seed so the order is total and does not depend
	// on the sort algorithm; stages of one request never share a ts.
	slices.SortFunc(g.items, func(a, b item) int {
		if c := cmp.Compare(a.ts, b.ts); c != 0 {
			return c
		}
		return cmp.Compare(a.seed, b.seed)
	})
}

// add appends an item, giving it a fresh seed when it has none.
func (g *gen) add(it item) {
	if it.seed == 0 {
		it.seed = g.r.u64() | 1
	}
	g.items = append(g.items, it)
}
