package gen

import (
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Truth is evaluated on the generator's structured request, mirroring each
// reference query clause by clause with Kusto's semantics (noted where they
// differ from Go's). It sees every row, noise included, so rows that match
// by accident (privileged DaemonSet pods on AKS) are counted too.

const day = int64(24 * time.Hour)

// reportID is the ReportId k8saudit gives a stage of a request.
func reportID(q *k8sReq, stage uint8) string {
	if stage == stageStarted {
		return q.auditID + "/" + stageNames[stage]
	}
	return q.auditID
}

// code2xx is `ResponseStatus.code startswith "20"`: tostring of the number.
func code2xx(code int) bool { return code >= 200 && code <= 209 }

// excludedPod is query 2's `PodName !startswith ...` (case-insensitive, as
// every Kusto string operator without _cs).
func excludedPod(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "tunnelfront-") || strings.HasPrefix(n, "konnectivity-") || strings.HasPrefix(n, "aks-link")
}

var commandRE = regexp.MustCompile(`command=([^\&]*)`)

// parsedCommand is url_decode(strcat_array(extract_all(@"command=([^\&]*)",
// RequestURI), " ")). url_decode turns '+' into a space, as the real
// fixture's expected rows show.
func parsedCommand(uri string) string {
	var parts []string
	for _, m := range commandRE.FindAllStringSubmatch(uri, -1) {
		parts = append(parts, m[1])
	}
	s := strings.Join(parts, " ")
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}

func (g *gen) truthK8s(q *k8sReq, k *kcluster, it *item, tr *Truth) {
	// Every query: Timestamp > ago(1d) with now() == End, and
	// OperationName == "create".
	if it.ts <= g.end-day || q.verb != "create" {
		return
	}
	o := &q.obj
	ts := time.Unix(0, it.ts).UTC()
	aks := k.fl == flavAKS
	switch {
	case aks && o.resource == "pods" && o.subresource == "" && code2xx(q.code) && q.level >= levelRequest && q.pod != nil:
		// mv-expand spec.containers; privileged == "true" holds only for
		// the JSON bool true.
		for _, c := range q.pod.containers {
			if c.privileged != yes {
				continue
			}
			tr.PrivilegedPods = append(tr.PrivilegedPods, PrivilegedPod{
				Timestamp: ts, ReportId: reportID(q, it.stage), AzureResourceId: k.c.AzureResourceId, OperationName: q.verb,
				IPAddress: q.ip, UserAgent: q.ua, PodName: q.pod.name, PodNamespace: o.namespace, ContainerName: c.name, Username: q.user.name,
			})
		}
	case aks && o.resource == "pods" && q.code == 101 && o.namespace == "kube-system" && o.subresource == "exec" && !excludedPod(o.name):
		tr.KubeSystemExecs = append(tr.KubeSystemExecs, Exec{
			Timestamp: ts, ReportId: reportID(q, it.stage), AzureResourceId: k.c.AzureResourceId, OperationName: q.verb,
			IPAddress: q.ip, UserAgent: q.ua, PodName: o.name, PodNamespace: o.namespace, Username: q.user.name,
			ParsedCommand: parsedCommand(q.uri),
		})
	case o.resource == "clusterrolebindings" && code2xx(q.code) && q.level >= levelRequest && q.crb != nil &&
		q.crb.role == "cluster-admin" && q.user.name != "acsService":
		for _, s := range q.crb.subjects {
			tr.ClusterAdminBindings = append(tr.ClusterAdminBindings, Binding{
				Timestamp: ts, ReportId: reportID(q, it.stage), AzureResourceId: k.c.AzureResourceId, OperationName: q.verb,
				ActionTakenBy: q.user.name, IPAddress: q.ip, UserAgent: q.ua, BindingName: q.requestName(),
				SubjectName: s.name, SubjectKind: s.kind,
			})
		}
	}
}
