package storage

import (
	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// ridCol is the index of ReportId in ingest.Schema.
var ridCol = ingest.Schema.Index("ReportId")

// memtable holds the rows appended since the last flush, as column
// batches of table.BatchSize rows. Full batches are never written again,
// so snapshots share them; only the batch being filled is copied when a
// snapshot is taken. The store's mutex guards it.
type memtable struct {
	// id is the id of the extent this memtable will be flushed to; the
	// ReportId index names it as the owner of these rows, so a flush
	// changes nothing in the index.
	id uint64
	// walTo is set when the memtable is frozen for a flush: WAL segments
	// before it hold only rows of this or earlier memtables.
	walTo uint64

	full    []*value.Batch
	cur     *table.Builder // nil when no batch is being filled
	curRows int
	rows    int
}

func newMemtable(id uint64) *memtable { return &memtable{id: id} }

func (m *memtable) add(e *ingest.Event) {
	if m.cur == nil {
		m.cur = table.NewBuilder(ingest.TableName, ingest.Schema)
	}
	ingest.Append(m.cur, e)
	m.curRows++
	m.rows++
	if m.curRows == table.BatchSize {
		m.full = append(m.full, m.cur.Table().Batches...)
		m.cur, m.curRows = nil, 0
	}
}

// seal ends the batch being filled; a frozen memtable takes no more rows.
func (m *memtable) seal() {
	if m.cur != nil {
		m.full = append(m.full, m.cur.Table().Batches...)
		m.cur, m.curRows = nil, 0
	}
}

// batches returns the rows as batches that later appends do not touch:
// the full batches themselves and a copy of the one being filled.
func (m *memtable) batches() []*value.Batch {
	out := make([]*value.Batch, 0, len(m.full)+1)
	out = append(out, m.full...)
	if m.curRows > 0 {
		rows := make([]int32, m.curRows)
		for i := range rows {
			rows[i] = int32(i)
		}
		cols := m.cur.Cols()
		b := &value.Batch{Len: m.curRows, Cols: make([]*value.Vector, len(cols))}
		for i, c := range cols {
			b.Cols[i] = c.Gather(rows)
		}
		out = append(out, b)
	}
	return out
}

// eachReportID calls f with every row's ReportId until f returns false.
func (m *memtable) eachReportID(f func(id string) bool) {
	for _, b := range m.full {
		for _, s := range b.Cols[ridCol].S[:b.Len] {
			if !f(s) {
				return
			}
		}
	}
	if m.curRows > 0 {
		for _, s := range m.cur.Cols()[ridCol].S[:m.curRows] {
			if !f(s) {
				return
			}
		}
	}
}
