package query_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/harrier-sec/harrier/internal/query"
)

func TestCancelledQueryStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := query.Run(ctx, "range i from 1 to 100000 step 1 | where i % 7 == 0 | count", query.Catalog{}, query.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	_, err := query.Run(ctx, "print 1", query.Catalog{}, query.Options{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestRowCap(t *testing.T) {
	_, err := query.Run(context.Background(), "range i from 1 to 1000 step 1", query.Catalog{}, query.Options{MaxRows: 100})
	if err == nil || !strings.Contains(err.Error(), "more than 100 rows") {
		t.Fatalf("err = %v, want the row cap error", err)
	}
	res, err := query.Run(context.Background(), "range i from 1 to 1000 step 1 | count", query.Catalog{}, query.Options{MaxRows: 10000})
	if err != nil || res.Tables[0].Rows() != 1 {
		t.Fatalf("res=%v err=%v", res, err)
	}
}

func TestSeveralStatementsAndErrors(t *testing.T) {
	res, err := query.Run(context.Background(), "print a = 1; print b = 2", query.Catalog{}, query.Options{})
	if err != nil || len(res.Tables) != 2 {
		t.Fatalf("res=%v err=%v", res, err)
	}
	_, err = query.Run(context.Background(), "print x = 1 | where y == 1 | project z", query.Catalog{}, query.Options{})
	var qe *query.Error
	if !errors.As(err, &qe) || len(qe.List) != 2 {
		t.Fatalf("err = %v, want both unknown columns reported", err)
	}
	out := qe.Format()
	if !strings.Contains(out, "1:21: failed to resolve column 'y'") || !strings.Contains(out, "^") {
		t.Errorf("formatted error:\n%s", out)
	}
}

func TestFacetReturnsSeveralTables(t *testing.T) {
	res, err := query.Run(context.Background(),
		`datatable(s:string, k:string)["a","x","b","x","a","y"] | facet by s, k`, query.Catalog{}, query.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tables) != 2 || res.Tables[0].Schema[0].Name != "s" || res.Tables[1].Schema[0].Name != "k" {
		t.Fatalf("facet gave %d tables: %v", len(res.Tables), res.Tables)
	}
}

func TestMemoryBudget(t *testing.T) {
	q := `range i from 1 to 200000 step 1 | extend s = strcat("row-", i) | sort by s`
	_, err := query.Run(context.Background(), q, query.Catalog{}, query.Options{MaxMemory: 1 << 20})
	if err == nil || !strings.Contains(err.Error(), "memory budget of 1 MiB") {
		t.Fatalf("err = %v, want the memory budget error", err)
	}
	q = `range i from 1 to 200000 step 1 | summarize count() by tostring(i)`
	if _, err := query.Run(context.Background(), q, query.Catalog{}, query.Options{MaxMemory: 1 << 20}); err == nil {
		t.Fatal("200,000 groups fit in 1 MiB")
	}
	if _, err := query.Run(context.Background(), q, query.Catalog{}, query.Options{MaxMemory: 1 << 30}); err != nil {
		t.Fatalf("within budget: %v", err)
	}
}
