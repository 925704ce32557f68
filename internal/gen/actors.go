package gen

import (
	"slices"
	"strconv"
	"strings"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/ingest/k8saudit"
	"github.com/harrier-sec/harrier/internal/value"
)

// flavor is the kind of Kubernetes cluster; it decides identities, system
// pods and audit-pipeline details.
type flavor uint8

const (
	flavAKS flavor = iota
	flavEKS
	flavGKE
	flavSelf
)

// node is a cluster node and its kubelet identity.
type node struct {
	name, ip string
	kubelet  *actor
}

// app is a workload in an application namespace.
type app struct {
	ns, name, image string
	replicas        int
	hash            string   // current pod-template-hash
	pods            []string // current pod names
	sa              *actor   // the pod's service account identity
	saName          string
	port            int
	cpu, mem        string
	configMaps      []string
	secrets         []string
}

// sysPod is a kube-system pod (exec targets, status updates).
type sysPod struct {
	name, container string
}

// kcluster is a Kubernetes cluster with everything that acts in it.
type kcluster struct {
	idx     int
	c       Cluster
	fl      flavor
	opts    k8saudit.Options
	version string // apiserver/kcm version, e.g. v1.33.5
	commit  string
	nodes   []*node
	ccpIPs  []string // source IPs of control-plane components
	ctrl    map[string]*actor
	ctrls   []*actor // per-controller service accounts of kube-controller-manager
	kcmLE   *actor   // kube-controller-manager leader election
	kcmInf  *actor   // kube-controller-manager shared informers
	schedLE *actor   // kube-scheduler leader election
	sched   *actor   // kube-scheduler (bindings)
	system  []*actor // in-cluster system clients (DNS, CNI, CSI, metrics, agents)
	humans  []*actor
	admin   *actor // masterclient, kubernetes-admin: the cluster's break-glass identity
	ci      []*actor
	apiself *actor // system:apiserver
	apps    []*app
	nss     []string // application namespaces
	sysPods []sysPod
	// exclusions are kube-system pods that query 2 excludes by name (AKS).
	exclusions []sysPod
	daemonSets []dsSpec
	policy     func(q *k8sReq) level
}

// dsSpec is a DaemonSet whose pods appear when nodes join.
type dsSpec struct {
	name string
	pod  func(k *kcluster) *pod // the pod template
}

var (
	ccmVersion = map[flavor]string{flavAKS: "v1.33.5", flavEKS: "v1.34.1-eks-113cf36", flavGKE: "v1.33.5-gke.1308000", flavSelf: "v1.34.4"}
	ccmCommit  = map[flavor]string{flavAKS: "7b1a3e2", flavEKS: "113cf36", flavGKE: "a1e9c4f", flavSelf: "d2f8e61"}
)

// clientUA is client-go's default user agent:
// "<command>/<version> (<os>/<arch>) kubernetes/<commit>".
func clientUA(cmd, version, platform, commit string) string {
	return cmd + "/" + version + " (" + platform + ") kubernetes/" + commit
}

// userJSON renders an authentication.k8s.io/v1 UserInfo.
func userJSON(name, uid string, groups []string, extra [][2]string) string {
	b := []byte(`{"username":`)
	b = appendStr(b, name)
	if uid != "" {
		b = appendKV(b, false, "uid", uid)
	}
	if len(groups) > 0 {
		b = append(b, `,"groups":`...)
		b = appendStrs(b, groups)
	}
	if len(extra) > 0 {
		b = append(b, `,"extra":{`...)
		for i, e := range extra {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendStr(b, e[0])
			b = append(b, ":["...)
			b = appendStr(b, e[1])
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	return string(append(b, '}'))
}

func newKCluster(g *gen, c Cluster, idx int) *kcluster {
	r := &g.r
	k := &kcluster{idx: idx, c: c, ctrl: map[string]*actor{}}
	switch c.DataSource {
	case ingest.SourceAKS:
		k.fl = flavAKS
	case ingest.SourceEKS:
		k.fl = flavEKS
	case ingest.SourceGKE:
		k.fl = flavGKE
	default:
		k.fl = flavSelf
	}
	k.opts = k8saudit.Options{
		DataSource: c.DataSource, ResourceId: c.ResourceId, AzureResourceId: c.AzureResourceId,
		AwsResourceName: c.AwsResourceName, GcpFullResourceName: c.GcpFullResourceName,
		AdditionalFields: value.RawJSON(string(appendKV([]byte("{"), true, "ClusterName", c.Name)) + "}"),
	}
	k.version, k.commit = ccmVersion[k.fl], ccmCommit[k.fl]
	k.policy = managedPolicy
	if k.fl == flavSelf {
		k.policy = selfPolicy
	}
	k.setupNodes(r)
	k.setupControlPlane(r)
	k.setupSystem(r)
	k.setupHumans(r)
	k.setupApps(r)
	k.setupNamespaces()
	for _, a := range k.actors() {
		a.reason = authzReason(a.name)
	}
	return k
}

// actors lists every identity of the cluster.
func (k *kcluster) actors() []*actor {
	out := []*actor{k.kcmLE, k.kcmInf, k.sched, k.schedLE, k.apiself, k.admin}
	out = append(out, k.ctrls...)
	out = append(out, k.system...)
	out = append(out, k.humans...)
	out = append(out, k.ci...)
	for _, n := range k.nodes {
		out = append(out, n.kubelet)
	}
	for _, a := range k.apps {
		out = append(out, a.sa)
	}
	return out
}

// authzReason is what the authorizer that allowed the user reports: the
// Node authorizer and system:masters give "", RBAC names the binding.
func authzReason(name string) string {
	switch {
	case strings.HasPrefix(name, "system:node:"), name == "masterclient", name == "system:apiserver", name == "kubernetes-admin":
		return ""
	case strings.HasPrefix(name, "system:serviceaccount:"):
		parts := strings.Split(name, ":")
		ns, sa := parts[2], parts[3]
		role := "system:" + sa
		if ns == "kube-system" && slices.Contains(kcmControllers, sa) {
			role = "system:controller:" + sa
		} else if ns != "kube-system" {
			role = ns + ":" + sa
		}
		return `RBAC: allowed by ClusterRoleBinding "` + role + `" of ClusterRole "` + role + `" to ServiceAccount "` + sa + "/" + ns + `"`
	case strings.HasPrefix(name, "system:kube-") || strings.HasPrefix(name, "eks:") || strings.HasPrefix(name, "system:gke") || strings.HasPrefix(name, "system:cluster"):
		return `RBAC: allowed by ClusterRoleBinding "` + name + `" of ClusterRole "` + name + `" to User "` + name + `"`
	}
	return `RBAC: allowed by ClusterRoleBinding "platform-engineers" of ClusterRole "cluster-admin" to Group "platform-engineers"`
}

func (k *kcluster) setupNodes(r *rng) {
	n := 4 + r.intn(5)
	kubeletUA := clientUA("kubelet", k.version, "linux/amd64", k.commit)
	pool := r.between(10000000, 99999999)
	gkePool := r.hex(8)
	for i := 0; i < n; i++ {
		var name, ip string
		switch k.fl {
		case flavAKS:
			p := "systempool"
			if i >= 2 {
				p = "userpool"
			}
			name = "aks-" + p + "-" + strconv.Itoa(pool) + "-vmss" + leftPad(strconv.FormatInt(int64(i), 36), 6)
			ip = "10.224.0." + strconv.Itoa(4+i)
		case flavEKS:
			a, b := r.between(0, 47), r.between(2, 250)
			ip = "10.0." + strconv.Itoa(a) + "." + strconv.Itoa(b)
			// EC2 private DNS names: us-east-1 is the odd one out.
			domain := ".ec2.internal"
			if parts := strings.Split(k.c.AwsResourceName, ":"); len(parts) > 3 && parts[3] != "us-east-1" {
				domain = "." + parts[3] + ".compute.internal"
			}
			name = "ip-10-0-" + strconv.Itoa(a) + "-" + strconv.Itoa(b) + domain
		case flavGKE:
			name = "gke-" + k.c.Name + "-default-pool-" + gkePool + "-" + r.suffix(4)
			ip = "10.164.0." + strconv.Itoa(10+i)
		default:
			name = "k8s-worker-" + leftPad(strconv.Itoa(i+1), 2)
			ip = "192.168.10." + strconv.Itoa(21+i)
		}
		u := "system:node:" + name
		k.nodes = append(k.nodes, &node{name: name, ip: ip, kubelet: &actor{
			name: u, json: userJSON(u, "", []string{"system:nodes", "system:authenticated"}, nil),
			ua: kubeletUA, ips: []string{ip},
		}})
	}
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// saActor is a service account identity.
func saActor(r *rng, ns, name, ua string, ips []string, bound bool) *actor {
	u := "system:serviceaccount:" + ns + ":" + name
	extra := [][2]string{{"authentication.kubernetes.io/credential-id", "JTI=" + r.uuid()}}
	if bound {
		// Projected tokens of pods name the pod they were issued for.
		extra = append(extra, [2]string{"authentication.kubernetes.io/pod-name", name + "-" + r.podHash() + "-" + r.suffix(5)}, [2]string{"authentication.kubernetes.io/pod-uid", r.uuid()})
	}
	return &actor{
		name: u,
		json: userJSON(u, r.uuid(), []string{"system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"}, extra),
		ua:   ua, ips: ips,
	}
}

var kcmControllers = []string{
	"replicaset-controller", "deployment-controller", "daemon-set-controller", "job-controller", "cronjob-controller",
	"endpointslice-controller", "endpoint-controller", "endpointslicemirroring-controller", "generic-garbage-collector",
	"namespace-controller", "node-controller", "resourcequota-controller", "horizontal-pod-autoscaler",
	"service-account-controller", "root-ca-cert-publisher", "statefulset-controller", "pvc-protection-controller",
	"persistent-volume-binder", "attachdetach-controller", "ttl-after-finished-controller", "disruption-controller",
	"ttl-controller", "clusterrole-aggregation-controller", "legacy-service-account-token-cleaner",
}

func (k *kcluster) setupControlPlane(r *rng) {
	switch k.fl {
	case flavAKS:
		k.ccpIPs = []string{"172.31." + strconv.Itoa(r.between(1, 60)) + "." + strconv.Itoa(r.between(2, 250))}
	case flavEKS:
		k.ccpIPs = []string{"10.0." + strconv.Itoa(r.between(100, 120)) + "." + strconv.Itoa(r.between(2, 250)), "10.0." + strconv.Itoa(r.between(121, 140)) + "." + strconv.Itoa(r.between(2, 250))}
	case flavGKE:
		k.ccpIPs = []string{"172.16.0." + strconv.Itoa(r.between(2, 14))}
	default:
		k.ccpIPs = []string{"192.168.10.11"}
	}
	kcmUA := clientUA("kube-controller-manager", k.version, "linux/amd64", k.commit)
	for _, c := range kcmControllers {
		a := saActor(r, "kube-system", c, kcmUA+"/system:serviceaccount:kube-system:"+c, k.ccpIPs, false)
		k.ctrl[c] = a
		k.ctrls = append(k.ctrls, a)
	}
	kcmUser := userJSON("system:kube-controller-manager", "", []string{"system:authenticated"}, nil)
	k.kcmLE = &actor{name: "system:kube-controller-manager", json: kcmUser, ua: kcmUA + "/leader-election", ips: k.ccpIPs}
	k.kcmInf = &actor{name: "system:kube-controller-manager", json: kcmUser, ua: kcmUA + "/shared-informers", ips: k.ccpIPs}
	schedUA := clientUA("kube-scheduler", k.version, "linux/amd64", k.commit)
	k.sched = &actor{name: "system:kube-scheduler", json: userJSON("system:kube-scheduler", "", []string{"system:authenticated"}, nil), ua: schedUA + "/scheduler", ips: k.ccpIPs}
	k.schedLE = &actor{name: k.sched.name, json: k.sched.json, ua: schedUA + "/leader-election", ips: k.ccpIPs}
	k.apiself = &actor{name: "system:apiserver", json: userJSON("system:apiserver", r.uuid(), []string{"system:authenticated", "system:masters"}, nil), ua: clientUA("kube-apiserver", k.version, "linux/amd64", k.commit), ips: []string{"::1"}}
}

// setupSystem creates the in-cluster system clients and kube-system pods of
// each flavor.
func (k *kcluster) setupSystem(r *rng) {
	nodeIPs := make([]string, len(k.nodes))
	for i, n := range k.nodes {
		nodeIPs[i] = n.ip
	}
	sys := func(name, ua string) *actor {
		return saActor(r, "kube-system", name, ua, nodeIPs, true)
	}
	deploy := func(name, container string, n int) {
		h := r.podHash()
		for i := 0; i < n; i++ {
			k.sysPods = append(k.sysPods, sysPod{name + "-" + h + "-" + r.suffix(5), container})
		}
	}
	perNode := func(name, container string) {
		for range k.nodes {
			k.sysPods = append(k.sysPods, sysPod{name + "-" + r.suffix(5), container})
		}
	}
	proxyUA := clientUA("kube-proxy", k.version, "linux/amd64", k.commit)
	k.system = append(k.system,
		sys("coredns", "coredns/v1.11.3 (linux/amd64) kubernetes/"+r.hex(7)),
		sys("kube-proxy", proxyUA),
		sys("metrics-server", "metrics-server/v0.7.2 (linux/amd64) kubernetes/"+r.hex(7)),
	)
	deploy("coredns", "coredns", 2)
	deploy("metrics-server", "metrics-server", 2)
	perNode("kube-proxy", "kube-proxy")
	switch k.fl {
	case flavAKS:
		k.system = append(k.system,
			sys("konnectivity-agent", "konnectivity-agent/v0.33.0 (linux/amd64) kubernetes/"+r.hex(7)),
			sys("azure-cns", "azure-cns/v1.6.27 (linux/amd64) kubernetes/"+r.hex(7)),
			sys("csi-azuredisk-node-sa", "azuredisk.csi.azure.com/v1.31.5 (linux/amd64) kubernetes/"+r.hex(7)),
			sys("cloud-node-manager", "cloud-node-manager/v1.33.2 (linux/amd64) kubernetes/"+r.hex(7)),
			sys("ama-logs", "Go-http-client/2.0"),
			saActor(r, "gatekeeper-system", "gatekeeper-admin", "gatekeeper/v3.18.2 (linux/amd64) "+r.hex(7)+"/2025-01-15T10:21:08Z", nodeIPs, true),
			saActor(r, "kube-system", "azure-policy", "azure-policy/1.9.1 (linux/amd64)", nodeIPs, true),
		)
		deploy("konnectivity-agent", "konnectivity-agent", 2)
		perNode("azure-cns", "cns-container")
		perNode("csi-azuredisk-node", "azuredisk")
		perNode("cloud-node-manager", "cloud-node-manager")
		perNode("ama-logs", "ama-logs")
		deploy("ama-logs-rs", "ama-logs", 1)
		h := r.podHash()
		k.exclusions = []sysPod{
			{"konnectivity-agent-" + h + "-" + r.suffix(5), "konnectivity-agent"},
			{"tunnelfront-" + r.podHash() + "-" + r.suffix(5), "tunnel-front"},
			{"aks-link-" + r.podHash() + "-" + r.suffix(5), "aks-link"},
		}
		k.daemonSets = []dsSpec{{"kube-proxy", dsKubeProxy}, {"csi-azuredisk-node", dsAzureDisk}, {"azure-ip-masq-agent", dsIPMasq}}
	case flavEKS:
		k.system = append(k.system,
			sys("aws-node", "aws-node/v1.19.2-eksbuild.1 (linux/amd64) kubernetes/"+r.hex(7)),
			sys("ebs-csi-node-sa", "ebs.csi.aws.com/v1.38.1 (linux/amd64) kubernetes/"+r.hex(7)),
			sys("eks-pod-identity-agent", "eks-pod-identity-agent/v0.1.15 (linux/amd64) kubernetes/"+r.hex(7)),
			&actor{name: "eks:certificate-controller", json: userJSON("eks:certificate-controller", "", []string{"system:authenticated"}, nil), ua: "eks-certificates-controller/v0.0.0 (linux/amd64) kubernetes/$Format", ips: k.ccpIPs},
			&actor{name: "eks:node-manager", json: userJSON("eks:node-manager", "", []string{"system:authenticated"}, nil), ua: "eks-node-manager/v0.0.0 (linux/amd64) kubernetes/$Format", ips: k.ccpIPs},
			&actor{name: "eks:addon-manager", json: userJSON("eks:addon-manager", "", []string{"system:authenticated"}, nil), ua: "eks-addon-manager/v0.0.0 (linux/amd64) kubernetes/$Format", ips: k.ccpIPs},
		)
		perNode("aws-node", "aws-node")
		perNode("ebs-csi-node", "ebs-plugin")
		deploy("ebs-csi-controller", "ebs-plugin", 2)
		k.daemonSets = []dsSpec{{"kube-proxy", dsKubeProxy}, {"aws-node", dsAWSNode}, {"ebs-csi-node", dsEBS}}
	case flavGKE:
		k.system = append(k.system,
			sys("fluentbit-gke", "fluent-bit/v3.1.9 (linux/amd64)"),
			sys("gke-metrics-agent", "gke-metrics-agent/1.14.2 (linux/amd64)"),
			sys("pdcsi-node-sa", "pd.csi.storage.gke.io/v1.15.4 (linux/amd64) kubernetes/"+r.hex(7)),
			&actor{name: "system:gke-common-webhooks", json: userJSON("system:gke-common-webhooks", "", []string{"system:authenticated"}, nil), ua: "gke-common-webhooks/v0.0.0 (linux/amd64) kubernetes/$Format", ips: k.ccpIPs},
			&actor{name: "system:clustermetrics", json: userJSON("system:clustermetrics", "", []string{"system:authenticated"}, nil), ua: "clustermetrics/v0.0.0 (linux/amd64) kubernetes/$Format", ips: k.ccpIPs},
		)
		perNode("fluentbit-gke", "fluentbit")
		perNode("pdcsi-node", "gce-pd-driver")
		deploy("konnectivity-agent", "konnectivity-agent", 2)
		k.daemonSets = []dsSpec{{"fluentbit-gke", dsFluentbit}, {"pdcsi-node", dsPDCSI}}
	default:
		k.system = append(k.system, sys("calico-node", "calico-node/v3.29.1 (linux/amd64) kubernetes/"+r.hex(7)))
		perNode("calico-node", "calico-node")
		k.sysPods = append(k.sysPods, sysPod{"etcd-k8s-cp-01", "etcd"}, sysPod{"kube-apiserver-k8s-cp-01", "kube-apiserver"})
		k.daemonSets = []dsSpec{{"kube-proxy", dsKubeProxy}, {"calico-node", dsCalico}}
	}
}

// people act on every cluster flavor with a flavor-specific identity.
var people = []struct {
	user, ip, ua string
}{
	{"alice", "81.2.69.142", "kubectl/v1.34.4 (darwin/arm64) kubernetes/3b4e1c0"},
	{"bob", "89.160.20.112", "kubectl/v1.33.2 (linux/amd64) kubernetes/a57b6f7"},
	{"carol", "216.160.83.56", "kubectl.exe/v1.32.3 (windows/amd64) kubernetes/32cc146"},
	{"dave", "81.2.69.160", "k9s/v0.0.0 (darwin/arm64) kubernetes/$Format"},
	{"erin", "2.125.160.216", "kubectl/v1.34.4 (linux/amd64) kubernetes/3b4e1c0"},
}

func (k *kcluster) setupHumans(r *rng) {
	for _, p := range people {
		k.humans = append(k.humans, k.human(r, p.user, p.ua, p.ip))
	}
	switch k.fl {
	case flavAKS:
		k.admin = &actor{name: "masterclient", json: userJSON("masterclient", "", []string{"system:masters", "system:authenticated"}, nil), ua: "kubectl/v1.34.4 (linux/amd64) kubernetes/3b4e1c0", ips: []string{"81.2.69.142"}}
	case flavEKS:
		k.admin = k.eksUser(r, "kubernetes-admin", "eks-cluster-creator", "terraform", "kubectl/v1.34.2 (linux/amd64) kubernetes/5d6ba9e", "20.102.35.120", []string{"system:masters", "system:authenticated"})
	case flavGKE:
		k.admin = &actor{name: "admin@acme.io", json: userJSON("admin@acme.io", "", []string{"system:authenticated"}, nil), ua: "kubectl/v1.34.4 (linux/amd64) kubernetes/3b4e1c0", ips: []string{"216.160.83.56"}}
	default:
		k.admin = &actor{name: "kubernetes-admin", json: userJSON("kubernetes-admin", "", []string{"kubeadm:cluster-admins", "system:authenticated"}, nil), ua: "kubectl/v1.34.4 (linux/amd64) kubernetes/3b4e1c0", ips: []string{"192.168.10.5"}}
	}
	argo := saActor(r, "argocd", "argocd-application-controller", "argocd-application-controller/v2.13.3+a25c8a0 (linux/amd64) kubernetes/a25c8a0", []string{"10.244.3.17"}, true)
	var gha *actor
	switch k.fl {
	case flavEKS:
		gha = k.eksUser(r, "arn:aws:sts::111122223333:assumed-role/github-actions-deploy/GitHubActions", "github-actions-deploy", "GitHubActions", "kubectl/v1.33.4 (linux/amd64) kubernetes/f5c9a3c", "4.175.114.51", []string{"system:authenticated"})
	case flavGKE:
		gha = &actor{name: "ci-deployer@acme-analytics.iam.gserviceaccount.com", json: userJSON("ci-deployer@acme-analytics.iam.gserviceaccount.com", "", []string{"system:authenticated"}, nil), ua: "kubectl/v1.33.4 (linux/amd64) kubernetes/f5c9a3c", ips: []string{"34.91.12.77"}}
	default:
		gha = saActor(r, "cicd", "github-deployer", "kubectl/v1.33.4 (linux/amd64) kubernetes/f5c9a3c", []string{"4.175.114.51", "20.102.35.120"}, false)
	}
	helm := &actor{name: gha.name, json: gha.json, ua: "Helm/3.16.3", ips: gha.ips}
	k.ci = []*actor{argo, gha, helm}
}

// human is one of the people with this flavor's identity for them.
func (k *kcluster) human(r *rng, user, ua, ip string) *actor {
	switch k.fl {
	case flavAKS:
		n := user + "@contoso.com"
		return &actor{name: n, json: userJSON(n, "", []string{r.uuid(), r.uuid(), "system:authenticated"}, nil), ua: ua, ips: []string{ip}}
	case flavEKS:
		return k.eksUser(r, "", "AWSReservedSSO_PlatformEngineer_4c1e2d3f5a6b7c8d", user, ua, ip, []string{"system:authenticated"})
	case flavGKE:
		n := user + "@acme.io"
		return &actor{name: n, json: userJSON(n, "", []string{"system:authenticated"}, nil), ua: ua, ips: []string{ip}}
	}
	n := "oidc:" + user + "@corp.example"
	return &actor{name: n, json: userJSON(n, "", []string{"oidc:platform-team", "system:authenticated"}, nil), ua: ua, ips: []string{ip}}
}

// eksUser is an IAM principal mapped by aws-iam-authenticator / access
// entries: the username is the assumed-role ARN unless mapped to a name.
func (k *kcluster) eksUser(r *rng, mapped, role, session, ua, ip string, groups []string) *actor {
	account := "111122223333"
	arn := "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session
	name := arn
	if mapped != "" {
		name = mapped
	}
	roleID := "AROA" + strings.ToUpper(r.hex(17))
	extra := [][2]string{
		{"accessKeyId", "ASIA" + strings.ToUpper(r.hex(16))},
		{"arn", arn},
		{"canonicalArn", "arn:aws:iam::" + account + ":role/" + role},
		{"principalId", roleID + ":" + session},
		{"sessionName", session},
		{"sigs.k8s.io/aws-iam-authenticator/principalId", roleID},
	}
	return &actor{name: name, json: userJSON(name, "aws-iam-authenticator:"+account+":"+roleID, groups, extra), ua: ua, ips: []string{ip}}
}

var appCatalog = []struct {
	ns, name, image string
	port            int
}{
	{"payments", "payments-api", "contosoacr.azurecr.io/payments/api:1.14.2", 8080},
	{"payments", "ledger-worker", "contosoacr.azurecr.io/payments/ledger-worker:2.3.0", 9090},
	{"shop", "storefront", "contosoacr.azurecr.io/shop/storefront:5.2.1", 3000},
	{"shop", "cart", "redis:7.4.1", 6379},
	{"shop", "checkout", "contosoacr.azurecr.io/shop/checkout:3.8.7", 8080},
	{"ingress-nginx", "ingress-nginx-controller", "registry.k8s.io/ingress-nginx/controller:v1.12.0", 443},
	{"monitoring", "prometheus-server", "quay.io/prometheus/prometheus:v3.1.0", 9090},
	{"monitoring", "grafana", "grafana/grafana:11.4.0", 3000},
	{"cert-manager", "cert-manager", "quay.io/jetstack/cert-manager-controller:v1.16.2", 9402},
	{"data", "kafka-connect", "confluentinc/cp-kafka-connect:7.8.0", 8083},
	{"data", "airflow-scheduler", "apache/airflow:2.10.4", 8793},
}

func (k *kcluster) setupApps(r *rng) {
	registry := map[flavor]string{flavAKS: "contosoacr.azurecr.io", flavEKS: "111122223333.dkr.ecr.eu-west-1.amazonaws.com", flavGKE: "europe-west4-docker.pkg.dev/acme-analytics/apps", flavSelf: "harbor.corp.example"}[k.fl]
	for _, c := range appCatalog {
		if r.chance(0.25) {
			continue // not every cluster runs every app
		}
		img := strings.Replace(c.image, "contosoacr.azurecr.io", registry, 1)
		a := &app{ns: c.ns, name: c.name, image: img, replicas: r.between(1, 4), hash: r.podHash(), port: c.port,
			cpu: pick(r, []string{"100m", "250m", "500m", "1"}), mem: pick(r, []string{"128Mi", "256Mi", "512Mi", "1Gi"}),
			saName: c.name}
		for i := 0; i < a.replicas; i++ {
			a.pods = append(a.pods, a.name+"-"+a.hash+"-"+r.suffix(5))
		}
		a.sa = saActor(r, c.ns, c.name, "Go-http-client/2.0", []string{"10.244." + strconv.Itoa(r.between(0, 9)) + "." + strconv.Itoa(r.between(2, 250))}, true)
		a.configMaps = []string{c.name + "-config", "kube-root-ca.crt"}
		a.secrets = []string{c.name + "-secrets", c.name + "-tls"}
		k.apps = append(k.apps, a)
	}
	if len(k.apps) == 0 {
		c := appCatalog[0]
		a := &app{ns: c.ns, name: c.name, image: c.image, replicas: 2, hash: r.podHash(), port: c.port, cpu: "250m", mem: "256Mi", saName: c.name}
		a.pods = []string{a.name + "-" + a.hash + "-" + r.suffix(5), a.name + "-" + a.hash + "-" + r.suffix(5)}
		a.sa = saActor(r, c.ns, c.name, "Go-http-client/2.0", []string{"10.244.1.20"}, true)
		a.configMaps, a.secrets = []string{c.name + "-config"}, []string{c.name + "-secrets"}
		k.apps = append(k.apps, a)
	}
}

// setupNamespaces lists the application namespaces (apps come grouped by
// namespace).
func (k *kcluster) setupNamespaces() {
	for _, a := range k.apps {
		if len(k.nss) == 0 || k.nss[len(k.nss)-1] != a.ns {
			k.nss = append(k.nss, a.ns)
		}
	}
}
