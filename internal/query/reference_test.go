package query_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/harrier-sec/harrier/internal/demo"
	"github.com/harrier-sec/harrier/internal/format"
	"github.com/harrier-sec/harrier/internal/gen"
	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/query"
	"github.com/harrier-sec/harrier/internal/storage"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// rows renders a result as "col=value" lines over the given columns,
// sorted; null and the empty string both render empty, as a JSON consumer
// of either sees no value.
func rows(t *table.Table, cols ...string) []string {
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = t.Schema.Index(c)
	}
	var out []string
	format.Rows(t, func(b *value.Batch, r int) {
		parts := make([]string, len(cols))
		for i, c := range cols {
			s := "<missing column>"
			if idx[i] >= 0 {
				s = b.Cols[idx[i]].Get(r).String()
			}
			parts[i] = c + "=" + s
		}
		out = append(out, strings.Join(parts, " "))
	})
	sort.Strings(out)
	return out
}

func ts(t time.Time) string { return value.FormatDateTime(value.TicksFromTime(t)) }

func want(lines []string) []string {
	sort.Strings(lines)
	return lines
}

func check(t *testing.T, name string, got, want []string) {
	t.Helper()
	if len(want) == 0 {
		t.Errorf("%s: the generated corpus has no expected rows; the test would prove nothing", name)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: got %d rows, want %d\ngot:\n%s\nwant:\n%s", name, len(got), len(want),
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestReferenceQueriesOnGeneratedCorpus runs the reference queries verbatim
// over the generator's corpus and compares with the rows the generator
// says it injected, for several corpus sizes, batch sizes and worker counts.
func TestReferenceQueriesOnGeneratedCorpus(t *testing.T) {
	qs := demo.Split(demo.SeedQueries)
	for _, events := range []int{5_000, 60_000} {
		cfg := gen.Config{Seed: int64(events), Events: events}
		tbl, truth := gen.Table(cfg)
		stored := storedTable(t, tbl)
		for _, c := range []struct {
			workers int
			store   bool
		}{{1, false}, {4, false}, {2, true}} {
			workers := c.workers
			t.Run(fmt.Sprintf("events=%d/workers=%d/store=%v", events, workers, c.store), func(t *testing.T) {
				cat := query.Catalog{ingest.TableName: tbl}
				if c.store {
					cat[ingest.TableName] = stored
				}
				run := func(i int) *table.Table {
					res, err := query.Run(context.Background(), qs[i].Text, cat, query.Options{Now: gen.DefaultEnd, Workers: workers})
					if err != nil {
						t.Fatalf("query %d: %v", i+1, err)
					}
					return res.Tables[0]
				}
				var w1 []string
				for _, p := range truth.PrivilegedPods {
					w1 = append(w1, fmt.Sprintf("Timestamp=%s AzureResourceId=%s OperationName=%s IPAddress=%s UserAgent=%s PodName=%s PodNamespace=%s ContainerName=%s Username=%s",
						ts(p.Timestamp), p.AzureResourceId, p.OperationName, p.IPAddress, p.UserAgent, p.PodName, p.PodNamespace, p.ContainerName, p.Username))
				}
				check(t, "query 1", rows(run(0), "Timestamp", "AzureResourceId", "OperationName", "IPAddress", "UserAgent", "PodName", "PodNamespace", "ContainerName", "Username"), want(w1))

				var w2 []string
				for _, e := range truth.KubeSystemExecs {
					w2 = append(w2, fmt.Sprintf("Timestamp=%s AzureResourceId=%s OperationName=%s IPAddress=%s UserAgent=%s PodName=%s PodNamespace=%s Username=%s ParsedCommand=%s",
						ts(e.Timestamp), e.AzureResourceId, e.OperationName, e.IPAddress, e.UserAgent, e.PodName, e.PodNamespace, e.Username, e.ParsedCommand))
				}
				check(t, "query 2", rows(run(1), "Timestamp", "AzureResourceId", "OperationName", "IPAddress", "UserAgent", "PodName", "PodNamespace", "Username", "ParsedCommand"), want(w2))

				var w3 []string
				for _, b := range truth.ClusterAdminBindings {
					w3 = append(w3, fmt.Sprintf("Timestamp=%s AzureResourceId=%s OperationName=%s ActionTakenBy=%s IPAddress=%s UserAgent=%s BindingName=%s SubjectName=%s SubjectKind=%s",
						ts(b.Timestamp), b.AzureResourceId, b.OperationName, b.ActionTakenBy, b.IPAddress, b.UserAgent, b.BindingName, b.SubjectName, b.SubjectKind))
				}
				check(t, "query 3", rows(run(2), "Timestamp", "AzureResourceId", "OperationName", "ActionTakenBy", "IPAddress", "UserAgent", "BindingName", "SubjectName", "SubjectKind"), want(w3))

				r4 := run(3)
				wantN := truth.VMWrites
				if wantN > 10 {
					wantN = 10
				}
				if r4.Rows() != wantN || wantN == 0 {
					t.Errorf("query 4: %d rows, want %d (of %d matching)", r4.Rows(), wantN, truth.VMWrites)
				}
				for _, l := range rows(r4, "OperationName", "Status") {
					if !strings.HasPrefix(l, "OperationName=Microsoft.Compute/virtualMachines/write Status=") || strings.HasSuffix(l, "Status=") {
						t.Errorf("query 4 row %q", l)
					}
				}
			})
		}
	}
}

// storedTable writes t's rows into a temporary store, flushed to extents
// (half of them, the rest left in the memtable), and returns its table.
func storedTable(t *testing.T, tbl *table.Table) *table.Table {
	t.Helper()
	st, err := storage.Open(storage.Options{Dir: t.TempDir(), NoSync: true, Retention: 100 * 365 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var events []*ingest.Event
	format.Rows(tbl, func(b *value.Batch, i int) {
		e := &ingest.Event{
			Timestamp: b.Cols[0].Int64(i), ReportId: b.Cols[1].Str(i), DataSource: b.Cols[2].Str(i),
			ActionType: b.Cols[3].Str(i), OperationName: b.Cols[4].Str(i), ResourceId: b.Cols[5].Str(i),
			AzureResourceId: b.Cols[6].Str(i), AwsResourceName: b.Cols[7].Str(i), GcpFullResourceName: b.Cols[8].Str(i),
			IPAddress: b.Cols[9].Str(i), CountryCode: b.Cols[11].Str(i), City: b.Cols[12].Str(i), Isp: b.Cols[13].Str(i),
			UserAgent: b.Cols[14].Str(i), RawEventData: b.Cols[15].Dyn(i), AdditionalFields: b.Cols[16].Dyn(i),
		}
		events = append(events, e)
	})
	half := len(events) / 2
	if _, err := st.Append(events[:half]); err != nil {
		t.Fatal(err)
	}
	if err := st.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Append(events[half:]); err != nil {
		t.Fatal(err)
	}
	sn := st.Snapshot()
	t.Cleanup(sn.Release)
	return sn.Table()
}
