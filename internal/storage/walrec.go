package storage

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/value"
)

// A WAL record holds the events one Append call added, in this layout
// (integers are unsigned LEB128 varints unless noted):
//
//	record  = version:byte count event*
//	event   = timestampDelta:zigzag-varint string*13 proxy:byte dyn dyn
//	string  = len bytes
//	dyn     = kind:byte [len bytes]
//
// Timestamps are deltas from the previous event's (the first from 0), so a
// batch in time order costs a byte or three per timestamp. The 13 strings
// are the string columns in schema order. proxy is 0 for unknown, 1 for
// false, 2 for true. A dyn of kind dynNone is null; dynRaw is the compact
// JSON of an array or bag, rebuilt with value.RawJSON without re-parsing;
// dynScalar is the JSON of a scalar, rebuilt with value.ParseJSON.
const walRecordVersion = 1

const (
	dynNone = iota
	dynRaw
	dynScalar
)

// encodeEvents appends the record for events to buf.
func encodeEvents(buf []byte, events []*ingest.Event) []byte {
	buf = append(buf, walRecordVersion)
	buf = binary.AppendUvarint(buf, uint64(len(events)))
	var prev int64
	for _, e := range events {
		buf = binary.AppendVarint(buf, e.Timestamp-prev)
		prev = e.Timestamp
		for _, s := range [...]string{
			e.ReportId, e.DataSource, e.ActionType, e.OperationName, e.ResourceId,
			e.AzureResourceId, e.AwsResourceName, e.GcpFullResourceName, e.IPAddress,
			e.CountryCode, e.City, e.Isp, e.UserAgent,
		} {
			buf = binary.AppendUvarint(buf, uint64(len(s)))
			buf = append(buf, s...)
		}
		switch {
		case e.IsAnonymousProxy == nil:
			buf = append(buf, 0)
		case *e.IsAnonymousProxy:
			buf = append(buf, 2)
		default:
			buf = append(buf, 1)
		}
		buf = appendDyn(buf, e.RawEventData)
		buf = appendDyn(buf, e.AdditionalFields)
	}
	return buf
}

func appendDyn(buf []byte, d *value.Dyn) []byte {
	if d.IsNull() {
		return append(buf, dynNone)
	}
	kind := byte(dynScalar)
	if k := d.Kind(); k == value.DArray || k == value.DBag {
		kind = dynRaw
	}
	buf = append(buf, kind)
	// JSON() of a raw value returns its text without copying; only built
	// values are rendered here.
	j := d.JSON()
	buf = binary.AppendUvarint(buf, uint64(len(j)))
	return append(buf, j...)
}

var errShortRecord = errors.New("record ends early")

// decodeEvents decodes a record written by encodeEvents. Strings of the
// result share one allocation, the record copied once, so a replayed
// memtable does not hold a million small strings.
func decodeEvents(rec []byte) ([]*ingest.Event, error) {
	d := recDecoder{s: string(rec)}
	if v := d.byte(); v != walRecordVersion {
		if d.err != nil {
			return nil, d.err
		}
		return nil, fmt.Errorf("unknown WAL record version %d", v)
	}
	n := d.uvarint()
	if d.err != nil {
		return nil, d.err
	}
	// Every event takes at least 17 bytes, which bounds a corrupt count.
	if n > uint64(len(rec))/17 {
		return nil, fmt.Errorf("WAL record claims %d events in %d bytes", n, len(rec))
	}
	events := make([]*ingest.Event, n)
	store := make([]ingest.Event, n)
	bools := [2]bool{false, true}
	var prev int64
	for i := range events {
		e := &store[i]
		prev += d.varint()
		e.Timestamp = prev
		for _, p := range [...]*string{
			&e.ReportId, &e.DataSource, &e.ActionType, &e.OperationName, &e.ResourceId,
			&e.AzureResourceId, &e.AwsResourceName, &e.GcpFullResourceName, &e.IPAddress,
			&e.CountryCode, &e.City, &e.Isp, &e.UserAgent,
		} {
			*p = d.str()
		}
		switch d.byte() {
		case 0:
		case 1:
			e.IsAnonymousProxy = &bools[0]
		case 2:
			e.IsAnonymousProxy = &bools[1]
		default:
			d.fail(errors.New("bad IsAnonymousProxy"))
		}
		e.RawEventData = d.dyn()
		e.AdditionalFields = d.dyn()
		if d.err != nil {
			return nil, fmt.Errorf("cannot decode WAL event %d: %w", i, d.err)
		}
		events[i] = e
	}
	if d.off != len(d.s) {
		return nil, fmt.Errorf("WAL record has %d trailing bytes", len(d.s)-d.off)
	}
	return events, nil
}

// recDecoder reads a record; the first error sticks and later reads return
// zero values, so callers check once per event.
type recDecoder struct {
	s   string
	off int
	err error
}

func (d *recDecoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.off = len(d.s)
}

func (d *recDecoder) byte() byte {
	if d.off >= len(d.s) {
		d.fail(errShortRecord)
		return 0
	}
	b := d.s[d.off]
	d.off++
	return b
}

func (d *recDecoder) uvarint() uint64 {
	var x uint64
	for shift := 0; shift < 64; shift += 7 {
		if d.off >= len(d.s) {
			d.fail(errShortRecord)
			return 0
		}
		b := d.s[d.off]
		d.off++
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return x
		}
	}
	d.fail(errors.New("varint overflows"))
	return 0
}

func (d *recDecoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (d *recDecoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.s)-d.off) {
		d.fail(errShortRecord)
		return ""
	}
	s := d.s[d.off : d.off+int(n)]
	d.off += int(n)
	return s
}

func (d *recDecoder) dyn() *value.Dyn {
	switch d.byte() {
	case dynNone:
		return nil
	case dynRaw:
		s := d.str()
		if s == "" || (s[0] != '{' && s[0] != '[') {
			d.fail(errors.New("bad raw dynamic value"))
			return nil
		}
		return value.RawJSON(s)
	case dynScalar:
		v, ok := value.ParseJSON(d.str())
		if !ok {
			d.fail(errors.New("bad scalar dynamic value"))
		}
		return v
	}
	d.fail(errors.New("bad dynamic kind"))
	return nil
}
