package value

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unsafe"

	// jsonparser walks paths inside raw JSON without decoding or
	// allocating, which is what dynamic path access over stored events needs.
	"github.com/buger/jsonparser"
)

// DynKind is the kind of a dynamic value.
type DynKind uint8

// The kinds a dynamic value can have.
const (
	DNull DynKind = iota
	DBool
	DLong
	DReal
	DString
	DDateTime
	DTimeSpan
	DGUID
	DArray
	DBag
)

// Dyn is an immutable dynamic value. Arrays and property bags exist in one of
// two forms: raw (compact JSON text in s, decoded only along the paths a
// query reads) or built (elements in items, bag keys in keys). Both answer
// the same accessors. A nil *Dyn is null.
//
// Dyn values are shared between goroutines and must never be mutated after
// construction.
type Dyn struct {
	k     DynKind
	n     uint64 // bool 0/1, long, real bits, datetime/timespan ticks
	s     string // string, guid text, or raw JSON of an array/bag
	items []*Dyn
	keys  []string
	raw   bool
}

var (
	dynNull  = &Dyn{k: DNull}
	dynTrue  = &Dyn{k: DBool, n: 1}
	dynFalse = &Dyn{k: DBool}
)

// DynNull is the JSON null.
func DynNull() *Dyn { return dynNull }

// DynBool returns a dynamic bool.
func DynBool(b bool) *Dyn {
	if b {
		return dynTrue
	}
	return dynFalse
}

// DynLong returns a dynamic long.
func DynLong(n int64) *Dyn { return &Dyn{k: DLong, n: uint64(n)} }

// DynReal returns a dynamic real.
func DynReal(f float64) *Dyn { return &Dyn{k: DReal, n: math.Float64bits(f)} }

// DynString returns a dynamic string.
func DynString(s string) *Dyn { return &Dyn{k: DString, s: s} }

// DynGUID returns a dynamic guid.
func DynGUID(s string) *Dyn { return &Dyn{k: DGUID, s: s} }

// DynDateTime returns a dynamic datetime.
func DynDateTime(ticks int64) *Dyn { return &Dyn{k: DDateTime, n: uint64(ticks)} }

// DynTimeSpan returns a dynamic timespan.
func DynTimeSpan(ticks int64) *Dyn { return &Dyn{k: DTimeSpan, n: uint64(ticks)} }

// DynArray returns a dynamic array of the given elements (nil elements are
// stored as JSON null).
func DynArray(items []*Dyn) *Dyn {
	for i, it := range items {
		if it == nil {
			items[i] = dynNull
		}
	}
	return &Dyn{k: DArray, items: items}
}

// DynBag returns a property bag with keys and values in the given order.
// Keys must be distinct.
func DynBag(keys []string, vals []*Dyn) *Dyn {
	for i, it := range vals {
		if it == nil {
			vals[i] = dynNull
		}
	}
	return &Dyn{k: DBag, keys: keys, items: vals}
}

// Kind returns the kind; nil is DNull.
func (d *Dyn) Kind() DynKind {
	if d == nil {
		return DNull
	}
	return d.k
}

// IsNull reports whether d is null.
func (d *Dyn) IsNull() bool { return d == nil || d.k == DNull }

// AsBool returns the payload of a bool.
func (d *Dyn) AsBool() bool { return d.n != 0 }

// AsLong returns the payload of a long, datetime or timespan.
func (d *Dyn) AsLong() int64 { return int64(d.n) }

// AsReal returns the payload of a real.
func (d *Dyn) AsReal() float64 { return math.Float64frombits(d.n) }

// AsString returns the payload of a string or guid.
func (d *Dyn) AsString() string { return d.s }

func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// ParseJSON parses JSON text into a dynamic value. Arrays and bags stay raw
// (compacted) and are decoded lazily. ok is false when text is not valid
// JSON.
func ParseJSON(text string) (d *Dyn, ok bool) {
	b := bytes.TrimSpace(bytesOf(text))
	if len(b) == 0 {
		return nil, false
	}
	switch b[0] {
	case '{', '[':
		if !json.Valid(b) {
			return nil, false
		}
		var buf bytes.Buffer
		buf.Grow(len(b))
		if err := json.Compact(&buf, b); err != nil {
			return nil, false
		}
		k := DBag
		if b[0] == '[' {
			k = DArray
		}
		return &Dyn{k: k, s: buf.String(), raw: true}, true
	}
	if !json.Valid(b) {
		return nil, false
	}
	return fromToken(b, tokenType(b[0])), true
}

// RawJSON wraps compact, valid JSON of an array or bag without validating it.
// The caller guarantees validity (ingestion re-encodes every event).
func RawJSON(compact string) *Dyn {
	if len(compact) > 0 && compact[0] == '[' {
		return &Dyn{k: DArray, s: compact, raw: true}
	}
	return &Dyn{k: DBag, s: compact, raw: true}
}

func tokenType(c byte) jsonparser.ValueType {
	switch c {
	case '{':
		return jsonparser.Object
	case '[':
		return jsonparser.Array
	case '"':
		return jsonparser.String
	case 't', 'f':
		return jsonparser.Boolean
	case 'n':
		return jsonparser.Null
	}
	return jsonparser.Number
}

// fromToken builds a Dyn from one JSON value as jsonparser returns it
// (strings without their quotes, still escaped).
func fromToken(b []byte, t jsonparser.ValueType) *Dyn {
	switch t {
	case jsonparser.Object:
		return &Dyn{k: DBag, s: string(b), raw: true}
	case jsonparser.Array:
		return &Dyn{k: DArray, s: string(b), raw: true}
	case jsonparser.String:
		if len(b) > 0 && b[0] == '"' {
			b = b[1 : len(b)-1]
		}
		if bytes.IndexByte(b, '\\') < 0 {
			return &Dyn{k: DString, s: string(b)}
		}
		s, err := jsonparser.ParseString(b)
		if err != nil {
			return &Dyn{k: DString, s: string(b)}
		}
		return &Dyn{k: DString, s: s}
	case jsonparser.Boolean:
		return DynBool(len(b) > 0 && b[0] == 't')
	case jsonparser.Number:
		return parseNumber(b)
	}
	return dynNull
}

func parseNumber(b []byte) *Dyn {
	s := unsafe.String(unsafe.SliceData(b), len(b))
	if !strings.ContainsAny(s, ".eE") {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return DynLong(n)
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return dynNull
	}
	return DynReal(f)
}

// fromRawSub builds a Dyn for a value found inside raw JSON. It shares the
// parent's memory for raw containers and unescaped strings.
func fromRawSub(parent string, b []byte, t jsonparser.ValueType) *Dyn {
	switch t {
	case jsonparser.Object, jsonparser.Array:
		k := DBag
		if t == jsonparser.Array {
			k = DArray
		}
		return &Dyn{k: k, s: substr(parent, b), raw: true}
	case jsonparser.String:
		if bytes.IndexByte(b, '\\') < 0 {
			return &Dyn{k: DString, s: substr(parent, b)}
		}
	}
	return fromToken(b, t)
}

// substr returns b as a string sharing parent's memory when b lies inside it.
func substr(parent string, b []byte) string {
	if len(b) == 0 {
		return ""
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(parent)))
	q := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	if q >= p && q+uintptr(len(b)) <= p+uintptr(len(parent)) {
		off := int(q - p)
		return parent[off : off+len(b)]
	}
	return string(b)
}

// Get returns the value of key in a bag, or nil when d is not a bag or has
// no such key.
func (d *Dyn) Get(key string) *Dyn {
	if d == nil || d.k != DBag {
		return nil
	}
	if d.raw {
		v, t, _, err := jsonparser.Get(bytesOf(d.s), key)
		if err != nil {
			return nil
		}
		return fromRawSub(d.s, v, t)
	}
	for i, k := range d.keys {
		if k == key {
			return d.items[i]
		}
	}
	return nil
}

// Index returns element i of an array (negative i counts from the end), or
// nil when d is not an array or i is out of range.
func (d *Dyn) Index(i int) *Dyn {
	if d == nil || d.k != DArray {
		return nil
	}
	if !d.raw {
		if i < 0 {
			i += len(d.items)
		}
		if i < 0 || i >= len(d.items) {
			return nil
		}
		return d.items[i]
	}
	if i < 0 {
		i += d.Len()
		if i < 0 {
			return nil
		}
	}
	var out *Dyn
	k := 0
	_, _ = jsonparser.ArrayEach(bytesOf(d.s), func(v []byte, t jsonparser.ValueType, _ int, _ error) {
		if k == i {
			out = fromRawSub(d.s, v, t)
		}
		k++
	})
	return out
}

// Len is the number of elements of an array or keys of a bag; 0 otherwise.
func (d *Dyn) Len() int {
	if d == nil || (d.k != DArray && d.k != DBag) {
		return 0
	}
	if !d.raw {
		return len(d.items)
	}
	n := 0
	if d.k == DArray {
		_, _ = jsonparser.ArrayEach(bytesOf(d.s), func([]byte, jsonparser.ValueType, int, error) { n++ })
	} else {
		_ = jsonparser.ObjectEach(bytesOf(d.s), func([]byte, []byte, jsonparser.ValueType, int) error { n++; return nil })
	}
	return n
}

// Elems calls f for every element of an array in order; f returns false to stop.
func (d *Dyn) Elems(f func(i int, e *Dyn) bool) {
	if d == nil || d.k != DArray {
		return
	}
	if !d.raw {
		for i, e := range d.items {
			if !f(i, e) {
				return
			}
		}
		return
	}
	i := 0
	stop := false
	_, _ = jsonparser.ArrayEach(bytesOf(d.s), func(v []byte, t jsonparser.ValueType, _ int, _ error) {
		if stop {
			return
		}
		if !f(i, fromRawSub(d.s, v, t)) {
			stop = true
		}
		i++
	})
}

// Fields calls f for every key and value of a bag in order; f returns false to stop.
func (d *Dyn) Fields(f func(k string, v *Dyn) bool) {
	if d == nil || d.k != DBag {
		return
	}
	if !d.raw {
		for i, k := range d.keys {
			if !f(k, d.items[i]) {
				return
			}
		}
		return
	}
	_ = jsonparser.ObjectEach(bytesOf(d.s), func(k, v []byte, t jsonparser.ValueType, _ int) error {
		key := substr(d.s, k)
		if bytes.IndexByte(k, '\\') >= 0 {
			if u, err := jsonparser.ParseString(k); err == nil {
				key = u
			}
		}
		if !f(key, fromRawSub(d.s, v, t)) {
			return errStop
		}
		return nil
	})
}

type stopErr struct{}

func (stopErr) Error() string { return "stop" }

var errStop error = stopErr{}

// Items returns the elements of an array as a slice (decoding a raw array).
func (d *Dyn) Items() []*Dyn {
	if d == nil || d.k != DArray {
		return nil
	}
	if !d.raw {
		return d.items
	}
	var out []*Dyn
	d.Elems(func(_ int, e *Dyn) bool { out = append(out, e); return true })
	return out
}

// String renders d as Kusto's tostring(): strings and guids bare, datetimes
// and timespans as Kusto prints them, everything else as compact JSON.
// Null renders as "".
func (d *Dyn) String() string {
	if d == nil {
		return ""
	}
	switch d.k {
	case DNull:
		return ""
	case DString, DGUID:
		return d.s
	case DBool:
		if d.n != 0 {
			return "true"
		}
		return "false"
	case DLong:
		return strconv.FormatInt(int64(d.n), 10)
	case DReal:
		return FormatReal(d.AsReal())
	case DDateTime:
		return FormatDateTime(int64(d.n))
	case DTimeSpan:
		return FormatTimeSpan(int64(d.n))
	}
	if d.raw {
		return d.s
	}
	return string(d.AppendJSON(nil))
}

// JSON renders d as compact JSON ("null" for null).
func (d *Dyn) JSON() string {
	if d != nil && d.raw {
		return d.s
	}
	return string(d.AppendJSON(nil))
}

// AppendJSON appends the compact JSON of d to b.
func (d *Dyn) AppendJSON(b []byte) []byte {
	if d == nil {
		return append(b, "null"...)
	}
	switch d.k {
	case DNull:
		return append(b, "null"...)
	case DBool:
		if d.n != 0 {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case DLong:
		return strconv.AppendInt(b, int64(d.n), 10)
	case DReal:
		f := d.AsReal()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return strconv.AppendQuote(b, FormatReal(f))
		}
		return append(b, FormatReal(f)...)
	case DString, DGUID:
		return appendJSONString(b, d.s)
	case DDateTime:
		return appendJSONString(b, FormatDateTime(int64(d.n)))
	case DTimeSpan:
		return appendJSONString(b, FormatTimeSpan(int64(d.n)))
	}
	if d.raw {
		return append(b, d.s...)
	}
	if d.k == DArray {
		b = append(b, '[')
		for i, e := range d.items {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.AppendJSON(b)
		}
		return append(b, ']')
	}
	b = append(b, '{')
	for i, k := range d.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = d.items[i].AppendJSON(b)
	}
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

func appendJSONString(b []byte, s string) []byte { return appendJSONStringOpt(b, s, false) }

// appendJSONStringOpt appends s quoted; with html it also escapes <, > and
// & as \u00XX, as Go's encoding/json (and so the kube-apiserver) does.
func appendJSONStringOpt(b []byte, s string, html bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && (!html || (c != '<' && c != '>' && c != '&')) {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendJSONString appends s as a quoted JSON string.
func AppendJSONString(b []byte, s string) []byte { return appendJSONString(b, s) }

// AppendJSONStringHTML appends s as a quoted JSON string with <, > and &
// escaped the way Go's encoding/json writes them.
func AppendJSONStringHTML(b []byte, s string) []byte { return appendJSONStringOpt(b, s, true) }

// Scalar converts a scalar dynamic into its typed value (long, real, bool,
// string, datetime, timespan, guid). Arrays, bags and null give ok=false.
func (d *Dyn) Scalar() (v Value, ok bool) {
	switch d.Kind() {
	case DBool:
		return NewBool(d.n != 0), true
	case DLong:
		return NewLong(int64(d.n)), true
	case DReal:
		return NewReal(d.AsReal()), true
	case DString:
		return NewString(d.s), true
	case DGUID:
		return Value{T: GUID, S: d.s}, true
	case DDateTime:
		return NewDateTime(int64(d.n)), true
	case DTimeSpan:
		return NewTimeSpan(int64(d.n)), true
	}
	return Value{}, false
}

// TypeName is what typeof()/gettype() report for the content of a dynamic.
func (d *Dyn) TypeName() string {
	switch d.Kind() {
	case DNull:
		return "null"
	case DBool:
		return "bool"
	case DLong:
		return "long"
	case DReal:
		return "real"
	case DString:
		return "string"
	case DDateTime:
		return "datetime"
	case DTimeSpan:
		return "timespan"
	case DGUID:
		return "guid"
	case DArray:
		return "array"
	}
	return "dictionary"
}

// Equal reports deep equality of two dynamic values (numbers compare by value).
func (d *Dyn) Equal(o *Dyn) bool {
	dk, ok := d.Kind(), o.Kind()
	if dk == DNull || ok == DNull {
		return dk == ok
	}
	if (dk == DLong || dk == DReal) && (ok == DLong || ok == DReal) {
		if dk == DLong && ok == DLong {
			return d.n == o.n
		}
		return d.num() == o.num()
	}
	if dk != ok {
		return false
	}
	switch dk {
	case DArray, DBag:
		return d.JSON() == o.JSON()
	case DString, DGUID:
		return d.s == o.s
	}
	return d.n == o.n
}

func (d *Dyn) num() float64 {
	if d.k == DLong {
		return float64(int64(d.n))
	}
	return d.AsReal()
}

// Lookup follows a path of bag keys and array indexes ("[3]") in one pass
// over raw JSON, falling back to step-by-step access for built values. A
// missing step gives nil.
func (d *Dyn) Lookup(keys []string) *Dyn {
	if d == nil {
		return nil
	}
	indexed := false
	for _, k := range keys {
		if len(k) > 0 && k[0] == '[' {
			indexed = true
			break
		}
	}
	// jsonparser answers an index step applied to a scalar with the next
	// array it finds, so paths with indexes go step by step.
	if d.raw && !indexed {
		v, t, _, err := jsonparser.Get(bytesOf(d.s), keys...)
		if err != nil {
			return nil
		}
		return fromRawSub(d.s, v, t)
	}
	for _, k := range keys {
		if d == nil {
			return nil
		}
		if len(k) > 2 && k[0] == '[' && k[len(k)-1] == ']' {
			if n, err := strconv.Atoi(k[1 : len(k)-1]); err == nil {
				d = d.Index(n)
				continue
			}
		}
		d = d.Get(k)
	}
	return d
}
