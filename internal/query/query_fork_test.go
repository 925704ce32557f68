package query_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/harrier-sec/harrier/internal/format"
	"github.com/harrier-sec/harrier/internal/query"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// cells renders a table's rows for comparison.
func cells(t *table.Table) [][]string {
	var out [][]string
	format.Rows(t, func(b *value.Batch, i int) {
		var row []string
		for _, v := range b.Cols {
			row = append(row, format.Cell(v.Get(i)))
		}
		out = append(out, row)
	})
	return out
}

func TestForkReturnsOneTablePerBranch(t *testing.T) {
	src := `print a = 0;
range x from 1 to 5 step 1
| fork (where x > 3) Totals = (summarize n = count()) (where x == 1 | as One)`
	for _, workers := range []int{1, 4} {
		res, err := query.Run(context.Background(), src, query.Catalog{}, query.Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		type result struct {
			Name  string
			Cells [][]string
		}
		var got []result
		for _, tb := range res.Tables {
			got = append(got, result{tb.Name, cells(tb)})
		}
		want := []result{
			{"", [][]string{{"0"}}},
			{"", [][]string{{"4"}, {"5"}}},
			{"Totals", [][]string{{"5"}}},
			{"One", [][]string{{"1"}}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("workers=%d: tables (-want +got):\n%s", workers, diff)
		}
		if len(res.Renders) != len(res.Tables) {
			t.Errorf("%d renders for %d tables", len(res.Renders), len(res.Tables))
		}
	}
}
