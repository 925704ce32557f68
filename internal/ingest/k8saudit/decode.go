// Package k8saudit decodes Kubernetes audit events (audit.k8s.io/v1) as the
// kube-apiserver writes them, through its log backend (JSON lines, maybe
// gzipped) or its webhook backend (EventList), into CloudAuditEvents rows
// (SPEC.md §1-2).
package k8saudit

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/value"
)

// Options describe where the events come from; they fill the columns the
// events themselves do not carry.
type Options struct {
	DataSource          string // default ingest.SourceKubernetes when empty
	ResourceId          string
	AzureResourceId     string     // set for AKS
	AwsResourceName     string     // set for EKS
	GcpFullResourceName string     // set for GKE
	AdditionalFields    *value.Dyn // optional, copied to every event
}

// RecordError reports one bad record; decoding continues after it.
// Line is 1-based; Offset is the byte offset of the record (of its line in
// JSON lines) in the decompressed input.
type RecordError struct {
	Line   int
	Offset int64
	Err    error
}

// Error renders the error as "line 12: <what is wrong>".
func (e *RecordError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns the cause.
func (e *RecordError) Unwrap() error { return e.Err }

// Stats counts what a decode saw.
type Stats struct {
	Events int   // events emitted
	Bad    int   // records reported as bad (and a fatal syntax error, if any)
	Lines  int   // lines read
	Bytes  int64 // bytes read after decompression
}

const (
	bufSize = 64 << 10
	// maxLineSize bounds one line in memory. It is far above an event
	// (the apiserver's truncation limit is 100 KiB) so that a webhook body
	// saved as one line (up to tens of MiB) still fits.
	maxLineSize = 256 << 20
)

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// Decode streams audit events from r and calls emit once per normalized
// event; emit may keep the event.
//
// r may be JSON lines (one Event per line, the log backend's format), a gzip
// stream of that (detected by its magic bytes), a single Event document, or
// EventList documents ({"kind":"EventList","items":[...]}, items possibly
// without kind/apiVersion), compact or pretty-printed. JSON lines are read
// line by line: a bad line is reported through onErr (if not nil) with its
// line number and skipped. Multi-line documents and EventLists are streamed
// with encoding/json tokens: a bad item is reported and skipped, but a
// syntax error ends the decode (the rest cannot be re-synchronised) and is
// returned as a *RecordError.
//
// emit returning an error stops decoding and Decode returns that error as
// it is. Read errors (a corrupt gzip stream) are returned too. Stats are
// valid in every case.
func Decode(r io.Reader, opts Options, emit func(*ingest.Event) error, onErr func(*RecordError)) (Stats, error) {
	return decode(r, &opts, emit, onErr, false)
}

// DecodeFile opens path and calls Decode. A file named *.gz must hold gzip
// data (or be empty: lumberjack creates it before compressing into it);
// any other file is decompressed if it starts with the gzip magic.
func DecodeFile(path string, opts Options, emit func(*ingest.Event) error, onErr func(*RecordError)) (Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return Stats{}, err
	}
	defer f.Close()
	return decode(f, &opts, emit, onErr, strings.HasSuffix(path, ".gz"))
}

type decoder struct {
	opts  *Options
	emit  func(*ingest.Event) error
	onErr func(*RecordError)
	stats Stats
	n     normalizer
	off   int64  // offset of the next unread byte
	long  []byte // a line longer than the read buffer
	// document mode
	raw    []byte // members of the current document
	fields []docField
	obj    []byte // a single-Event document put back together
	skip   []byte // scratch for values scanned only to be skipped
}

func decode(r io.Reader, opts *Options, emit func(*ingest.Event) error, onErr func(*RecordError), wantGzip bool) (Stats, error) {
	d := &decoder{opts: opts, emit: emit, onErr: onErr}
	br := bufio.NewReaderSize(r, bufSize)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return d.stats, fmt.Errorf("cannot read gzip header: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, bufSize)
	} else if wantGzip && len(magic) > 0 {
		return d.stats, errors.New("cannot decompress: not gzip data")
	}
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
		d.off = int64(len(utf8BOM))
	}
	var err error
	if sniffDocument(br) {
		err = d.documents(br)
	} else {
		err = d.lines(br)
	}
	return d.stats, err
}

// sniffDocument looks at the start of the input, waiting for no more data
// than it needs, and reports whether it must be read as JSON documents: a
// first object that spans lines (pretty-printed) or that is an EventList
// (a webhook body, streamed item by item). Anything else is JSON lines.
func sniffDocument(br *bufio.Reader) bool {
	var sn sniffer
	n := 1
	for {
		_, err := br.Peek(n)
		p, _ := br.Peek(br.Buffered())
		doc, decided := sn.scan(p)
		if decided || err != nil || len(p) >= br.Size() {
			return doc
		}
		n = len(p) + 1
	}
}

// sniff runs a sniffer over p.
func sniff(p []byte) (doc, decided bool) {
	var sn sniffer
	return sn.scan(p)
}

// sniffer follows the structure of the first JSON object of the input;
// invalid JSON is left to the decoders to report. It resumes where it
// stopped, so input that trickles in is not scanned again.
type sniffer struct {
	i         int // next byte to look at
	started   bool
	depth     int
	expectKey bool // the next string at depth 1 is a key
	kindKey   bool // the last key at depth 1 was "kind"
	inStr     bool
	esc       bool
	strStart  int
}

// scan continues over p, which extends what earlier calls saw; decided is
// false when p ends before the answer is known.
func (s *sniffer) scan(p []byte) (doc, decided bool) {
	for ; s.i < len(p); s.i++ {
		c := p[s.i]
		if s.inStr {
			switch {
			case s.esc:
				s.esc = false
			case c == '\\':
				s.esc = true
			case c == '"':
				s.inStr = false
				if s.depth == 1 {
					str := string(p[s.strStart+1 : s.i])
					if s.expectKey {
						s.expectKey, s.kindKey = false, str == "kind"
						if str == "items" {
							return true, true
						}
					} else if s.kindKey && str == "EventList" {
						return true, true
					}
				}
			}
			continue
		}
		if !s.started {
			if isSpace(c) {
				continue
			}
			if c != '{' {
				return false, true
			}
			s.started = true
		}
		switch c {
		case '"':
			s.inStr, s.strStart = true, s.i
		case '{', '[':
			s.depth++
			s.expectKey = c == '{' && s.depth == 1
		case '}', ']':
			s.depth--
			if s.depth <= 0 {
				return false, true // one object on one line
			}
		case ',':
			s.expectKey = s.depth == 1
		case '\n':
			return true, true
		}
	}
	return false, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// isBlank reports whether b holds only JSON white space.
func isBlank(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// lines decodes JSON lines.
func (d *decoder) lines(br *bufio.Reader) error {
	for {
		start := d.off
		line, tooLong, err := d.readLine(br)
		d.stats.Bytes = d.off
		if err != nil && err != io.EOF {
			// A partial last line is not a record: the input broke under it.
			return fmt.Errorf("cannot read line %d: %w", d.stats.Lines+1, err)
		}
		if len(line) > 0 || tooLong {
			d.stats.Lines++
			if err := d.line(line, tooLong, start); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine returns the next line, with its line feed if it has one. The
// slice is valid until the next call.
func (d *decoder) readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	if cap(d.long) > 16<<20 {
		d.long = nil // do not hold on to one huge line for the rest of a long decode
	}
	d.long = d.long[:0]
	for {
		frag, err := br.ReadSlice('\n')
		d.off += int64(len(frag))
		if err == bufio.ErrBufferFull {
			if !tooLong && len(d.long)+len(frag) > maxLineSize {
				tooLong, d.long = true, d.long[:0]
			}
			if !tooLong {
				d.long = append(d.long, frag...)
			}
			continue
		}
		if tooLong {
			return nil, true, err
		}
		if len(d.long) > 0 {
			d.long = append(d.long, frag...)
			frag = d.long
		}
		return frag, false, err
	}
}

// line decodes one line of JSON lines: an Event, or an EventList saved on
// one line.
func (d *decoder) line(line []byte, tooLong bool, off int64) error {
	lineNo := d.stats.Lines
	if tooLong {
		d.bad(lineNo, off, fmt.Errorf("line is longer than %d bytes", maxLineSize))
		return nil
	}
	if isBlank(line) {
		return nil
	}
	// The normalizer skips the blanks around the object, CRLF included, so
	// offsets in its errors count from the start of the line.
	ev, err := d.n.normalize(line, d.opts)
	if err == errEventList {
		return d.listLine(line, lineNo, off)
	}
	if err != nil {
		d.bad(lineNo, off, err)
		return nil
	}
	d.stats.Events++
	return d.emit(ev)
}

// listLine decodes the items of an EventList held in line, which the
// normalizer has validated.
func (d *decoder) listLine(line []byte, lineNo int, off int64) error {
	s := jsonScanner{src: line, dst: d.skip[:0]}
	defer func() { d.skip = s.dst[:0] }()
	s.ws()
	s.i++ // '{'
	for s.ws() && s.src[s.i] != '}' {
		key, err := s.key()
		if err != nil {
			return d.unreachable(lineNo, off, err)
		}
		s.ws()
		if string(key) != "items" || s.src[s.i] == 'n' {
			// Skip the value: what is copied to s.dst is thrown away.
			s.dst = s.dst[:0]
			if err := s.value(); err != nil {
				return d.unreachable(lineNo, off, err)
			}
		} else if s.src[s.i] != '[' {
			d.bad(lineNo, off, fmt.Errorf("items is a JSON %s, want an array", jsonKind(s.src[s.i])))
			return nil
		} else if err := d.listItems(&s, lineNo, off); err != nil {
			return err
		}
		if more, err := s.next('}', ""); err != nil {
			return d.unreachable(lineNo, off, err)
		} else if !more {
			break
		}
	}
	return nil
}

// listItems decodes the elements of the items array at s.i.
func (d *decoder) listItems(s *jsonScanner, lineNo int, off int64) error {
	s.i++ // '['
	s.ws()
	if s.src[s.i] == ']' {
		s.i++
		return nil
	}
	for i := 1; ; i++ {
		start := s.i
		s.dst = s.dst[:0]
		if err := s.value(); err != nil {
			return d.unreachable(lineNo, off, err)
		}
		itemOff := off + int64(start)
		if c := s.src[start]; c != '{' {
			d.bad(lineNo, itemOff, fmt.Errorf("item %d is a JSON %s, not an object", i, jsonKind(c)))
		} else if err := d.record(s.src[start:s.i], lineNo, itemOff, i); err != nil {
			return err
		}
		more, err := s.next(']', "")
		if err != nil {
			return d.unreachable(lineNo, off, err)
		}
		if !more {
			return nil
		}
	}
}

// unreachable reports a syntax error in a line the normalizer has already
// validated, rather than trusting that it cannot happen.
func (d *decoder) unreachable(lineNo int, off int64, err error) error {
	d.bad(lineNo, off, fmt.Errorf("BUG: cannot re-read EventList: %v", err))
	return nil
}

// record normalizes one Event (item > 0: the item-th of an EventList) and
// emits it or reports it.
func (d *decoder) record(data []byte, line int, off int64, item int) error {
	ev, err := d.n.normalize(data, d.opts)
	if err == errEventList {
		err = errors.New("EventList inside an EventList")
	}
	if err != nil {
		if item > 0 {
			err = fmt.Errorf("item %d: %w", item, err)
		}
		d.bad(line, off, err)
		return nil
	}
	d.stats.Events++
	return d.emit(ev)
}

func (d *decoder) bad(line int, off int64, err error) {
	d.stats.Bad++
	if d.onErr != nil {
		d.onErr(&RecordError{Line: line, Offset: off, Err: err})
	}
}
