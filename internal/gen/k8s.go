package gen

import (
	"strconv"
	"strings"
)

// level is an audit policy level.
type level uint8

const (
	levelMetadata level = iota
	levelRequest
	levelRequestResponse
)

var levelNames = [...]string{"Metadata", "Request", "RequestResponse"}
var stageNames = [...]string{"ResponseComplete", "ResponseStarted"}

// actor is a Kubernetes identity with its client: the user object is
// rendered once because millions of events share a few hundred actors.
type actor struct {
	name string   // user.username
	json string   // the rendered "user" object
	ua   string   // userAgent
	ips  []string // source IPs it connects from
	// reason is the authorization.k8s.io/reason of its allowed requests.
	reason string
}

// objRef is audit.k8s.io/v1 ObjectReference; resource == "" means a
// non-resource URL (no objectRef at all).
type objRef struct {
	resource, namespace, name, apiGroup, apiVersion, subresource string
}

// failure is the Status of a failed request.
type failure struct {
	reason  string // Forbidden, Unauthorized, AlreadyExists, NotFound...
	message string
	details string // raw JSON object or ""
}

// k8sReq is one audited request. Rendering turns it into one Event per
// stage.
type k8sReq struct {
	level    level
	auditID  string
	uri      string
	verb     string
	user     *actor
	ip       string
	ua       string
	obj      objRef
	code     int
	fail     *failure
	reqObj   []byte   // raw JSON written as requestObject at Request and above
	respObj  []byte   // raw JSON written as responseObject at RequestResponse
	pod      *pod     // structured requestObject (query 1 reads it)
	crb      *binding // structured requestObject (query 3 reads it)
	decision string   // authorization decision; "" writes no authz annotations (401)
	reason   string   // authorization reason
	ann      string   // more annotations, raw `"k":"v",...`
}

func (q *k8sReq) reset() { *q = k8sReq{} }

// requestName is the objectRef.name the apiserver logs: for creates it is
// filled from the decoded body (only decoded at Request level and above), so
// pods created with generateName have none.
func (q *k8sReq) requestName() string {
	if q.obj.name != "" || q.verb != "create" || q.level < levelRequest {
		return q.obj.name
	}
	switch {
	case q.pod != nil:
		return q.pod.name
	case q.crb != nil:
		return q.crb.name
	}
	return ""
}

// appendEvent renders the Event JSON of one stage of q, with keys in the
// order the apiserver writes them.
func (w *worker) appendEvent(b []byte, q *k8sReq, stage uint8, recv, ts int64) []byte {
	b = append(b, `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"`...)
	b = append(b, levelNames[q.level]...)
	b = append(b, `","auditID":"`...)
	b = append(b, q.auditID...)
	b = append(b, `","stage":"`...)
	b = append(b, stageNames[stage]...)
	b = append(b, `","requestURI":`...)
	b = appendStr(b, q.uri)
	b = append(b, `,"verb":`...)
	b = appendStr(b, q.verb)
	b = append(b, `,"user":`...)
	b = append(b, q.user.json...)
	b = append(b, `,"sourceIPs":[`...)
	b = appendStr(b, q.ip)
	b = append(b, ']')
	if q.ua != "" {
		b = append(b, `,"userAgent":`...)
		b = appendStr(b, q.ua)
	}
	if o := &q.obj; o.resource != "" {
		b = append(b, `,"objectRef":{"resource":`...)
		b = appendStr(b, o.resource)
		if o.namespace != "" {
			b = appendKV(b, false, "namespace", o.namespace)
		}
		if n := q.requestName(); n != "" {
			b = appendKV(b, false, "name", n)
		}
		if o.apiGroup != "" {
			b = appendKV(b, false, "apiGroup", o.apiGroup)
		}
		b = appendKV(b, false, "apiVersion", o.apiVersion)
		if o.subresource != "" {
			b = appendKV(b, false, "subresource", o.subresource)
		}
		b = append(b, '}')
	}
	b = append(b, `,"responseStatus":{"metadata":{}`...)
	if q.fail != nil {
		b = w.appendFailure(b, q)
	}
	b = append(b, `,"code":`...)
	b = strconv.AppendInt(b, int64(q.code), 10)
	b = append(b, '}')
	if q.level >= levelRequest {
		switch {
		case q.pod != nil:
			b = append(b, `,"requestObject":`...)
			b = q.pod.appendJSON(b, nil)
		case q.crb != nil:
			b = append(b, `,"requestObject":`...)
			b = q.crb.appendJSON(b, nil)
		case len(q.reqObj) > 0:
			b = append(b, `,"requestObject":`...)
			b = append(b, q.reqObj...)
		}
	}
	if q.level == levelRequestResponse && stage == stageComplete {
		switch {
		case q.fail != nil:
			b = append(b, `,"responseObject":{"kind":"Status","apiVersion":"v1","metadata":{}`...)
			b = w.appendFailure(b, q)
			b = append(b, `,"code":`...)
			b = strconv.AppendInt(b, int64(q.code), 10)
			b = append(b, '}')
		case q.pod != nil:
			b = append(b, `,"responseObject":`...)
			b = q.pod.appendJSON(b, &created{w: w, ts: ts})
		case q.crb != nil:
			b = append(b, `,"responseObject":`...)
			b = q.crb.appendJSON(b, &created{w: w, ts: ts})
		case len(q.respObj) > 0:
			b = append(b, `,"responseObject":`...)
			b = append(b, q.respObj...)
		}
	}
	b = append(b, `,"requestReceivedTimestamp":`...)
	b = appendTime(b, recv, 6)
	b = append(b, `,"stageTimestamp":`...)
	b = appendTime(b, ts, 6)
	if q.decision != "" || q.ann != "" {
		b = append(b, `,"annotations":{`...)
		if q.decision != "" {
			b = append(b, `"authorization.k8s.io/decision":"`...)
			b = append(b, q.decision...)
			b = append(b, `","authorization.k8s.io/reason":`...)
			b = appendStr(b, q.reason)
			if q.ann != "" {
				b = append(b, ',')
			}
		}
		b = append(b, q.ann...)
		b = append(b, '}')
	}
	return append(b, '}')
}

func (w *worker) appendFailure(b []byte, q *k8sReq) []byte {
	b = append(b, `,"status":"Failure","message":`...)
	b = appendStr(b, q.fail.message)
	b = append(b, `,"reason":"`...)
	b = append(b, q.fail.reason...)
	b = append(b, '"')
	if q.fail.details != "" {
		b = append(b, `,"details":`...)
		b = append(b, q.fail.details...)
	}
	return b
}

// created carries what the apiserver adds to a stored object, for
// responseObjects.
type created struct {
	w  *worker
	ts int64
}

func (c *created) appendMeta(b []byte, namespace string) []byte {
	if namespace != "" {
		b = appendKV(b, false, "namespace", namespace)
	}
	b = append(b, `,"uid":"`...)
	b = c.w.r.appendUUID(b)
	b = append(b, `","resourceVersion":"`...)
	b = strconv.AppendInt(b, int64(1_000_000+c.w.r.intn(90_000_000)), 10)
	b = append(b, `","creationTimestamp":`...)
	return appendTime(b, c.ts, 0)
}

// forbidden fills q as an RBAC denial, with the apiserver's exact message.
func (q *k8sReq) forbidden() {
	q.code = 403
	q.decision = "forbid"
	q.reason = ""
	o := &q.obj
	group := o.apiGroup
	res := o.resource
	if o.subresource != "" {
		res += "/" + o.subresource
	}
	what := o.resource
	if group != "" {
		what += "." + group
	}
	if o.name != "" {
		what += " \"" + o.name + "\""
	}
	msg := what + " is forbidden: User \"" + q.user.name + "\" cannot " + q.verb + " resource \"" + res + "\" in API group \"" + group + "\""
	if o.namespace != "" {
		msg += " in the namespace \"" + o.namespace + "\""
	} else {
		msg += " at the cluster scope"
	}
	q.fail = &failure{reason: "Forbidden", message: msg, details: statusDetails(o.name, group, o.resource)}
	// Authorization runs before the body is decoded: nothing of it is logged.
	q.pod, q.crb, q.reqObj, q.respObj = nil, nil, nil, nil
}

// statusDetails renders metav1.StatusDetails in its field order.
func statusDetails(name, group, kind string) string {
	d := "{"
	if name != "" {
		d += `"name":"` + name + `",`
	}
	if group != "" {
		d += `"group":"` + group + `",`
	}
	return d + `"kind":"` + kind + `"}`
}

// managedPolicy is an audit policy like the cloud providers' (which users
// cannot change): bodies of secrets, configmaps, leases, events and reviews
// are not logged; reads at Request; nodes' status updates at Request;
// other writes at RequestResponse.
func managedPolicy(q *k8sReq) level {
	o := &q.obj
	switch {
	case o.resource == "":
		return levelMetadata
	case o.resource == "secrets", o.resource == "configmaps", o.resource == "leases", o.resource == "events",
		o.resource == "tokenreviews", o.resource == "subjectaccessreviews", o.subresource == "token":
		return levelMetadata
	case q.verb == "get", q.verb == "list", q.verb == "watch":
		return levelRequest
	case o.subresource == "status" && strings.HasPrefix(q.user.name, "system:node:"):
		return levelRequest
	}
	return levelRequestResponse
}

// selfPolicy is the self-managed cluster's policy, the one of
// fixtures/real-apiserver/policy.yaml (secrets and configmaps at Metadata,
// reads at Request, everything else at RequestResponse), plus nodes' status
// updates at Request as most production policies do.
func selfPolicy(q *k8sReq) level {
	o := &q.obj
	switch {
	case o.resource == "secrets", o.resource == "configmaps":
		return levelMetadata
	case q.verb == "get", q.verb == "list", q.verb == "watch":
		return levelRequest
	case o.subresource == "status" && strings.HasPrefix(q.user.name, "system:node:"):
		return levelRequest
	}
	return levelRequestResponse
}
