package k8saudit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/harrier-sec/harrier/internal/value"
)

// lineReader counts lines under a json.Decoder, which only knows offsets.
type lineReader struct {
	r    io.Reader
	off  int64   // offset of the next byte to read
	nl   []int64 // offsets of the line feeds read and not yet forgotten
	base int     // line feeds forgotten
	last byte
	err  error // the first read error other than io.EOF
}

func (t *lineReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		t.nl = append(t.nl, t.off+int64(i+j))
		i += j + 1
	}
	if n > 0 {
		t.last = p[n-1]
	}
	t.off += int64(n)
	if err != nil && err != io.EOF && t.err == nil {
		t.err = err
	}
	return n, err
}

// line returns the 1-based line of the byte at off and forgets the line
// feeds before off, so memory stays bounded by the decoder's look-ahead.
// Offsets must not go backwards.
func (t *lineReader) line(off int64) int {
	i := sort.Search(len(t.nl), func(i int) bool { return t.nl[i] >= off })
	if i > 0 {
		t.base += i
		t.nl = t.nl[:copy(t.nl, t.nl[i:])]
	}
	return t.base + 1
}

// lines is the number of lines read so far.
func (t *lineReader) lines(start int64) int {
	n := t.base + len(t.nl)
	if t.off > start && t.last != '\n' {
		n++
	}
	return n
}

// docField is one top-level member of a document, kept until the document
// turns out to be a single Event.
type docField struct {
	key        string
	start, end int // value in decoder.raw
}

// documents decodes a stream of JSON documents: EventLists, whose items are
// streamed, and single Events.
func (d *decoder) documents(r io.Reader) error {
	base := d.off
	tr := &lineReader{r: r, off: base}
	dec := json.NewDecoder(tr)
	defer func() {
		d.stats.Lines = tr.lines(base)
		d.stats.Bytes = tr.off
	}()
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return d.fatal(tr, dec, base, err)
		}
		if tok != json.Delim('{') {
			off := base + dec.InputOffset()
			d.stats.Bad++
			return &RecordError{Line: tr.line(off), Offset: off,
				Err: fmt.Errorf("found a JSON %s, want an Event or EventList object", tokenKind(tok))}
		}
		start := base + dec.InputOffset() - 1 // the '{' just read
		if err := d.document(dec, tr, base, start); err != nil {
			return err
		}
	}
}

// document decodes the members of an object whose '{' has been read.
func (d *decoder) document(dec *json.Decoder, tr *lineReader, base, start int64) error {
	line := tr.line(start)
	d.raw, d.fields = d.raw[:0], d.fields[:0]
	kind, list := "", false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return d.fatal(tr, dec, base, err)
		}
		key := tok.(string) // the decoder only returns strings in key position
		if key == "items" && (kind == "" || kind == "EventList") {
			list = true
			tok, err := dec.Token()
			if err != nil {
				return d.fatal(tr, dec, base, err)
			}
			switch tok {
			case json.Delim('['):
				if err := d.items(dec, tr, base); err != nil {
					return err
				}
				if _, err := dec.Token(); err != nil { // ']'
					return d.fatal(tr, dec, base, err)
				}
			case nil:
			default:
				// An object here cannot be skipped with tokens alone; a list
				// this broken is not worth re-synchronising.
				off := base + dec.InputOffset()
				d.stats.Bad++
				return &RecordError{Line: tr.line(off), Offset: off,
					Err: fmt.Errorf("items is a JSON %s, want an array", tokenKind(tok))}
			}
			continue
		}
		// Decode appends to the RawMessage's backing array, so every member
		// lands in d.raw without an allocation of its own.
		at := len(d.raw)
		m := json.RawMessage(d.raw[at:at])
		if err := dec.Decode(&m); err != nil {
			return d.fatal(tr, dec, base, err)
		}
		d.raw = append(d.raw, m...)
		if key == "kind" {
			json.Unmarshal(m, &kind) // a non-string kind is reported by the normalizer
		}
		if !list {
			d.fields = append(d.fields, docField{key: key, start: at, end: len(d.raw)})
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return d.fatal(tr, dec, base, err)
	}
	if list || kind == "EventList" {
		return nil
	}
	// A single Event: put the members back together.
	obj := append(d.obj[:0], '{')
	for i, f := range d.fields {
		if i > 0 {
			obj = append(obj, ',')
		}
		obj = value.AppendJSONString(obj, f.key)
		obj = append(obj, ':')
		obj = append(obj, d.raw[f.start:f.end]...)
	}
	obj = append(obj, '}')
	d.obj = obj
	return d.record(obj, line, start, 0)
}

// items decodes the elements of an EventList's items after its '['.
func (d *decoder) items(dec *json.Decoder, tr *lineReader, base int64) error {
	var m json.RawMessage
	for i := 1; dec.More(); i++ {
		if err := dec.Decode(&m); err != nil {
			return d.fatal(tr, dec, base, err)
		}
		// Decode stops right after the value and RawMessage holds it without
		// surrounding space, so this is where the item starts.
		off := base + dec.InputOffset() - int64(len(m))
		line := tr.line(off)
		if m[0] != '{' {
			d.bad(line, off, fmt.Errorf("item %d is a JSON %s, not an object", i, jsonKind(m[0])))
			continue
		}
		if err := d.record(m, line, off, i); err != nil {
			return err
		}
	}
	return nil
}

// fatal turns an error of the JSON decoder into Decode's result.
func (d *decoder) fatal(tr *lineReader, dec *json.Decoder, base int64, err error) error {
	if tr.err != nil {
		return fmt.Errorf("cannot read input: %w", tr.err)
	}
	off := base + dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = base + se.Offset // the offending byte
	} else if err != io.ErrUnexpectedEOF {
		return fmt.Errorf("cannot decode JSON: %w", err)
	}
	d.stats.Bad++
	return &RecordError{Line: tr.line(off), Offset: off, Err: fmt.Errorf("invalid JSON: %w", err)}
}

// tokenKind names the JSON type of a token, for error messages.
func tokenKind(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return "array"
		}
		return "object"
	case string:
		return "string"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "number"
}
