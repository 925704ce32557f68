package gen

import (
	"github.com/harrier-sec/harrier/internal/value"
	"strconv"
	"time"
)

// JSON is written by hand: encoding/json's reflection would dominate the
// cost of generating a million events.

// appendStr appends s as a JSON string escaped the way Go's encoding/json
// (and so the kube-apiserver) escapes it, including <, > and & as \u00XX.
func appendStr(b []byte, s string) []byte { return value.AppendJSONStringHTML(b, s) }

// appendKV appends ,"k":"v" (or "k":"v" when first).
func appendKV(b []byte, first bool, k, v string) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, k...)
	b = append(b, '"', ':')
	return appendStr(b, v)
}

// appendStrs appends a JSON array of strings.
func appendStrs(b []byte, xs []string) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(b, x)
	}
	return append(b, ']')
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

// appendTime appends a quoted UTC timestamp with the given number of
// fractional digits: 6 is what the apiserver writes (RFC3339Micro), 7 what
// ARM writes, 0 is metav1.Time (creationTimestamp).
func appendTime(b []byte, ns int64, digits int) []byte {
	t := time.Unix(0, ns).UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = append(b, '"')
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-')
	b = append2(b, int(mo))
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, 'T')
	b = append2(b, h)
	b = append(b, ':')
	b = append2(b, mi)
	b = append(b, ':')
	b = append2(b, s)
	if digits > 0 {
		b = append(b, '.')
		f := t.Nanosecond()
		for i := 0; i < 9-digits; i++ {
			f /= 10
		}
		var tmp [9]byte
		for i := digits - 1; i >= 0; i-- {
			tmp[i] = byte('0' + f%10)
			f /= 10
		}
		b = append(b, tmp[:digits]...)
	}
	return append(b, 'Z', '"')
}
