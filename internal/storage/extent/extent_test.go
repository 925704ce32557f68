package extent

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/value"
)

// cell is one value in a comparable form: dynamic values as JSON text,
// floats as bits (NaN equals NaN).
type cell struct {
	Null bool
	I    int64
	F    uint64
	S    string
}

func cellOf(v *value.Vector, i int) cell {
	if v.IsNull(i) {
		if v.T == value.String {
			return cell{}
		}
		return cell{Null: true}
	}
	switch t := v.T; {
	case t == value.Bool:
		if v.Bool(i) {
			return cell{I: 1}
		}
		return cell{}
	case t.UsesInts():
		return cell{I: v.Int64(i)}
	case t.UsesFloats():
		return cell{F: math.Float64bits(v.Float(i))}
	case t == value.Dynamic:
		return cell{S: v.Dyn(i).JSON()}
	}
	return cell{S: v.Str(i)}
}

// expectedRows flattens batches (selection and constant vectors included)
// into rows and sorts them stably by the time column, nulls first.
func expectedRows(batches []*value.Batch, timeCol int) [][]cell {
	type row struct {
		t     int64
		cells []cell
	}
	var rows []row
	for _, b := range batches {
		b.ForEach(func(i int) {
			r := row{t: math.MinInt64}
			if tv := b.Cols[timeCol]; !tv.IsNull(i) {
				r.t = tv.Int64(i)
			}
			for _, v := range b.Cols {
				r.cells = append(r.cells, cellOf(v, i))
			}
			rows = append(rows, r)
		})
	}
	slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(a.t, b.t) })
	out := make([][]cell, len(rows))
	for i, r := range rows {
		out[i] = r.cells
	}
	return out
}

// readAll reads every block with every column.
func readAll(t *testing.T, r *Reader) [][]cell {
	t.Helper()
	m := r.Meta()
	all := make([]int, len(m.Columns))
	for c := range all {
		all[c] = c
	}
	var out [][]cell
	for b := range m.Blocks {
		bt, err := r.ReadBlock(b, ReadRequest{Columns: all})
		if err != nil {
			t.Fatalf("ReadBlock(%d): %v", b, err)
		}
		if bt.Len != m.Blocks[b].Rows || bt.Sel != nil {
			t.Fatalf("block %d: batch of %d rows (sel %v), meta says %d", b, bt.Len, bt.Sel != nil, m.Blocks[b].Rows)
		}
		for i := 0; i < bt.Len; i++ {
			row := make([]cell, len(all))
			for c, v := range bt.Cols {
				row[c] = cellOf(v, i)
			}
			out = append(out, row)
		}
	}
	return out
}

func writeOpen(t *testing.T, schema value.Schema, batches []*value.Batch, opts WriteOptions) *Reader {
	t.Helper()
	p := filepath.Join(t.TempDir(), "t.ext")
	m, err := Write(p, schema, batches, opts)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if m.Bytes != fi.Size() || r.Meta().Bytes != fi.Size() {
		t.Errorf("Bytes: Write says %d, Open says %d, file has %d", m.Bytes, r.Meta().Bytes, fi.Size())
	}
	// What Write returns is what Open reads.
	if d := gocmp.Diff(m, r.Meta(), gocmp.Comparer(valueEq)); d != "" {
		t.Errorf("Write and Open disagree on Meta (-write +open):\n%s", d)
	}
	if err := r.Verify(); err != nil {
		t.Errorf("Verify: %v", err)
	}
	return r
}

func valueEq(a, b value.Value) bool {
	if a.T != b.T || a.IsNull() != b.IsNull() {
		return false
	}
	if a.IsNull() {
		return true
	}
	return a.I == b.I && math.Float64bits(a.F) == math.Float64bits(b.F) && a.S == b.S && a.D.Equal(b.D)
}

// allTypes is a schema with every storable type, several string shapes so
// every string encoding is exercised, and two dynamic columns.
var allTypes = value.Schema{
	{Name: "Timestamp", Type: value.DateTime},
	{Name: "b", Type: value.Bool},
	{Name: "i", Type: value.Int},
	{Name: "l", Type: value.Long},
	{Name: "r", Type: value.Real},
	{Name: "dec", Type: value.Decimal},
	{Name: "s", Type: value.String},
	{Name: "sdict", Type: value.String},
	{Name: "suuid", Type: value.String},
	{Name: "stime", Type: value.String},
	{Name: "dt", Type: value.DateTime},
	{Name: "ts", Type: value.TimeSpan},
	{Name: "g", Type: value.GUID},
	{Name: "d", Type: value.Dynamic},
	{Name: "d2", Type: value.Dynamic},
}

const tsBase = int64(639000000000000000) // 2025-12

func randUUID(r *rand.Rand, upper bool) string {
	var u [16]byte
	for i := range u {
		u[i] = byte(r.IntN(256))
	}
	return string(appendUUID(nil, u[:], upper))
}

var words = []string{"pods", "secrets", "get", "List", "WATCH", "kube-system", "default", "system:serviceaccount:kube-system:foo",
	"Microsoft.Compute/virtualMachines/write", "café", "日本語", "a b\tc", "x\x00y", "\"quoted\"", `back\slash`, ""}

func randString(r *rand.Rand) string {
	switch r.IntN(10) {
	case 0:
		return ""
	case 1:
		return randUUID(r, r.IntN(2) == 0)
	case 2:
		n := 60 + r.IntN(20) // around the stats truncation length
		b := make([]byte, n)
		for i := range b {
			b[i] = "az\xff/"[r.IntN(4)]
		}
		return string(b)
	case 3:
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return string(b)
	case 4:
		return string(appendTimeText(nil, tsBase+r.Int64N(1e12), r.IntN(11)))
	}
	return words[r.IntN(len(words))] + fmt.Sprint(r.IntN(3))
}

func randDyn(r *rand.Rand, depth int) *value.Dyn { return randDynOf(r, depth, false) }

// randDynOf makes a random dynamic value; clean leaves out the raw JSON
// shapes a walker cannot read (duplicate keys, invalid text), so that
// blocks take the fast paths.
func randDynOf(r *rand.Rand, depth int, clean bool) *value.Dyn {
	k := r.IntN(12)
	if clean && k == 6 {
		k = 7
	}
	switch {
	case k == 0:
		return nil
	case k == 1:
		return value.DynLong(r.Int64N(1000) - 500)
	case k == 2:
		return value.DynString(randString(r))
	case k == 3:
		return value.DynBool(r.IntN(2) == 0)
	case k == 4:
		return value.DynReal(r.Float64())
	case k == 5 && depth < 3:
		items := make([]*value.Dyn, r.IntN(4))
		for i := range items {
			items[i] = randDynOf(r, depth+1, clean)
		}
		return value.DynArray(items)
	case k == 6:
		// Raw JSON with the shapes a walker can trip on.
		raw := []string{
			`{"a":1,"a":2}`, `{"Verb":"get","Verb":"list"}`, `{"User":{"name":"x"},"User":{"name":"y"}}`,
			`{"k\"q":"v","Verb":"create"}`, `{"[0]":1,"":2,"Verb":"patch"}`, `{"ObjectRef":{}}`,
			`{"Verb":"a\u00e9\n","code":-0,"big":1e999,"f":1.50,"n":null}`, "{\"Verb\":\"ctl\x01\"}",
			`{"Verb":"del" , "sp" : { "x" : [ 1 , 2 ] } }`, `[1,2,3]`, `{"Verb":"escaped\/slash"}`,
			`{"ObjectRef":{"resource":"pods","name":"p1"},"code":200}`, `{"code":"200"}`, `{"code":true}`,
		}
		return value.RawJSON(raw[r.IntN(len(raw))])
	}
	// A bag with keys that recur from row to row, so they get shredded.
	keys := []string{"Verb", "code", "ObjectRef", "mixed", "arr", "empty"}
	var ks []string
	var vs []*value.Dyn
	for _, key := range keys {
		if r.IntN(4) == 0 {
			continue
		}
		var v *value.Dyn
		switch key {
		case "Verb":
			v = value.DynString(words[r.IntN(len(words))])
		case "code":
			v = value.DynLong(int64(200 + r.IntN(5)))
		case "ObjectRef":
			if depth < 3 {
				v = value.DynBag([]string{"resource", "name", "sub"}, []*value.Dyn{
					value.DynString(words[r.IntN(4)]), value.DynString(randString(r)), randDynOf(r, depth+1, clean)})
			}
		case "mixed":
			v = randDynOf(r, depth+1, clean)
		case "arr":
			v = value.DynArray([]*value.Dyn{value.DynString("10.0.0." + fmt.Sprint(r.IntN(9)))})
		case "empty":
			v = value.DynBag(nil, nil)
		}
		ks = append(ks, key)
		vs = append(vs, v)
	}
	return value.DynBag(ks, vs)
}

func randValue(r *rand.Rand, col value.Column, row int) value.Value {
	null := r.IntN(10) == 0
	t := col.Type
	if null && t != value.String {
		return value.Null(t)
	}
	switch col.Name {
	case "Timestamp":
		return value.NewDateTime(tsBase + int64(r.IntN(50))*value.TicksPerSecond)
	case "b":
		return value.NewBool(r.IntN(2) == 0)
	case "i":
		return value.NewInt([]int64{0, 1, -1, math.MaxInt32, math.MinInt32, r.Int64N(1 << 20)}[r.IntN(6)])
	case "l":
		return value.NewLong([]int64{0, math.MaxInt64, math.MinInt64, r.Int64(), int64(row)}[r.IntN(5)])
	case "r", "dec":
		f := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), r.NormFloat64() * 1e6}[r.IntN(6)]
		return value.Value{T: t, F: f}
	case "s":
		return value.NewString(randString(r))
	case "sdict":
		return value.NewString(words[r.IntN(4)])
	case "suuid":
		// Mostly lower-case UUIDs, with exceptions as ReportId has.
		switch r.IntN(40) {
		case 0:
			return value.NewString(randUUID(r, true))
		case 1:
			return value.NewString(randUUID(r, false) + "/ResponseStarted")
		}
		return value.NewString(randUUID(r, false))
	case "stime":
		return value.NewString(string(appendTimeText(nil, tsBase+r.Int64N(1e10), 6)))
	case "dt":
		return value.NewDateTime([]int64{0, value.MaxDateTime, tsBase + r.Int64N(1e15)}[r.IntN(3)])
	case "ts":
		return value.NewTimeSpan(r.Int64N(2e12) - 1e12)
	case "g":
		return value.Value{T: value.GUID, S: randUUID(r, false)}
	case "d":
		return value.NewDynamic(randDyn(r, 0))
	case "d2":
		return value.NewDynamic(randDynOf(r, 0, true))
	}
	panic("no generator for " + col.Name)
}

// randBatches builds n rows in batches of assorted shapes: plain, with a
// selection vector over junk rows, and with constant columns.
func randBatches(r *rand.Rand, schema value.Schema, n int) []*value.Batch {
	var out []*value.Batch
	row := 0
	for row < n {
		size := min(n-row, 1+r.IntN(300))
		shape := r.IntN(3)
		phys := size
		if shape == 1 {
			phys = 2*size + 1
		}
		b := &value.Batch{Len: phys, Cols: make([]*value.Vector, len(schema))}
		for c, col := range schema {
			if shape == 2 && r.IntN(2) == 0 {
				b.Cols[c] = value.ConstVector(randValue(r, col, row))
				continue
			}
			v := value.NewVector(col.Type, 0)
			for i := 0; i < phys; i++ {
				v.AppendValue(randValue(r, col, row+i))
			}
			b.Cols[c] = v
		}
		if shape == 1 {
			for i := 0; i < phys; i += 2 {
				b.Sel = append(b.Sel, int32(i))
			}
			b.Sel = b.Sel[:size]
		}
		out = append(out, b)
		row += size
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		rows, blockRows int
		shredMax        int
	}{
		{1, 0, 0}, {2, 1, 0}, {7, 3, 0}, {500, 64, 0}, {3000, 0, 0}, {3000, 1000, -1}, {2500, 333, 0}, {2000, 100, 3},
	} {
		t.Run(fmt.Sprintf("rows=%d,block=%d,shredmax=%d", tc.rows, tc.blockRows, tc.shredMax), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(tc.rows), uint64(tc.blockRows)))
			batches := randBatches(r, allTypes, tc.rows)
			opts := WriteOptions{BlockRows: tc.blockRows, ShredMinFraction: 0.01, ShredMax: tc.shredMax}
			rd := writeOpen(t, allTypes, batches, opts)
			want := expectedRows(batches, 0)
			got := readAll(t, rd)
			if d := gocmp.Diff(want, got); d != "" {
				t.Fatalf("rows differ (-want +got):\n%s", d)
			}
			m := rd.Meta()
			if m.Rows != tc.rows {
				t.Errorf("Rows = %d, want %d", m.Rows, tc.rows)
			}
			if tc.shredMax >= 0 && tc.rows >= 100 && len(m.Columns[13].Shredded) == 0 {
				t.Errorf("nothing shredded in column d")
			}
			checkStats(t, rd, want)
			checkPaths(t, rd, want)
		})
	}
}

func TestEmpty(t *testing.T) {
	rd := writeOpen(t, allTypes, nil, WriteOptions{})
	m := rd.Meta()
	if m.Rows != 0 || len(m.Blocks) != 0 || m.MinTime != 0 || m.MaxTime != 0 {
		t.Errorf("empty extent meta: %+v", m)
	}
	if _, err := rd.ReadBlock(0, ReadRequest{}); err == nil {
		t.Errorf("ReadBlock(0) of an empty extent succeeded")
	}
}

// TestSortStable checks the time sort keeps input order for equal times.
func TestSortStable(t *testing.T) {
	schema := value.Schema{{Name: "Timestamp", Type: value.DateTime}, {Name: "n", Type: value.Long}}
	b := &value.Batch{Cols: []*value.Vector{value.NewVector(value.DateTime, 0), value.NewVector(value.Long, 0)}}
	for i := range 1000 {
		b.Cols[0].AppendValue(value.NewDateTime(int64(1000 - i%7)))
		b.Cols[1].AppendValue(value.NewLong(int64(i)))
		b.Len++
	}
	rd := writeOpen(t, schema, []*value.Batch{b}, WriteOptions{BlockRows: 100})
	got := readAll(t, rd)
	for k := 1; k < len(got); k++ {
		if got[k][0].I < got[k-1][0].I || got[k][0].I == got[k-1][0].I && got[k][1].I < got[k-1][1].I {
			t.Fatalf("row %d out of order: %v after %v", k, got[k], got[k-1])
		}
	}
	if m := rd.Meta(); m.MinTime != 994 || m.MaxTime != 1000 {
		t.Errorf("MinTime, MaxTime = %d, %d; want 994, 1000", m.MinTime, m.MaxTime)
	}
}

func TestWriteErrors(t *testing.T) {
	dir := t.TempDir()
	f := func(schema value.Schema, batches []*value.Batch, opts WriteOptions, want string) {
		t.Helper()
		p := filepath.Join(dir, "e.ext")
		_, err := Write(p, schema, batches, opts)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Write error = %v, want it to contain %q", err, want)
		}
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("failed Write left %s", p)
		}
	}
	ts := value.Schema{{Name: "Timestamp", Type: value.DateTime}}
	f(value.Schema{{Name: "x", Type: value.Long}}, nil, WriteOptions{}, `no time column "Timestamp"`)
	f(value.Schema{{Name: "Timestamp", Type: value.Long}}, nil, WriteOptions{}, "not datetime")
	f(ts, []*value.Batch{{Len: 1, Cols: []*value.Vector{value.NewVector(value.Long, 1)}}}, WriteOptions{}, "is long, schema says datetime")
	f(ts, []*value.Batch{{Len: 2, Cols: []*value.Vector{value.NewVector(value.DateTime, 1)}}}, WriteOptions{}, "has 1 rows, batch has 2")
	f(ts, []*value.Batch{{Len: 1, Cols: nil}}, WriteOptions{}, "has 0 columns")
	f(append(ts, value.Column{Name: "u", Type: value.Unknown}), nil, WriteOptions{}, "unsupported type")
}

// TestAtomicWrite fails Write at each stage: no file appears under the
// final name and no temporary file is left behind.
func TestAtomicWrite(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	batches := randBatches(r, allTypes, 300)
	for _, stage := range []string{"block", "footer", "sync"} {
		t.Run(stage, func(t *testing.T) {
			dir := t.TempDir()
			testHook = func(s string) error {
				if s == stage {
					return errors.New("injected failure")
				}
				return nil
			}
			defer func() { testHook = nil }()
			p := filepath.Join(dir, "a.ext")
			if _, err := Write(p, allTypes, batches, WriteOptions{BlockRows: 100}); err == nil || !strings.Contains(err.Error(), "injected failure") {
				t.Fatalf("Write error = %v, want the injected failure", err)
			}
			ents, _ := os.ReadDir(dir)
			if len(ents) != 0 {
				t.Errorf("failed Write left %v", ents)
			}
		})
	}
}

// checkStats compares every block's statistics with the rows.
func checkStats(t *testing.T, rd *Reader, rows [][]cell) {
	t.Helper()
	m := rd.Meta()
	minT, maxT, seen := int64(0), int64(0), false
	for b, bm := range m.Blocks {
		blk := rows[bm.Offset : bm.Offset+bm.Rows]
		for c, col := range m.Columns {
			st := bm.Columns[c]
			nulls := 0
			var vals []value.Value
			for _, row := range blk {
				x := row[c]
				if x.Null {
					nulls++
					continue
				}
				v := value.Value{T: col.Type, I: x.I, F: math.Float64frombits(x.F), S: x.S}
				if col.Type.UsesFloats() && math.IsNaN(v.F) {
					continue
				}
				vals = append(vals, v)
			}
			if st.Nulls != nulls {
				t.Errorf("block %d column %s: Nulls = %d, want %d", b, col.Name, st.Nulls, nulls)
			}
			if col.Type == value.Dynamic {
				if !st.Min.IsNull() || !st.Max.IsNull() {
					t.Errorf("block %d column %s: dynamic has bounds %v %v", b, col.Name, st.Min, st.Max)
				}
				continue
			}
			if len(vals) == 0 {
				if !st.Min.IsNull() && !(col.Type.UsesFloats() && math.IsNaN(st.Min.F)) {
					t.Errorf("block %d column %s: bounds %v..%v without values", b, col.Name, st.Min, st.Max)
				}
				continue
			}
			lo, hi := vals[0], vals[0]
			for _, v := range vals {
				if less(v, lo) {
					lo = v
				}
				if less(hi, v) {
					hi = v
				}
			}
			if col.Type == value.String || col.Type == value.GUID {
				if st.Min.S != truncMin(lo.S) || st.Max.S != truncMax(hi.S) || st.Min.S > lo.S || st.Max.S < hi.S {
					t.Errorf("block %d column %s: bounds %q..%q, values %q..%q", b, col.Name, st.Min.S, st.Max.S, lo.S, hi.S)
				}
				continue
			}
			if !valueEq(st.Min, lo) || !valueEq(st.Max, hi) {
				t.Errorf("block %d column %s: bounds %v..%v, want %v..%v", b, col.Name, st.Min, st.Max, lo, hi)
			}
			if c == 0 {
				if !seen {
					minT, maxT, seen = lo.I, hi.I, true
				}
				minT, maxT = min(minT, lo.I), max(maxT, hi.I)
			}
		}
	}
	if m.MinTime != minT || m.MaxTime != maxT {
		t.Errorf("MinTime, MaxTime = %d, %d; want %d, %d", m.MinTime, m.MaxTime, minT, maxT)
	}
}

// checkPaths reads every shredded path of every dynamic column, plus paths
// that are not shredded (prefixes, deeper paths, array steps, missing
// keys), and compares each row with Lookup on the whole value.
func checkPaths(t *testing.T, rd *Reader, rows [][]cell) {
	t.Helper()
	m := rd.Meta()
	for c, col := range m.Columns {
		if col.Type != value.Dynamic {
			continue
		}
		paths := []Path{{"nosuch"}, {"ObjectRef"}, {"ObjectRef", "sub", "resource"}, {"arr", "[0]"}, {"mixed", "[1]"},
			{"Verb", "x"}, {"code", "x"}, {"ObjectRef", "sub", "[0]"}, {"empty", "x"}, {"sp", "x", "[1]"},
			{"mixed", "[0]", "Verb"}, {"mixed", "ObjectRef", "sub", "[2]"}, {"arr", "[-1]"}, {"arr", "[00]"}, {"ObjectRef", "name"},
			{"mixed", "arr", "[0]"}, {"code"}, {"empty"}, {"mixed", "empty"}, {"[0]"}}
		for _, sp := range col.Shredded {
			paths = append(paths, sp.Path)
			// Under a shredded path: served from the sub-column.
			paths = append(paths, append(slices.Clip(sp.Path), "[0]"), append(slices.Clip(sp.Path), "resource"))
		}
		checkColumnPaths(t, rd, c, paths, rows)
	}
}

func checkColumnPaths(t *testing.T, rd *Reader, c int, paths []Path, rows [][]cell) {
	t.Helper()
	m := rd.Meta()
	req := ReadRequest{Columns: []int{c}}
	for _, p := range paths {
		req.Paths = append(req.Paths, PathRequest{Column: c, Path: p})
	}
	for b, bm := range m.Blocks {
		bt, err := rd.ReadBlock(b, req)
		if err != nil {
			t.Fatalf("ReadBlock(%d, paths): %v", b, err)
		}
		for i := 0; i < bt.Len; i++ {
			whole := bt.Cols[0].Dyn(i)
			if rows != nil {
				if got, want := whole.JSON(), rows[bm.Offset+i][c].S; !rows[bm.Offset+i][c].Null && got != want {
					t.Fatalf("block %d row %d: whole value %s, want %s", b, i, got, want)
				}
			}
			for k, p := range paths {
				v := bt.Cols[1+k]
				// Reference: Lookup one step at a time (see lookupPath);
				// for shredded paths also Lookup of the whole path.
				want := whole
				for s := 0; s < len(p) && want != nil; s++ {
					want = want.Lookup(p[s : s+1])
				}
				if !pathValueEq(v, i, want) {
					t.Fatalf("block %d row %d column %s path %s (%s): got %v, Lookup gives %s (whole %s)",
						b, i, m.Columns[c].Name, p, v.T, v.Get(i), want.JSON(), whole.JSON())
				}
				if rd.ShreddedIndex(c, p) >= 0 && !pathValueEq(v, i, whole.Lookup(p)) {
					t.Fatalf("block %d row %d column %s shredded path %s: got %v, Lookup gives %s",
						b, i, m.Columns[c].Name, p, v.Get(i), whole.Lookup(p).JSON())
				}
			}
		}
	}
}

// pathValueEq compares a typed path value with Lookup's result; absent and
// JSON null are null, and "" for strings.
func pathValueEq(v *value.Vector, i int, want *value.Dyn) bool {
	if want.IsNull() {
		if v.T == value.String {
			return v.Str(i) == ""
		}
		return v.IsNull(i)
	}
	if v.IsNull(i) {
		return false
	}
	switch v.T {
	case value.String:
		return want.Kind() == value.DString && v.Str(i) == want.AsString()
	case value.Long:
		return want.Kind() == value.DLong && v.Int64(i) == want.AsLong()
	case value.Bool:
		return want.Kind() == value.DBool && v.Bool(i) == want.AsBool()
	case value.Dynamic:
		got := v.Dyn(i)
		return got.Kind() == want.Kind() && got.JSON() == want.JSON()
	}
	return false
}

// TestConcurrentReadBlock reads blocks from many goroutines at once (run
// with -race) and compares with a sequential read.
func TestConcurrentReadBlock(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	batches := randBatches(r, allTypes, 2000)
	rd := writeOpen(t, allTypes, batches, WriteOptions{BlockRows: 128, ShredMinFraction: 0.01})
	want := readAll(t, rd)
	m := rd.Meta()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for k := range 3 * len(m.Blocks) {
				b := (k*7 + g) % len(m.Blocks)
				c := (k + g) % len(m.Columns)
				bt, err := rd.ReadBlock(b, ReadRequest{Columns: []int{c}, Paths: []PathRequest{{Column: 13, Path: Path{"Verb"}}}})
				if err != nil {
					errs <- err
					return
				}
				_ = rd.MayContainTerm(b, c, "pods")
				for i := 0; i < bt.Len; i++ {
					if got := cellOf(bt.Cols[0], i); got != want[m.Blocks[b].Offset+i][c] {
						errs <- fmt.Errorf("block %d column %d row %d: %v, want %v", b, c, i, got, want[m.Blocks[b].Offset+i][c])
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// tempDirForPackage is a directory for fixtures shared by several tests,
// removed by TestMain.
func tempDirForPackage() (string, error) {
	sharedDirOnce.Do(func() { sharedDir, sharedDirErr = os.MkdirTemp("", "extent-test-") })
	return sharedDir, sharedDirErr
}

var (
	sharedDirOnce sync.Once
	sharedDir     string
	sharedDirErr  error
)

// TestDeterministic writes the same rows twice (and with other batch
// boundaries): the files are identical.
func TestDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	batches := randBatches(r, allTypes, 1500)
	dir := t.TempDir()
	var files [][]byte
	for k, bs := range [][]*value.Batch{batches, batches, rebatch(batches)} {
		p := filepath.Join(dir, fmt.Sprint(k))
		if _, err := Write(p, allTypes, bs, WriteOptions{BlockRows: 200, ShredMinFraction: 0.01}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, b)
	}
	for k := 1; k < len(files); k++ {
		if !slices.Equal(files[0], files[k]) {
			t.Errorf("write %d differs from write 0", k)
		}
	}
}

// rebatch copies the live rows of batches into batches of 7 rows.
func rebatch(batches []*value.Batch) []*value.Batch {
	var out []*value.Batch
	var cur *value.Batch
	for _, b := range batches {
		b.ForEach(func(i int) {
			if cur == nil || cur.Len == 7 {
				cur = &value.Batch{Cols: make([]*value.Vector, len(b.Cols))}
				for c, v := range b.Cols {
					cur.Cols[c] = value.NewVector(v.T, 0)
				}
				out = append(out, cur)
			}
			for c, v := range b.Cols {
				cur.Cols[c].AppendValue(v.Get(i))
			}
			cur.Len++
		})
	}
	return out
}

// TestBlockBytes cuts blocks by size as well as by rows.
func TestBlockBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	batches := randBatches(r, allTypes, 1200)
	rd := writeOpen(t, allTypes, batches, WriteOptions{BlockRows: 500, BlockBytes: 20000, ShredMinFraction: 0.01})
	m := rd.Meta()
	sizes := map[int]bool{}
	for _, bm := range m.Blocks {
		if bm.Rows > 500 {
			t.Errorf("block of %d rows, BlockRows is 500", bm.Rows)
		}
		sizes[bm.Rows] = true
	}
	if len(m.Blocks) < 10 || len(sizes) < 2 {
		t.Errorf("%d blocks of %d sizes: BlockBytes did not cut them", len(m.Blocks), len(sizes))
	}
	want := expectedRows(batches, 0)
	if d := gocmp.Diff(want, readAll(t, rd)); d != "" {
		t.Fatalf("rows differ (-want +got):\n%s", d)
	}
	checkStats(t, rd, want)
	checkPaths(t, rd, want)
}
