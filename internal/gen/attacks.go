package gen

import (
	"strconv"
	"strings"
	"time"
)

// Attacks and near-misses for the reference queries. Each is a small story
// with realistic identities; Truth does not come from here but from
// evaluating every rendered row (truth.go), so a near-miss that matched by
// mistake would show up there, not silently pass.

func (g *gen) planAttacks() {
	m := g.cfg.Attacks
	for i := range max(m.PrivilegedPods, 0) {
		g.attackPrivilegedPod(i)
	}
	for i := range max(m.KubeSystemExecs, 0) {
		g.attackExec(i)
	}
	for i := range max(m.ClusterAdminBindings, 0) {
		g.attackBinding(i)
	}
	for i := range max(m.VMWrites, 0) {
		g.attackVM(i)
	}
	for i := range max(m.NearMisses, 0) {
		g.nearMissPods(i)
		g.nearMissExecs(i)
		g.nearMissBindings(i)
		g.nearMissARM(i)
	}
}

// cluster returns the i-th cluster of a flavor (round robin), or nil.
func (g *gen) cluster(fl flavor, i int) *kcluster {
	var ks []*kcluster
	for _, k := range g.k8s {
		if k.fl == fl {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return nil
	}
	return ks[i%len(ks)]
}

// recent is a time within the last day (and the span), leaving an hour
// before End for multi-step stories to finish.
func (g *gen) recent() int64 {
	hi := max(0, min(int64(23*time.Hour), int64(g.cfg.Span)-int64(time.Minute)))
	lo := min(int64(time.Hour), hi/2)
	return usec(g.end - lo - int64(g.r.u64()%uint64(hi-lo+1)))
}

// old is a time between 25 hours and 6 days ago; ok is false when the span
// does not reach that far.
func (g *gen) old() (int64, bool) {
	lo, hi := int64(25*time.Hour), min(int64(6*24*time.Hour), int64(g.cfg.Span)-int64(time.Minute))
	if hi <= lo {
		return 0, false
	}
	return usec(g.end - lo - int64(g.r.u64()%uint64(hi-lo))), true
}

// attacker is base's identity used from somewhere else.
func attacker(base *actor, ip, ua string) *actor {
	a := *base
	a.ips, a.ua = []string{ip}, ua
	return &a
}

const (
	oldKubectl = "kubectl/v1.28.2 (linux/amd64) kubernetes/89a4ea3" // before WebSocket exec
	torIP      = "185.220.101.47"
	vpsIP      = "45.155.205.233"
	anonIP     = "67.43.156.14"
)

const psaPrivileged = `"pod-security.kubernetes.io/enforce-policy":"privileged:latest"`

// sysPod returns a kube-system pod whose name starts with prefix (any pod
// when there is none).
func (k *kcluster) sysPod(prefix string) sysPod {
	for _, p := range k.sysPods {
		if strings.HasPrefix(p.name, prefix) {
			return p
		}
	}
	return k.sysPods[0]
}

// nodeShell is the pod kubectl-node-shell style tools create: privileged,
// host namespaces, nsenter into PID 1.
func nodeShell(name, node string) *pod {
	return &pod{name: name, labels: [][2]string{{"run", name}}, nodeName: node, hostPID: true, hostNetwork: true, tolerateAll: true,
		containers: []container{{name: "nsenter", image: "docker.io/library/alpine:3.20", command: []string{"nsenter"},
			args: []string{"--target", "1", "--mount", "--uts", "--ipc", "--net", "--pid", "--", "bash", "-l"}, privileged: yes}}}
}

// userPod plans a pod create by a and returns the request.
func (g *gen) userPod(k *kcluster, a *actor, p *pod, ns, query string, t int64) *k8sReq {
	p.respNamespace = ns
	q := g.req(a, "create", rPods, ns, "", "", query)
	q.pod = p
	q.ann = psaPrivileged
	g.put(k, q, t)
	return q
}

func (g *gen) attackPrivilegedPod(i int) {
	k := g.cluster(flavAKS, i)
	if k == nil {
		return
	}
	r := &g.r
	t := g.recent()
	switch i % 4 {
	case 0: // node shell from a compromised developer account
		a := attacker(k.humans[0], torIP, oldKubectl)
		g.userPod(k, a, nodeShell("nsenter-"+r.suffix(6), pick(r, k.nodes).name), "default", "?fieldManager=kubectl-run&fieldValidation=Strict", t)
	case 1: // a "debug" pod with two privileged sidecars: two rows
		a := attacker(k.admin, vpsIP, "kubectl/v1.34.4 (linux/amd64) kubernetes/3b4e1c0")
		name := "payments-debug-" + r.suffix(5)
		p := &pod{name: name, namespace: "payments", labels: [][2]string{{"app", "payments-debug"}}, hostNetwork: true,
			volumes: []volume{{"host-root", "hostPath", "/"}},
			containers: []container{
				{name: "app", image: "busybox:1.36", command: []string{"sleep", "86400"}},
				{name: "tcpdump", image: "nicolaka/netshoot:v0.13", command: []string{"tcpdump", "-i", "any", "-w", "/host/tmp/cap.pcap"}, mounts: [][2]string{{"host-root", "/host"}}, privileged: yes},
				{name: "shell", image: "nicolaka/netshoot:v0.13", command: []string{"sleep", "86400"}, mounts: [][2]string{{"host-root", "/host"}}, privileged: yes},
			}}
		g.userPod(k, a, p, "payments", "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict", t)
	case 2: // a miner Deployment pushed with a stolen CI token: the
		// ReplicaSet controller creates the pods (generateName only, so
		// PodName is null) and is the Username query 1 reports.
		ci := k.ci[1]
		d := g.req(ci, "create", rDeployments, "kube-system", "", "", "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict")
		d.reqObj = []byte(`{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"kube-metrics-exporter","namespace":"kube-system"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"kube-metrics-exporter"}},"template":{"metadata":{"labels":{"app":"kube-metrics-exporter"}},"spec":{"containers":[{"name":"exporter","image":"docker.io/xmrig/xmrig:6.22.2","securityContext":{"privileged":true}}]}}}}`)
		d.obj.name = "kube-metrics-exporter"
		g.put(k, d, t)
		hash := r.podHash()
		rs := g.req(k.ctrl["deployment-controller"], "create", rReplicaSets, "kube-system", "", "", "")
		g.put(k, rs, t+ms(60))
		tmpl := &pod{labels: [][2]string{{"app", "kube-metrics-exporter"}, {"pod-template-hash", hash}}, hostPID: true,
			containers: []container{{name: "exporter", image: "docker.io/xmrig/xmrig:6.22.2", args: []string{"-o", "pool.supportxmr.com:443", "--tls", "-k"}, cpu: "2", mem: "1Gi", privileged: yes}}}
		g.controllerPods(k, k.ctrl["replicaset-controller"], tmpl, "ReplicaSet", "kube-metrics-exporter-"+hash, "kube-system", 2, t+ms(200), nil)
	default: // a server-side dry run is audited like a real create (201)
		a := k.humans[4%len(k.humans)]
		c := container{name: "priv-check", image: "busybox:1.36", command: []string{"sh"}, privileged: yes}
		g.userPod(k, a, &pod{name: "priv-check", labels: [][2]string{{"run", "priv-check"}}, containers: []container{c}}, "default", "?dryRun=All&fieldManager=kubectl-run&fieldValidation=Strict", t)
	}
}

// execReq is an exec request into pod/container of ns.
func (g *gen) execReq(a *actor, verb, ns, podName, container string, cmd []string, tty, pct20 bool) *k8sReq {
	q := g.req(a, verb, rPods, ns, podName, "exec", execQuery(cmd, container, tty, pct20))
	q.code = 101
	return q
}

// putExec plans both stages of an exec session starting at t.
func (g *gen) putExec(k *kcluster, q *k8sReq, t int64, session time.Duration) {
	g.putLong(k, q, t, t+usec(g.r.dur(time.Millisecond, 6*time.Millisecond)), t+usec(g.r.dur(session/4, session)))
}

func (g *gen) attackExec(i int) {
	k := g.cluster(flavAKS, i)
	if k == nil {
		return
	}
	t := g.recent()
	v := i % 4
	if v == 3 && g.cfg.Span < 26*time.Hour {
		v = 0
	}
	switch v {
	case 0: // a home-made client-go tool (SPDY) with stolen admin credentials; %20-encoded
		p := k.sysPod("coredns")
		a := attacker(k.admin, torIP, "kexec/v0.0.0 (linux/amd64) kubernetes/$Format")
		g.putExec(k, g.execReq(a, "create", "kube-system", p.name, p.container, []string{"sh", "-c", "cat /etc/shadow"}, true, true), t, 40*time.Second)
	case 1: // steal the node's managed identity token through IMDS
		p := k.sysPod("kube-proxy")
		a := attacker(k.humans[0], torIP, oldKubectl)
		cmd := []string{"sh", "-c", "curl -s -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/'"}
		g.putExec(k, g.execReq(a, "create", "kube-system", p.name, p.container, cmd, false, false), t, 20*time.Second)
	case 2: // read a privileged service account's token
		p := k.sysPod("metrics-server")
		a := attacker(k.humans[1%len(k.humans)], anonIP, oldKubectl)
		g.putExec(k, g.execReq(a, "create", "kube-system", p.name, p.container, []string{"cat", "/var/run/secrets/kubernetes.io/serviceaccount/token"}, false, false), t, 5*time.Second)
	default: // an interactive shell opened just before the window: only its
		// ResponseComplete stage is in the last day.
		p := k.sysPod("coredns")
		a := attacker(k.admin, vpsIP, oldKubectl)
		q := g.execReq(a, "create", "kube-system", p.name, p.container, []string{"bash"}, true, false)
		recv := usec(g.end - day - int64(45*time.Second))
		g.putLong(k, q, recv, recv+ms(2), g.end-day+usec(g.r.dur(10*time.Minute, 50*time.Minute)))
	}
}

// crbReq is a ClusterRoleBinding create.
func (g *gen) crbReq(a *actor, verb string, b *binding, query string) *k8sReq {
	name := ""
	if verb != "create" {
		name = b.name
	}
	x := rCRBs
	if b.namespace != "" {
		x = rRoleBindings
	}
	q := g.req(a, verb, x, b.namespace, name, "", query)
	q.crb = b
	return q
}

const kubectlCreate = "?fieldManager=kubectl-create&fieldValidation=Strict"

func (g *gen) attackBinding(i int) {
	if len(g.k8s) == 0 {
		return
	}
	fl := [...]flavor{flavAKS, flavEKS, flavGKE, flavSelf}[i%4]
	k := g.cluster(fl, i/4)
	if k == nil {
		k = g.k8s[i%len(g.k8s)]
	}
	t := g.recent()
	var a *actor
	var b *binding
	switch k.fl {
	case flavAKS:
		a = attacker(k.humans[0], torIP, oldKubectl)
		b = &binding{name: "aks-monitoring-admin", roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"ServiceAccount", "default", "kube-system"}}}
	case flavEKS: // cluster-admin for every authenticated user: two rows
		a = k.humans[1%len(k.humans)]
		b = &binding{name: "ops-break-glass", roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"User", "eks-backup-operator", ""}, {"Group", "system:authenticated", ""}}}
	case flavGKE:
		a = k.ci[1]
		b = &binding{name: "ci-deployer-cluster-admin", roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"User", k.ci[1].name, ""}}}
	default: // a Helm chart that asks for cluster-admin: legitimate, still reported
		a = k.ci[2]
		b = &binding{name: "argocd-application-controller", roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"ServiceAccount", "argocd-application-controller", "argocd"}},
			labels: [][2]string{{"app.kubernetes.io/managed-by", "Helm"}, {"app.kubernetes.io/name", "argocd-application-controller"}}}
	}
	if i >= 4 {
		b.name += "-" + strconv.Itoa(i/4)
	}
	g.put(k, g.crbReq(a, "create", b, kubectlCreate), t)
}

// attackVM is a compromised Terraform principal deploying GPU VMs for
// mining from an anonymizing network.
func (g *gen) attackVM(i int) {
	if len(g.arm) == 0 {
		return
	}
	s := g.arm[i%len(g.arm)]
	spec := armSpec(vmWrite)
	id := "/subscriptions/" + s.id + "/resourceGroups/rg-ml-experiments/providers/Microsoft.Compute/virtualMachines/vm-gpu-" + leftPad(strconv.Itoa(i+1), 2)
	out := outAccepted
	if i%3 == 2 {
		out = outFailed // the quota stops one of them
	}
	g.planARMOp(s, spec, s.tf, torIP, id, g.recent(), out)
}

func armSpec(name string) *armOpSpec {
	for i := range armOps {
		if armOps[i].name == name {
			return &armOps[i]
		}
	}
	panic("BUG: gen: no ARM operation " + name)
}

// nearMissPods are pod creations query 1 must not return.
func (g *gen) nearMissPods(i int) {
	r := &g.r
	for _, fl := range []flavor{flavEKS, flavGKE, flavSelf} { // query 1 is AKS only
		if k := g.cluster(fl, i); k != nil {
			g.userPod(k, k.admin, nodeShell("nsenter-"+r.suffix(6), pick(r, k.nodes).name), "default", "?fieldManager=kubectl-run&fieldValidation=Strict", g.recent())
		}
	}
	k := g.cluster(flavAKS, i)
	if k == nil {
		return
	}
	h := k.humans[2%len(k.humans)]
	// Denied by Pod Security admission: the body is logged, the code is 403.
	p := nodeShell("nsenter-"+r.suffix(6), pick(r, k.nodes).name)
	q := g.req(h, "create", rPods, "payments", "", "", "?fieldManager=kubectl-run&fieldValidation=Strict")
	p.respNamespace = "payments"
	q.pod = p
	q.code = 403
	q.fail = &failure{reason: "Forbidden", message: `pods "` + p.name + `" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true, hostPID=true), privileged (container "nsenter" must not set securityContext.privileged=true)`,
		details: statusDetails(p.name, "", "pods")}
	q.ann = `"pod-security.kubernetes.io/enforce-policy":"baseline:latest"`
	g.put(k, q, g.recent())
	// Privileged only in an init container (query 1 expands spec.containers).
	g.userPod(k, h, &pod{name: "pay-debug-" + r.suffix(5), namespace: "payments",
		init:       []container{{name: "init", image: "busybox:1.36", command: []string{"true"}, privileged: yes}},
		containers: []container{{name: "app", image: "busybox:1.36", command: []string{"sleep", "600"}}}}, "payments", "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict", g.recent())
	// privileged: false, written out.
	g.userPod(k, h, &pod{name: "net-debug-" + r.suffix(5), containers: []container{{name: "netshoot", image: "nicolaka/netshoot:v0.13", privileged: no, caps: []string{"NET_ADMIN"}}}}, "shop", "?fieldManager=kubectl-run&fieldValidation=Strict", g.recent())
	// Dangerous but not privileged: SYS_ADMIN, escalation, host PID.
	g.userPod(k, h, &pod{name: "perf-probe-" + r.suffix(5), hostPID: true, containers: []container{{name: "perf", image: "quay.io/iovisor/bpftrace:v0.21.2", caps: []string{"SYS_ADMIN", "SYS_PTRACE"}, escalation: yes}}}, "monitoring", "?fieldManager=kubectl-run&fieldValidation=Strict", g.recent())
	// Privileged, but more than a day ago, and exactly one day ago
	// (Timestamp > ago(1d) is strict).
	if t, ok := g.old(); ok {
		g.userPod(k, attacker(k.humans[0], torIP, oldKubectl), nodeShell("nsenter-"+r.suffix(6), pick(r, k.nodes).name), "default", "?fieldManager=kubectl-run&fieldValidation=Strict", t)
	}
	if g.cfg.Span >= 25*time.Hour {
		p := nodeShell("nsenter-"+r.suffix(6), pick(r, k.nodes).name)
		p.respNamespace = "default"
		q := g.req(k.admin, "create", rPods, "default", "", "", "?fieldManager=kubectl-run&fieldValidation=Strict")
		q.pod = p
		q.ann = psaPrivileged
		g.putAt(k, q, g.end-day-ms(7), g.end-day)
	}
	// kubectl debug --profile=sysadmin: a privileged ephemeral container is
	// a patch of pods/ephemeralcontainers.
	app := pick(r, k.apps)
	e := g.req(k.humans[3%len(k.humans)], "patch", rPods, app.ns, pick(r, app.pods), "ephemeralcontainers", "")
	e.reqObj = []byte(`{"spec":{"ephemeralContainers":[{"name":"debugger-` + r.suffix(5) + `","image":"busybox:1.36","resources":{},"terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent","securityContext":{"privileged":true},"stdin":true,"tty":true,"targetContainerName":"` + app.name + `"}]}}`)
	g.put(k, e, g.recent())
}

// nearMissExecs are exec-like requests query 2 must not return.
func (g *gen) nearMissExecs(i int) {
	k := g.cluster(flavAKS, i)
	if k != nil {
		// AKS's own tooling in its tunnel pods: excluded by name.
		aks := &actor{name: "aksService", json: userJSON("aksService", "", []string{"system:masters", "system:authenticated"}, nil), ua: "aks-remediator/v0.0.0 (linux/amd64) kubernetes/$Format", ips: k.ccpIPs}
		for _, p := range k.exclusions {
			g.putExec(k, g.execReq(aks, "create", "kube-system", p.name, p.container, []string{"sh", "-c", "ps aux"}, false, false), g.recent(), 3*time.Second)
		}
		dns := k.sysPod("coredns")
		// kubectl 1.31+ speaks WebSocket: audited as verb get.
		g.putExec(k, g.execReq(k.admin, "get", "kube-system", dns.name, dns.container, []string{"cat", "/etc/resolv.conf"}, false, false), g.recent(), 2*time.Second)
		// SPDY exec, but in an application namespace.
		app := pick(&g.r, k.apps)
		g.putExec(k, g.execReq(attacker(k.humans[3%len(k.humans)], torIP, "k9s/v0.0.0 (darwin/arm64) kubernetes/$Format"), "create", app.ns, pick(&g.r, app.pods), app.name, []string{"sh", "-c", "cat /etc/shadow"}, true, false), g.recent(), time.Minute)
		// Forbidden: one event, code 403.
		q := g.execReq(k.humans[1%len(k.humans)], "create", "kube-system", dns.name, dns.container, []string{"sh"}, true, false)
		q.forbidden()
		g.put(k, q, g.recent())
		// attach and port-forward are other subresources.
		for _, sub := range []string{"attach", "portforward"} {
			query := "?container=" + dns.container + "&stderr=true&stdout=true"
			if sub == "portforward" {
				query = "?ports=9153"
			}
			q := g.req(attacker(k.admin, vpsIP, oldKubectl), "create", rPods, "kube-system", dns.name, sub, query)
			q.code = 101
			g.putExec(k, q, g.recent(), 2*time.Minute)
		}
		// An old one.
		if t, ok := g.old(); ok {
			g.putExec(k, g.execReq(attacker(k.admin, torIP, oldKubectl), "create", "kube-system", dns.name, dns.container, []string{"sh", "-c", "cat /etc/shadow"}, true, false), t, time.Minute)
		}
	}
	if k := g.cluster(flavEKS, i); k != nil { // query 2 is AKS only
		p := k.sysPod("aws-node")
		g.putExec(k, g.execReq(attacker(k.humans[0], torIP, oldKubectl), "create", "kube-system", p.name, p.container, []string{"sh", "-c", "cat /etc/shadow"}, true, false), g.recent(), time.Minute)
	}
}

// nearMissBindings are role bindings query 3 must not return, plus one it
// must (aksService is not the excluded acsService).
func (g *gen) nearMissBindings(i int) {
	r := &g.r
	sfx := ""
	if i > 0 {
		sfx = "-" + strconv.Itoa(i)
	}
	if k := g.cluster(flavAKS, i); k != nil {
		h := k.humans[0]
		g.put(k, g.crbReq(h, "create", &binding{name: "auditors-view" + sfx, roleKind: "ClusterRole", role: "view", subjects: []subject{{"Group", r.uuid(), ""}}}, kubectlCreate), g.recent())
		acs := &actor{name: "acsService", json: userJSON("acsService", "", []string{"system:masters", "system:authenticated"}, nil), ua: "Go-http-client/2.0", ips: k.ccpIPs}
		g.put(k, g.crbReq(acs, "create", &binding{name: "aks-cluster-admin-binding" + sfx, roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"User", "clusterAdmin", ""}, {"User", "clusterUser", ""}}}, ""), g.recent())
		aks := &actor{name: "aksService", json: userJSON("aksService", "", []string{"system:masters", "system:authenticated"}, nil), ua: "Go-http-client/2.0", ips: k.ccpIPs}
		g.put(k, g.crbReq(aks, "create", &binding{name: "aks-cluster-admin-binding-aad" + sfx, roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"Group", r.uuid(), ""}}}, ""), g.recent())
		// A namespaced RoleBinding to the cluster-admin ClusterRole.
		g.put(k, g.crbReq(h, "create", &binding{name: "payments-admins" + sfx, namespace: "payments", roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"User", "bob@contoso.com", ""}}}, kubectlCreate), g.recent())
		// Server-side apply creates with verb patch.
		g.put(k, g.crbReq(h, "patch", &binding{name: "platform-admins" + sfx, roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"Group", "platform-admins", ""}}}, "?fieldManager=kubectl&fieldValidation=Strict&force=false"), g.recent())
		if t, ok := g.old(); ok {
			g.put(k, g.crbReq(attacker(h, torIP, oldKubectl), "create", &binding{name: "tmp-admin" + sfx, roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"User", "tmp-admin", ""}}}, kubectlCreate), t)
		}
	}
	if k := g.cluster(flavEKS, i); k != nil {
		g.put(k, g.crbReq(k.humans[1%len(k.humans)], "create", &binding{name: "ns-admins" + sfx, roleKind: "ClusterRole", role: "admin", subjects: []subject{{"Group", "eks-admins", ""}}}, kubectlCreate), g.recent())
		// AlreadyExists: body logged, code 409.
		q := g.crbReq(k.admin, "create", &binding{name: "ops-break-glass-legacy" + sfx, roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"User", "ops", ""}}}, kubectlCreate)
		q.code = 409
		q.fail = &failure{reason: "AlreadyExists", message: `clusterrolebindings.rbac.authorization.k8s.io "` + q.crb.name + `" already exists`, details: statusDetails(q.crb.name, "rbac.authorization.k8s.io", "clusterrolebindings")}
		g.put(k, q, g.recent())
	}
	if k := g.cluster(flavGKE, i); k != nil {
		// RBAC escalation check: authorized to create, refused to grant.
		h := k.humans[3%len(k.humans)]
		q := g.crbReq(h, "create", &binding{name: "dev-admin" + sfx, roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"User", h.name, ""}}}, kubectlCreate)
		q.code = 403
		q.fail = &failure{reason: "Forbidden", message: `clusterrolebindings.rbac.authorization.k8s.io "` + q.crb.name + `" is forbidden: user "` + h.name + `" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:
{APIGroups:["*"], Resources:["*"], Verbs:["*"]}
{NonResourceURLs:["*"], Verbs:["*"]}`, details: statusDetails(q.crb.name, "rbac.authorization.k8s.io", "clusterrolebindings")}
		g.put(k, q, g.recent())
	}
	if k := g.cluster(flavSelf, i); k != nil {
		// Forbidden by RBAC: authorization fails before the body is read.
		m := attacker(k.humans[4%len(k.humans)], anonIP, "kubectl/v1.34.4 (linux/amd64) kubernetes/3b4e1c0")
		q := g.crbReq(m, "create", &binding{name: "root" + sfx, roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"User", m.name, ""}}}, kubectlCreate)
		q.forbidden()
		g.put(k, q, g.recent())
		// Adding a subject to the existing cluster-admin binding: update.
		u := g.crbReq(attacker(k.admin, vpsIP, oldKubectl), "update", &binding{name: "cluster-admin", roleKind: "ClusterRole", role: "cluster-admin", subjects: []subject{{"Group", "system:masters", ""}, {"User", "backup-svc", ""}}}, "?fieldManager=kubectl-edit&fieldValidation=Strict")
		g.put(k, u, g.recent())
	}
}

// nearMissARM are Compute writes query 4's startswith must not match, and a
// VM write at exactly End-7d (Timestamp > ago(7d) is strict).
func (g *gen) nearMissARM(i int) {
	if len(g.arm) == 0 {
		return
	}
	s := g.arm[i%len(g.arm)]
	r := &g.r
	for _, name := range []string{"Microsoft.Compute/virtualMachineScaleSets/write", "Microsoft.Compute/virtualMachines/extensions/write", "Microsoft.Compute/virtualMachines/start/action", "Microsoft.Compute/virtualMachines/runCommand/action"} {
		spec := armSpec(name)
		g.planARMOp(s, spec, spec.caller(s, r), "", spec.target(s, r), g.recent(), outSucceeded)
	}
	if g.cfg.Span >= 7*24*time.Hour {
		spec := armSpec(vmWrite)
		g.planARMOp(s, spec, s.tf, "", pick(r, s.vms), g.end-7*day, outSucceeded)
	}
}
