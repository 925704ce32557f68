package table

import "github.com/harrier-sec/harrier/internal/value"

// Source supplies a stored table's rows lazily, in independent parts that
// scan workers read in parallel (extent blocks, memtable batches). Tables
// backed by a Source leave Batches empty.
type Source interface {
	// TimeColumn is the index of the column parts are bounded by (their
	// rows' minimum and maximum), or -1.
	TimeColumn() int
	// Parts lists the parts that may hold rows matching spec: parts whose
	// time range lies outside [spec.MinTime, spec.MaxTime] are left out.
	Parts(spec ScanSpec) ([]Part, error)
	// Rows is the number of rows in the whole source.
	Rows() int
}

// Part is one independently readable run of rows.
type Part interface {
	// Read decodes the part. Columns the spec does not need may come back
	// as constant null vectors. Read must be safe to call from several
	// goroutines for different parts.
	Read(spec ScanSpec) (*value.Batch, error)
}

// RowPart is a Part that can decode only some rows' expensive values
// (whole dynamic documents), for rows that passed the filters run on other
// columns first. Rows not listed may come back null.
type RowPart interface {
	Part
	ReadRows(spec ScanSpec, rows []int32) (*value.Batch, error)
}

// ScanSpec is what a scan needs from a source: a time range (inclusive
// bounds in datetime ticks) and the columns it reads.
type ScanSpec struct {
	MinTime, MaxTime int64
	// Need marks the columns the query reads; nil means all.
	Need []bool
	// Paths are values inside dynamic columns the scan delivers as extra
	// dynamic columns after the schema's, in order (column len(schema)+k
	// holds Paths[k]), so that stores keeping them apart (shredded extent
	// sub-columns) never decode the whole value.
	Paths []ScanPath
	// Terms are conditions every returned row must meet (from the
	// query's leading filters): parts whose term filters prove that no row
	// holds the term may be skipped. Sources that cannot tell ignore them.
	Terms []TermCond
}

// TermCond says that column Column (a schema column, or len(schema)+k for
// Paths[k]) of every wanted row is a string holding all of Term's
// alphanumeric terms (Kusto's has, has_cs and == on strings imply it).
type TermCond struct {
	Column int
	Term   string
}

// ScanPath is one path of bag keys and array indexes ("[0]") inside the
// dynamic column Column.
type ScanPath struct {
	Column int
	Keys   []string
}

// LookupPaths computes spec's paths from the whole dynamic values of b:
// what a part without separately stored paths returns.
func LookupPaths(b *value.Batch, spec ScanSpec) []*value.Vector {
	out := make([]*value.Vector, len(spec.Paths))
	for k, p := range spec.Paths {
		src := b.Cols[p.Column]
		v := value.NewVector(value.Dynamic, b.Len)
		b.ForEach(func(i int) { v.D[i] = src.AsDyn(i).Lookup(p.Keys) })
		out[k] = v
	}
	return out
}

// FullScan reads every row and column.
var FullScan = ScanSpec{MinTime: value.MinDateTime, MaxTime: value.MaxDateTime}

// Needs reports whether column c is read.
func (s ScanSpec) Needs(c int) bool { return s.Need == nil || (c < len(s.Need) && s.Need[c]) }

// Overlaps reports whether [min, max] meets the spec's time range.
func (s ScanSpec) Overlaps(min, max int64) bool { return max >= s.MinTime && min <= s.MaxTime }

// Materialize reads every part of a source-backed table into batches (of
// the schema's columns only).
func Materialize(t *Table, spec ScanSpec) (*Table, error) {
	if t.Source == nil {
		return t, nil
	}
	parts, err := t.Source.Parts(spec)
	if err != nil {
		return nil, err
	}
	out := &Table{Name: t.Name, Schema: t.Schema}
	for _, p := range parts {
		b, err := p.Read(spec)
		if err != nil {
			return nil, err
		}
		if len(b.Cols) > len(t.Schema) {
			b = &value.Batch{Len: b.Len, Sel: b.Sel, Cols: b.Cols[:len(t.Schema)]}
		}
		out.Batches = append(out.Batches, b)
	}
	return out, nil
}

// BatchSource serves in-memory batches through the Source interface, with
// each batch's time range computed up front. Tests use it to run every
// query through the same pruning a stored table gets.
type BatchSource struct {
	batches []*value.Batch
	ranges  [][2]int64
	timeCol int
	rows    int
	schema  value.Schema
}

// NewBatchSource wraps t's batches; timeCol is the datetime column parts
// are bounded by, or -1.
func NewBatchSource(t *Table, timeCol int) *BatchSource {
	s := &BatchSource{timeCol: timeCol, schema: t.Schema}
	for _, b := range t.Batches {
		b = b.Compact()
		lo, hi := value.MaxDateTime, value.MinDateTime
		if timeCol >= 0 {
			v := b.Cols[timeCol]
			for i := 0; i < b.Len; i++ {
				if v.IsNull(i) {
					continue
				}
				x := v.Int64(i)
				lo, hi = min(lo, x), max(hi, x)
			}
		}
		s.batches = append(s.batches, b)
		s.ranges = append(s.ranges, [2]int64{lo, hi})
		s.rows += b.Len
	}
	return s
}

// TimeColumn implements Source.
func (s *BatchSource) TimeColumn() int { return s.timeCol }

// Rows implements Source.
func (s *BatchSource) Rows() int { return s.rows }

// Parts implements Source.
func (s *BatchSource) Parts(spec ScanSpec) ([]Part, error) {
	var out []Part
	for i, b := range s.batches {
		r := s.ranges[i]
		// A batch whose time column is all null has an empty range; it can
		// only match filters that do not bound time, so keep it then.
		if s.timeCol >= 0 && r[0] <= r[1] && !spec.Overlaps(r[0], r[1]) {
			continue
		}
		if s.timeCol >= 0 && r[0] > r[1] && (spec.MinTime > value.MinDateTime || spec.MaxTime < value.MaxDateTime) {
			continue
		}
		out = append(out, batchPart{b, s.schema})
	}
	return out, nil
}

type batchPart struct {
	b      *value.Batch
	schema value.Schema
}

// Read returns the batch with the columns the spec does not need replaced
// by null constants, so a scan that reads an unrequested column fails
// loudly in tests instead of passing by accident.
func (p batchPart) Read(spec ScanSpec) (*value.Batch, error) {
	if spec.Need == nil && len(spec.Paths) == 0 {
		return p.b, nil
	}
	out := &value.Batch{Len: p.b.Len, Cols: make([]*value.Vector, len(p.b.Cols), len(p.b.Cols)+len(spec.Paths))}
	for c, v := range p.b.Cols {
		if spec.Needs(c) {
			out.Cols[c] = v
		} else {
			out.Cols[c] = value.ConstVector(value.Null(p.schema[c].Type))
		}
	}
	out.Cols = append(out.Cols, LookupPaths(p.b, spec)...)
	return out, nil
}
