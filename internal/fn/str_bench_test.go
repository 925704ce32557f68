package fn

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

// strBenchRows is the column size of the string benchmarks: about one
// extent's worth of rows.
const strBenchRows = 1 << 20

var strBench struct {
	once  sync.Once
	uri   *value.Vector // request URIs
	url   *value.Vector // the same as absolute URLs
	agent *value.Vector // user agents
	bytes int64         // total bytes of uri
}

// strBenchColumns builds audit-log-like columns once: Kubernetes request
// URIs (some exec calls with command= parameters) and user agents.
func strBenchColumns() {
	strBench.once.Do(func() {
		r := rand.New(rand.NewPCG(1, 2))
		namespaces := []string{"default", "kube-system", "monitoring", "payments", "ingress-nginx", "cert-manager"}
		resources := []string{"pods", "deployments", "configmaps", "secrets", "services", "events", "leases"}
		agents := []string{
			"kubectl/v1.29.1 (linux/amd64) kubernetes/bc401b9",
			"kube-controller-manager/v1.29.1 (linux/amd64) kubernetes/bc401b9/system:serviceaccount:kube-system:replicaset-controller",
			"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
			"kubelet/v1.28.5 (linux/arm64) kubernetes/506050d",
			"Go-http-client/2.0",
		}
		uri := value.NewVector(value.String, strBenchRows)
		url := value.NewVector(value.String, strBenchRows)
		agent := value.NewVector(value.String, strBenchRows)
		for i := 0; i < strBenchRows; i++ {
			ns := namespaces[r.IntN(len(namespaces))]
			res := resources[r.IntN(len(resources))]
			name := fmt.Sprintf("%s-%08x", res[:len(res)-1], r.Uint32())
			switch r.IntN(20) {
			case 0:
				uri.S[i] = fmt.Sprintf("/api/v1/namespaces/%s/pods/%s/exec?command=sh&command=-c&command=cat%%20/etc/passwd&container=app&stdin=true&stdout=true", ns, name)
			case 1, 2, 3:
				uri.S[i] = fmt.Sprintf("/apis/apps/v1/namespaces/%s/%s?limit=500&resourceVersion=%d", ns, res, r.IntN(1e7))
			default:
				uri.S[i] = fmt.Sprintf("/api/v1/namespaces/%s/%s/%s", ns, res, name)
			}
			url.S[i] = "https://10.0.0.1:6443" + uri.S[i]
			agent.S[i] = agents[r.IntN(len(agents))]
			strBench.bytes += int64(len(uri.S[i]))
		}
		strBench.uri, strBench.url, strBench.agent = uri, url, agent
	})
}

func strBenchEval(b *testing.B, name string, args ...*value.Vector) {
	s := Lookup(name)
	if s == nil {
		b.Fatalf("%s is not registered", name)
	}
	ctx := &Context{}
	b.SetBytes(strBench.bytes)
	b.ReportAllocs()
	strLoopCPU(b, func() { s.Eval(ctx, args, strBenchRows, nil) })
}

// strLoopCPU runs f in the benchmark loop on one OS thread and reports its
// CPU time per row next to the wall time.
func strLoopCPU(b *testing.B, f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0, ok := strThreadCPU()
	n := 0
	for b.Loop() {
		f()
		n++
	}
	if c1, ok1 := strThreadCPU(); ok && ok1 && n > 0 {
		b.ReportMetric(float64(c1-c0)/float64(n)/strBenchRows, "cpu-ns/row")
	}
}

func BenchmarkStringOperators(b *testing.B) {
	strBenchColumns()
	cases := []struct{ op, needle string }{
		{"has", "kube-system"},
		{"has", "exec"},
		{"has", "EXEC"},
		{"has_cs", "exec"},
		{"has", "nosuchterm"},
		{"hasprefix", "deploy"},
		{"contains", "system"},
		{"contains", "SYSTEM"},
		{"contains_cs", "system"},
		{"contains", "nosuchtext"},
		{"startswith", "/api/v1/namespaces/kube"},
		{"startswith_cs", "/api/v1/namespaces/kube"},
		{"endswith", "true"},
		{"=~", "/API/V1/NAMESPACES/DEFAULT/PODS"},
		{"matches regex", `pods/[^/]+/exec`},
	}
	for _, c := range cases {
		b.Run(fmt.Sprintf("op=%s/needle=%s", c.op, c.needle), func(b *testing.B) {
			strBenchEval(b, c.op, strBench.uri, value.ConstVector(strS(c.needle)))
		})
	}
	b.Run("op=has/needle=kubernetes/col=agent", func(b *testing.B) {
		strBenchEval(b, "has", strBench.agent, value.ConstVector(strS("kubernetes")))
	})
}

func BenchmarkStringOperatorsSelected(b *testing.B) {
	// A selection of every other row, as after a previous filter.
	strBenchColumns()
	sel := make([]int32, 0, strBenchRows/2)
	for i := 0; i < strBenchRows; i += 2 {
		sel = append(sel, int32(i))
	}
	s := Lookup("has")
	args := []*value.Vector{strBench.uri, value.ConstVector(strS("kube-system"))}
	ctx := &Context{}
	b.SetBytes(strBench.bytes / 2)
	b.ReportAllocs()
	strLoopCPU(b, func() { s.Eval(ctx, args, strBenchRows, sel) })
}

func BenchmarkExtractAll(b *testing.B) {
	strBenchColumns()
	b.Run("regex=command", func(b *testing.B) {
		strBenchEval(b, "extract_all", value.ConstVector(strS(`command=([^\&]*)`)), strBench.uri)
	})
	b.Run("regex=pathsegments", func(b *testing.B) {
		strBenchEval(b, "extract_all", value.ConstVector(strS(`/([a-z]+)`)), strBench.uri)
	})
}

func BenchmarkStringFunctions(b *testing.B) {
	strBenchColumns()
	b.Run("fn=tolower", func(b *testing.B) { strBenchEval(b, "tolower", strBench.uri) })
	b.Run("fn=strlen", func(b *testing.B) { strBenchEval(b, "strlen", strBench.uri) })
	b.Run("fn=extract", func(b *testing.B) {
		strBenchEval(b, "extract", value.ConstVector(strS(`namespaces/([^/]+)`)), value.ConstVector(strL(1)), strBench.uri)
	})
	b.Run("fn=split", func(b *testing.B) {
		strBenchEval(b, "split", strBench.uri, value.ConstVector(strS("/")))
	})
	b.Run("fn=parse_url", func(b *testing.B) {
		strBenchEval(b, "parse_url", strBench.url)
	})
}
