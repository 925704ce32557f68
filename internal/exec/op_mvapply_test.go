package exec

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/format"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/sema"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

type oneTable struct{ t *table.Table }

func (c oneTable) Table(name string) *table.Table {
	if name == c.t.Name {
		return c.t
	}
	return nil
}
func (c oneTable) TableNames() []string { return []string{c.t.Name} }

// randomArrays is table A(id, k, arr): arrays of 0-6 small longs with some
// nulls, some empty arrays and null arrays, cut into batches of size rows.
func randomArrays(r *rand.Rand, rows, size int) *table.Table {
	b := table.NewBuilder("A", value.Schema{{Name: "id", Type: value.Long}, {Name: "k", Type: value.Long}, {Name: "arr", Type: value.Dynamic}})
	for i := 0; i < rows; i++ {
		arr := value.NewDynamic(nil)
		if r.IntN(10) > 0 {
			items := make([]*value.Dyn, r.IntN(7))
			for j := range items {
				if r.IntN(8) > 0 {
					items[j] = value.DynLong(r.Int64N(10))
				}
			}
			arr = value.NewDynamic(value.DynArray(items))
		}
		b.AppendRow([]value.Value{value.NewLong(int64(i)), value.NewLong(r.Int64N(5)), arr})
	}
	t := b.Table()
	out := &table.Table{Name: t.Name, Schema: t.Schema}
	var cur *value.Batch
	format.Rows(t, func(bt *value.Batch, i int) {
		if cur == nil {
			cur = &value.Batch{Cols: make([]*value.Vector, len(t.Schema))}
			for c, col := range t.Schema {
				cur.Cols[c] = value.NewVector(col.Type, 0)
			}
		}
		for c, v := range bt.Cols {
			cur.Cols[c].Append(v, i)
		}
		if cur.Len++; cur.Len == size {
			out.Batches = append(out.Batches, cur)
			cur = nil
		}
	})
	if cur != nil {
		out.Batches = append(out.Batches, cur)
	}
	return out
}

func analyzeOn(t *testing.T, cat sema.Catalog, src string) plan.Node {
	t.Helper()
	script, err := syntax.Parse(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	q, err := sema.Analyze(src, script, cat, sema.Options{Now: 1})
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return q.Results[0].Plan
}

// findMvApply returns the mv-apply node under n.
func findMvApply(n plan.Node) *plan.MvApply {
	for n != nil {
		if m, ok := n.(*plan.MvApply); ok {
			return m
		}
		in := n.Inputs()
		if len(in) == 0 {
			return nil
		}
		n = in[0]
	}
	return nil
}

func renderRows(t *testing.T, tb *table.Table) []string {
	t.Helper()
	var out []string
	format.Rows(tb, func(b *value.Batch, i int) {
		cells := make([]string, len(b.Cols))
		for c, v := range b.Cols {
			cells[c] = format.Cell(v.Get(i))
		}
		out = append(out, strings.Join(cells, " | "))
	})
	return out
}

// TestMvApplyPathsAgree runs subqueries through the batched or segmented
// path the planner picks and through the per-row path, over random arrays
// and several batch sizes and worker counts: the rows and their order must
// be the same.
func TestMvApplyPathsAgree(t *testing.T) {
	subs := []string{
		`where x > k | extend y = x * k`,
		`project y = x + 1, id`,
		`summarize s = sum(x), c = count(), l = make_list(x), d = dcount(x)`,
		`summarize c = count() by m = x % 3`,
		`where x > 3 | summarize m = max(x), a = avg(x)`,
		// Ties broken by the item index: which of equal rows top keeps is
		// not specified.
		`top 2 by x desc, i asc`,
		`top 2 by x asc nulls first, i desc`,
		`sort by x asc | take 2`,
		`take 1`,
		`count`,
		`distinct x`,
		`top 3 by x, i | summarize make_list(x)`,
		`extend s = tostring(x) | parse-where s with d:long | summarize sum(d) by k`,
		`summarize c = count() by x | top 1 by c, x | project c`,
	}
	r := rand.New(rand.NewPCG(7, 8))
	for _, sub := range subs {
		for _, cfg := range []struct{ rows, batch, workers int }{{200, 1024, 1}, {200, 7, 3}, {50, 1, 2}} {
			tb := randomArrays(r, cfg.rows, cfg.batch)
			src := "A | mv-apply with_itemindex=i x = arr to typeof(long) on (" + sub + ")"
			p := analyzeOn(t, oneTable{tb}, src)
			m := findMvApply(p)
			want, err := Run(context.Background(), p, 1, Options{Workers: cfg.workers})
			if err != nil {
				t.Fatalf("%s: %v", sub, err)
			}
			// The per-row path runs when the subquery may read its sub-table
			// by name.
			perRow := *m
			perRow.Named, perRow.PerRow = true, true
			got, err := Run(context.Background(), &perRow, 1, Options{Workers: cfg.workers})
			if err != nil {
				t.Fatalf("%s per row: %v", sub, err)
			}
			if diff := cmp.Diff(renderRows(t, want), renderRows(t, got)); diff != "" {
				t.Errorf("%s (batch %d, workers %d): planned path vs per row (-planned +per row)\n%s", sub, cfg.batch, cfg.workers, diff)
			}
		}
	}
}

func TestMvApplyRowCap(t *testing.T) {
	tb := randomArrays(rand.New(rand.NewPCG(1, 1)), 500, 64)
	for _, sub := range []string{`take 10`, `where x >= 0`, `mv-expand y = pack_array(x, x)`} {
		p := analyzeOn(t, oneTable{tb}, "A | mv-apply x = arr on ("+sub+")")
		_, err := Run(context.Background(), p, 1, Options{Workers: 2, MaxRows: 100})
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Msg, "more than 100 rows") {
			t.Errorf("%s: got %v, want the row cap error", sub, err)
		}
	}
}

func TestMvApplyCancel(t *testing.T) {
	tb := randomArrays(rand.New(rand.NewPCG(1, 1)), 500, 64)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := analyzeOn(t, oneTable{tb}, "A | mv-apply x = arr on (mv-expand y = pack_array(x) | count)")
	if _, err := Run(ctx, p, 1, Options{Workers: 2}); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}
