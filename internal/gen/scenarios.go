package gen

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Multi-request scenarios are planned in full: their requests refer to each
// other (a pod created with generateName is then bound, started and deleted
// under its generated name).

// req starts a planned request of a against x.
func (g *gen) req(a *actor, verb string, x gvr, ns, name, sub, query string) *k8sReq {
	q := &k8sReq{auditID: g.r.uuid(), verb: verb, code: 200, decision: "allow"}
	if verb == "create" {
		q.code = 201
	}
	q.as(a, &g.r)
	q.uri = q.target(x, ns, name, sub) + query
	return q
}

// put plans q to be received at t and returns the rows it adds (1).
func (g *gen) put(k *kcluster, q *k8sReq, t int64) int {
	return g.putAt(k, q, t, t+g.latency())
}

// putAt plans q received at recv and completed exactly at ts.
func (g *gen) putAt(k *kcluster, q *k8sReq, recv, ts int64) int {
	q.level = k.policy(q)
	q.setReason()
	g.add(item{ts: usec(ts), recv: usec(recv), req: q, cl: uint8(k.idx)})
	return 1
}

// putLong plans a long-running q (exec, attach, watch): ResponseStarted
// right after recv and ResponseComplete at recv+dur; GKE keeps one entry
// per request, so there only the completion exists.
func (g *gen) putLong(k *kcluster, q *k8sReq, recv, started, complete int64) int {
	q.level = k.policy(q)
	q.setReason()
	seed := g.r.u64() | 1
	g.add(item{ts: usec(complete), recv: usec(recv), req: q, cl: uint8(k.idx), seed: seed})
	if k.fl == flavGKE {
		return 1
	}
	g.add(item{ts: usec(started), recv: usec(recv), req: q, cl: uint8(k.idx), seed: seed, stage: stageStarted})
	return 2
}

func ms(n int) int64 { return int64(n) * int64(time.Millisecond) }

// appPod is the pod template of an app at a given image.
func appPod(a *app, image string) *pod {
	c := container{name: a.name, image: image, ports: []int{a.port}, cpu: a.cpu, mem: a.mem,
		mounts: [][2]string{{"config", "/etc/" + a.name}}, escalation: no, nonRoot: true,
		env: [][2]string{{"LOG_LEVEL", "info"}}}
	return &pod{
		namespace: "", respNamespace: a.ns, labels: [][2]string{{"app", a.name}},
		serviceAccount: a.saName,
		volumes:        []volume{{"config", "configMap", a.name + "-config"}},
		containers:     []container{c},
	}
}

// bumpTag returns image with its tag's patch version increased.
func bumpTag(r *rng, image string) string {
	i := strings.LastIndexByte(image, ':')
	if i < 0 {
		return image + ":v" + strconv.Itoa(r.between(1, 9))
	}
	tag := image[i+1:]
	j := strings.LastIndexByte(tag, '.')
	if j < 0 {
		return image
	}
	n, err := strconv.Atoi(tag[j+1:])
	if err != nil {
		return image
	}
	return image[:i+1] + tag[:j+1] + strconv.Itoa(n+1+r.intn(2))
}

// controllerPods plans what a ReplicaSet, DaemonSet or Job controller does
// after its owner changes: pod creates (generateName only), scheduler
// bindings and kubelet status updates, on node on or on any node when on is
// nil. It returns the rows added and the pod names.
func (g *gen) controllerPods(k *kcluster, ctrl *actor, tmpl *pod, ownerKind, ownerName, ns string, n int, t int64, on *node) (int, []string) {
	rows := 0
	names := make([]string, 0, n)
	ownerUID := g.r.uuid()
	pw := g.pw
	for i := 0; i < n; i++ {
		p := *tmpl
		p.name, p.generateName = "", ownerName+"-"
		p.genName = ownerName + "-" + g.r.suffix(5)
		p.ownerKind, p.ownerName, p.ownerUID = ownerKind, ownerName, ownerUID
		p.respNamespace = ns
		p.nodeName = ""
		names = append(names, p.genName)
		tc := t + ms(g.r.between(5, 60)*(i+1))
		q := g.req(ctrl, "create", rPods, ns, "", "", "")
		q.pod = &p
		if ownerKind == "DaemonSet" || k.fl == flavSelf {
			q.ann = `"pod-security.kubernetes.io/enforce-policy":"privileged:latest"`
		}
		rows += g.put(k, q, tc)
		node := on
		if node == nil {
			node = pick(&g.r, k.nodes)
		}
		tb := tc + ms(g.r.between(3, 40))
		b := g.req(k.sched, "create", rPods, ns, p.genName, "binding", "")
		bo := []byte(`{"kind":"Binding","apiVersion":"v1","metadata":{"name":`)
		bo = appendStr(bo, p.genName)
		bo = appendKV(bo, false, "namespace", ns)
		bo = append(bo, `,"uid":"`...)
		bo = g.r.appendUUID(bo)
		bo = append(bo, `"},"target":{"kind":"Node","name":`...)
		bo = appendStr(bo, node.name)
		b.reqObj = append(bo, `}}`...)
		rows += g.put(k, b, tb)
		ts := tb + ms(g.r.between(1500, 9000))
		s := g.req(node.kubelet, "patch", rPods, ns, p.genName, "status", "")
		s.reqObj = slices.Clone(pw.podStatusPatch(&pw.r, p.containers[0].name, p.containers[0].image, ts))
		rows += g.put(k, s, ts)
	}
	return rows, names
}

// planRollout plans a Deployment rollout: someone changes the image, the
// deployment controller creates a ReplicaSet, the ReplicaSet controller
// creates pods, old pods go away.
func (g *gen) planRollout(k *kcluster, t int64) int {
	r := &g.r
	a := pick(r, k.apps)
	var who *actor
	manager := "kubectl-client-side-apply"
	switch x := r.intn(10); {
	case x < 4:
		who, manager = k.ci[0], "argocd-controller"
	case x < 7:
		who = k.ci[1]
	case x < 8:
		who, manager = k.ci[2], "helm"
	default:
		who, manager = pick(r, k.humans), "kubectl-set"
	}
	image := bumpTag(r, a.image)
	rows := 0
	q := g.req(who, "patch", rDeployments, a.ns, a.name, "", "?fieldManager="+manager)
	q.reqObj = []byte(`{"spec":{"template":{"spec":{"containers":[{"image":` + string(appendStr(nil, image)) + `,"name":` + string(appendStr(nil, a.name)) + `}]}}}}`)
	q.respObj = deploymentJSON(r, a, image)
	rows += g.put(k, q, t)
	oldHash, oldPods := a.hash, a.pods
	hash := r.podHash()
	rsName := a.name + "-" + hash
	rs := g.req(k.ctrl["deployment-controller"], "create", rReplicaSets, a.ns, "", "", "")
	rs.reqObj = replicaSetJSON(a, rsName, image, hash)
	rows += g.put(k, rs, t+ms(r.between(20, 90)))
	tmpl := appPod(a, image)
	tmpl.labels = [][2]string{{"app", a.name}, {"pod-template-hash", hash}}
	n, pods := g.controllerPods(k, k.ctrl["replicaset-controller"], tmpl, "ReplicaSet", rsName, a.ns, a.replicas, t+ms(r.between(100, 300)), nil)
	rows += n
	for i, p := range oldPods {
		d := g.req(k.ctrl["replicaset-controller"], "delete", rPods, a.ns, p, "", "")
		rows += g.put(k, d, t+int64(i+1)*ms(r.between(8000, 25000)))
	}
	u := g.req(k.ctrl["deployment-controller"], "update", rReplicaSets, a.ns, a.name+"-"+oldHash, "", "")
	rows += g.put(k, u, t+ms(r.between(5000, 9000)))
	st := g.req(k.ctrl["deployment-controller"], "update", rDeployments, a.ns, a.name, "status", "")
	rows += g.put(k, st, t+ms(r.between(20000, 60000)))
	a.hash, a.pods, a.image = hash, pods, image
	return rows
}

func deploymentJSON(r *rng, a *app, image string) []byte {
	b := []byte(`{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":`)
	b = appendStr(b, a.name)
	b = appendKV(b, false, "namespace", a.ns)
	b = append(b, `,"uid":"`...)
	b = r.appendUUID(b)
	b = append(b, `","resourceVersion":"`...)
	b = append(b, rv(r)...)
	b = append(b, `","generation":`...)
	b = strconv.AppendInt(b, int64(r.between(2, 400)), 10)
	b = append(b, `},"spec":{"replicas":`...)
	b = strconv.AppendInt(b, int64(a.replicas), 10)
	b = append(b, `,"selector":{"matchLabels":{"app":`...)
	b = appendStr(b, a.name)
	b = append(b, `}},"template":{"metadata":{"labels":{"app":`...)
	b = appendStr(b, a.name)
	b = append(b, `}},"spec":{"containers":[{"name":`...)
	b = appendStr(b, a.name)
	b = append(b, `,"image":`...)
	b = appendStr(b, image)
	b = append(b, `}]}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}},"status":{}}`...)
	return b
}

func replicaSetJSON(a *app, name, image, hash string) []byte {
	b := []byte(`{"kind":"ReplicaSet","apiVersion":"apps/v1","metadata":{"name":`)
	b = appendStr(b, name)
	b = appendKV(b, false, "namespace", a.ns)
	b = append(b, `,"labels":{"app":`...)
	b = appendStr(b, a.name)
	b = appendKV(b, false, "pod-template-hash", hash)
	b = append(b, `},"ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":`...)
	b = appendStr(b, a.name)
	b = append(b, `,"controller":true,"blockOwnerDeletion":true}]},"spec":{"replicas":`...)
	b = strconv.AppendInt(b, int64(a.replicas), 10)
	b = append(b, `,"selector":{"matchLabels":{"app":`...)
	b = appendStr(b, a.name)
	b = appendKV(b, false, "pod-template-hash", hash)
	b = append(b, `}},"template":{"metadata":{"labels":{"app":`...)
	b = appendStr(b, a.name)
	b = append(b, `}},"spec":{"containers":[{"name":`...)
	b = appendStr(b, a.name)
	b = append(b, `,"image":`...)
	b = appendStr(b, image)
	return append(b, `}]}}},"status":{"replicas":0}}`...)
}

var cronJobs = []struct{ ns, name, image string }{
	{"payments", "nightly-settlement", "contosoacr.azurecr.io/payments/settlement:4.1.0"},
	{"data", "export-to-lake", "apache/airflow:2.10.4"},
	{"monitoring", "backup-grafana", "bitnami/kubectl:1.34.2"},
	{"shop", "cache-warmup", "curlimages/curl:8.11.1"},
}

// planCronJob plans one run of a CronJob: job, pod, binding, status, and
// the cleanup of an old job.
func (g *gen) planCronJob(k *kcluster, t int64) int {
	r := &g.r
	cj := pick(r, cronJobs)
	job := cj.name + "-" + strconv.FormatInt(t/int64(time.Minute), 10)
	rows := 0
	q := g.req(k.ctrl["cronjob-controller"], "create", rJobs, cj.ns, "", "", "")
	q.reqObj = []byte(`{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"` + job + `","namespace":"` + cj.ns + `","labels":{"batch.kubernetes.io/controller-uid":"` + r.uuid() + `"}},"spec":{"backoffLimit":2,"template":{"spec":{"containers":[{"name":"` + cj.name + `","image":"` + cj.image + `"}],"restartPolicy":"OnFailure"}}},"status":{}}`)
	rows += g.put(k, q, t)
	tmpl := &pod{serviceAccount: "default", containers: []container{{name: cj.name, image: cj.image, cpu: "100m", mem: "128Mi", escalation: no, nonRoot: true}},
		labels: [][2]string{{"batch.kubernetes.io/job-name", job}, {"job-name", job}}}
	n, pods := g.controllerPods(k, k.ctrl["job-controller"], tmpl, "Job", job, cj.ns, 1, t+ms(r.between(30, 200)), nil)
	rows += n
	st := g.req(k.ctrl["job-controller"], "update", rJobs, cj.ns, job, "status", "")
	rows += g.put(k, st, t+ms(r.between(15000, 240000)))
	old := cj.name + "-" + strconv.FormatInt(t/int64(time.Minute)-1440, 10)
	d := g.req(k.ctrl["ttl-after-finished-controller"], "delete", rJobs, cj.ns, old, "", "")
	rows += g.put(k, d, t+ms(r.between(100, 3000)))
	gc := g.req(k.ctrl["generic-garbage-collector"], "delete", rPods, cj.ns, pods[0][:len(pods[0])-5]+r.suffix(5), "", "")
	rows += g.put(k, gc, t+ms(r.between(3000, 9000)))
	return rows
}

// planScaleOut plans a node joining (cluster autoscaler or node pool
// upgrade): the kubelet registers the node and every DaemonSet gets a pod
// on it. On AKS, kube-proxy and the Azure disk CSI driver run privileged:
// query 1 reports these legitimate pods too.
func (g *gen) planScaleOut(k *kcluster, t int64) int {
	r := &g.r
	last := k.nodes[len(k.nodes)-1].name
	var name string
	switch k.fl {
	case flavAKS: // next VMSS instance: the last 6 characters are a base-36 instance id
		name = last[:len(last)-6] + leftPad(strconv.FormatInt(int64(len(k.nodes)+r.intn(30)), 36), 6)
	case flavEKS:
		name = "ip-10-0-" + strconv.Itoa(r.between(0, 47)) + "-" + strconv.Itoa(r.between(2, 250)) + last[strings.IndexByte(last, '.'):]
	case flavGKE:
		name = last[:len(last)-4] + r.suffix(4)
	default:
		name = "k8s-worker-" + strconv.Itoa(10+r.intn(80))
	}
	kub := *k.nodes[0].kubelet
	kub.name = "system:node:" + name
	kub.json = userJSON(kub.name, "", []string{"system:nodes", "system:authenticated"}, nil)
	kub.reason = ""
	nd := &node{name: name, ip: k.nodes[0].ip, kubelet: &kub}
	rows := 0
	q := g.req(&kub, "create", rNodes, "", "", "", "")
	q.reqObj = []byte(`{"kind":"Node","apiVersion":"v1","metadata":{"name":"` + name + `","labels":{"kubernetes.io/arch":"amd64","kubernetes.io/hostname":"` + name + `","kubernetes.io/os":"linux"}},"spec":{},"status":{"nodeInfo":{"kubeletVersion":"` + k.version + `"}}}`)
	rows += g.put(k, q, t)
	for i, ds := range k.daemonSets {
		p := ds.pod(k)
		n, _ := g.controllerPods(k, k.ctrl["daemon-set-controller"], p, "DaemonSet", ds.name, "kube-system", 1, t+ms(2000+i*150+r.between(0, 400)), nd)
		rows += n
	}
	return rows
}

func sysImage(k *kcluster, name, tag string) string {
	switch k.fl {
	case flavAKS:
		return "mcr.microsoft.com/oss/kubernetes/" + name + ":" + tag
	case flavEKS:
		return "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/" + name + ":" + tag
	case flavGKE:
		return "gke.gcr.io/" + name + ":" + tag
	}
	return "registry.k8s.io/" + name + ":" + tag
}

func dsKubeProxy(k *kcluster) *pod {
	return &pod{labels: [][2]string{{"k8s-app", "kube-proxy"}}, serviceAccount: "kube-proxy", hostNetwork: true, priorityClass: "system-node-critical", tolerateAll: true,
		volumes: []volume{{"kube-proxy", "configMap", "kube-proxy"}, {"xtables-lock", "hostPath", "/run/xtables.lock"}, {"lib-modules", "hostPath", "/lib/modules"}},
		containers: []container{{name: "kube-proxy", image: sysImage(k, "kube-proxy", k.version), command: []string{"/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"},
			cpu: "100m", mem: "64Mi", mounts: [][2]string{{"kube-proxy", "/var/lib/kube-proxy"}, {"xtables-lock", "/run/xtables.lock"}, {"lib-modules", "/lib/modules"}}, privileged: yes}}}
}

func dsAzureDisk(k *kcluster) *pod {
	return &pod{labels: [][2]string{{"app", "csi-azuredisk-node"}}, serviceAccount: "csi-azuredisk-node-sa", hostNetwork: true, priorityClass: "system-node-critical", tolerateAll: true,
		volumes: []volume{{"socket-dir", "hostPath", "/var/lib/kubelet/plugins/disk.csi.azure.com"}, {"mountpoint-dir", "hostPath", "/var/lib/kubelet/"}, {"device-dir", "hostPath", "/dev"}},
		containers: []container{
			{name: "liveness-probe", image: sysImage(k, "csi/livenessprobe", "v2.14.0"), cpu: "10m", mem: "20Mi", mounts: [][2]string{{"socket-dir", "/csi"}}},
			{name: "node-driver-registrar", image: sysImage(k, "csi/csi-node-driver-registrar", "v2.12.0"), cpu: "10m", mem: "20Mi", mounts: [][2]string{{"socket-dir", "/csi"}}},
			{name: "azuredisk", image: sysImage(k, "csi/azuredisk-csi", "v1.31.5"), cpu: "10m", mem: "20Mi", mounts: [][2]string{{"socket-dir", "/csi"}, {"mountpoint-dir", "/var/lib/kubelet/"}, {"device-dir", "/dev"}}, privileged: yes},
		}}
}

func dsIPMasq(k *kcluster) *pod {
	return &pod{labels: [][2]string{{"k8s-app", "azure-ip-masq-agent"}}, hostNetwork: true, priorityClass: "system-node-critical", tolerateAll: true,
		volumes:    []volume{{"azure-ip-masq-agent-config-volume", "projected", ""}},
		containers: []container{{name: "azure-ip-masq-agent", image: sysImage(k, "ip-masq-agent-v2", "v0.1.15"), cpu: "100m", mem: "50Mi", caps: []string{"NET_ADMIN", "NET_RAW"}}}}
}

func dsAWSNode(k *kcluster) *pod {
	return &pod{labels: [][2]string{{"k8s-app", "aws-node"}}, serviceAccount: "aws-node", hostNetwork: true, priorityClass: "system-node-critical", tolerateAll: true,
		volumes: []volume{{"cni-bin-dir", "hostPath", "/opt/cni/bin"}, {"cni-net-dir", "hostPath", "/etc/cni/net.d"}},
		init:    []container{{name: "aws-vpc-cni-init", image: sysImage(k, "amazon-k8s-cni-init", "v1.19.2-eksbuild.1"), cpu: "25m", mem: "32Mi", mounts: [][2]string{{"cni-bin-dir", "/host/opt/cni/bin"}}, privileged: yes}},
		containers: []container{
			{name: "aws-node", image: sysImage(k, "amazon-k8s-cni", "v1.19.2-eksbuild.1"), cpu: "25m", mem: "64Mi", caps: []string{"NET_ADMIN", "NET_RAW"}, mounts: [][2]string{{"cni-bin-dir", "/host/opt/cni/bin"}, {"cni-net-dir", "/host/etc/cni/net.d"}}},
			{name: "aws-eks-nodeagent", image: sysImage(k, "aws-network-policy-agent", "v1.1.6-eksbuild.1"), cpu: "25m", mem: "64Mi", privileged: yes},
		}}
}

func dsEBS(k *kcluster) *pod {
	return &pod{labels: [][2]string{{"app", "ebs-csi-node"}}, serviceAccount: "ebs-csi-node-sa", priorityClass: "system-node-critical", tolerateAll: true,
		volumes: []volume{{"kubelet-dir", "hostPath", "/var/lib/kubelet"}, {"device-dir", "hostPath", "/dev"}},
		containers: []container{
			{name: "ebs-plugin", image: sysImage(k, "aws-ebs-csi-driver", "v1.38.1"), cpu: "10m", mem: "40Mi", mounts: [][2]string{{"kubelet-dir", "/var/lib/kubelet"}, {"device-dir", "/dev"}}, privileged: yes},
			{name: "node-driver-registrar", image: sysImage(k, "csi-node-driver-registrar", "v2.12.0"), cpu: "10m", mem: "40Mi", escalation: no},
			{name: "liveness-probe", image: sysImage(k, "livenessprobe", "v2.14.0"), cpu: "10m", mem: "40Mi", escalation: no},
		}}
}

func dsFluentbit(k *kcluster) *pod {
	return &pod{labels: [][2]string{{"k8s-app", "fluentbit-gke"}}, serviceAccount: "fluentbit-gke", hostNetwork: true, priorityClass: "system-node-critical", tolerateAll: true,
		volumes:    []volume{{"varlog", "hostPath", "/var/log"}, {"varlibdockercontainers", "hostPath", "/var/lib/docker/containers"}},
		containers: []container{{name: "fluentbit", image: sysImage(k, "fluent-bit", "v1.8.12-gke.32"), cpu: "50m", mem: "100Mi", mounts: [][2]string{{"varlog", "/var/log"}}}}}
}

func dsPDCSI(k *kcluster) *pod {
	return &pod{labels: [][2]string{{"k8s-app", "gcp-compute-persistent-disk-csi-driver"}}, serviceAccount: "pdcsi-node-sa", hostNetwork: true, priorityClass: "system-node-critical", tolerateAll: true,
		volumes: []volume{{"kubelet-dir", "hostPath", "/var/lib/kubelet"}, {"device-dir", "hostPath", "/dev"}},
		containers: []container{
			{name: "csi-driver-registrar", image: sysImage(k, "csi-node-driver-registrar", "v2.12.0-gke.3"), cpu: "5m", mem: "10Mi"},
			{name: "gce-pd-driver", image: sysImage(k, "gcp-compute-persistent-disk-csi-driver", "v1.15.4-gke.1"), cpu: "5m", mem: "10Mi", mounts: [][2]string{{"kubelet-dir", "/var/lib/kubelet"}, {"device-dir", "/dev"}}, privileged: yes},
		}}
}

func dsCalico(k *kcluster) *pod {
	return &pod{labels: [][2]string{{"k8s-app", "calico-node"}}, serviceAccount: "calico-node", hostNetwork: true, priorityClass: "system-node-critical", tolerateAll: true,
		volumes: []volume{{"lib-modules", "hostPath", "/lib/modules"}, {"cni-bin-dir", "hostPath", "/opt/cni/bin"}, {"var-run-calico", "hostPath", "/var/run/calico"}},
		init: []container{
			{name: "install-cni", image: "docker.io/calico/cni:v3.29.1", command: []string{"/opt/cni/bin/install"}, mounts: [][2]string{{"cni-bin-dir", "/host/opt/cni/bin"}}, privileged: yes},
			{name: "mount-bpffs", image: "docker.io/calico/node:v3.29.1", command: []string{"calico-node", "-init", "-best-effort"}, privileged: yes},
		},
		containers: []container{{name: "calico-node", image: "docker.io/calico/node:v3.29.1", cpu: "250m", mem: "256Mi", mounts: [][2]string{{"lib-modules", "/lib/modules"}, {"var-run-calico", "/var/run/calico"}}, privileged: yes}}}
}
