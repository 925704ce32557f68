// Package table is the in-memory form of a table: a schema and column
// batches. Storage engines and sources produce tables; the executor scans them.
package table

import "github.com/harrier-sec/harrier/internal/value"

// BatchSize is the number of rows builders put in one batch.
const BatchSize = 2048

// Table is a named schema plus its data: batches without selection vectors,
// or a Source that reads stored data lazily.
type Table struct {
	Name    string
	Schema  value.Schema
	Batches []*value.Batch
	Source  Source
}

// Rows counts the rows of all batches (or of the source).
func (t *Table) Rows() int {
	if t.Source != nil {
		return t.Source.Rows()
	}
	n := 0
	for _, b := range t.Batches {
		n += b.Rows()
	}
	return n
}

// Builder appends rows to a table batch by batch.
type Builder struct {
	t    *Table
	cur  *value.Batch
	rows int
}

// NewBuilder returns a builder for a table with the given name and schema.
func NewBuilder(name string, schema value.Schema) *Builder {
	return &Builder{t: &Table{Name: name, Schema: schema}}
}

// Cols returns the vectors of the current batch, starting a new batch when
// needed. The caller appends exactly one value to each and then calls Commit.
func (b *Builder) Cols() []*value.Vector {
	if b.cur == nil {
		b.cur = &value.Batch{Cols: make([]*value.Vector, len(b.t.Schema))}
		for i, c := range b.t.Schema {
			b.cur.Cols[i] = value.NewVector(c.Type, 0)
		}
	}
	return b.cur.Cols
}

// Commit ends the row whose values were appended to Cols.
func (b *Builder) Commit() {
	b.cur.Len++
	b.rows++
	if b.cur.Len >= BatchSize {
		b.t.Batches = append(b.t.Batches, b.cur)
		b.cur = nil
	}
}

// AppendRow appends one row of values in schema order.
func (b *Builder) AppendRow(row []value.Value) {
	cols := b.Cols()
	for i, v := range row {
		cols[i].AppendValue(v)
	}
	b.Commit()
}

// Table finishes the table; the builder must not be used afterwards.
func (b *Builder) Table() *Table {
	if b.cur != nil && b.cur.Len > 0 {
		b.t.Batches = append(b.t.Batches, b.cur)
	}
	b.cur = nil
	return b.t
}

// Rows counts the rows appended so far.
func (b *Builder) Rows() int { return b.rows }
