package query_test

import (
	"context"
	"sync"
	"testing"

	"github.com/harrier-sec/harrier/internal/kqltest"
	"github.com/harrier-sec/harrier/internal/query"
	"github.com/harrier-sec/harrier/internal/table"
)

// countingSource records what scans ask of a source.
type countingSource struct {
	*table.BatchSource
	mu    sync.Mutex
	parts int
	specs []table.ScanSpec
}

func (c *countingSource) Parts(spec table.ScanSpec) ([]table.Part, error) {
	p, err := c.BatchSource.Parts(spec)
	c.mu.Lock()
	c.parts += len(p)
	c.specs = append(c.specs, spec)
	c.mu.Unlock()
	return p, err
}

func TestScanPrunesTimeAndColumns(t *testing.T) {
	e := kqltest.NewMemEngine(10, 2)
	if err := e.Define("T", "range i from 0 to 99 step 1 | extend ts = datetime(2024-01-01) + i * 1h, s = tostring(i), n = i * 2"); err != nil {
		t.Fatal(err)
	}
	src := &countingSource{BatchSource: table.NewBatchSource(e.Cat["T"], 1)}
	cat := query.Catalog{"T": {Name: "T", Schema: e.Cat["T"].Schema, Source: src}}
	run := func(q string) int64 {
		t.Helper()
		res, err := query.Run(context.Background(), q, cat, query.Options{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		return res.Tables[0].Batches[0].Cols[0].Int64(0)
	}
	if got := run("T | where ts >= datetime(2024-01-04 10:00) and ts < datetime(2024-01-04 20:00) | project s | count"); got != 10 {
		t.Fatalf("count = %d, want 10", got)
	}
	if src.parts != 2 {
		t.Errorf("read %d parts, want 2 (hours 80-99; the others lie outside the time range)", src.parts)
	}
	spec := src.specs[0]
	if spec.Need == nil || !spec.Need[1] || !spec.Need[2] || spec.Need[0] || spec.Need[3] {
		t.Errorf("columns read = %v, want only ts and s", spec.Need)
	}
	src.parts = 0
	if got := run("T | where ts between (datetime(2024-01-01) .. datetime(2024-01-01 19:00)) | summarize sum(n)"); got != 380 {
		t.Fatalf("sum = %d, want 380", got)
	}
	if src.parts != 2 {
		t.Errorf("read %d parts, want 2", src.parts)
	}
}
