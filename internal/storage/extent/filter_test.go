package extent

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/value"
)

// needlesOf derives needles that has() finds in s: runs of whole terms with
// their separators, in random letter case.
func needlesOf(r *rand.Rand, s string) []string {
	type span struct{ a, b int }
	var terms []span
	for i := 0; i < len(s); {
		if !isTermByte[s[i]] {
			i++
			continue
		}
		j := i
		for j < len(s) && isTermByte[s[j]] {
			j++
		}
		terms = append(terms, span{i, j})
		i = j
	}
	var out []string
	for range 3 {
		if len(terms) == 0 {
			break
		}
		a := r.IntN(len(terms))
		b := a + r.IntN(min(3, len(terms)-a))
		n := []byte(s[terms[a].a:terms[b].b])
		for i := range n {
			if r.IntN(2) == 0 && n[i] >= 'a' && n[i] <= 'z' {
				n[i] -= 'a' - 'A'
			}
		}
		out = append(out, string(n))
	}
	return out
}

// TestTermFilterNoFalseNegatives: for every value of every string and
// dynamic column (whole and shredded), needles has() finds in it must pass
// the filter of its block.
func TestTermFilterNoFalseNegatives(t *testing.T) {
	for _, rows := range []int{50, 3000} {
		t.Run(fmt.Sprint(rows), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(rows), 9))
			batches := randBatches(r, allTypes, rows)
			rd := writeOpen(t, allTypes, batches, WriteOptions{BlockRows: 700, ShredMinFraction: 0.01})
			checkNoFalseNegatives(t, rd, r)
		})
	}
	t.Run("generated", func(t *testing.T) {
		checkNoFalseNegatives(t, openGen(t), rand.New(rand.NewPCG(1, 1)))
	})
}

func checkNoFalseNegatives(t *testing.T, rd *Reader, r *rand.Rand) {
	t.Helper()
	m := rd.Meta()
	checked := 0
	for b := range m.Blocks {
		for c, col := range m.Columns {
			if col.Type != value.String && col.Type != value.GUID && col.Type != value.Dynamic {
				continue
			}
			req := ReadRequest{Columns: []int{c}}
			for _, sp := range col.Shredded {
				req.Paths = append(req.Paths, PathRequest{Column: c, Path: sp.Path})
			}
			bt, err := rd.ReadBlock(b, req)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range bt.Cols {
				may := func(needle string) bool { return rd.MayContainTerm(b, c, needle) }
				name := col.Name
				if k > 0 {
					p := req.Paths[k-1].Path
					may = func(needle string) bool { return rd.MayContainPathTerm(b, c, p, needle) }
					name += "." + p.String()
				}
				for i := 0; i < bt.Len; i++ {
					if r.IntN(4) != 0 && checked > 2000 {
						continue // sample big corpora
					}
					s := v.Get(i).String() // tostring(), as has() sees it
					for _, needle := range needlesOf(r, s) {
						if !fn.HasTerm(s, needle, false) {
							continue // non-ASCII folding and the like: not a has() match
						}
						checked++
						if !may(needle) {
							t.Fatalf("block %d %s row %d: filter rejects %q, which has() finds in %q", b, name, i, needle, s)
						}
					}
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d needles checked", checked)
	}
}

// TestTermFilterFalsePositives measures the false-positive rate of terms
// absent from a block, for a filter below its size cap.
func TestTermFilterFalsePositives(t *testing.T) {
	schema := value.Schema{{Name: "Timestamp", Type: value.DateTime}, {Name: "s", Type: value.String}}
	b := &value.Batch{Cols: []*value.Vector{value.NewVector(value.DateTime, 0), value.NewVector(value.String, 0)}}
	for i := range 8192 {
		b.Cols[0].AppendValue(value.NewDateTime(int64(i)))
		// 1000 distinct terms: 10 bits each is under the cap of 4 bits/row.
		b.Cols[1].AppendValue(value.NewString(fmt.Sprintf("user%d/ns-%d", i%800, i%200)))
		b.Len++
	}
	rd := writeOpen(t, schema, []*value.Batch{b}, WriteOptions{})
	fp, n := 0, 20000
	for i := range n {
		if rd.MayContainTerm(0, 1, fmt.Sprintf("absent%d", i)) {
			fp++
		}
	}
	if rate := float64(fp) / float64(n); rate > 0.03 {
		t.Errorf("false-positive rate %.3f, want <= 0.03", rate)
	} else {
		t.Logf("false-positive rate %.4f", rate)
	}
	for _, needle := range []string{"user5", "USER799", "ns", "user5/ns-5", "", "---", "NS-199"} {
		if !rd.MayContainTerm(0, 1, needle) {
			t.Errorf("MayContainTerm(%q) = false", needle)
		}
	}
	// Non-term and non-ASCII needles never prune; other types have no filter.
	for _, needle := range []string{"", "/", "usér"} {
		if !rd.MayContainTerm(0, 1, needle) {
			t.Errorf("MayContainTerm(%q) = false", needle)
		}
	}
	if !rd.MayContainTerm(0, 0, "x") {
		t.Errorf("datetime column pruned by a term")
	}
}

// TestTermFilterGUIDs measures pruning of whole-GUID needles in a column
// of unique ids, whose filter is capped: every one of a GUID's five terms
// must hit.
func TestTermFilterGUIDs(t *testing.T) {
	r := openGen(t)
	c := r.Meta().Schema().Index("ReportId")
	rng := rand.New(rand.NewPCG(5, 5))
	fp, n := 0, 0
	for b := range r.Meta().Blocks {
		for range 500 {
			n++
			if r.MayContainTerm(b, c, randUUID(rng, false)) {
				fp++
			}
		}
	}
	if rate := float64(fp) / float64(n); rate > 0.2 {
		t.Errorf("random GUIDs pass the ReportId filter %.3f of the time, want <= 0.2", rate)
	} else {
		t.Logf("random GUID false-positive rate %.4f", rate)
	}
}
