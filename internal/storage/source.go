package storage

import (
	"fmt"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/storage/extent"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// Table exposes the snapshot as the CloudAuditEvents table for queries:
// extent blocks and memtable batches are the parts scan workers read in
// parallel, blocks outside a query's time range are skipped from their
// statistics without being read, and only the columns a query uses are
// decoded. Extra batches (of ingest.Schema rows, such as events read from
// files for one query) are served along with the stored rows. The table is
// valid until the snapshot is released.
func (sn *Snapshot) Table(extra ...*value.Batch) *table.Table {
	return &table.Table{Name: ingest.TableName, Schema: ingest.Schema, Source: &snapshotSource{sn: sn, extra: extra}}
}

type snapshotSource struct {
	sn    *Snapshot
	extra []*value.Batch
}

// timeCol is Timestamp's index in ingest.Schema.
var timeCol = ingest.Schema.Index("Timestamp")

func (s *snapshotSource) TimeColumn() int { return timeCol }

func (s *snapshotSource) Rows() int {
	n := s.sn.Rows()
	for _, b := range s.extra {
		n += b.Len
	}
	return n
}

func (s *snapshotSource) Parts(spec table.ScanSpec) ([]table.Part, error) {
	var out []table.Part
	for _, r := range s.sn.Extents {
		m := r.Meta()
		if !spec.Overlaps(m.MinTime, m.MaxTime) {
			continue
		}
		cols, err := extentColumns(m)
		if err != nil {
			return nil, fmt.Errorf("extent %s: %w", r.Path(), err)
		}
		tc := cols[timeCol]
		for b, bm := range m.Blocks {
			st := bm.Columns[tc]
			if !st.Min.IsNull() && !st.Max.IsNull() && !spec.Overlaps(st.Min.I, st.Max.I) {
				continue
			}
			if !mayMatchTerms(r, m, b, cols, spec) {
				continue
			}
			out = append(out, &blockPart{r: r, block: b, rows: bm.Rows, cols: cols})
		}
	}
	for _, b := range s.sn.Memtable {
		out = append(out, memPart{b})
	}
	for _, b := range s.extra {
		out = append(out, memPart{b})
	}
	return out, nil
}

// extentColumns maps each ingest.Schema column to its index in the extent.
func extentColumns(m *extent.Meta) ([]int, error) {
	out := make([]int, len(ingest.Schema))
	for i, c := range ingest.Schema {
		out[i] = -1
		for j, ec := range m.Columns {
			if ec.Name == c.Name && ec.Type == c.Type {
				out[i] = j
				break
			}
		}
		if out[i] < 0 {
			return nil, fmt.Errorf("has no column %s of type %s", c.Name, c.Type)
		}
	}
	return out, nil
}

// blockPart is one extent block.
type blockPart struct {
	r     *extent.Reader
	block int
	rows  int
	cols  []int
}

func (p *blockPart) Read(spec table.ScanSpec) (*value.Batch, error) {
	return p.ReadRows(spec, nil)
}

// ReadRows implements table.RowPart: whole dynamic values are rebuilt only
// for the listed rows.
func (p *blockPart) ReadRows(spec table.ScanSpec, rows []int32) (*value.Batch, error) {
	req := extent.ReadRequest{Rows: rows}
	var where []int
	for i := range ingest.Schema {
		if spec.Needs(i) {
			req.Columns = append(req.Columns, p.cols[i])
			where = append(where, i)
		}
	}
	for _, sp := range spec.Paths {
		req.Paths = append(req.Paths, extent.PathRequest{Column: p.cols[sp.Column], Path: sp.Keys, AsDynamic: true})
	}
	out := &value.Batch{Len: p.rows, Cols: make([]*value.Vector, len(ingest.Schema), len(ingest.Schema)+len(spec.Paths))}
	if len(req.Columns)+len(req.Paths) > 0 {
		b, err := p.r.ReadBlock(p.block, req)
		if err != nil {
			return nil, err
		}
		out.Len = b.Len
		for k, i := range where {
			out.Cols[i] = b.Cols[k]
		}
		// Paths come from shredded sub-columns when the extent has them.
		out.Cols = append(out.Cols, b.Cols[len(where):]...)
	}
	for i, c := range ingest.Schema {
		if out.Cols[i] == nil {
			// Columns the query does not read: never decoded.
			out.Cols[i] = value.ConstVector(value.Null(c.Type))
		}
	}
	return out, nil
}

// memPart is one batch of not yet flushed rows.
type memPart struct{ b *value.Batch }

func (p memPart) Read(spec table.ScanSpec) (*value.Batch, error) {
	if len(spec.Paths) == 0 {
		return p.b, nil
	}
	out := &value.Batch{Len: p.b.Len, Sel: p.b.Sel, Cols: append(p.b.Cols[:len(p.b.Cols):len(p.b.Cols)], table.LookupPaths(p.b, spec)...)}
	return out, nil
}

// mayMatchTerms reports whether block b may hold rows meeting every term
// condition of spec. Only string columns and paths shredded as strings are
// checked: their term filters index exactly the values the conditions test.
func mayMatchTerms(r *extent.Reader, m *extent.Meta, b int, cols []int, spec table.ScanSpec) bool {
	width := len(ingest.Schema)
	for _, tc := range spec.Terms {
		if tc.Column < width {
			c := cols[tc.Column]
			if m.Columns[c].Type == value.String && !r.MayContainTerm(b, c, tc.Term) {
				return false
			}
			continue
		}
		k := tc.Column - width
		if k >= len(spec.Paths) {
			continue
		}
		sp := spec.Paths[k]
		c := cols[sp.Column]
		p := extent.Path(sp.Keys)
		j := r.ShreddedIndex(c, p)
		if j >= 0 && m.Columns[c].Shredded[j].Type == value.String && !r.MayContainPathTerm(b, c, p, tc.Term) {
			return false
		}
	}
	return true
}
