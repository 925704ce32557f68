package syntax

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/harrier-sec/harrier/internal/value"
)

// astOpts compares trees ignoring spans and literal source text.
var astOpts = cmp.Options{
	cmp.Comparer(func(a, b Span) bool { return true }),
	cmpopts.IgnoreFields(Literal{}, "Text"),
	cmp.Comparer(valueEqual),
	cmpopts.EquateEmpty(),
}

func valueEqual(a, b value.Value) bool {
	if a.T != b.T || a.Null != b.Null {
		return false
	}
	switch a.T {
	case value.Real, value.Decimal:
		return a.F == b.F || math.IsNaN(a.F) && math.IsNaN(b.F)
	case value.String, value.GUID:
		return a.S == b.S
	case value.Dynamic:
		return dynEqual(a.D, b.D)
	}
	return a.I == b.I
}

// dynEqual is deep equality that, unlike Dyn.Equal, keeps kinds apart
// (datetime vs string, long vs real) and compares bags in key order.
func dynEqual(a, b *value.Dyn) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case value.DNull:
		return true
	case value.DArray:
		x, y := a.Items(), b.Items()
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if !dynEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case value.DBag:
		var ka, kb []string
		var va, vb []*value.Dyn
		a.Fields(func(k string, v *value.Dyn) bool { ka, va = append(ka, k), append(va, v); return true })
		b.Fields(func(k string, v *value.Dyn) bool { kb, vb = append(kb, k), append(vb, v); return true })
		if !slicesEqual(ka, kb) {
			return false
		}
		for i := range va {
			if !dynEqual(va[i], vb[i]) {
				return false
			}
		}
		return true
	}
	x, _ := a.Scalar()
	y, _ := b.Scalar()
	return valueEqual(x, y)
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// stripText clears Literal.Text everywhere so that literals print in their
// canonical form.
func stripText(n any) {
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Struct:
			if v.Type() == reflect.TypeFor[value.Value]() {
				return
			}
			if v.Type() == reflect.TypeFor[Literal]() {
				v.FieldByName("Text").SetString("")
				return
			}
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i))
			}
		}
	}
	walk(reflect.ValueOf(n))
}

// checkRoundTrip parses q, prints it, parses the output and compares; then
// does the same with literal text stripped.
func checkRoundTrip(t *testing.T, q string) {
	t.Helper()
	s1, err := Parse(q)
	if err != nil {
		t.Errorf("Parse(%q):\n%s", q, Format(q, err.(ErrorList)...))
		return
	}
	for _, canonical := range []bool{false, true} {
		if canonical {
			stripText(s1)
		}
		out := s1.String()
		s2, err := Parse(out)
		if err != nil {
			t.Errorf("re-parse of %q (canonical=%v) printed as %q:\n%s", q, canonical, out, Format(out, err.(ErrorList)...))
			return
		}
		if diff := cmp.Diff(s1, s2, astOpts); diff != "" {
			t.Errorf("round trip of %q (canonical=%v) via %q (-first +second):\n%s", q, canonical, out, diff)
			return
		}
		if out2 := s2.String(); out2 != out {
			t.Errorf("printing is not stable for %q:\n%s\n%s", q, out, out2)
		}
	}
}

func TestRoundTripCorpus(t *testing.T) {
	seeds := seedQueries(t)
	if len(seeds) == 0 {
		t.Log("seed queries not found; skipping them")
	}
	for _, q := range seeds {
		checkRoundTrip(t, q)
	}
	for _, q := range ownCorpus {
		checkRoundTrip(t, q)
	}
}

// TestKqltestCorpus round-trips every query and table text of the
// .kqltest files; a "query error" block may fail to parse.
func TestKqltestCorpus(t *testing.T) {
	for _, q := range kqltestQueries(t) {
		if _, err := Parse(q.text); err != nil && q.error {
			continue
		}
		t.Run(q.where, func(t *testing.T) { checkRoundTrip(t, q.text) })
	}
}

func TestSeedQueriesVerbatim(t *testing.T) {
	seeds := seedQueries(t)
	for _, q := range seeds {
		s, err := Parse(q)
		if err != nil {
			t.Fatalf("seed query failed:\n%s", Format(q, err.(ErrorList)...))
		}
		if len(s.Stmts) != 1 {
			t.Fatalf("seed query has %d statements", len(s.Stmts))
		}
		if _, ok := s.Stmts[0].(*ExprStmt).X.(*PipeExpr); !ok {
			t.Fatalf("seed query is not a pipe: %s", s)
		}
	}
}

// --- AST shapes ---

func id(name string) *Ident         { return &Ident{Name: name} }
func qid(name string) *Ident        { return &Ident{Name: name, Quoted: true} }
func lit(v value.Value) *Literal    { return &Literal{Value: v} }
func long(n int64) *Literal         { return lit(value.NewLong(n)) }
func str(s string) *Literal         { return lit(value.NewString(s)) }
func bin(op string, l, r Expr) Expr { return &BinaryExpr{Op: op, Left: l, Right: r} }
func call(f string, args ...Expr) Expr {
	return &CallExpr{Func: id(f), Args: args}
}
func member(x Expr, names ...string) Expr {
	for _, n := range names {
		x = &MemberExpr{X: x, Name: id(n)}
	}
	return x
}
func ne(x Expr, names ...string) *NamedExpr {
	var ids []*Ident
	for _, n := range names {
		ids = append(ids, id(n))
	}
	return &NamedExpr{Names: ids, X: x}
}
func pipe(src Expr, ops ...Operator) *PipeExpr { return &PipeExpr{Source: src, Ops: ops} }

func TestParseExprShapes(t *testing.T) {
	tests := []struct {
		src  string
		want Expr
	}{
		{"a + b * c", bin("+", id("a"), bin("*", id("b"), id("c")))},
		{"a - b - c", bin("-", bin("-", id("a"), id("b")), id("c"))},
		{"a or b and c", bin("or", id("a"), bin("and", id("b"), id("c")))},
		{"a == 1 and b < 2", bin("and", bin("==", id("a"), long(1)), bin("<", id("b"), long(2)))},
		{"a + 1 > b * 2", bin(">", bin("+", id("a"), long(1)), bin("*", id("b"), long(2)))},
		{"-a.b", &UnaryExpr{Op: "-", X: member(id("a"), "b")}},
		{"-1", long(-1)},
		{"-2.5", lit(value.NewReal(-2.5))},
		{"- 2.5", &UnaryExpr{Op: "-", X: lit(value.NewReal(2.5))}},
		{"-9223372036854775808", long(math.MinInt64)},
		{"+1d", lit(value.NewTimeSpan(value.TicksPerDay))},
		{"- -1", &UnaryExpr{Op: "-", X: long(-1)}},
		{"-(1)", &UnaryExpr{Op: "-", X: &ParenExpr{X: long(1)}}},
		{"1-1", bin("-", long(1), long(1))},
		{"a-b", bin("-", id("a"), id("b"))},
		{"x <> 1", bin("!=", id("x"), long(1))},
		{`s !has "x"`, bin("!has", id("s"), str("x"))},
		{`s matches regex "a+"`, bin("matches regex", id("s"), str("a+"))},
		{`x in~ ("a", "b")`, &InExpr{Op: "in~", X: id("x"), List: []Expr{str("a"), str("b")}}},
		{`x !in (T | project y)`, &InExpr{Op: "!in", X: id("x"), List: []Expr{
			pipe(id("T"), &ProjectOp{Cols: []*NamedExpr{ne(id("y"))}})}}},
		{"x between (1 .. 2)", &BetweenExpr{X: id("x"), Low: long(1), High: long(2)}},
		{"x !between (1 .. 2)", &BetweenExpr{Not: true, X: id("x"), Low: long(1), High: long(2)}},
		{`d.a["b"][0]`, &IndexExpr{X: &IndexExpr{X: member(id("d"), "a"), Index: str("b")}, Index: long(0)}},
		{`d.['a b']`, &MemberExpr{X: id("d"), Name: qid("a b")}},
		{`['a b']`, qid("a b")},
		{`$left.a == $right.b`, bin("==", member(id("$left"), "a"), member(id("$right"), "b"))},
		{"count()", call("count")},
		{"arg_max(t, *)", call("arg_max", id("t"), &StarExpr{})},
		{"typeof(int64)", call("typeof", &TypeExpr{Type: value.Long})},
		{"toscalar(T | count)", call("toscalar", pipe(id("T"), &CountOp{}))},
		{"(a + b) * c", bin("*", &ParenExpr{X: bin("+", id("a"), id("b"))}, id("c"))},
		{`"a" 'b' @"c"`, str("abc")},
		{"1d", lit(value.NewTimeSpan(value.TicksPerDay))},
		{"dynamic(null)", lit(value.Null(value.Dynamic))},
		{`* has "x"`, bin("has", &StarExpr{}, str("x"))},
		{"print a = 1", &PrintExpr{Cols: []*NamedExpr{ne(long(1), "a")}}},
		{"range x from 1 to 3 step 1", &RangeExpr{Name: id("x"), From: long(1), To: long(3), Step: long(1)}},
		{`datatable(a:long)[1, 2]`, &DatatableExpr{Columns: []*ColumnDecl{{Name: id("a"), Type: value.Long}}, Values: []Expr{long(1), long(2)}}},
		{"union T, S*", &UnionOp{Tables: []Expr{id("T"), id("S*")}}},
	}
	for _, tt := range tests {
		got, err := ParseExpr(tt.src)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.src, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, astOpts); diff != "" {
			t.Errorf("ParseExpr(%q) (-want +got):\n%s", tt.src, diff)
		}
	}
}

func TestParseScriptShapes(t *testing.T) {
	tests := []struct {
		src  string
		want []Stmt
	}{
		{
			"let x = 1; T | where a > x",
			[]Stmt{
				&LetStmt{Name: id("x"), Value: long(1)},
				&ExprStmt{X: pipe(id("T"), &WhereOp{Pred: bin(">", id("a"), id("x"))})},
			},
		},
		{
			`let f = (a:long, b:string = "x", T:(*), S:(x:long)) { let y = 1; T | where a > y }`,
			[]Stmt{&LetStmt{Name: id("f"), Value: &FuncLit{
				Params: []*Param{
					{Name: id("a"), Type: value.Long},
					{Name: id("b"), Type: value.String, Default: str("x")},
					{Name: id("T"), Table: true},
					{Name: id("S"), Table: true, Columns: []*ColumnDecl{{Name: id("x"), Type: value.Long}}},
				},
				Body: []Stmt{
					&LetStmt{Name: id("y"), Value: long(1)},
					&ExprStmt{X: pipe(id("T"), &WhereOp{Pred: bin(">", id("a"), id("y"))})},
				},
			}}},
		},
		{
			"set query_now = datetime(2024-01-01); set notruncation",
			[]Stmt{
				&SetStmt{Name: id("query_now"), Value: lit(value.NewDateTime(value.TicksFromTime(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))))},
				&SetStmt{Name: id("notruncation")},
			},
		},
		{
			"T | project-away a*, b | project-rename c = d | project-reorder e desc, f",
			[]Stmt{&ExprStmt{X: pipe(id("T"),
				&ProjectAwayOp{Kind: "project-away", Cols: []*Ident{id("a*"), id("b")}},
				&ProjectRenameOp{Renames: []*Rename{{New: id("c"), Old: id("d")}}},
				&ProjectReorderOp{Cols: []*Ident{id("e"), id("f")}, Order: []string{"desc", ""}},
			)}},
		},
		{
			"T | sort by a, b asc, c desc nulls first | top 3 by d nulls last",
			[]Stmt{&ExprStmt{X: pipe(id("T"),
				&SortOp{Keys: []*SortKey{
					{X: id("a"), Desc: true},
					{X: id("b"), ExplicitDir: true, NullsFirst: true},
					{X: id("c"), Desc: true, ExplicitDir: true, NullsFirst: true, ExplicitNulls: true},
				}},
				&TopOp{N: long(3), Keys: []*SortKey{{X: id("d"), Desc: true, ExplicitNulls: true}}},
			)}},
		},
		{
			"T | summarize hint.strategy=shuffle c = count(), dcount(x) by bin(Timestamp, 1h), k = y",
			[]Stmt{&ExprStmt{X: pipe(id("T"), &SummarizeOp{
				Params: []*OpParam{{Name: "hint.strategy", Value: id("shuffle")}},
				Aggs:   []*NamedExpr{ne(call("count"), "c"), ne(call("dcount", id("x")))},
				By:     []*NamedExpr{ne(call("bin", id("Timestamp"), lit(value.NewTimeSpan(value.TicksPerHour)))), ne(id("y"), "k")},
			})}},
		},
		{
			"T | mv-expand bagexpansion=array with_itemindex=i c = d to typeof(long), e limit 10",
			[]Stmt{&ExprStmt{X: pipe(id("T"), &MvExpandOp{
				BagExpansion: "array", ItemIndex: id("i"),
				Items: []*MvExpandItem{{Name: id("c"), X: id("d"), ToType: value.Long}, {X: id("e")}},
				Limit: long(10),
			})}},
		},
		{
			"T | join kind=leftouter (S) on a, $left.b == $right.c",
			[]Stmt{&ExprStmt{X: pipe(id("T"), &JoinOp{
				Kind:  "leftouter",
				Right: &ParenExpr{X: id("S")},
				On:    []Expr{id("a"), bin("==", member(id("$left"), "b"), member(id("$right"), "c"))},
			})}},
		},
		{
			`T | parse kind=regex flags=i x with * "k=" k:long v`,
			[]Stmt{&ExprStmt{X: pipe(id("T"), &ParseOp{
				Kind: "regex", Flags: "i", X: id("x"),
				Pattern: []*ParsePart{{Star: true}, {Lit: str("k=")}, {Name: id("k"), Type: value.Long}, {Name: id("v")}},
			})}},
		},
		{
			"union kind=outer withsource=S isfuzzy=true A, (B) | count",
			[]Stmt{&ExprStmt{X: pipe(&UnionOp{Kind: "outer", WithSource: id("S"), IsFuzzy: true,
				Tables: []Expr{id("A"), &ParenExpr{X: id("B")}}}, &CountOp{})}},
		},
		{
			"T | make-series c = count() default = 0 on t in range(1, 10, 1) by k",
			[]Stmt{&ExprStmt{X: pipe(id("T"), &MakeSeriesOp{
				Aggs: []*MakeSeriesAgg{{Agg: ne(call("count"), "c"), Default: long(0)}},
				On:   id("t"), From: long(1), To: long(10), Step: long(1),
				By: []*NamedExpr{ne(id("k"))},
			})}},
		},
		{
			"T | top-nested 2 of a with others = 0 by s = sum(b) asc",
			[]Stmt{&ExprStmt{X: pipe(id("T"), &TopNestedOp{Levels: []*TopNestedLevel{{
				N: long(2), Of: ne(id("a")), Others: long(0), By: ne(call("sum", id("b")), "s"), ExplicitDir: true,
			}}})}},
		},
		{
			"T | mv-apply x to typeof(real) on (top 2 by x desc | project x)",
			[]Stmt{&ExprStmt{X: pipe(id("T"), &MvApplyOp{
				Items: []*MvExpandItem{{X: id("x"), ToType: value.Real}},
				On: []Operator{
					&TopOp{N: long(2), Keys: []*SortKey{{X: id("x"), Desc: true, ExplicitDir: true}}},
					&ProjectOp{Cols: []*NamedExpr{ne(id("x"))}},
				},
			})}},
		},
		{
			`T | render timechart with (title="t", ycolumns=a, b, kind=stacked)`,
			[]Stmt{&ExprStmt{X: pipe(id("T"), &RenderOp{Chart: "timechart", Props: []*RenderProp{
				{Name: "title", Value: str("t")},
				{Name: "ycolumns", Names: []*Ident{id("a"), id("b")}},
				{Name: "kind", Value: id("stacked")},
			}})}},
		},
		{
			`T | parse-kv s as (a:long) with (pair_delimiter=",", greedy=true)`,
			[]Stmt{&ExprStmt{X: pipe(id("T"), &ParseKvOp{
				X: id("s"), Columns: []*ColumnDecl{{Name: id("a"), Type: value.Long}},
				With: []*OpParam{{Name: "pair_delimiter", Value: str(",")}, {Name: "greedy", Value: lit(value.NewBool(true))}},
			})}},
		},
		{
			`search in (T, S*) "x" | take 1`,
			[]Stmt{&ExprStmt{X: pipe(&SearchOp{In: []Expr{id("T"), id("S*")}, Pred: str("x")}, &TakeOp{N: long(1)})}},
		},
		{
			"T | as hint.materialized=true X | sample-distinct 3 of a | top-hitters 2 of b by c",
			[]Stmt{&ExprStmt{X: pipe(id("T"),
				&AsOp{Params: []*OpParam{{Name: "hint.materialized", Value: lit(value.NewBool(true))}}, Name: id("X")},
				&SampleDistinctOp{N: long(3), Of: id("a")},
				&TopHittersOp{N: long(2), Of: id("b"), By: id("c")},
			)}},
		},
		{
			"T | fork (count) n=(take 1) | facet by a with (take 2)",
			[]Stmt{&ExprStmt{X: pipe(id("T"),
				&ForkOp{Branches: []*ForkBranch{{Ops: []Operator{&CountOp{}}}, {Name: id("n"), Ops: []Operator{&TakeOp{N: long(1)}}}}},
				&FacetOp{Cols: []*Ident{id("a")}, With: []Operator{&TakeOp{N: long(2)}}},
			)}},
		},
		{
			"T | evaluate bag_unpack(d) | invoke f(1) | lookup kind=inner S on k",
			[]Stmt{&ExprStmt{X: pipe(id("T"),
				&EvaluateOp{Call: &CallExpr{Func: id("bag_unpack"), Args: []Expr{id("d")}}},
				&InvokeOp{Call: &CallExpr{Func: id("f"), Args: []Expr{long(1)}}},
				&LookupOp{Kind: "inner", Right: id("S"), On: []Expr{id("k")}},
			)}},
		},
	}
	for _, tt := range tests {
		got, err := Parse(tt.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.src, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got.Stmts, astOpts); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.src, diff)
		}
	}
}

func TestLiteralValues(t *testing.T) {
	dt := func(s string) value.Value {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return value.NewDateTime(value.TicksFromTime(tm))
	}
	f := func(src string, want value.Value) {
		t.Helper()
		x, err := ParseExpr(src)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", src, err)
			return
		}
		l, ok := x.(*Literal)
		if !ok {
			t.Errorf("ParseExpr(%q) = %T, want *Literal", src, x)
			return
		}
		if !valueEqual(l.Value, want) {
			t.Errorf("ParseExpr(%q) = %#v, want %#v", src, l.Value, want)
		}
		if l.Text != src {
			t.Errorf("ParseExpr(%q).Text = %q", src, l.Text)
		}
	}
	ts := value.NewTimeSpan
	f("42", value.NewLong(42))
	f("0xff", value.NewLong(255))
	f("0xFFFFFFFFFFFFFFFF", value.NewLong(-1))
	f("1.5", value.NewReal(1.5))
	f("2.", value.NewReal(2))
	f("1e3", value.NewReal(1000))
	f("1.5E-2", value.NewReal(0.015))
	f("true", value.NewBool(true))
	f("FALSE", value.NewBool(false))
	f("2d", ts(2*value.TicksPerDay))
	f("1.5h", ts(value.TicksPerHour*3/2))
	f("30m", ts(30*value.TicksPerMinute))
	f("10s", ts(10*value.TicksPerSecond))
	f("100ms", ts(100*value.TicksPerMillisecond))
	f("10microsecond", ts(100))
	f("10microseconds", ts(100))
	f("1tick", ts(1))
	f("3ticks", ts(3))
	f("250nanoseconds", ts(3)) // 2.5 ticks round half away from zero
	f("1day", ts(value.TicksPerDay))
	f("2hours", ts(2*value.TicksPerHour))
	f("3minutes", ts(3*value.TicksPerMinute))
	f("4seconds", ts(4*value.TicksPerSecond))
	f("5milliseconds", ts(5*value.TicksPerMillisecond))
	f("2hrs", ts(2*value.TicksPerHour))
	f("0.1s", ts(value.TicksPerSecond/10))
	f("time(1.02:03:04)", ts(value.TicksPerDay+2*value.TicksPerHour+3*value.TicksPerMinute+4*value.TicksPerSecond))
	f("time(0.12:34:56.7)", ts(12*value.TicksPerHour+34*value.TicksPerMinute+567*value.TicksPerSecond/10))
	f("time(00:01)", ts(value.TicksPerMinute))
	f("time(2d)", ts(2*value.TicksPerDay))
	f("time(2)", ts(2*value.TicksPerDay))
	f("timespan(15 seconds)", ts(15*value.TicksPerSecond))
	f("time(-1h)", ts(-value.TicksPerHour))
	f("timespan(null)", value.Null(value.TimeSpan))
	f("datetime(2024-01-01)", dt("2024-01-01T00:00:00Z"))
	f("datetime(2024-01-01 10:00:00.123)", dt("2024-01-01T10:00:00.123Z"))
	f("datetime(2024-01-01T10:00:00Z)", dt("2024-01-01T10:00:00Z"))
	f("datetime(2024-01-01T10:00)", dt("2024-01-01T10:00:00Z"))
	f("datetime(2024-01-01T10:00:00.1234567Z)", dt("2024-01-01T10:00:00.1234567Z"))
	f("datetime(2024-01-01T12:00:00+02:00)", dt("2024-01-01T10:00:00Z"))
	f("datetime(Sat, 8 Nov 14 15:05:02 GMT)", dt("2014-11-08T15:05:02Z"))
	f("datetime(0001-01-01)", value.NewDateTime(0))
	f("datetime(null)", value.Null(value.DateTime))
	f("date(2024-02-29)", dt("2024-02-29T00:00:00Z"))
	f("guid(74BE27DE-1e4e-49d9-b579-fe0b331d3642)", value.Value{T: value.GUID, S: "74be27de-1e4e-49d9-b579-fe0b331d3642"})
	f("guid(null)", value.Null(value.GUID))
	f("long(null)", value.Null(value.Long))
	f("int(null)", value.Null(value.Int))
	f("real(null)", value.Null(value.Real))
	f("double(null)", value.Null(value.Real))
	f("bool(null)", value.Null(value.Bool))
	f("decimal(null)", value.Null(value.Decimal))
	f("long(5)", value.NewLong(5))
	f("long(-5)", value.NewLong(-5))
	f("int(3)", value.NewInt(3))
	f("real(1.5)", value.NewReal(1.5))
	f("real(1)", value.NewReal(1))
	f("real(nan)", value.NewReal(math.NaN()))
	f("real(-inf)", value.NewReal(math.Inf(-1)))
	f("bool(true)", value.NewBool(true))
	f("decimal(1.5)", value.Value{T: value.Decimal, F: 1.5})
	f(`"a\tb\n\\\"\u00e9\x41\101"`, value.NewString("a\tb\n\\\"éAA"))
	f(`'it\'s "x"'`, value.NewString(`it's "x"`))
	f(`"\ud83d\ude00"`, value.NewString("😀"))
	f(`@"c:\dir\""x"""`, value.NewString(`c:\dir\"x"`))
	f(`@'it''s'`, value.NewString("it's"))
	f(`h"secret"`, value.NewString("secret"))
	f(`H@'sec\ret'`, value.NewString(`sec\ret`))
	f("```a\nb```", value.NewString("a\nb"))
	f("~~~a`b~~~", value.NewString("a`b"))
	f(`"a" "b"`, value.NewString("ab"))
	f("dynamic(null)", value.Null(value.Dynamic))
	f("dynamic(1)", value.NewDynamic(value.DynLong(1)))
	f(`dynamic("s")`, value.NewDynamic(value.DynString("s")))
	f("dynamic([])", value.NewDynamic(value.DynArray([]*value.Dyn{})))
	f(`dynamic([1, "a", {"b": null}, -2.5, true, datetime(2024-01-01), 1h, guid(74be27de-1e4e-49d9-b579-fe0b331d3642)])`,
		value.NewDynamic(value.DynArray([]*value.Dyn{
			value.DynLong(1), value.DynString("a"),
			value.DynBag([]string{"b"}, []*value.Dyn{value.DynNull()}),
			value.DynReal(-2.5), value.DynBool(true),
			value.DynDateTime(dt("2024-01-01T00:00:00Z").I), value.DynTimeSpan(value.TicksPerHour),
			value.DynGUID("74be27de-1e4e-49d9-b579-fe0b331d3642"),
		})))
	f(`dynamic({'a': {"b": [1]}, "a": 2})`, value.NewDynamic(value.DynBag([]string{"a"}, []*value.Dyn{value.DynLong(2)})))
}

func TestParseAccept(t *testing.T) {
	f := func(src string) {
		t.Helper()
		if _, err := Parse(src); err != nil {
			t.Errorf("Parse(%q):\n%s", src, Format(src, err.(ErrorList)...))
		}
	}
	f("")
	f("// only a comment")
	f("T")
	f("T;")
	f("T | where x")
	f("T | where true")
	f("T | extend x = 1d")
	f("T | extend a = b-c, d = e - f")
	f("T|where a>1|project a")
	f("T | where RawEventData.ObjectRef.resource == \"pods\"")
	f("T | mv-expand x | extend y = x.name")
	f("T | summarize by a")
	f("T | distinct *")
	f("T | take 10 | count | getschema")
	f("let x = 1;\nlet y = x + 1;\nprint y")
	f("T | extend r = range(1, 10, 2)")
	f("T | where print == 1 and union == 2 and search == 3")
	f("T | project print, union, search, range")
	f("T | extend x = time, y = datetime_diff('day', a, b), z = date")
}

func TestParseReject(t *testing.T) {
	f := func(src, want string) {
		t.Helper()
		_, err := Parse(src)
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want error %q", src, want)
			return
		}
		if got := err.Error(); got != want {
			t.Errorf("Parse(%q) error:\n got %q\nwant %q", src, got, want)
		}
	}
	f("T | where | project a", "1:11: expected an expression after 'where', found '|'")
	f("CloudAuditEvents | where Timestamp > | take 1", "1:38: expected an expression after '>', found '|'")
	f("T | where", "1:10: expected an expression after 'where', found end of query")
	f("T | where x = 1", "1:13: unexpected '='; use '==' to compare values")
	f("T | wher x", "1:5: unknown query operator 'wher'")
	f("T |", "1:4: expected a query operator after '|', found end of query")
	f("T | where a b", "1:13: expected '|' or end of query after the where operator, found 'b'")
	f("T | where (a > 1", "1:17: expected ')' to close '(' at 1:11, found end of query")
	f("T | where f(a,", "1:15: expected an expression after ',', found end of query")
	f("T | where a == b == c", "1:18: unexpected '==' after a comparison; comparisons do not chain, add parentheses")
	f("T | where a in 1", "1:16: expected '(' after 'in', found '1'")
	f("T | where a between (1, 2)", "1:23: expected '..' between the bounds of 'between', found ','")
	f(`T | where a == "abc`, "1:16: unterminated string literal")
	f(`print "\d"`, `1:8: invalid escape sequence '\d' in string literal; write \\ for a backslash or use a verbatim string @"..."`)
	f("print 12abc", "1:7: invalid number '12abc'")
	f("print 1 # 2", "1:9: unexpected character '#'")
	f("print a !b", "1:9: unexpected '!'; negated operators are written !has, !contains, !in, ...")
	f("print datetime(2024-13-01)", "1:7: invalid datetime literal '2024-13-01': expected a date such as 2024-01-31 or 2024-01-31T10:00:00Z")
	f("print guid(xyz)", "1:7: invalid guid literal 'xyz': expected 8-4-4-4-12 hexadecimal digits")
	f("print int(3000000000)", "1:7: invalid int literal '3000000000': value out of range")
	f("print 99999999999999999999", "1:7: number '99999999999999999999' is out of range")
	f("print datetime(2024-01-01", "1:15: expected ')' to close datetime(...) on the same line")
	f(`print dynamic({a: 1})`, "1:16: expected a string key in a dynamic property bag, found 'a'")
	f("T | sort a", "1:10: expected 'by' after 'sort', found 'a'")
	f("T | top 10 a", "1:12: expected 'by' after the number of rows, found 'a'")
	f("T | top by a", "1:9: expected the number of rows after 'top', found 'by'")
	f("T | where a matches b", "1:21: expected 'regex' after 'matches', found 'b'")
	f("let f = (a) { a }; f(1)", "1:11: expected ':' and a type after the parameter name, found ')'")
	f("let f = (a:long, b) { a }; f(1)", "1:19: expected ':' and a type after the parameter name, found ')'")
	f("T | summarize", "1:14: expected an aggregation or 'by' after 'summarize', found end of query")
	f("T | join kind=sideways (S) on a", "1:15: invalid value for kind; expected innerunique, inner, leftouter, rightouter, fullouter, leftanti, anti, leftantisemi, rightanti, rightantisemi, leftsemi, rightsemi")
	f("T | mv-expand x to long", "1:20: expected 'typeof' after 'to', found 'long'")
	f("T | extend x = typeof(blob)", "1:23: unknown type 'blob'; expected bool, int, long, real, decimal, string, datetime, timespan, guid or dynamic")
	f("let f = (a:long) { let y = 1; }; f(1)", "1:31: expected an expression at the end of the function body")
	f("let x = ; T", "1:9: expected an expression after '=', found ';'")
	f("T | project-away a-b", "1:19: expected '|' or end of query after the project-away operator, found '-'")
	f("declare query_parameters(x:long); T", "1:1: 'declare' statements are not supported")
	f("T | count by X", "1:11: expected '|' or end of query after the count operator, found 'by'")
	// externaldata is read in full and reported, so later errors still show.
	f("let L = externaldata(a:string) [h@'https://x/y.csv', \"z\"] with (format='csv', ignoreFirstRecord=true); L | where b ==",
		"1:9: externaldata is not supported: harrier queries only its own tables\n"+
			"1:118: expected an expression after '==', found end of query")
	f("T | where x in (external_data(a:string)[\"u\"] | project a) | take",
		"1:17: external_data is not supported: harrier queries only its own tables\n"+
			"1:65: expected an expression after 'take', found end of query")
	f("T | evaluate bag_unpack(d) : a:string", "1:30: expected '(' to start the output schema, found 'a'")
	f("T | evaluate bag_unpack(d) : (* a:string)", "1:33: expected ',' or ')' after '*' in the output schema, found 'a'")
	f("print f(a = )", "1:13: expected an expression after '=', found ')'")
	f("T | where ((((", "1:15: expected an expression after '(', found end of query")
	// Several errors in one query, each recovered at '|' or ';'.
	f("T | where | extend = 1 | take\n| foo x; S | where (a b) | count; print 1 + ",
		"1:11: expected an expression after 'where', found '|'\n"+
			"1:20: expected an expression after 'extend', found '='\n"+
			"2:1: expected an expression after 'take', found '|'\n"+
			"2:3: unknown query operator 'foo'\n"+
			"2:23: expected ')' to close '(' at 2:20, found 'b'\n"+
			"2:45: expected an expression after '+', found end of query")
	f("let a = ; let b = 1 +; T | where",
		"1:9: expected an expression after '=', found ';'\n"+
			"1:22: expected an expression after '+', found ';'\n"+
			"1:33: expected an expression after 'where', found end of query")
}

// TestParseKustoForms pins syntax that real hunting queries use and the
// official Kusto parser accepts; want is the canonical printed form.
func TestParseKustoForms(t *testing.T) {
	f := func(src, want string) {
		t.Helper()
		s, err := Parse(src)
		if err != nil {
			t.Errorf("Parse(%q):\n%s", src, Format(src, err.(ErrorList)...))
			return
		}
		if got := s.String(); got != want {
			t.Errorf("print %q:\n got %q\nwant %q", src, got, want)
		}
		checkRoundTrip(t, src)
	}
	// Named call arguments, alone or after positional ones, in scalar
	// calls, user functions and plugin calls.
	f("print g(n=3)", "print g(n = 3)")
	f("T | extend y = g(x, scale = 2.5, ['odd name'] = 1)", "T | extend y = g(x, scale = 2.5, ['odd name'] = 1)")
	f("let h = (a:long, b:long = 0) { a - b }; print h(b = 1, a = 5)", "let h = (a:long, b:long = 0) { a - b; };\nprint h(b = 1, a = 5)")
	f("T | evaluate ipv4_lookup(R, ip, net, return_unmatched = true)", "T | evaluate ipv4_lookup(R, ip, net, return_unmatched = true)")
	f("F(src = (T | take 1))", "F(src = (T | take 1))")
	f("print g(x == 1)", "print g(x == 1)")
	// count with a named output column.
	f("T | count as Rows", "T | count as Rows")
	f("T | count as ['row count'] | take 1", "T | count as ['row count'] | take 1")
	// evaluate with a declared output schema.
	f("T | evaluate bag_unpack(d) : (a:string, b:long)", "T | evaluate bag_unpack(d) : (a:string, b:long)")
	f("T | evaluate bag_unpack(d, 'p_'):(x: int,)", "T | evaluate bag_unpack(d, 'p_') : (x:int)")
	f("T | evaluate bag_unpack(d) : (*, a:string)", "T | evaluate bag_unpack(d) : (*, a:string)")
	f("T | evaluate bag_unpack(d) : (*)", "T | evaluate bag_unpack(d) : (*)")
	f("T | evaluate bag_unpack(d) : ()", "T | evaluate bag_unpack(d) : ()")
	// Older spellings of the contains operators.
	f("T | where a notcontains \"x\" and b containscs \"Y\" or c notcontainscs \"Z\"", "T | where a !contains \"x\" and b contains_cs \"Y\" or c !contains_cs \"Z\"")
	// search's kind=default is case-insensitive, like case_insensitive.
	f("search kind=default \"x\"", "search kind=default \"x\"")
}

func TestPartialScript(t *testing.T) {
	s, err := Parse("T | where | extend a = 1 | take 5")
	if err == nil {
		t.Fatal("expected an error")
	}
	if got, want := s.String(), "T | extend a = 1 | take 5"; got != want {
		t.Errorf("partial script = %q, want %q", got, want)
	}
	var el ErrorList
	el = err.(ErrorList)
	if len(el) != 1 || el[0].Sp != (Span{10, 11}) || el[0].Line != 1 || el[0].Col != 11 {
		t.Errorf("errors = %#v", el)
	}
}

func TestFormat(t *testing.T) {
	src := "T\n| where x > 1\n\t| where | project é, b"
	if _, err := Parse("print é = 1, ['é'], x.é"); err != nil {
		t.Fatalf("unicode names: %v", err)
	}
	_, err := Parse(src)
	if err == nil {
		t.Fatal("expected an error")
	}
	want := "3:10: expected an expression after 'where', found '|'\n" +
		"\t| where | project é, b\n" +
		"\t        ^\n"
	if got := err.(ErrorList).Format(src); got != want {
		t.Errorf("Format:\n%s\nwant:\n%s", got, want)
	}
	src = "print 1 + xyz(1, 2"
	_, err = Parse(src)
	want = "1:19: expected ')' to close '(' at 1:14, found end of query\n" +
		"print 1 + xyz(1, 2\n" +
		"                  ^\n"
	if got := Format(src, err.(ErrorList)...); got != want {
		t.Errorf("Format:\n%s\nwant:\n%s", got, want)
	}
	src = "T | wherever x"
	_, err = Parse(src)
	want = "1:5: unknown query operator 'wherever'\nT | wherever x\n    ^~~~~~~~\n"
	if got := Format(src, err.(ErrorList)...); got != want {
		t.Errorf("Format:\n%s\nwant:\n%s", got, want)
	}
}

func TestPosition(t *testing.T) {
	f := func(src string, off, line, col int) {
		t.Helper()
		if l, c := Position(src, off); l != line || c != col {
			t.Errorf("Position(%q, %d) = %d:%d, want %d:%d", src, off, l, c, line, col)
		}
	}
	f("", 0, 1, 1)
	f("abc", 2, 1, 3)
	f("a\nbc", 2, 2, 1)
	f("a\nbc", 3, 2, 2)
	f("ééx", 4, 1, 3) // columns count characters, not bytes
	f("ab", 99, 1, 3)
}

func TestSpans(t *testing.T) {
	src := "T | where a > 1 | extend b = c.d"
	s, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	pe := s.Stmts[0].(*ExprStmt).X.(*PipeExpr)
	text := func(n Node) string { sp := n.Span(); return src[sp.Start:sp.End] }
	if got := text(pe); got != src {
		t.Errorf("pipe span = %q", got)
	}
	where := pe.Ops[0].(*WhereOp)
	if got := text(where); got != "where a > 1" {
		t.Errorf("where span = %q", got)
	}
	if got := text(where.Pred); got != "a > 1" {
		t.Errorf("pred span = %q", got)
	}
	be := where.Pred.(*BinaryExpr)
	if got := src[be.OpSp.Start:be.OpSp.End]; got != ">" {
		t.Errorf("op span = %q", got)
	}
	ext := pe.Ops[1].(*ExtendOp)
	if got := text(ext.Cols[0]); got != "b = c.d" {
		t.Errorf("named span = %q", got)
	}
	if got := text(ext.Cols[0].X); got != "c.d" {
		t.Errorf("member span = %q", got)
	}
}

func TestPrintCanonical(t *testing.T) {
	f := func(src, want string) {
		t.Helper()
		s, err := Parse(src)
		if err != nil {
			t.Fatalf("Parse(%q): %v", src, err)
		}
		if got := s.String(); got != want {
			t.Errorf("print %q:\n got %q\nwant %q", src, got, want)
		}
	}
	f("T\n|   where a>1\n| project a , b", "T | where a > 1 | project a, b")
	f("T | filter a | limit 1 | order by b | mvexpand c", "T | where a | take 1 | sort by b | mv-expand c")
	f("T | where a <> 1", "T | where a != 1")
	f("let x=1;T", "let x = 1;\nT")
	f("T | make-series count() on t in range(1, 2, 1)", "T | make-series count() on t from 1 to 2 step 1")
	f("T | facet by a with take 1", "T | facet by a with (take 1)")
	f(`print "a" // c
	"b"`, `print "a" "b"`)

	// Literals built without source text print canonically.
	g := func(v value.Value, want string) {
		t.Helper()
		if got := (&Literal{Value: v}).String(); got != want {
			t.Errorf("literal %#v prints %q, want %q", v, got, want)
		}
	}
	g(value.NewLong(-3), "-3")
	g(value.NewReal(1), "1.0")
	g(value.NewReal(-0.5), "-0.5")
	g(value.NewReal(1e20), "1E+20")
	g(value.NewString("a\"b\n"), `"a\"b\n"`)
	g(value.NewDateTime(0), "datetime(0001-01-01T00:00:00Z)")
	g(value.NewTimeSpan(-value.TicksPerHour), "time(-01:00:00)")
	g(value.Null(value.Int), "int(null)")
	g(value.NewDynamic(value.DynArray([]*value.Dyn{value.DynReal(2), value.DynDateTime(0), value.DynNull()})),
		"dynamic([2.0, datetime(0001-01-01T00:00:00Z), null])")

	// Hand-built trees get the parentheses their precedence needs.
	h := func(n Node, want string) {
		t.Helper()
		if got := n.String(); got != want {
			t.Errorf("print = %q, want %q", got, want)
		}
	}
	h(bin("*", bin("+", id("a"), id("b")), id("c")), "(a + b) * c")
	h(bin("-", id("a"), bin("-", id("b"), id("c"))), "a - (b - c)")
	h(bin("==", bin("==", id("a"), id("b")), id("c")), "(a == b) == c")
	h(&UnaryExpr{Op: "-", X: bin("+", id("a"), id("b"))}, "-(a + b)")
	h(&UnaryExpr{Op: "-", X: &UnaryExpr{Op: "-", X: id("a")}}, "- -a")
	h(&Ident{Name: "a b"}, "['a b']")
	h(&Ident{Name: "it's", Quoted: true}, `['it\'s']`)
}

func TestLexerTokens(t *testing.T) {
	f := func(src string, want ...string) {
		t.Helper()
		lx := lexer{src: src}
		var got []string
		for {
			tk := lx.next()
			if tk.kind == tEOF {
				break
			}
			got = append(got, tk.text)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("lex %q = %q, want %q", src, got, want)
		}
	}
	f("a-b", "a", "-", "b")
	f("mv-expand", "mv", "-", "expand")
	f("x!in~(1)", "x", "!in~", "(", "1", ")")
	f("x in~ y", "x", "in~", "y")
	f("a!=b!~c=~d==e=>f<>g<=h>=i", "a", "!=", "b", "!~", "c", "=~", "d", "==", "e", "=>", "f", "<>", "g", "<=", "h", ">=", "i")
	f("1..2", "1", "..", "2")
	f("1.5.a", "1.5", ".", "a")
	f("x.1", "x", ".", "1")
	f("$left.a", "$left", ".", "a")
	f("a // c\nb", "a", "b")
	f("a\u00a0b\u3000c", "a", "b", "c")
	f(`h"x" h 'y'`, `h"x"`, "h", `'y'`)
	f("!has !has_cs !between", "!has", "!has_cs", "!between")
}

// TestHostileInput checks that deep nesting, long chains and many errors
// end with errors (not a crash) and in time linear in the input.
func TestHostileInput(t *testing.T) {
	f := func(name, src string, wantErr bool) {
		t.Helper()
		start := time.Now()
		_, err := Parse(src)
		if (err != nil) != wantErr {
			t.Errorf("%s: err = %v, want error %v", name, err, wantErr)
		}
		if el, ok := err.(ErrorList); ok && len(el) > maxErrors {
			t.Errorf("%s: %d errors, want at most %d", name, len(el), maxErrors)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v", name, d)
		}
	}
	f("parens", "print "+strings.Repeat("(", 100000)+"1", true)
	f("balanced parens", "print "+strings.Repeat("(", 250)+"1"+strings.Repeat(")", 250), false)
	f("unary", "print "+strings.Repeat("-", 100000)+"1", true)
	f("dynamic", "print dynamic("+strings.Repeat("[", 100000)+")", true)
	f("pipes", "T"+strings.Repeat(" | where a > 1", 20000), false)
	f("sum", "print 1"+strings.Repeat(" + 1", 100000), false)
	f("errors", strings.Repeat("T | where | foo ; ", 20000), true)
	f("brackets", strings.Repeat(")]}", 30000), true)
	f("subqueries", strings.Repeat("T | where x in (", 200)+"S"+strings.Repeat(")", 200), false)
	f("lets", strings.Repeat("let f = (a:long) { a };", 10000)+"print 1", false)
}

func TestRecoveryAfterLiterals(t *testing.T) {
	// Typed literals are read raw; recovery must still find the next '|'.
	src := "T | where d > datetime(2024-01-01) and | extend x = time(1d) + | take 1"
	s, err := Parse(src)
	want := "1:40: expected an expression after 'and', found '|'\n1:64: expected an expression after '+', found '|'"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if got := s.String(); got != "T | take 1" {
		t.Errorf("partial = %q", got)
	}
}
