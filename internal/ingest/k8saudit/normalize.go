package k8saudit

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/value"
)

// Normalize turns one Event JSON object into a CloudAuditEvents row.
//
// event may carry the camelCase keys Kubernetes writes or the PascalCase keys
// of RawEventData (a re-import): columns are read by the renamed key, so
// Normalize(RawEventData) gives back the same row.
func Normalize(event []byte, opts Options) (*ingest.Event, error) {
	var n normalizer
	ev, err := n.normalize(event, &opts)
	if err == errEventList {
		return nil, errors.New("record is an EventList, not an Event (use Decode)")
	}
	return ev, err
}

// errEventList tells Decode that a record it handed to the normalizer is an
// EventList whose items it must decode instead.
var errEventList = errors.New("EventList")

// Fields of the audit.k8s.io/v1 Event, by index. The order is the one of the
// Go struct (k8s.io/apiserver/pkg/apis/audit/v1/types.go).
const (
	fLevel = iota
	fAuditID
	fStage
	fRequestURI
	fVerb
	fUser
	fImpersonatedUser
	fSourceIPs
	fUserAgent
	fObjectRef
	fResponseStatus
	fRequestObject
	fResponseObject
	fRequestReceivedTimestamp
	fStageTimestamp
	fAnnotations
	numFields
)

// fieldNames are the Go field names, which RawEventData uses as top-level keys.
var fieldNames = [numFields]string{
	"Level", "AuditID", "Stage", "RequestURI", "Verb", "User", "ImpersonatedUser", "SourceIPs",
	"UserAgent", "ObjectRef", "ResponseStatus", "RequestObject", "ResponseObject",
	"RequestReceivedTimestamp", "StageTimestamp", "Annotations",
}

// wireField maps a JSON key Kubernetes writes to its field index.
func wireField(key []byte) int {
	switch string(key) { // no allocation: the compiler switches on the bytes
	case "level":
		return fLevel
	case "auditID":
		return fAuditID
	case "stage":
		return fStage
	case "requestURI":
		return fRequestURI
	case "verb":
		return fVerb
	case "user":
		return fUser
	case "impersonatedUser":
		return fImpersonatedUser
	case "sourceIPs":
		return fSourceIPs
	case "userAgent":
		return fUserAgent
	case "objectRef":
		return fObjectRef
	case "responseStatus":
		return fResponseStatus
	case "requestObject":
		return fRequestObject
	case "responseObject":
		return fResponseObject
	case "requestReceivedTimestamp":
		return fRequestReceivedTimestamp
	case "stageTimestamp":
		return fStageTimestamp
	case "annotations":
		return fAnnotations
	}
	return -1
}

// goField maps a renamed key to its field index, so an unknown key that
// upper-cases onto a known name ("Level") counts as that field.
func goField(name string) int {
	for i, n := range fieldNames {
		if n == name {
			return i
		}
	}
	return -1
}

// upperFirst upper-cases the first letter of an unknown top-level key, the
// rule SPEC.md §2 gives for keys the Event type does not know.
func upperFirst(key []byte) string {
	if len(key) == 0 {
		return ""
	}
	if c := key[0]; c < utf8.RuneSelf {
		if 'a' <= c && c <= 'z' {
			b := make([]byte, len(key))
			copy(b, key)
			b[0] = c - 'a' + 'A'
			return string(b)
		}
		return string(key)
	}
	r, size := utf8.DecodeRune(key)
	u := unicode.ToUpper(r)
	if r == utf8.RuneError || u == r {
		return string(key)
	}
	return string(utf8.AppendRune(nil, u)) + string(key[size:])
}

// span locates a top-level value inside the rebuilt RawEventData text.
type span struct {
	start, end int  // value bytes; for strings the content between the quotes
	first      byte // first byte of the value, 0 when the member is absent
}

// normalizer holds the buffers one decode reuses from record to record.
type normalizer struct {
	scan     jsonScanner
	spans    [numFields]span
	seen     uint32              // known fields already written, to catch duplicates
	extra    map[string]struct{} // unknown keys already written
	kind     string              // envelope kind
	hasKind  bool                // kind is a string
	kindSeen bool
	items    bool // the object has an "items" key: a list without kind
}

// normalize builds the row for one Event. It returns errEventList when the
// record is an EventList. The result shares no memory with event or n.
func (n *normalizer) normalize(event []byte, opts *Options) (*ingest.Event, error) {
	n.spans = [numFields]span{}
	n.seen = 0
	clear(n.extra)
	n.kind, n.hasKind, n.kindSeen, n.items = "", false, false, false
	s := &n.scan
	s.src, s.i, s.depth, s.dst = event, 0, 0, s.dst[:0]
	defer func() { s.src = nil }() // do not keep the caller's buffer

	if !s.ws() {
		return nil, errors.New("empty record")
	}
	if c := s.src[s.i]; c != '{' {
		if err := s.value(); err != nil {
			return nil, fmt.Errorf("invalid JSON: %w", err)
		}
		if err := s.end(); err != nil {
			return nil, fmt.Errorf("invalid JSON: %w", err)
		}
		return nil, fmt.Errorf("record is a JSON %s, not an object", jsonKind(c))
	}
	if err := n.members(); err != nil {
		return nil, err
	}
	if n.hasKind {
		switch n.kind {
		case "Event":
		case "EventList":
			return nil, errEventList
		default:
			return nil, fmt.Errorf("kind is %q, want \"Event\"", n.kind)
		}
	} else if n.items {
		return nil, errEventList
	}
	return n.event(string(s.dst), opts)
}

// members copies the top-level members of the object at s.i into s.dst
// under their Go names, compacting and validating their values on the way.
func (n *normalizer) members() error {
	s := &n.scan
	s.i++
	s.depth = 1
	s.dst = append(s.dst, '{')
	if !s.ws() {
		return invalidJSON(errUnexpectedEnd)
	}
	if s.src[s.i] == '}' {
		s.i++
	} else {
		for {
			key, err := s.key()
			if err != nil {
				return invalidJSON(err)
			}
			name, idx, keep, err := n.name(key)
			if err != nil {
				return err
			}
			mark := len(s.dst)
			if keep {
				if mark > 1 {
					s.dst = append(s.dst, ',')
				}
				s.dst = value.AppendJSONString(s.dst, name)
				s.dst = append(s.dst, ':')
			}
			vstart := len(s.dst)
			if err := s.value(); err != nil {
				return invalidJSON(err)
			}
			sp := span{start: vstart, end: len(s.dst), first: s.dst[vstart]}
			if sp.first == '"' {
				sp.start++
				sp.end--
			}
			switch {
			case idx >= 0:
				n.spans[idx] = sp
			case !keep && string(key) == "kind":
				if err := n.setKind(sp); err != nil {
					return err
				}
			}
			if !keep {
				s.dst = s.dst[:mark]
			}
			more, err := s.next('}', "object key:value pair")
			if err != nil {
				return invalidJSON(err)
			}
			if !more {
				break
			}
		}
	}
	s.dst = append(s.dst, '}')
	if err := s.end(); err != nil {
		return invalidJSON(err)
	}
	return nil
}

func invalidJSON(err error) error { return fmt.Errorf("invalid JSON: %w", err) }

// name decides what becomes of a top-level key: its name in RawEventData,
// its field index (-1 for keys the Event type does not have), or dropped.
func (n *normalizer) name(key []byte) (name string, idx int, keep bool, err error) {
	idx = wireField(key)
	if idx >= 0 {
		name = fieldNames[idx]
	} else {
		switch string(key) {
		case "kind", "apiVersion":
			// The TypeMeta of the envelope: every row would carry the same
			// "Event"/"audit.k8s.io/v1" and Defender's RawEventData lists
			// neither, so they are dropped (kind is checked first).
			return "", -1, false, nil
		case "items":
			n.items = true
		}
		name = upperFirst(key)
		idx = goField(name)
	}
	if idx >= 0 {
		if n.seen&(1<<idx) != 0 {
			return "", 0, false, fmt.Errorf("duplicate top-level key %q", name)
		}
		n.seen |= 1 << idx
		return name, idx, true, nil
	}
	if n.extra == nil {
		n.extra = make(map[string]struct{})
	}
	if _, dup := n.extra[name]; dup {
		return "", 0, false, fmt.Errorf("duplicate top-level key %q", name)
	}
	n.extra[name] = struct{}{}
	return name, -1, true, nil
}

// setKind records the envelope's kind from its value in s.dst.
func (n *normalizer) setKind(sp span) error {
	if n.kindSeen {
		return errors.New(`duplicate top-level key "kind"`)
	}
	n.kindSeen = true
	switch sp.first {
	case 'n':
		return nil
	case '"':
		n.hasKind = true
		switch b := n.scan.dst[sp.start:sp.end]; string(b) { // no allocation for the usual kinds
		case "Event":
			n.kind = "Event"
		case "EventList":
			n.kind = "EventList"
		default:
			quoted := string(n.scan.dst[sp.start-1 : sp.end+1])
			k, err := unquoteIn(quoted, 1, len(quoted)-1)
			if err != nil {
				return fmt.Errorf("kind: %v", err)
			}
			n.kind = k
		}
		return nil
	}
	return fmt.Errorf("kind is a JSON %s, want a string", jsonKind(sp.first))
}

// event fills the columns from raw, the finished RawEventData text.
func (n *normalizer) event(raw string, opts *Options) (*ingest.Event, error) {
	auditID, err := n.str(raw, fAuditID)
	if err != nil {
		return nil, err
	}
	if auditID == "" {
		return nil, errors.New("event has no auditID")
	}
	stage, err := n.str(raw, fStage)
	if err != nil {
		return nil, err
	}
	if stage == "" {
		return nil, errors.New("event has no stage")
	}
	ts, err := n.timestamp(raw)
	if err != nil {
		return nil, err
	}
	verb, err := n.str(raw, fVerb)
	if err != nil {
		return nil, err
	}
	ip, err := n.firstIP(raw)
	if err != nil {
		return nil, err
	}
	ua, err := n.str(raw, fUserAgent)
	if err != nil {
		return nil, err
	}
	reportID := auditID
	switch stage {
	case "ResponseComplete", "Panic":
	default:
		// auditID alone repeats across stages; (auditID, stage) is unique.
		reportID = auditID + "/" + stage
	}
	ds := opts.DataSource
	if ds == "" {
		ds = ingest.SourceKubernetes
	}
	return &ingest.Event{
		Timestamp:           ts,
		ReportId:            reportID,
		DataSource:          ds,
		ActionType:          ingest.ActionTypeForVerb(verb),
		OperationName:       verb,
		ResourceId:          opts.ResourceId,
		AzureResourceId:     opts.AzureResourceId,
		AwsResourceName:     opts.AwsResourceName,
		GcpFullResourceName: opts.GcpFullResourceName,
		IPAddress:           ip,
		UserAgent:           ua,
		RawEventData:        value.RawJSON(raw),
		AdditionalFields:    opts.AdditionalFields,
	}, nil
}

// str returns the string field idx of raw; "" when absent or null.
// Unescaped strings are substrings of raw, which the row keeps anyway.
func (n *normalizer) str(raw string, idx int) (string, error) {
	sp := n.spans[idx]
	if sp.first == 0 || sp.first == 'n' {
		return "", nil
	}
	if sp.first != '"' {
		return "", fmt.Errorf("%s is a JSON %s, want a string", fieldNames[idx], jsonKind(sp.first))
	}
	s, err := unquoteIn(raw, sp.start, sp.end)
	if err != nil {
		return "", fmt.Errorf("%s: %v", fieldNames[idx], err)
	}
	return s, nil
}

// firstIP returns the first element of SourceIPs, the client address.
func (n *normalizer) firstIP(raw string) (string, error) {
	sp := n.spans[fSourceIPs]
	if sp.first == 0 || sp.first == 'n' {
		return "", nil
	}
	if sp.first != '[' {
		return "", fmt.Errorf("SourceIPs is a JSON %s, want an array", jsonKind(sp.first))
	}
	// The array is compact and valid: its first element starts right after '['.
	i := sp.start + 1
	switch raw[i] {
	case ']', 'n': // empty, or a null element
		return "", nil
	case '"':
		end := stringEnd(raw, i+1)
		s, err := unquoteIn(raw, i+1, end)
		if err != nil {
			return "", fmt.Errorf("SourceIPs[0]: %v", err)
		}
		return s, nil
	}
	return "", fmt.Errorf("SourceIPs[0] is a JSON %s, want a string", jsonKind(raw[i]))
}

// timestamp is StageTimestamp, or RequestReceivedTimestamp without it.
func (n *normalizer) timestamp(raw string) (int64, error) {
	idx := fStageTimestamp
	s, err := n.str(raw, idx)
	if err != nil {
		return 0, err
	}
	if s == "" {
		idx = fRequestReceivedTimestamp
		if s, err = n.str(raw, idx); err != nil {
			return 0, err
		}
	}
	if s == "" {
		return 0, errors.New("event has neither stageTimestamp nor requestReceivedTimestamp")
	}
	// metav1.MicroTime writes RFC 3339 with microseconds; RFC3339Nano also
	// reads any other fraction or none.
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not an RFC 3339 time", fieldNames[idx], s)
	}
	ticks := value.TicksFromTime(t)
	if ticks < value.MinDateTime || ticks > value.MaxDateTime {
		return 0, fmt.Errorf("%s %q is outside the datetime range", fieldNames[idx], s)
	}
	return ticks, nil
}

// unquoteIn returns the JSON string content raw[start:end] unescaped,
// without copying when it holds no escape. Escapes are rare; encoding/json
// decodes them so that surrogates read as everywhere else.
func unquoteIn(raw string, start, end int) (string, error) {
	s := raw[start:end]
	if strings.IndexByte(s, '\\') < 0 {
		return s, nil
	}
	var u string
	err := json.Unmarshal([]byte(raw[start-1:end+1]), &u)
	return u, err
}

// stringEnd returns the index of the closing quote of the string whose
// content starts at i in valid JSON.
func stringEnd(s string, i int) int {
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	panic("BUG: unterminated string in validated JSON")
}

// jsonKind names the JSON type that starts with c, for error messages.
func jsonKind(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}
