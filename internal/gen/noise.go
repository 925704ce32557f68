package gen

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Background noise: the everyday traffic of a cluster. Single requests are
// planned as (kind, seed) and built at render time from the seed, so the
// expensive part runs in parallel; multi-request scenarios (rollouts, jobs,
// node scale-outs) are planned in full (scenarios.go).

const (
	nNodeLease    = iota // kubelet renews its node lease (most frequent event of a real cluster)
	nLeaderLease         // leader election and apiserver identity leases in kube-system
	nNodeStatus          // kubelet patches nodes/status
	nPodStatus           // kubelet patches pods/status
	nKubeletGet          // kubelet reads its node, pods, secrets
	nTokenRequest        // kubelet requests projected service account tokens
	nWatch               // informers' watches: ResponseStarted, then ResponseComplete minutes later
	nCtrlRead            // controllers' gets and lists
	nEndpoints           // endpoint(slice) controllers update endpoints
	nAppConfig           // workloads read their configmaps and secrets
	nAuthReview          // token and access reviews (kubelet authn/authz webhooks, metrics)
	nEvent               // core events created or patched
	nHealth              // health and discovery endpoints (non-resource URLs)
	nOperator            // operators (argo, cert-manager, gatekeeper, prometheus) on their resources
	nAnon                // internet scanners against a public endpoint
	nUserRead            // people using kubectl: get, list, describe, logs
	nUserExec            // people exec'ing into application pods
	nSysAgent            // node agents and add-ons reading pods and nodes
	nKinds
)

// Multi-request scenarios, planned in full (scenarios.go).
const (
	sRollout  = nKinds + iota // a Deployment rollout
	sCronJob                  // a CronJob run
	sScaleOut                 // a node joins; DaemonSets start pods on it
	numPlans
)

// planWeights are shares of a cluster's noise rows, roughly as in real
// audit logs (leases and watches dominate, people are a small minority).
var planWeights = [numPlans]float64{
	nNodeLease: 15, nLeaderLease: 9, nNodeStatus: 3, nPodStatus: 4, nKubeletGet: 5, nTokenRequest: 1.5,
	nWatch: 12, nCtrlRead: 7, nEndpoints: 3, nAppConfig: 6, nAuthReview: 3, nEvent: 4, nHealth: 2,
	nOperator: 4, nAnon: 0.4, nUserRead: 5, nUserExec: 0.4, nSysAgent: 3,
	sRollout: 5, sCronJob: 3, sScaleOut: 0.25,
}

// planNoise spreads budget rows over the sources by weight. Targets are
// cumulative so that what one source overshoots (scenarios come whole) the
// next one makes up for.
func (g *gen) planNoise(budget int) {
	if budget <= 0 {
		return
	}
	total := 0.0
	for _, k := range g.k8s {
		total += weightOf(k.c)
	}
	for _, s := range g.arm {
		total += weightOf(s.c)
	}
	made, cum := 0, 0.0
	target := func(c Cluster) int {
		cum += weightOf(c)
		return int(float64(budget)*cum/total+0.5) - made
	}
	for _, k := range g.k8s {
		made += g.planK8sNoise(k, target(k.c))
	}
	for _, s := range g.arm {
		made += g.planARMNoise(s, target(s.c))
	}
}

func weightOf(c Cluster) float64 {
	if c.Weight <= 0 {
		return 1
	}
	return c.Weight
}

// usec rounds to the microsecond precision of audit timestamps.
func usec(ns int64) int64 { return ns - ns%1000 }

// anyTime is a uniformly distributed time of the corpus.
func (g *gen) anyTime() int64 {
	return usec(g.start + int64(g.r.u64()%uint64(g.end-g.start+1)))
}

// workTime is a time weighted by office hours (Europe, UTC+1): people and
// their pipelines work weekdays, rarely at night or on weekends.
func (g *gen) workTime() int64 {
	for range 64 {
		t := g.anyTime()
		lt := time.Unix(0, t).UTC().Add(time.Hour)
		p := 0.12
		if wd := lt.Weekday(); wd != time.Saturday && wd != time.Sunday {
			switch h := lt.Hour(); {
			case h >= 8 && h < 18:
				p = 1
			case h >= 7 && h < 21:
				p = 0.35
			}
		} else {
			p = 0.06
		}
		if g.r.float() < p {
			return t
		}
	}
	return g.anyTime()
}

// latency is how long an ordinary request takes.
func (g *gen) latency() int64 {
	if g.r.chance(0.03) {
		return usec(g.r.dur(20*time.Millisecond, 900*time.Millisecond))
	}
	return usec(g.r.dur(250*time.Microsecond, 9*time.Millisecond)) + 1000
}

// watchTimeout is the server-side timeout a reflector asks for (5 to 10
// minutes); planning and rendering derive it from the seed alike.
func watchTimeout(seed uint64) int { return 300 + int(mix(seed, 7)%300) }

// noiseOrder plans coarse kinds (whole scenarios, sessions) first so that
// the one-row kinds planned last can land on the target exactly.
var noiseOrder = []int{sRollout, sCronJob, sScaleOut, nUserRead, nUserExec, nWatch, nNodeLease, nLeaderLease, nNodeStatus, nPodStatus,
	nKubeletGet, nTokenRequest, nCtrlRead, nEndpoints, nAppConfig, nAuthReview, nEvent, nHealth, nOperator, nAnon, nSysAgent}

// planK8sNoise plans about n rows of a cluster's noise and returns how many.
func (g *gen) planK8sNoise(k *kcluster, n int) int {
	weight := func(kind int) float64 {
		if kind == nAnon && k.fl == flavSelf {
			return 0 // on-premises API servers are not on the internet
		}
		return planWeights[kind]
	}
	sum := 0.0
	for _, kind := range noiseOrder {
		sum += weight(kind)
	}
	cl := uint8(k.idx)
	single := func(kind int, t int64, aux uint16) {
		g.add(item{ts: t + g.latency(), recv: t, kind: uint8(kind), cl: cl, aux: aux})
	}
	made, cum := 0, 0.0
	for _, kind := range noiseOrder {
		cum += weight(kind)
		cnt := int(float64(n)*cum/sum+0.5) - made
		for start := made; made-start < cnt; {
			switch kind {
			case sRollout:
				made += g.planRollout(k, g.workTime())
			case sCronJob:
				made += g.planCronJob(k, g.anyTime())
			case sScaleOut:
				made += g.planScaleOut(k, g.anyTime())
			case nWatch:
				seed := g.r.u64() | 1
				t := g.anyTime()
				dur := int64(watchTimeout(seed))*int64(time.Second) + usec(g.r.dur(0, 40*time.Millisecond))
				g.add(item{ts: t + dur, recv: t, seed: seed, kind: nWatch, cl: cl})
				made++
				if k.fl != flavGKE { // GKE keeps one entry per request
					g.add(item{ts: t + usec(g.r.dur(300*time.Microsecond, 3*time.Millisecond)), recv: t, seed: seed, kind: nWatch, cl: cl, stage: stageStarted})
					made++
				}
			case nUserRead:
				// kubectl sessions: a person runs a few commands within minutes.
				a := uint16(g.r.intn(len(k.humans)))
				t := g.workTime()
				for j, m := 0, g.r.between(2, 9); j < m; j++ {
					single(kind, t, a)
					t += usec(g.r.dur(800*time.Millisecond, 90*time.Second))
					made++
				}
			case nUserExec:
				seed := g.r.u64() | 1
				t := g.workTime()
				a := uint16(g.r.intn(len(k.humans)))
				g.add(item{ts: t + usec(g.r.dur(2*time.Second, 25*time.Minute)), recv: t, seed: seed, kind: nUserExec, cl: cl, aux: a})
				made++
				if k.fl != flavGKE {
					g.add(item{ts: t + usec(g.r.dur(400*time.Microsecond, 4*time.Millisecond)), recv: t, seed: seed, kind: nUserExec, cl: cl, stage: stageStarted, aux: a})
					made++
				}
			default:
				single(kind, g.anyTime(), 0)
				made++
			}
		}
	}
	return made
}

// gvr is a resource with its API group and version.
type gvr struct{ group, version, resource string }

func (x gvr) base() string {
	if x.group == "" {
		return "/api/" + x.version
	}
	return "/apis/" + x.group + "/" + x.version
}

var (
	rPods         = gvr{"", "v1", "pods"}
	rNodes        = gvr{"", "v1", "nodes"}
	rServices     = gvr{"", "v1", "services"}
	rEndpoints    = gvr{"", "v1", "endpoints"}
	rNamespaces   = gvr{"", "v1", "namespaces"}
	rConfigMaps   = gvr{"", "v1", "configmaps"}
	rSecrets      = gvr{"", "v1", "secrets"}
	rEvents       = gvr{"", "v1", "events"}
	rSAs          = gvr{"", "v1", "serviceaccounts"}
	rLeases       = gvr{"coordination.k8s.io", "v1", "leases"}
	rSlices       = gvr{"discovery.k8s.io", "v1", "endpointslices"}
	rDeployments  = gvr{"apps", "v1", "deployments"}
	rReplicaSets  = gvr{"apps", "v1", "replicasets"}
	rDaemonSets   = gvr{"apps", "v1", "daemonsets"}
	rJobs         = gvr{"batch", "v1", "jobs"}
	rCronJobs     = gvr{"batch", "v1", "cronjobs"}
	rCRBs         = gvr{"rbac.authorization.k8s.io", "v1", "clusterrolebindings"}
	rRoleBindings = gvr{"rbac.authorization.k8s.io", "v1", "rolebindings"}
	rIngresses    = gvr{"networking.k8s.io", "v1", "ingresses"}
	rTokenReviews = gvr{"authentication.k8s.io", "v1", "tokenreviews"}
	rSARs         = gvr{"authorization.k8s.io", "v1", "subjectaccessreviews"}
	rPodMetrics   = gvr{"metrics.k8s.io", "v1beta1", "pods"}
	rNodeMetrics  = gvr{"metrics.k8s.io", "v1beta1", "nodes"}
	rHPAs         = gvr{"autoscaling", "v2", "horizontalpodautoscalers"}
	rPDBs         = gvr{"policy", "v1", "poddisruptionbudgets"}
	rCSINodes     = gvr{"storage.k8s.io", "v1", "csinodes"}
	rPVCs         = gvr{"", "v1", "persistentvolumeclaims"}
	rCerts        = gvr{"cert-manager.io", "v1", "certificates"}
	rArgoApps     = gvr{"argoproj.io", "v1alpha1", "applications"}
	rConstraints  = gvr{"status.gatekeeper.sh", "v1beta1", "constraintpodstatuses"}
)

// informerResources are what kube-controller-manager's shared informers
// list and watch.
var informerResources = []gvr{
	rPods, rNodes, rServices, rEndpoints, rNamespaces, rConfigMaps, rSecrets, rSAs, rPVCs, rDeployments,
	rReplicaSets, rDaemonSets, rJobs, rCronJobs, rSlices, rCRBs, rRoleBindings, rHPAs, rPDBs, rIngresses,
	rCSINodes, rLeases, {"apps", "v1", "statefulsets"}, {"apps", "v1", "controllerrevisions"},
	{"rbac.authorization.k8s.io", "v1", "clusterroles"}, {"storage.k8s.io", "v1", "storageclasses"},
	{"", "v1", "persistentvolumes"}, {"", "v1", "resourcequotas"}, {"", "v1", "limitranges"},
	{"networking.k8s.io", "v1", "networkpolicies"}, {"certificates.k8s.io", "v1", "certificatesigningrequests"},
}

// target points q at a resource and returns the URI path.
func (q *k8sReq) target(x gvr, ns, name, sub string) string {
	q.obj = objRef{resource: x.resource, namespace: ns, name: name, apiGroup: x.group, apiVersion: x.version, subresource: sub}
	p := x.base()
	if ns != "" {
		p += "/namespaces/" + ns
	}
	p += "/" + x.resource
	if name != "" {
		p += "/" + name
	}
	if sub != "" {
		p += "/" + sub
	}
	return p
}

func (q *k8sReq) as(a *actor, r *rng) {
	q.user, q.ua = a, a.ua
	q.ip = a.ips[0]
	if len(a.ips) > 1 {
		q.ip = a.ips[r.intn(len(a.ips))]
	}
}

func rv(r *rng) string { return strconv.Itoa(r.between(1_000_000, 99_000_000)) }

// timeoutParam renders a Go duration the way client-go puts it in URIs.
func timeoutParam(sec int) string {
	return (time.Duration(sec) * time.Second).String()
}

// buildNoise fills q with the request of a noise item, from the worker's
// rng seeded with the item's seed.
func (w *worker) buildNoise(q *k8sReq, k *kcluster, it *item) {
	r := &w.r
	q.auditID = r.uuid()
	q.code = 200
	q.decision = "allow"
	switch it.kind {
	case nNodeLease:
		n := pick(r, k.nodes)
		q.as(n.kubelet, r)
		q.verb = "update"
		q.uri = q.target(rLeases, "kube-node-lease", n.name, "") + "?timeout=10s"
		q.reqObj = w.lease(n.name, "kube-node-lease", n.name, 40, it.recv, "v1", "Node", n.name)
		q.respObj = q.reqObj
	case nLeaderLease:
		var a *actor
		var name, holder string
		switch r.intn(4) {
		case 0, 1:
			a, name, holder = k.kcmLE, "kube-controller-manager", k.cpHost()+"_"+r.uuid()
		case 2:
			a, name, holder = k.schedLE, "kube-scheduler", k.cpHost()+"_"+r.uuid()
		default:
			a = k.apiself
			name = "apiserver-" + r.hex(26)
			holder = name
		}
		q.as(a, r)
		q.verb = pick(r, []string{"get", "update", "update"})
		q.uri = q.target(rLeases, "kube-system", name, "") + "?timeout=5s"
		if q.verb == "update" {
			q.reqObj = w.lease(name, "kube-system", holder, 15, it.recv, "", "", "")
			q.respObj = q.reqObj
		}
	case nNodeStatus:
		n := pick(r, k.nodes)
		q.as(n.kubelet, r)
		q.verb = "patch"
		q.uri = q.target(rNodes, "", n.name, "status") + "?timeout=10s"
		q.reqObj = w.nodeStatusPatch(it.recv)
	case nPodStatus:
		n := pick(r, k.nodes)
		q.as(n.kubelet, r)
		q.verb = "patch"
		ns, name, img, c := k.anyPod(r)
		q.uri = q.target(rPods, ns, name, "status")
		q.reqObj = w.podStatusPatch(r, c, img, it.recv)
	case nKubeletGet:
		n := pick(r, k.nodes)
		q.as(n.kubelet, r)
		q.verb = "get"
		switch r.intn(4) {
		case 0, 1:
			q.uri = q.target(rNodes, "", n.name, "") + "?resourceVersion=0&timeout=10s"
		case 2:
			ns, name, _, _ := k.anyPod(r)
			q.uri = q.target(rPods, ns, name, "")
		default:
			a := pick(r, k.apps)
			q.uri = q.target(rSecrets, a.ns, pick(r, a.secrets), "")
		}
	case nTokenRequest:
		n := pick(r, k.nodes)
		q.as(n.kubelet, r)
		q.verb = "create"
		q.code = 201
		a := pick(r, k.apps)
		q.uri = q.target(rSAs, a.ns, a.saName, "token")
	case nWatch:
		w.buildWatch(q, k, it.seed)
	case nCtrlRead:
		w.buildCtrlRead(q, k)
	case nEndpoints:
		a := pick(r, k.apps)
		if r.chance(0.6) {
			q.as(k.ctrl["endpointslice-controller"], r)
			q.verb = "update"
			q.uri = q.target(rSlices, a.ns, a.name+"-"+r.suffix(5), "")
		} else {
			q.as(k.ctrl["endpoint-controller"], r)
			q.verb = "update"
			q.uri = q.target(rEndpoints, a.ns, a.name, "")
		}
		q.reqObj = w.endpointSlice(r, a, q.obj.name)
		q.respObj = q.reqObj
	case nAppConfig:
		a := pick(r, k.apps)
		q.as(a.sa, r)
		q.verb = "get"
		if r.chance(0.5) {
			q.uri = q.target(rConfigMaps, a.ns, pick(r, a.configMaps), "")
		} else {
			q.uri = q.target(rSecrets, a.ns, pick(r, a.secrets), "")
		}
		if r.chance(0.04) {
			q.obj.name += "-leader"
			q.uri += "-leader"
			q.code = 404
			q.fail = &failure{reason: "NotFound", message: q.obj.resource + ` "` + q.obj.name + `" not found`, details: statusDetails(q.obj.name, "", q.obj.resource)}
		}
	case nAuthReview:
		if r.chance(0.6) {
			q.as(pick(r, k.nodes).kubelet, r)
		} else {
			q.as(pick(r, k.system), r)
		}
		q.verb = "create"
		q.code = 201
		if r.chance(0.5) {
			q.uri = q.target(rTokenReviews, "", "", "")
		} else {
			q.uri = q.target(rSARs, "", "", "")
		}
	case nEvent:
		ns, name, _, _ := k.anyPod(r)
		if r.chance(0.7) {
			q.as(pick(r, k.nodes).kubelet, r)
		} else {
			q.as(pick(r, k.ctrls), r)
		}
		if r.chance(0.6) {
			q.verb = "create"
			q.code = 201
			q.uri = q.target(rEvents, ns, "", "")
		} else {
			q.verb = "patch"
			q.uri = q.target(rEvents, ns, name+"."+r.hex(16), "")
		}
	case nHealth:
		if r.chance(0.5) {
			q.user = anonymous
			q.ua = ""
			q.ip = k.lbIP(r)
			q.reason = `RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"`
			q.uri = pick(r, []string{"/livez", "/readyz", "/healthz", "/version"})
		} else {
			q.as(pick(r, k.humans), r)
			q.uri = pick(r, []string{"/api?timeout=32s", "/apis?timeout=32s", "/openapi/v3?timeout=32s", "/version?timeout=32s"})
		}
		q.verb = "get"
		q.obj = objRef{}
		q.level = levelMetadata
		q.setReason()
		return
	case nOperator:
		w.buildOperator(q, k, it.recv)
	case nAnon:
		w.buildScanner(q, k)
		q.level = k.policy(q)
		return
	case nUserRead:
		w.buildUserRead(q, k, k.humans[int(it.aux)%len(k.humans)])
	case nUserExec:
		w.buildUserExec(q, k, k.humans[int(it.aux)%len(k.humans)])
	case nSysAgent:
		a := pick(r, k.system)
		q.as(a, r)
		switch r.intn(3) {
		case 0:
			q.verb = "list"
			q.uri = q.target(rPods, "", "", "") + "?fieldSelector=spec.nodeName%3D" + pick(r, k.nodes).name + "&limit=500&resourceVersion=0"
		case 1:
			q.verb = "get"
			ns, name, _, _ := k.anyPod(r)
			q.uri = q.target(rPods, ns, name, "")
		default:
			q.verb = "get"
			n := pick(r, k.nodes).name
			q.uri = q.target(rNodes, "", n, "")
		}
	}
	q.level = k.policy(q)
	q.setReason()
}

// setReason fills the authorization reason of an allowed request.
func (q *k8sReq) setReason() {
	if q.decision == "allow" && q.reason == "" {
		q.reason = q.user.reason
	}
}

var anonymous = &actor{name: "system:anonymous", json: `{"username":"system:anonymous","groups":["system:unauthenticated"]}`}
var unauthenticated = &actor{json: `{}`}

// cpHost is the host name of a control-plane instance (leader identities).
func (k *kcluster) cpHost() string {
	switch k.fl {
	case flavAKS:
		return "kube-controller-manager-5d9f7b8c6-x2k8p"
	case flavEKS:
		return "ip-10-0-111-27.eu-west-1.compute.internal"
	case flavGKE:
		return "gke-" + k.c.Name + "-master"
	}
	return "k8s-cp-01"
}

// lbIP is where the cloud load balancer's health probes come from.
func (k *kcluster) lbIP(r *rng) string {
	switch k.fl {
	case flavAKS:
		return "168.63.129.16"
	case flavGKE:
		return pick(r, []string{"35.191.0.12", "130.211.0.44"})
	case flavEKS:
		return "10.0.0." + strconv.Itoa(r.between(2, 60))
	}
	return "192.168.10.2"
}

// anyPod picks a running pod: namespace, name, image, container.
func (k *kcluster) anyPod(r *rng) (ns, name, image, container string) {
	if r.chance(0.35) {
		p := pick(r, k.sysPods)
		return "kube-system", p.name, "mcr.microsoft.com/oss/kubernetes/" + p.container + ":" + k.version, p.container
	}
	a := pick(r, k.apps)
	return a.ns, pick(r, a.pods), a.image, a.name
}

func (w *worker) buildWatch(q *k8sReq, k *kcluster, seed uint64) {
	r := &w.r
	q.verb = "watch"
	var x gvr
	var ns, sel string
	switch r.intn(6) {
	case 0, 1:
		q.as(k.kcmInf, r)
		x = pick(r, informerResources)
	case 2:
		q.as(k.sched, r)
		x = pick(r, []gvr{rPods, rNodes, rPVCs, rCSINodes, rPDBs, rServices})
		if x == rPods {
			sel = "&fieldSelector=status.phase%21%3DSucceeded%2Cstatus.phase%21%3DFailed"
		}
	case 3:
		n := pick(r, k.nodes)
		q.as(n.kubelet, r)
		switch r.intn(3) {
		case 0:
			x, sel = rPods, "&fieldSelector=spec.nodeName%3D"+n.name
		case 1:
			x, sel = rNodes, "&fieldSelector=metadata.name%3D"+n.name
		default:
			a := pick(r, k.apps)
			x, ns, sel = rConfigMaps, a.ns, "&fieldSelector=metadata.name%3D"+a.configMaps[0]
		}
	case 4:
		q.as(pick(r, k.system), r)
		x = pick(r, []gvr{rPods, rServices, rSlices, rNamespaces, rNodes})
	default:
		q.as(pick(r, k.ctrls), r)
		x = pick(r, []gvr{rPods, rNodes, rLeases, rSecrets})
	}
	sec := watchTimeout(seed)
	q.uri = q.target(x, ns, "", "") + "?allowWatchBookmarks=true" + sel + "&resourceVersion=" + rv(r) + "&timeout=" + timeoutParam(sec) + "&timeoutSeconds=" + strconv.Itoa(sec) + "&watch=true"
}

func (w *worker) buildCtrlRead(q *k8sReq, k *kcluster) {
	r := &w.r
	a := pick(r, k.apps)
	switch r.intn(6) {
	case 0:
		q.as(k.ctrl["horizontal-pod-autoscaler"], r)
		q.verb = "get"
		q.uri = q.target(rDeployments, a.ns, a.name, "scale")
	case 1:
		q.as(k.ctrl["horizontal-pod-autoscaler"], r)
		q.verb = "list"
		q.uri = q.target(rPodMetrics, a.ns, "", "") + "?labelSelector=app%3D" + a.name
	case 2:
		q.as(k.ctrl["generic-garbage-collector"], r)
		q.verb = "get"
		q.uri = q.target(rReplicaSets, a.ns, a.name+"-"+a.hash, "")
	case 3:
		q.as(k.ctrl["resourcequota-controller"], r)
		q.verb = "list"
		q.uri = q.target(pick(r, []gvr{rPods, rServices, rSecrets, rConfigMaps, rPVCs}), a.ns, "", "") + "?limit=500&resourceVersion=0"
	case 4:
		q.as(k.kcmInf, r)
		q.verb = "list"
		q.uri = q.target(pick(r, informerResources), "", "", "") + "?limit=500&resourceVersion=0"
	default:
		q.as(k.ctrl["namespace-controller"], r)
		q.verb = "get"
		q.uri = q.target(rNamespaces, "", a.ns, "")
	}
}

func (w *worker) buildOperator(q *k8sReq, k *kcluster, recv int64) {
	r := &w.r
	a := pick(r, k.apps)
	switch r.intn(4) {
	case 0:
		q.as(k.ci[0], r) // argocd
		if r.chance(0.5) {
			q.verb = "get"
			q.uri = q.target(rArgoApps, "argocd", a.name, "")
		} else {
			q.verb = "patch"
			q.uri = q.target(rArgoApps, "argocd", a.name, "")
			b := append(w.ob[:0], `{"status":{"reconciledAt":`...)
			b = appendTime(b, recv, 0)
			w.ob = append(b, `}}`...)
			q.reqObj = w.ob
		}
	case 1:
		q.as(a.sa, r)
		q.verb = pick(r, []string{"get", "list"})
		if q.verb == "get" {
			q.uri = q.target(rCerts, a.ns, a.name+"-tls", "")
		} else {
			q.uri = q.target(rCerts, a.ns, "", "") + "?limit=500"
		}
	case 2:
		q.as(pick(r, k.system), r)
		q.verb = "list"
		q.uri = q.target(pick(r, []gvr{rPods, rServices, rEndpoints, rSlices, rIngresses}), "", "", "") + "?limit=500&resourceVersion=0"
	default:
		q.as(pick(r, k.system), r)
		q.verb = "get"
		q.uri = q.target(rConstraints, "gatekeeper-system", "gatekeeper--audit-"+r.suffix(5)+"-k8spspprivilegedcontainer-psp-privileged", "")
	}
}

// buildScanner is unauthenticated traffic from the internet.
func (w *worker) buildScanner(q *k8sReq, k *kcluster) {
	r := &w.r
	q.ip = pick(r, scannerIPs)
	q.ua = pick(r, []string{"python-requests/2.32.3", "Mozilla/5.0 zgrab/0.x", "curl/8.5.0", "Go-http-client/1.1", "kube-hunter/0.6.8"})
	q.verb = "get"
	switch r.intn(4) {
	case 0: // an expired or forged token
		q.user = unauthenticated
		q.uri = q.target(rSecrets, "kube-system", "", "")
		q.verb = "list"
		q.code = 401
		q.decision = ""
		q.fail = &failure{reason: "Unauthorized", message: "Unauthorized"}
	case 1:
		q.user = anonymous
		q.verb = "list"
		q.uri = q.target(rPods, "", "", "")
		q.forbidden()
	case 2:
		q.user = anonymous
		q.uri = pick(r, []string{"/.env", "/metrics", "/debug/pprof/", "/logs"})
		q.code = 403
		q.decision = "forbid"
		q.fail = &failure{reason: "Forbidden", message: `forbidden: User "system:anonymous" cannot get path "` + q.uri + `"`, details: "{}"}
	default:
		q.user = anonymous
		q.uri = "/version"
		q.code = 200
		q.decision = "allow"
		q.reason = `RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"`
	}
}

var scannerIPs = []string{"185.220.101.47", "45.155.205.233", "194.26.192.64", "167.94.138.35", "71.6.199.23"}

func (w *worker) buildUserRead(q *k8sReq, k *kcluster, a *actor) {
	r := &w.r
	q.as(a, r)
	ns := pick(r, k.nss)
	app := pick(r, k.apps)
	switch r.intn(10) {
	case 0, 1:
		q.verb = "list"
		q.uri = q.target(rPods, ns, "", "") + "?limit=500"
	case 2:
		q.verb = "list"
		q.uri = q.target(rDeployments, ns, "", "") + "?limit=500"
	case 3:
		q.verb = "get"
		q.uri = q.target(rPods, app.ns, pick(r, app.pods), "")
	case 4:
		q.verb = "list"
		q.uri = q.target(rEvents, app.ns, "", "") + "?fieldSelector=involvedObject.name%3D" + pick(r, app.pods) + "%2CinvolvedObject.namespace%3D" + app.ns + "%2CinvolvedObject.kind%3DPod&limit=500"
	case 5:
		q.verb = "get"
		q.uri = q.target(rPods, app.ns, pick(r, app.pods), "log") + "?container=" + app.name + "&tailLines=" + pick(r, []string{"100", "200", "50"})
	case 6:
		q.verb = "list"
		q.uri = q.target(rNodes, "", "", "") + "?limit=500"
	case 7: // kubectl top
		q.verb = "list"
		if r.chance(0.6) {
			q.uri = q.target(rPodMetrics, ns, "", "")
		} else {
			q.uri = q.target(rNodeMetrics, "", "", "")
		}
	case 8:
		q.verb = "list"
		q.uri = q.target(pick(r, []gvr{rServices, rIngresses, rConfigMaps, rSecrets}), ns, "", "") + "?limit=500"
	default:
		q.verb = "get"
		q.uri = q.target(rSecrets, app.ns, pick(r, app.secrets), "")
	}
	if r.chance(0.04) {
		q.forbidden()
	}
}

// buildUserExec is a person's exec into an application pod. kubectl since
// 1.31 speaks WebSocket, audited with verb get; clients on SPDY (k9s,
// client-go) are audited with verb create.
func (w *worker) buildUserExec(q *k8sReq, k *kcluster, a *actor) {
	r := &w.r
	q.as(a, r)
	app := pick(r, k.apps)
	q.verb = "get"
	if strings.HasPrefix(a.ua, "k9s/") {
		q.verb = "create"
	}
	cmd := pick(r, userCommands)
	q.uri = q.target(rPods, app.ns, pick(r, app.pods), "exec") + execQuery(cmd, app.name, strings.HasPrefix(cmd[0], "sh") || cmd[0] == "bash", false)
	q.code = 101
}

var userCommands = [][]string{
	{"sh"}, {"bash"}, {"env"}, {"sh", "-c", "cat /app/config.yaml"}, {"ps", "aux"}, {"ls", "-la", "/tmp"},
	{"cat", "/etc/os-release"}, {"curl", "-s", "localhost:8080/healthz"}, {"df", "-h"},
}

// execQuery renders the query of an exec request. kubectl and client-go
// encode it with url.Values (spaces as '+'); pct20 encodes spaces as %20,
// as Python clients do.
func execQuery(cmd []string, container string, tty, pct20 bool) string {
	var b strings.Builder
	b.WriteByte('?')
	for _, c := range cmd {
		b.WriteString("command=")
		e := url.QueryEscape(c)
		if pct20 {
			e = strings.ReplaceAll(e, "+", "%20")
		}
		b.WriteString(e)
		b.WriteByte('&')
	}
	b.WriteString("container=")
	b.WriteString(url.QueryEscape(container))
	if tty {
		b.WriteString("&stdin=true&stdout=true&tty=true")
	} else {
		b.WriteString("&stderr=true&stdout=true")
	}
	return b.String()
}
