package exec

import (
	"container/heap"
	"sort"
	"strings"
	"sync"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// sortRun is one input batch with its evaluated sort keys.
type sortRun struct {
	b    *value.Batch
	keys []*value.Vector
}

type rowRef struct {
	run int32
	row int32
}

// sorter compares rows by the keys of a sort or top.
type sorter struct {
	runs []sortRun
	keys []plan.SortKey
}

func (s *sorter) cmp(a, b rowRef) int {
	ra, rb := &s.runs[a.run], &s.runs[b.run]
	for k, key := range s.keys {
		va, vb := ra.keys[k], rb.keys[k]
		ia, ib := int(a.row), int(b.row)
		na, nb := va.IsNull(ia), vb.IsNull(ib)
		var c int
		switch {
		case na && nb:
			continue
		case na || nb:
			// Nulls go first or last whatever the direction.
			c = 1
			if na == key.NullsFirst {
				c = -1
			}
			return c
		default:
			c = compareValues(va, ia, vb, ib)
		}
		if c == 0 {
			continue
		}
		if key.Desc {
			c = -c
		}
		return c
	}
	return 0
}

// compareValues orders two non-null values of the same type.
func compareValues(a *value.Vector, i int, b *value.Vector, j int) int {
	switch {
	case a.T == value.Bool:
		return int(b2i(a.Bool(i)) - b2i(b.Bool(j)))
	case a.T.UsesInts():
		return cmpI(a.Int64(i), b.Int64(j))
	case a.T.UsesFloats():
		c := cmpF(a.Float(i), b.Float(j))
		if c == 2 {
			return 0
		}
		return c
	case a.T == value.String || a.T == value.GUID:
		return strings.Compare(a.Str(i), b.Str(j))
	}
	return strings.Compare(a.AsString(i), b.AsString(j))
}

// sort orders the input by keys; with limit >= 0 it keeps only the first
// limit rows (top), using a bounded heap per worker.
func (q *query) sort(in plan.Node, keys []plan.SortKey, limit int64) (*table.Table, error) {
	exprs := make([]plan.Expr, len(keys))
	for i, k := range keys {
		exprs[i] = k.X
	}
	var mu sync.Mutex
	runsBySeq := map[int]sortRun{}
	evs := make([][]evaluator, q.opts.Workers)
	for w := range evs {
		e, err := q.compiler().exprs(exprs)
		if err != nil {
			return nil, err
		}
		evs[w] = e
	}
	err := q.stream(in, func(w, seq int, b *value.Batch) error {
		if b.Rows() == 0 {
			return nil
		}
		if err := q.charge(batchBytes(b)); err != nil {
			return err
		}
		r := sortRun{b: b, keys: make([]*value.Vector, len(keys))}
		for k, ev := range evs[w] {
			r.keys[k] = ev(b)
		}
		mu.Lock()
		runsBySeq[seq] = r
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	s := &sorter{keys: keys}
	seqs := make([]int, 0, len(runsBySeq))
	for k := range runsBySeq {
		seqs = append(seqs, k)
	}
	sort.Ints(seqs)
	for _, k := range seqs {
		s.runs = append(s.runs, runsBySeq[k])
	}
	var refs []rowRef
	if limit >= 0 {
		h := &refHeap{s: s}
		for ri, r := range s.runs {
			r.b.ForEach(func(i int) {
				ref := rowRef{int32(ri), int32(i)}
				if int64(h.Len()) < limit {
					heap.Push(h, ref)
				} else if h.Len() > 0 && s.cmp(ref, h.refs[0]) < 0 {
					h.refs[0] = ref
					heap.Fix(h, 0)
				}
			})
		}
		refs = h.refs
	} else {
		for ri, r := range s.runs {
			r.b.ForEach(func(i int) { refs = append(refs, rowRef{int32(ri), int32(i)}) })
		}
	}
	sort.SliceStable(refs, func(a, b int) bool {
		c := s.cmp(refs[a], refs[b])
		if c != 0 {
			return c < 0
		}
		// Ties keep input order (stable across runs too).
		if refs[a].run != refs[b].run {
			return refs[a].run < refs[b].run
		}
		return refs[a].row < refs[b].row
	})
	return gatherRefs(in.Schema(), s.runs, refs), nil
}

// gatherRefs builds a table with the referenced rows in order.
func gatherRefs(schema value.Schema, runs []sortRun, refs []rowRef) *table.Table {
	b := table.NewBuilder("", schema)
	for _, r := range refs {
		cols := b.Cols()
		src := runs[r.run].b
		for c, v := range src.Cols {
			cols[c].Append(v, int(r.row))
		}
		b.Commit()
	}
	return b.Table()
}

// refHeap is a max-heap by sort order: its root is the worst row kept.
type refHeap struct {
	s    *sorter
	refs []rowRef
}

func (h *refHeap) Len() int           { return len(h.refs) }
func (h *refHeap) Less(i, j int) bool { return h.s.cmp(h.refs[i], h.refs[j]) > 0 }
func (h *refHeap) Swap(i, j int)      { h.refs[i], h.refs[j] = h.refs[j], h.refs[i] }
func (h *refHeap) Push(x any)         { h.refs = append(h.refs, x.(rowRef)) }
func (h *refHeap) Pop() any {
	n := len(h.refs)
	x := h.refs[n-1]
	h.refs = h.refs[:n-1]
	return x
}
