package exec_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/format"
	"github.com/harrier-sec/harrier/internal/kqltest"
	"github.com/harrier-sec/harrier/internal/query"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// joinRow is one row of the random join inputs: a nullable long key, a
// string key and a payload.
type joinRow struct {
	k    int64
	null bool
	s    string
	v    int64
}

// randomJoinRows makes n rows with keys from 0 to keys-1, times spread.
func randomJoinRows(r *rand.Rand, n, keys int, spread int64) []joinRow {
	rows := make([]joinRow, n)
	for i := range rows {
		rows[i] = joinRow{k: r.Int64N(int64(keys)) * spread, null: r.IntN(10) == 0, s: string(rune('a' + r.IntN(keys))), v: int64(i)}
		if r.IntN(7) == 0 {
			rows[i].s = ""
		}
	}
	return rows
}

func joinTable(name string, rows []joinRow, batch int) *table.Table {
	b := table.NewBuilder(name, value.Schema{{Name: "k", Type: value.Long}, {Name: "s", Type: value.String}, {Name: "v", Type: value.Long}})
	for _, r := range rows {
		k := value.NewLong(r.k)
		if r.null {
			k = value.Null(value.Long)
		}
		b.AppendRow([]value.Value{k, value.NewString(r.s), value.NewLong(r.v)})
	}
	return kqltest.Rebatch(b.Table(), batch)
}

// naiveJoin computes a join by nested loops, in the order harrier's join
// produces rows: left rows in order with their matches in right order, then
// the right rows only the right side contributes.
func naiveJoin(kind string, l, r []joinRow, eq func(a, b joinRow) bool) []string {
	cell := func(x joinRow) string {
		k := fmt.Sprint(x.k)
		if x.null {
			k = "null"
		}
		return fmt.Sprintf("%s|%s|%d", k, x.s, x.v)
	}
	const nullRight = "null||null"
	var out []string
	rightMatched := make([]bool, len(r))
	if kind == "innerunique" {
		var dedup []joinRow
		for i, a := range l {
			first := true
			for _, b := range l[:i] {
				if eq(a, b) {
					first = false
					break
				}
			}
			if first {
				dedup = append(dedup, a)
			}
		}
		l, kind = dedup, "inner"
	}
	for _, a := range l {
		n := 0
		for j, b := range r {
			if !eq(a, b) {
				continue
			}
			n++
			rightMatched[j] = true
			switch kind {
			case "inner", "leftouter", "rightouter", "fullouter":
				out = append(out, cell(a)+"|"+cell(b))
			}
		}
		switch {
		case kind == "leftsemi" && n > 0, kind == "leftanti" && n == 0:
			out = append(out, cell(a))
		case n == 0 && (kind == "leftouter" || kind == "fullouter"):
			out = append(out, cell(a)+"|"+nullRight)
		}
	}
	for j, b := range r {
		switch {
		case kind == "rightsemi" && rightMatched[j], kind == "rightanti" && !rightMatched[j]:
			out = append(out, cell(b))
		case !rightMatched[j] && (kind == "rightouter" || kind == "fullouter"):
			out = append(out, nullRight+"|"+cell(b))
		}
	}
	return out
}

func resultRows(t *table.Table) []string {
	var out []string
	format.Rows(t, func(b *value.Batch, i int) {
		cells := make([]string, len(b.Cols))
		for c, v := range b.Cols {
			cells[c] = format.Cell(v.Get(i))
			if cells[c] == `""` {
				cells[c] = ""
			}
		}
		out = append(out, strings.Join(cells, "|"))
	})
	return out
}

// TestJoinMatchesNestedLoops checks every kind against nested loops over
// random inputs with duplicate and null keys, for several batch sizes and
// worker counts, with either input the smaller (so either is indexed) and
// with the left input streamed or materialized first.
func TestJoinMatchesNestedLoops(t *testing.T) {
	keys := []struct {
		on string
		eq func(a, b joinRow) bool
	}{
		{"k", func(a, b joinRow) bool { return !a.null && !b.null && a.k == b.k }},
		{"s", func(a, b joinRow) bool { return a.s == b.s }},
		{"$right.k == $left.k", func(a, b joinRow) bool { return !a.null && !b.null && a.k == b.k }},
		{"$left.k == $right.k and $left.s == $right.s", func(a, b joinRow) bool { return !a.null && !b.null && a.k == b.k && a.s == b.s }},
	}
	kinds := []string{"innerunique", "inner", "leftouter", "rightouter", "fullouter", "leftsemi", "leftanti", "rightsemi", "rightanti"}
	sizes := []struct {
		left, right int
		// ordered: the right side is indexed, so rows come in the order
		// naiveJoin lists them; otherwise only the multiset is compared.
		ordered bool
		// spread multiplies the long keys: far apart, they are indexed by a
		// map rather than an array.
		spread int64
	}{{300, 80, true, 1}, {60, 250, false, 1}, {300, 80, true, 1_000_000_007}, {60, 250, false, -1 << 40}}
	// "sort by v asc" keeps the input order but hides the left's size, so
	// the left is materialized before the build side is chosen.
	lefts := []string{"L", "L | sort by v asc"}
	for si, size := range sizes {
		r := rand.New(rand.NewPCG(1, uint64(si)))
		left := randomJoinRows(r, size.left, 12, size.spread)
		right := randomJoinRows(r, size.right, 15, size.spread)
		for _, cfg := range []struct{ batch, workers int }{{1, 4}, {3, 2}, {16, 4}, {1024, 1}} {
			cat := query.Catalog{"L": joinTable("L", left, cfg.batch), "R": joinTable("R", right, cfg.batch)}
			for _, key := range keys {
				for _, kind := range kinds {
					for _, l := range lefts {
						q := fmt.Sprintf("%s | join kind=%s R on %s", l, kind, key.on)
						res, err := query.Run(context.Background(), q, cat, query.Options{Workers: cfg.workers})
						if err != nil {
							t.Fatalf("%s: %v", q, err)
						}
						want, got := naiveJoin(kind, left, right, key.eq), resultRows(res.Tables[0])
						if !size.ordered {
							slices.Sort(want)
							slices.Sort(got)
						}
						if diff := cmp.Diff(want, got); diff != "" {
							t.Errorf("sizes=%d/%d batch=%d workers=%d %s: (-want +got)\n%s", size.left, size.right, cfg.batch, cfg.workers, q, diff)
						}
					}
				}
			}
		}
	}
}

// TestJoinProbeWithSelection probes with a filtered left side, whose
// batches carry selection vectors.
func TestJoinProbeWithSelection(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	left := randomJoinRows(r, 200, 8, 1)
	right := randomJoinRows(r, 50, 8, 1)
	var kept []joinRow
	for _, x := range left {
		if x.v%3 != 0 {
			kept = append(kept, x)
		}
	}
	eq := func(a, b joinRow) bool { return !a.null && !b.null && a.k == b.k }
	cat := query.Catalog{"L": joinTable("L", left, 7), "R": joinTable("R", right, 5)}
	for _, kind := range []string{"innerunique", "inner", "leftouter", "fullouter", "leftsemi", "leftanti", "rightanti"} {
		q := fmt.Sprintf("L | where v %% 3 != 0 | join kind=%s R on k", kind)
		res, err := query.Run(context.Background(), q, cat, query.Options{Workers: 3})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if diff := cmp.Diff(naiveJoin(kind, kept, right, eq), resultRows(res.Tables[0])); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", q, diff)
		}
	}
}

// TestJoinRowCap ends a join that would exceed the row cap with an error.
func TestJoinRowCap(t *testing.T) {
	cat := query.Catalog{}
	f := func(q string, max int64, wantErr bool) {
		t.Helper()
		_, err := query.Run(context.Background(), q, cat, query.Options{Workers: 4, MaxRows: max})
		if (err != nil) != wantErr {
			t.Errorf("%s with MaxRows=%d: err = %v, want error %v", q, max, err, wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), "more than") {
			t.Errorf("%s: unexpected error %v", q, err)
		}
	}
	cross := `range i from 1 to 300 step 1 | extend k = 1 | join kind=inner (range j from 1 to 300 step 1 | extend k = 1) on k`
	f(cross, 100_000, false)
	f(cross, 50_000, true)
	f(`range i from 1 to 300 step 1 | extend k = 1 | join kind=fullouter (range j from 1 to 300 step 1 | extend k = 2) on k`, 500, true)
	unique := `range i from 1 to 300 step 1 | extend k = 1 | join (range j from 1 to 300 step 1 | extend k = 1) on k`
	f(unique, 300, false)
	f(unique, 299, true)
}
