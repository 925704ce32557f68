package demo

import (
	"os"
	"testing"
)

// The embedded copy must stay identical to the shared reference queries.
func TestSeedQueriesMatchReference(t *testing.T) {
	ref, err := os.ReadFile("../../../shared/reference/seed-queries.kql")
	if err != nil {
		t.Skipf("shared reference not present: %v", err)
	}
	if string(ref) != SeedQueries {
		t.Fatal("internal/demo/seed-queries.kql differs from shared/reference/seed-queries.kql; copy it again")
	}
}

func TestSplit(t *testing.T) {
	qs := Split(SeedQueries)
	if len(qs) != 4 {
		t.Fatalf("got %d queries, want 4", len(qs))
	}
	if qs[0].Title != "privileged pod deployment" {
		t.Errorf("first title = %q", qs[0].Title)
	}
	for _, q := range qs {
		if q.Text == "" || q.Text[:len("CloudAuditEvents")] != "CloudAuditEvents" {
			t.Errorf("query %q does not start with the table: %q", q.Title, q.Text)
		}
	}
}
