package exec_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/harrier-sec/harrier/internal/exec"
	"github.com/harrier-sec/harrier/internal/format"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/query"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// TestFacetTables runs every table of a facet: the with clause's table,
// then one count per facet column.
func TestFacetTables(t *testing.T) {
	src := `datatable(State:string, EventType:string, n:long) [
  "ALASKA", "Heavy Snow", 1,
  "ALASKA", "Heavy Snow", 2,
  "ALABAMA", "Heavy Rain", 3,
  "ARIZONA", "Heavy Rain", 4,
  "ALASKA", "Heavy Rain", 5]
| where State startswith "A" and EventType has "Heavy"
| facet by State, EventType
    with
    (
    where n between (2 .. 4)
    | project State, n
    | take 5
    )`
	p, err := query.Prepare(src, query.Catalog{}, query.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, ok := p.Q.Results[0].Plan.(*plan.Facet)
	if !ok {
		t.Fatalf("plan is %T, want *plan.Facet", p.Q.Results[0].Plan)
	}
	var got [][]string
	for _, n := range f.Results() {
		res, err := exec.Run(context.Background(), n, p.Q.Now, exec.Options{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, render(res))
	}
	want := [][]string{
		{"State:string | n:long", "ALASKA | 2", "ALABAMA | 3", "ARIZONA | 4"},
		{"State:string | count_State:long", "ALABAMA | 1", "ALASKA | 3", "ARIZONA | 1"},
		{"EventType:string | count_EventType:long", "Heavy Rain | 3", "Heavy Snow | 2"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("facet tables (-want +got):\n%s", d)
	}
}

// render is the schema line, then the rows (sorted for count tables).
func render(t *table.Table) []string {
	var cols []string
	for _, c := range t.Schema {
		cols = append(cols, c.Name+":"+c.Type.String())
	}
	out := []string{strings.Join(cols, " | ")}
	var rows []string
	format.Rows(t, func(b *value.Batch, i int) {
		cells := make([]string, len(t.Schema))
		for c := range t.Schema {
			cells[c] = format.Cell(b.Cols[c].Get(i))
		}
		rows = append(rows, strings.Join(cells, " | "))
	})
	if strings.Contains(out[0], "count_") {
		sort.Strings(rows)
	}
	return append(out, rows...)
}
