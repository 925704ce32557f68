package gen

import "strconv"

// container is a core/v1 Container, reduced to what audit events of real
// workloads show and what the reference queries read.
type container struct {
	name, image   string
	command, args []string
	ports         []int
	env           [][2]string
	cpu, mem      string      // requests, and mem as the memory limit ("" = no resources)
	mounts        [][2]string // volume name, mount path
	privileged    tri         // securityContext.privileged
	escalation    tri         // securityContext.allowPrivilegeEscalation
	nonRoot       bool        // runAsNonRoot + readOnlyRootFilesystem + drop ALL
	caps          []string    // securityContext.capabilities.add
}

// tri is an optional bool: unset fields are absent from the JSON.
type tri uint8

const (
	unset tri = iota
	yes
	no
)

func (t tri) json() string {
	if t == yes {
		return "true"
	}
	return "false"
}

// volume is a pod volume; kind is hostPath, configMap, secret, emptyDir or
// projected.
type volume struct{ name, kind, src string }

// pod is a core/v1 Pod as sent in a create request.
type pod struct {
	name, generateName string // request metadata: one of them
	genName            string // the name the apiserver generated, for the response
	namespace          string // set in the body only when the client sent it
	labels             [][2]string
	ownerKind          string // ReplicaSet, DaemonSet, Job or ""
	ownerName          string
	ownerUID           string
	serviceAccount     string
	nodeName           string
	hostPID            bool
	hostNetwork        bool
	priorityClass      string
	tolerateAll        bool
	volumes            []volume
	init               []container
	containers         []container
	respNamespace      string // namespace the stored object has
}

// appendJSON appends the pod as the client sent it or, with c, as the
// apiserver stored and returned it.
func (p *pod) appendJSON(b []byte, c *created) []byte {
	b = append(b, `{"kind":"Pod","apiVersion":"v1","metadata":{`...)
	first := true
	name := p.name
	if c != nil && name == "" {
		name = p.genName
	}
	if name != "" {
		b = appendKV(b, first, "name", name)
		first = false
	}
	if p.generateName != "" {
		b = appendKV(b, first, "generateName", p.generateName)
		first = false
	}
	if c != nil {
		b = c.appendMeta(b, p.respNamespace)
	} else if p.namespace != "" {
		b = appendKV(b, first, "namespace", p.namespace)
	}
	if len(p.labels) > 0 {
		b = append(b, `,"labels":{`...)
		for i, l := range p.labels {
			b = appendKV(b, i == 0, l[0], l[1])
		}
		b = append(b, '}')
	}
	if p.ownerKind != "" {
		api := "apps/v1"
		if p.ownerKind == "Job" {
			api = "batch/v1"
		}
		b = append(b, `,"ownerReferences":[{"apiVersion":"`...)
		b = append(b, api...)
		b = append(b, `","kind":"`...)
		b = append(b, p.ownerKind...)
		b = append(b, `","name":`...)
		b = appendStr(b, p.ownerName)
		b = append(b, `,"uid":"`...)
		b = append(b, p.ownerUID...)
		b = append(b, `","controller":true,"blockOwnerDeletion":true}]`...)
	}
	b = append(b, `},"spec":{`...)
	if len(p.volumes) > 0 {
		b = append(b, `"volumes":[`...)
	}
	for i, v := range p.volumes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendStr(b, v.name)
		switch v.kind {
		case "hostPath":
			b = append(b, `,"hostPath":{"path":`...)
			b = appendStr(b, v.src)
			b = append(b, `,"type":""}}`...)
		case "configMap":
			b = append(b, `,"configMap":{"name":`...)
			b = appendStr(b, v.src)
			b = append(b, `,"defaultMode":420}}`...)
		case "secret":
			b = append(b, `,"secret":{"secretName":`...)
			b = appendStr(b, v.src)
			b = append(b, `,"defaultMode":420}}`...)
		case "emptyDir":
			b = append(b, `,"emptyDir":{}}`...)
		default: // projected service account token, what admission adds
			b = append(b, `,"projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}],"defaultMode":420}}`...)
		}
	}
	if len(p.volumes) > 0 {
		b = append(b, "],"...)
	}
	if len(p.init) > 0 {
		b = append(b, `"initContainers":`...)
		b = appendContainers(b, p.init)
		b = append(b, ',')
	}
	b = append(b, `"containers":`...)
	b = appendContainers(b, p.containers)
	b = append(b, `,"restartPolicy":"`...)
	if p.ownerKind == "Job" {
		b = append(b, "OnFailure"...)
	} else {
		b = append(b, "Always"...)
	}
	b = append(b, `","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst"`...)
	if p.serviceAccount != "" {
		b = appendKV(b, false, "serviceAccountName", p.serviceAccount)
	}
	if p.nodeName != "" {
		b = appendKV(b, false, "nodeName", p.nodeName)
	}
	if p.hostNetwork {
		b = append(b, `,"hostNetwork":true`...)
	}
	if p.hostPID {
		b = append(b, `,"hostPID":true`...)
	}
	b = append(b, `,"securityContext":{},"schedulerName":"default-scheduler"`...)
	if p.tolerateAll {
		b = append(b, `,"tolerations":[{"operator":"Exists"}]`...)
	} else if c != nil {
		b = append(b, `,"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]`...)
	}
	if p.priorityClass != "" {
		b = appendKV(b, false, "priorityClassName", p.priorityClass)
	}
	b = append(b, `,"enableServiceLinks":true`...)
	if c != nil {
		b = append(b, `,"preemptionPolicy":"PreemptLowerPriority"},"status":{"phase":"Pending","qosClass":"`...)
		if p.containers[0].cpu == "" {
			b = append(b, "BestEffort"...)
		} else {
			b = append(b, "Burstable"...)
		}
		return append(b, `"}}`...)
	}
	return append(b, `},"status":{}}`...)
}

func appendContainers(b []byte, cs []container) []byte {
	b = append(b, '[')
	for i := range cs {
		if i > 0 {
			b = append(b, ',')
		}
		c := &cs[i]
		b = append(b, `{"name":`...)
		b = appendStr(b, c.name)
		b = append(b, `,"image":`...)
		b = appendStr(b, c.image)
		if len(c.command) > 0 {
			b = append(b, `,"command":`...)
			b = appendStrs(b, c.command)
		}
		if len(c.args) > 0 {
			b = append(b, `,"args":`...)
			b = appendStrs(b, c.args)
		}
		if len(c.ports) > 0 {
			b = append(b, `,"ports":[`...)
			for j, p := range c.ports {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"containerPort":`...)
				b = strconv.AppendInt(b, int64(p), 10)
				b = append(b, `,"protocol":"TCP"}`...)
			}
			b = append(b, ']')
		}
		if len(c.env) > 0 {
			b = append(b, `,"env":[`...)
			for j, e := range c.env {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"name":`...)
				b = appendStr(b, e[0])
				b = append(b, `,"value":`...)
				b = appendStr(b, e[1])
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		b = append(b, `,"resources":{`...)
		if c.cpu != "" {
			b = append(b, `"limits":{"memory":"`...)
			b = append(b, c.mem...)
			b = append(b, `"},"requests":{"cpu":"`...)
			b = append(b, c.cpu...)
			b = append(b, `","memory":"`...)
			b = append(b, c.mem...)
			b = append(b, `"}`...)
		}
		b = append(b, '}')
		if len(c.mounts) > 0 {
			b = append(b, `,"volumeMounts":[`...)
			for j, m := range c.mounts {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"name":`...)
				b = appendStr(b, m[0])
				b = append(b, `,"mountPath":`...)
				b = appendStr(b, m[1])
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		b = append(b, `,"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"`...)
		if c.privileged != unset || c.escalation != unset || c.nonRoot || len(c.caps) > 0 {
			b = append(b, `,"securityContext":{`...)
			n := len(b)
			if len(c.caps) > 0 || c.nonRoot {
				b = append(b, `"capabilities":{`...)
				if len(c.caps) > 0 {
					b = append(b, `"add":`...)
					b = appendStrs(b, c.caps)
				}
				if c.nonRoot {
					if len(c.caps) > 0 {
						b = append(b, ',')
					}
					b = append(b, `"drop":["ALL"]`...)
				}
				b = append(b, '}')
			}
			if c.privileged != unset {
				if len(b) > n {
					b = append(b, ',')
				}
				b = append(b, `"privileged":`...)
				b = append(b, c.privileged.json()...)
			}
			if c.nonRoot {
				if len(b) > n {
					b = append(b, ',')
				}
				b = append(b, `"runAsNonRoot":true,"readOnlyRootFilesystem":true`...)
			}
			if c.escalation != unset {
				if len(b) > n {
					b = append(b, ',')
				}
				b = append(b, `"allowPrivilegeEscalation":`...)
				b = append(b, c.escalation.json()...)
			}
			b = append(b, '}')
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// subject is an rbac/v1 Subject.
type subject struct{ kind, name, namespace string }

// binding is an rbac/v1 ClusterRoleBinding (or RoleBinding when namespace is
// set) as sent in a create request.
type binding struct {
	name      string
	namespace string // RoleBinding
	roleKind  string // ClusterRole or Role
	role      string
	subjects  []subject
	labels    [][2]string
}

func (x *binding) appendJSON(b []byte, c *created) []byte {
	if x.namespace != "" {
		b = append(b, `{"kind":"RoleBinding"`...)
	} else {
		b = append(b, `{"kind":"ClusterRoleBinding"`...)
	}
	b = append(b, `,"apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":`...)
	b = appendStr(b, x.name)
	if c != nil {
		b = c.appendMeta(b, x.namespace)
	}
	if len(x.labels) > 0 {
		b = append(b, `,"labels":{`...)
		for i, l := range x.labels {
			b = appendKV(b, i == 0, l[0], l[1])
		}
		b = append(b, '}')
	}
	b = append(b, `},"subjects":[`...)
	for i, s := range x.subjects {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"kind":"`...)
		b = append(b, s.kind...)
		b = append(b, '"')
		if s.kind != "ServiceAccount" {
			b = append(b, `,"apiGroup":"rbac.authorization.k8s.io"`...)
		}
		b = appendKV(b, false, "name", s.name)
		if s.namespace != "" {
			b = appendKV(b, false, "namespace", s.namespace)
		}
		b = append(b, '}')
	}
	b = append(b, `],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"`...)
	b = append(b, x.roleKind...)
	b = append(b, `","name":`...)
	b = appendStr(b, x.role)
	return append(b, `}}`...)
}

// lease renders a coordination.k8s.io/v1 Lease renewed at renew.
func (w *worker) lease(name, ns, holder string, dur int, renew int64, ownerVersion, ownerKind, ownerName string) []byte {
	r := &w.r
	b := append(w.ob[:0], `{"kind":"Lease","apiVersion":"coordination.k8s.io/v1","metadata":{"name":`...)
	b = appendStr(b, name)
	b = appendKV(b, false, "namespace", ns)
	b = append(b, `,"uid":"`...)
	b = r.appendUUID(b)
	b = append(b, `","resourceVersion":"`...)
	b = append(b, rv(r)...)
	b = append(b, `","creationTimestamp":`...)
	b = appendTime(b, renew-int64(r.between(3, 90))*86400e9, 0)
	if ownerKind != "" {
		b = append(b, `,"ownerReferences":[{"apiVersion":"`...)
		b = append(b, ownerVersion...)
		b = append(b, `","kind":"`...)
		b = append(b, ownerKind...)
		b = append(b, `","name":`...)
		b = appendStr(b, ownerName)
		b = append(b, `,"uid":"`...)
		b = r.appendUUID(b)
		b = append(b, `"}]`...)
	}
	b = append(b, `},"spec":{"holderIdentity":`...)
	b = appendStr(b, holder)
	b = append(b, `,"leaseDurationSeconds":`...)
	b = strconv.AppendInt(b, int64(dur), 10)
	b = append(b, `,"renewTime":`...)
	b = appendTime(b, renew, 6)
	b = append(b, `}}`...)
	w.ob = b
	return b
}

// nodeStatusPatch is the strategic merge patch a kubelet sends with its
// heartbeat.
func (w *worker) nodeStatusPatch(t int64) []byte {
	b := append(w.ob[:0], `{"status":{"$setElementOrder/conditions":[{"type":"MemoryPressure"},{"type":"DiskPressure"},{"type":"PIDPressure"},{"type":"Ready"}],"conditions":[`...)
	for i, c := range []string{"MemoryPressure", "DiskPressure", "PIDPressure", "Ready"} {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"lastHeartbeatTime":`...)
		b = appendTime(b, t, 0)
		b = append(b, `,"type":"`...)
		b = append(b, c...)
		b = append(b, `"}`...)
	}
	w.ob = append(b, `]}}`...)
	return w.ob
}

// podStatusPatch is the kubelet's patch of a pod's status.
func (w *worker) podStatusPatch(r *rng, container, image string, t int64) []byte {
	b := append(w.ob[:0], `{"metadata":{"uid":"`...)
	b = r.appendUUID(b)
	b = append(b, `"},"status":{"$setElementOrder/conditions":[{"type":"PodReadyToStartContainers"},{"type":"Initialized"},{"type":"Ready"},{"type":"ContainersReady"},{"type":"PodScheduled"}],"conditions":[{"lastTransitionTime":`...)
	b = appendTime(b, t, 0)
	b = append(b, `,"status":"True","type":"Ready"},{"lastTransitionTime":`...)
	b = appendTime(b, t, 0)
	b = append(b, `,"status":"True","type":"ContainersReady"}],"containerStatuses":[{"containerID":"containerd://`...)
	for range 4 {
		b = append(b, r.hex(16)...)
	}
	b = append(b, `","image":`...)
	b = appendStr(b, image)
	b = append(b, `,"imageID":"`...)
	b = append(b, image...)
	b = append(b, `@sha256:`...)
	for range 4 {
		b = append(b, r.hex(16)...)
	}
	b = append(b, `","lastState":{},"name":`...)
	b = appendStr(b, container)
	b = append(b, `,"ready":true,"restartCount":0,"started":true,"state":{"running":{"startedAt":`...)
	b = appendTime(b, t-int64(r.between(2, 40))*1e9, 0)
	w.ob = append(b, `}}}]}}`...)
	return w.ob
}

// endpointSlice renders a discovery.k8s.io/v1 EndpointSlice of an app.
func (w *worker) endpointSlice(r *rng, a *app, name string) []byte {
	b := append(w.ob[:0], `{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"name":`...)
	b = appendStr(b, name)
	b = appendKV(b, false, "namespace", a.ns)
	b = append(b, `,"resourceVersion":"`...)
	b = append(b, rv(r)...)
	b = append(b, `","labels":{"endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io","kubernetes.io/service-name":`...)
	b = appendStr(b, a.name)
	b = append(b, `}},"addressType":"IPv4","endpoints":[`...)
	for i, p := range a.pods {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"addresses":["10.244.`...)
		b = strconv.AppendInt(b, int64(r.between(0, 9)), 10)
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(r.between(2, 250)), 10)
		b = append(b, `"],"conditions":{"ready":true,"serving":true,"terminating":false},"targetRef":{"kind":"Pod","namespace":`...)
		b = appendStr(b, a.ns)
		b = append(b, `,"name":`...)
		b = appendStr(b, p)
		b = append(b, `}}`...)
	}
	b = append(b, `],"ports":[{"name":"http","protocol":"TCP","port":`...)
	b = strconv.AppendInt(b, int64(a.port), 10)
	w.ob = append(b, `}]}`...)
	return w.ob
}
