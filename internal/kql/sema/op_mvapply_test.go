package sema

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/kql/plan"
)

// TestMvApplyPlan pins the sub-table schema, the output columns and the
// execution path mv-apply analysis picks.
func TestMvApplyPlan(t *testing.T) {
	type want struct {
		Source, Out string
		Outer       []int
		PerRow      bool
		Named       bool
	}
	f := func(q string, w want) {
		t.Helper()
		n, errs := analyzePlan(t, q)
		if errs != nil {
			t.Fatalf("%s: %v", q, errs)
		}
		m := n.(*plan.MvApply)
		got := want{schemaString(m.Source.Schema()), schemaString(m.Out), m.Outer, m.PerRow, m.Named}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", q, diff)
		}
	}
	// Expanded in place: d is not an outer column.
	f(`T | mv-apply d on (where n > 1)`, want{
		Source: "s:string, n:long, d:dynamic", Out: "s:string, n:long, d:dynamic", PerRow: false,
	})
	// Named expansions keep the source column; the subquery returns all.
	f(`T | mv-apply with_itemindex=i x = d to typeof(long) on (extend y = x)`, want{
		Source: "s:string, n:long, d:dynamic, x:long, i:long",
		Out:    "s:string, n:long, d:dynamic, x:long, i:long, y:long",
	})
	// Columns the subquery drops come back in front.
	f(`T | mv-apply x = d on (summarize c = count())`, want{
		Source: "s:string, n:long, d:dynamic, x:dynamic", Out: "s:string, n:long, d:dynamic, c:long",
		Outer: []int{0, 1, 2}, PerRow: true,
	})
	f(`T | mv-apply x = d on (project x, n = tostring(n))`, want{
		Source: "s:string, n:long, d:dynamic, x:dynamic", Out: "s:string, d:dynamic, x:dynamic, n:string",
		Outer: []int{0, 2}, PerRow: false,
	})
	// A name bound in the subquery forces the per-row path.
	f(`T | mv-apply x = d on (as S | where x == toscalar(S | take 1 | project x))`, want{
		Source: "s:string, n:long, d:dynamic, x:dynamic", Out: "s:string, n:long, d:dynamic, x:dynamic",
		PerRow: true, Named: true,
	})
	f(`T | mv-apply pack_array(n) on (take 1)`, want{
		Source: "s:string, n:long, d:dynamic, Column1:dynamic", Out: "s:string, n:long, d:dynamic, Column1:dynamic",
		PerRow: true,
	})
}
