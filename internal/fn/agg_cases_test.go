package fn

import (
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

// The standard input: 7 rows in 4 groups. Group 2 has only null x, group 3
// has no rows at all (it must still get its default value).
//
//	row group  x     s    p     t
//	0   0      5     "b"  true  100
//	1   1      2     "a"  false 200
//	2   0      null  ""   true  300
//	3   1      7     "c"  true  400
//	4   0      1     "a"  false 500
//	5   2      null  "z"  true  600
//	6   2      null  ""   null  700
var (
	stdGroups = groupsOf(0, 1, 0, 1, 0, 2, 2)
	stdX      = longCol(5, 2, nil, 7, 1, nil, nil)
	stdS      = strCol("b", "a", "", "c", "a", "z", "")
	stdP      = predCol(true, false, true, true, false, true, nil)
	stdT      = tsCol(100, 200, 300, 400, 500, 600, 700)
)

func std(a []Arg, cols ...*value.Vector) aggInput {
	return aggInput{args: a, cols: cols, groups: stdGroups, n: 4}
}

type aggCase struct {
	name      string // test name
	agg       string
	in        aggInput
	want      [][]string
	orderFree bool // the result does not depend on the order of rows
}

var aggCases = []aggCase{
	{"count", "count", std(nil), outs(cells("3", "2", "2", "0")), true},
	{"count(x) counts nulls", "count", std(args(typ(value.Long)), stdX), outs(cells("3", "2", "2", "0")), true},
	{"countif", "countif", std(args(typ(value.Bool)), stdP), outs(cells("2", "1", "1", "0")), true},
	{"countif const true", "countif", std(args(lit(value.NewBool(true))), nil), outs(cells("3", "2", "2", "0")), true},
	{"countif const false", "countif", std(args(lit(value.NewBool(false))), nil), outs(cells("0", "0", "0", "0")), true},

	{"sum long", "sum", std(args(typ(value.Long)), stdX), outs(cells("6", "9", "0", "0")), true},
	{"sum int", "sum", std(args(typ(value.Int)), intCol(5, 2, nil, 7, 1, nil, nil)), outs(cells("6", "9", "0", "0")), true},
	{"sum real", "sum", std(args(typ(value.Real)), realCol(0.5, 2.25, nil, 7.0, 1.0, nil, nil)),
		outs(cells("1.5", "9.25", "0", "0")), true},
	{"sum timespan", "sum", std(args(typ(value.TimeSpan)), stdT), outs(cells("00:00:00.0000900", "00:00:00.0000600", "00:00:00.0001300", "00:00:00")), true},
	{"sumif", "sumif", std(args(typ(value.Long), typ(value.Bool)), stdX, stdP), outs(cells("5", "7", "0", "0")), true},

	{"avg long", "avg", std(args(typ(value.Long)), stdX), outs(cells("3", "4.5", "NaN", "NaN")), true},
	{"avg timespan", "avg", std(args(typ(value.TimeSpan)), stdT), outs(cells("00:00:00.0000300", "00:00:00.0000300", "00:00:00.0000650", "null")), true},
	{"avg datetime no overflow", "avg", aggInput{args: args(typ(value.DateTime)),
		cols: vecs(dtCol(3155378975999999999, 3155378975999999999, 3155378975999999997, 1)), groups: groupsOf(0, 0, 0, 1), n: 2},
		outs(cells("9999-12-31T23:59:59.9999998Z", "0001-01-01T00:00:00.0000001Z")), true},
	{"avg negative", "avg", aggInput{args: args(typ(value.TimeSpan)), cols: vecs(tsCol(-3, -4)), groups: groupsOf(0, 0), n: 1},
		outs(cells("-00:00:00.0000003")), true},
	{"avgif", "avgif", std(args(typ(value.Long), typ(value.Bool)), stdX, stdP), outs(cells("5", "7", "NaN", "NaN")), true},

	{"min long", "min", std(args(typ(value.Long)), stdX), outs(cells("1", "2", "null", "null")), true},
	{"max long", "max", std(args(typ(value.Long)), stdX), outs(cells("5", "7", "null", "null")), true},
	{"max string", "max", std(args(typ(value.String)), stdS), outs(cells("b", "c", "z", `""`)), true},
	{"min timespan", "min", std(args(typ(value.TimeSpan)), stdT), outs(cells("00:00:00.0000100", "00:00:00.0000200", "00:00:00.0000600", "null")), true},
	{"max bool", "max", std(args(typ(value.Bool)), stdP), outs(cells("true", "true", "true", "null")), true},
	{"min bool", "min", std(args(typ(value.Bool)), stdP), outs(cells("false", "false", "true", "null")), true},
	{"max real", "max", std(args(typ(value.Real)), realCol(0.5, -2.0, nil, -7.0, 1.5, nil, nil)), outs(cells("1.5", "-2", "null", "null")), true},
	{"max decimal", "max", std(args(typ(value.Decimal)), decCol(0.5, 2.0, nil, 7.5, 1.0, nil, nil)), outs(cells("1", "7.5", "null", "null")), true},
	{"minif", "minif", std(args(typ(value.Long), typ(value.Bool)), stdX, stdP), outs(cells("5", "7", "null", "null")), true},
	{"maxif", "maxif", std(args(typ(value.Long), typ(value.Bool)), stdX, stdP), outs(cells("5", "7", "null", "null")), true},

	{"dcount", "dcount", std(args(typ(value.Long)), stdX), outs(cells("2", "2", "0", "0")), true},
	{"dcount string", "dcount", std(args(typ(value.String)), stdS), outs(cells("3", "2", "2", "0")), true},
	{"dcount accuracy 4", "dcount", std(args(typ(value.Long), lng(4)), stdX, nil), outs(cells("2", "2", "0", "0")), true},
	{"dcountif", "dcountif", std(args(typ(value.String), typ(value.Bool)), stdS, stdP), outs(cells("2", "1", "1", "0")), true},
	{"count_distinct", "count_distinct", std(args(typ(value.String)), stdS), outs(cells("3", "2", "2", "0")), true},
	{"count_distinctif", "count_distinctif", std(args(typ(value.Long), typ(value.Bool)), stdX, stdP), outs(cells("1", "1", "0", "0")), true},

	{"make_list", "make_list", std(args(typ(value.Long)), stdX), outs(cells("[5,1]", "[2,7]", "[]", "[]")), false},
	{"make_list max 1", "make_list", std(args(typ(value.Long), lng(1)), stdX, nil), outs(cells("[5]", "[2]", "[]", "[]")), false},
	{"make_list string", "make_list", std(args(typ(value.String)), stdS), outs(cells(`["b","","a"]`, `["a","c"]`, `["z",""]`, "[]")), false},
	{"make_list timespan", "make_list", std(args(typ(value.TimeSpan)), stdT),
		outs(cells(`["00:00:00.0000100","00:00:00.0000300","00:00:00.0000500"]`, `["00:00:00.0000200","00:00:00.0000400"]`,
			`["00:00:00.0000600","00:00:00.0000700"]`, "[]")), false},
	{"make_list_if", "make_list_if", std(args(typ(value.Long), typ(value.Bool)), stdX, stdP), outs(cells("[5]", "[7]", "[]", "[]")), false},
	{"make_list_with_nulls", "make_list_with_nulls", std(args(typ(value.Long)), stdX), outs(cells("[5,null,1]", "[2,7]", "[null,null]", "[]")), false},
	{"make_set", "make_set", std(args(typ(value.String)), stdS), outs(cells(`["b","","a"]`, `["a","c"]`, `["z",""]`, "[]")), false},
	{"make_set max 2", "make_set", std(args(typ(value.String), lng(2)), stdS, nil), outs(cells(`["b",""]`, `["a","c"]`, `["z",""]`, "[]")), false},
	{"make_set_if", "make_set_if", std(args(typ(value.String), typ(value.Bool)), stdS, stdP), outs(cells(`["b",""]`, `["c"]`, `["z"]`, "[]")), false},
	{"make_set dynamic arrays flatten", "make_set", aggInput{args: args(typ(value.Dynamic)),
		cols: vecs(dynCol(`["A1","A2","A3"]`, `["A2","C1"]`, `["C2","A3"]`, `["C2","A1"]`, `1`, `1.0`, nil)), groups: groupsOf(0, 0, 0, 0, 1, 1, 1), n: 2},
		outs(cells(`["A1","A2","A3","C1","C2"]`, `[1]`)), false},
	{"make_set guid", "make_set", aggInput{args: args(typ(value.GUID)),
		cols:   vecs(guidCol("0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7")),
		groups: groupsOf(0, 0, 0), n: 1},
		outs(cells(`["0f8fad5b-d9cb-469f-a165-70867728950e","7c9e6679-7425-40de-944b-e07fc1f90ae7"]`)), false},
	{"makelist legacy", "makelist", std(args(typ(value.Long)), stdX), outs(cells("[5,1]", "[2,7]", "[]", "[]")), false},

	{"take_any", "take_any", std(args(typ(value.Long)), stdX), outs(cells("5", "2", "null", "null")), false},
	{"take_any skips empty", "take_any", aggInput{args: args(typ(value.String)), cols: vecs(strCol("", "x", "y")), groups: groupsOf(0, 0, 0), n: 1},
		outs(cells("x")), false},
	{"take_any skips null", "take_any", aggInput{args: args(typ(value.Long)), cols: vecs(longCol(nil, 3, 4)), groups: groupsOf(0, 0, 0), n: 1},
		outs(cells("3")), false},
	{"take_any row", "take_any", std(args(typ(value.Long), typ(value.String)), stdX, stdS),
		outs(cells("5", "2", "null", "null"), cells("b", "a", "z", `""`)), false},
	{"take_anyif", "take_anyif", std(args(typ(value.Long), typ(value.Bool)), stdX, stdP), outs(cells("5", "7", "null", "null")), false},

	{"arg_max", "arg_max", std(args(typ(value.Long), typ(value.String)), stdX, stdS),
		outs(cells("5", "7", "null", "null"), cells("b", "c", "z", `""`)), false},
	{"arg_min", "arg_min", std(args(typ(value.Long), typ(value.String), typ(value.TimeSpan)), stdX, stdS, stdT),
		outs(cells("1", "2", "null", "null"), cells("a", "a", "z", `""`),
			cells("00:00:00.0000500", "00:00:00.0000200", "00:00:00.0000600", "null")), false},
	{"arg_max ties keep first", "arg_max", aggInput{args: args(typ(value.Long), typ(value.String)),
		cols: vecs(longCol(nil, 3, 3, 1), strCol("n", "first", "second", "x")), groups: groupsOf(0, 0, 0, 0), n: 1},
		outs(cells("3"), cells("first")), false},
	{"arg_max only", "arg_max", std(args(typ(value.Long)), stdX), outs(cells("5", "7", "null", "null")), true},

	{"stdev", "stdev", std(args(typ(value.Long)), stdX), outs(cells("2.8284271247461903", "3.5355339059327378", "0", "0")), true},
	{"stdev single value", "stdev", aggInput{args: args(typ(value.Real)), cols: vecs(realCol(4.0)), groups: groupsOf(0), n: 1}, outs(cells("0")), true},
	{"variance", "variance", std(args(typ(value.Long)), stdX), outs(cells("8", "12.5", "0", "0")), true},
	{"variance doc", "variance", aggInput{args: args(typ(value.Long)), cols: vecs(longCol(1, 2, 3, 4, 5)), groups: groupsOf(0, 0, 0, 0, 0), n: 1},
		outs(cells("2.5")), true},
	{"variancep", "variancep", std(args(typ(value.Long)), stdX), outs(cells("4", "6.25", "null", "null")), true},
	{"stdevp", "stdevp", std(args(typ(value.Long)), stdX), outs(cells("2", "2.5", "null", "null")), true},
	{"stdevif", "stdevif", std(args(typ(value.Long), typ(value.Bool)), stdX, stdP), outs(cells("0", "0", "0", "0")), true},
	{"varianceif", "varianceif", aggInput{args: args(typ(value.Real), typ(value.Bool)),
		cols: vecs(realCol(1.0, 100.0, 3.0), predCol(true, false, true)), groups: groupsOf(0, 0, 0), n: 1}, outs(cells("2")), true},

	{"percentile", "percentile", std(args(typ(value.Long), lng(50)), stdX, nil), outs(cells("1", "2", "null", "null")), true},
	{"percentiles", "percentiles", std(args(typ(value.Long), lng(0), lng(50), realArg(99.9), lng(100)), stdX, nil, nil, nil, nil),
		outs(cells("1", "2", "null", "null"), cells("1", "2", "null", "null"), cells("5", "7", "null", "null"), cells("5", "7", "null", "null")), true},
	{"percentiles int is long", "percentiles", std(args(typ(value.Int), lng(100)), intCol(5, 2, nil, 7, 1, nil, nil), nil),
		outs(cells("5", "7", "null", "null")), true},
	{"percentile nearest rank", "percentiles", aggInput{args: args(typ(value.Real), lng(10), lng(30), lng(70), lng(71)),
		cols: vecs(realCol(10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0)), groups: groupsOf(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), n: 1},
		outs(cells("1"), cells("3"), cells("7"), cells("8")), true},
	{"percentiles_array", "percentiles_array", std(args(typ(value.Long), lng(50), lng(100)), stdX, nil, nil),
		outs(cells("[1,5]", "[2,7]", "[null,null]", "[null,null]")), true},
	{"percentiles_array dynamic", "percentiles_array", std(args(typ(value.TimeSpan), dynArg("[50,100]")), stdT, nil),
		outs(cells(`["00:00:00.0000300","00:00:00.0000500"]`, `["00:00:00.0000200","00:00:00.0000400"]`,
			`["00:00:00.0000600","00:00:00.0000700"]`, "[null,null]")), true},
	{"percentilesw doc", "percentilesw", aggInput{args: args(typ(value.Long), typ(value.Long), lng(50), lng(75), realArg(99.9)),
		cols: vecs(longCol(10, 20, 30, 40), longCol(8, 6, 3, 1)), groups: groupsOf(0, 0, 0, 0), n: 1},
		outs(cells("20"), cells("20"), cells("40")), true},
	{"percentilew skips bad weights", "percentilew", aggInput{args: args(typ(value.Long), typ(value.Long), lng(1)),
		cols: vecs(longCol(1, 2, 3), longCol(0, nil, 5)), groups: groupsOf(0, 0, 0), n: 1}, outs(cells("3")), true},
	{"percentilesw_array", "percentilesw_array", aggInput{args: args(typ(value.Long), typ(value.Long), dynArg("[50, 75, 99.9]")),
		cols: vecs(longCol(10, 20, 30, 40), longCol(8, 6, 3, 1)), groups: groupsOf(0, 0, 0, 0), n: 1},
		outs(cells("[20,20,40]")), true},

	{"binary_all_and", "binary_all_and", std(args(typ(value.Long)), stdX), outs(cells("1", "2", "null", "null")), true},
	{"binary_all_or", "binary_all_or", std(args(typ(value.Long)), stdX), outs(cells("5", "7", "null", "null")), true},
	{"binary_all_xor", "binary_all_xor", std(args(typ(value.Long)), stdX), outs(cells("4", "5", "null", "null")), true},
	{"binary_all_and doc", "binary_all_and", aggInput{args: args(typ(value.Long)),
		cols: vecs(longCol(0xFFFFFFFF, 0xFFFFF00F, 0xCFFFFFFD, 0xFAFEFFFF)), groups: groupsOf(0, 0, 0, 0), n: 1},
		outs(cells("3405705229")), true}, // 0xCAFEF00D

	{"make_bag", "make_bag", aggInput{args: args(typ(value.Dynamic)),
		cols:   vecs(dynCol(`{"prop01":"val_a"}`, `{"prop02":"val_b"}`, `[1]`, `{"prop01":"other","prop03":"val_c"}`, nil, `5`)),
		groups: groupsOf(0, 0, 0, 0, 1, 1), n: 3},
		outs(cells(`{"prop01":"val_a","prop02":"val_b","prop03":"val_c"}`, "{}", "{}")), false},
	{"make_bag max 1", "make_bag", aggInput{args: args(typ(value.Dynamic), lng(1)),
		cols: vecs(dynCol(`{"a":1}`, `{"b":2}`), nil), groups: groupsOf(0, 0), n: 1}, outs(cells(`{"a":1}`)), false},
	{"make_bag_if", "make_bag_if", aggInput{args: args(typ(value.Dynamic), typ(value.Bool)),
		cols: vecs(dynCol(`{"a":1}`, `{"b":2}`), predCol(false, true)), groups: groupsOf(0, 0), n: 1}, outs(cells(`{"b":2}`)), false},

	{"buildschema doc", "buildschema", aggInput{args: args(typ(value.Dynamic)),
		cols:   vecs(dynCol(`{"x":1, "y":3.5}`, `{"x":"somevalue", "z":[1, 2, 3]}`, `{"y":{"w":"zzz"}, "t":["aa", "bb"], "z":["foo"]}`, nil)),
		groups: groupsOf(0, 0, 0, 1), n: 3},
		outs(cells(`{"x":["long","string"],"y":["double",{"w":"string"}],"z":{"`+"`indexer`"+`":["long","string"]},"t":{"`+"`indexer`"+`":"string"}}`,
			"null", "null")), false},
	{"buildschema scalars", "buildschema", aggInput{args: args(typ(value.Dynamic)),
		cols: vecs(dynCol(`1`, `true`, `"s"`, `{"a":null}`)), groups: groupsOf(0, 0, 0, 0), n: 1},
		outs(cells(`["long","bool","string",{}]`)), false},
}

func TestAggregates(t *testing.T) {
	for _, c := range aggCases {
		t.Run(c.name, func(t *testing.T) {
			got := runSingle(t, c.agg, c.in)
			if d := diffResults(got, c.want); d != "" {
				t.Fatalf("%s:\n%s", c.agg, d)
			}
			checkMerged(t, c.agg, c.in, c.orderFree)
		})
	}
}

// Every registered aggregate must appear in the table above (through
// itself or the merge test of a random input below).
func TestAggregatesCovered(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range aggCases {
		seen[c.agg] = true
	}
	for _, n := range []string{"hll", "hll_if", "hll_merge", "any", "anyif", "makeset", "make_dictionary"} {
		seen[n] = true // tested in agg_hll_test.go and TestAggregateAliases
	}
	for _, n := range AggregateNames() {
		if !seen[n] {
			t.Errorf("aggregate %s has no test case", n)
		}
	}
}

func TestAggregateAliases(t *testing.T) {
	f := func(name string, in aggInput, want [][]string) {
		t.Helper()
		if d := diffResults(runSingle(t, name, in), want); d != "" {
			t.Errorf("%s:\n%s", name, d)
		}
	}
	f("any", std(args(typ(value.Long)), stdX), outs(cells("5", "2", "null", "null")))
	f("anyif", std(args(typ(value.Long), typ(value.Bool)), stdX, stdP), outs(cells("5", "7", "null", "null")))
	f("makeset", std(args(typ(value.String)), stdS), outs(cells(`["b","","a"]`, `["a","c"]`, `["z",""]`, "[]")))
	f("make_dictionary", aggInput{args: args(typ(value.Dynamic)), cols: vecs(dynCol(`{"a":1}`)), groups: groupsOf(0), n: 1},
		outs(cells(`{"a":1}`)))
	// makelist/makeset keep at most 128 values by default.
	xs := make([]any, 200)
	gs := make([]uint32, 200)
	for i := range xs {
		xs[i] = i
	}
	res := runSingle(t, "makelist", aggInput{args: args(typ(value.Long)), cols: vecs(longCol(xs...)), groups: gs, n: 1})
	if d, _ := value.ParseJSON(res[0][0]); d.Len() != 128 {
		t.Errorf("makelist kept %d values, want 128", d.Len())
	}
}

// TestAggregateChecks pins argument validation and result types.
func TestAggregateChecks(t *testing.T) {
	ok := func(name string, a []Arg, want ...value.Type) {
		t.Helper()
		got, err := LookupAggregate(name).Check(a)
		if err != nil {
			t.Errorf("%s: unexpected error %v", name, err)
			return
		}
		if len(got) != len(want) {
			t.Errorf("%s: types %v, want %v", name, got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: types %v, want %v", name, got, want)
				return
			}
		}
	}
	bad := func(name string, a []Arg, msg string) {
		t.Helper()
		_, err := LookupAggregate(name).Check(a)
		if err == nil || err.Error() != msg {
			t.Errorf("%s: error %v, want %q", name, err, msg)
		}
	}
	L, I, R, S, B, D := typ(value.Long), typ(value.Int), typ(value.Real), typ(value.String), typ(value.Bool), typ(value.Dynamic)
	TS, DT, DEC := typ(value.TimeSpan), typ(value.DateTime), typ(value.Decimal)
	ok("count", nil, value.Long)
	ok("countif", args(B), value.Long)
	ok("sum", args(I), value.Long)
	ok("sum", args(R), value.Real)
	ok("sum", args(TS), value.TimeSpan)
	ok("sum", args(DEC), value.Decimal)
	ok("sumif", args(I, B), value.Long)
	ok("avg", args(I), value.Real)
	ok("avg", args(L), value.Real)
	ok("avg", args(DEC), value.Decimal)
	ok("avg", args(DT), value.DateTime)
	ok("min", args(S), value.String)
	ok("max", args(DT), value.DateTime)
	ok("maxif", args(I, B), value.Int)
	ok("dcount", args(D), value.Long)
	ok("dcount", args(S, lng(0)), value.Long)
	ok("dcountif", args(S, B, lng(2)), value.Long)
	ok("make_list", args(S, lng(10)), value.Dynamic)
	ok("make_set_if", args(L, B, lng(10)), value.Dynamic)
	ok("take_any", args(L, S, D), value.Long, value.String, value.Dynamic)
	ok("take_anyif", args(TS, B), value.TimeSpan)
	ok("arg_max", args(DT, S, D), value.DateTime, value.String, value.Dynamic)
	ok("arg_min", args(R), value.Real)
	ok("percentile", args(I, lng(50)), value.Long)
	ok("percentile", args(DEC, lng(50)), value.Real)
	ok("percentiles", args(TS, lng(5), realArg(99.9)), value.TimeSpan, value.TimeSpan)
	ok("percentiles_array", args(R, dynArg("[1,2,3]")), value.Dynamic)
	ok("percentilew", args(L, L, lng(50)), value.Long)
	ok("percentilesw", args(R, I, lng(50), lng(90)), value.Real, value.Real)
	ok("stdev", args(I), value.Real)
	ok("variancep", args(TS), value.Real)
	ok("binary_all_xor", args(I), value.Int)
	ok("count_distinct", args(S), value.Long)
	ok("make_bag", args(D, lng(3)), value.Dynamic)
	ok("buildschema", args(D), value.Dynamic)
	ok("hll", args(S, lng(3)), value.Dynamic)
	ok("hll_merge", args(D), value.Dynamic)

	bad("sum", args(S), "argument 1 must be a number, datetime or timespan, got string")
	bad("sumif", args(S, B), "argument 1 must be a number, datetime or timespan, got string")
	bad("sumif", args(L, DT), "argument 2 must be a bool predicate, got datetime")
	bad("avg", args(D), "argument 1 must be a number, datetime or timespan, got dynamic")
	bad("max", args(D), "argument 1 must be an orderable value (number, string, bool, datetime or timespan), got dynamic")
	bad("dcount", args(S, lng(5)), "argument 2 (accuracy) must be between 0 and 4")
	bad("dcount", args(S, L), "argument 2 (accuracy) must be a constant integer")
	bad("dcountif", args(S, B, lng(9)), "argument 3 (accuracy) must be between 0 and 4")
	bad("make_list", args(S, lng(0)), "argument 2 (maxSize) must be positive, got 0")
	bad("make_list_if", args(S, B, L), "argument 3 (maxSize) must be a constant integer")
	bad("percentile", args(L, lng(101)), "argument 2 (percentile) must be between 0 and 100")
	bad("percentile", args(L, L), "argument 2 (percentile) must be a constant number")
	bad("percentiles", args(S, lng(5)), "argument 1 must be a number, datetime or timespan, got string")
	bad("percentiles_array", args(L, dynArg(`["a"]`)), "argument 2 (percentiles) must be an array of numbers")
	bad("percentilew", args(L, S, lng(5)), "argument 2 must be an integer weight, got string")
	bad("binary_all_or", args(R), "argument 1 must be an integer (int or long), got real")
	bad("make_bag", args(S), "argument 1 must be dynamic, got string")
	bad("count_distinct", args(D), "argument 1 must be a scalar type other than dynamic, got dynamic")
	bad("hll", args(R), "argument 1 must be a value other than real or bool, got real")
	bad("hll_merge", args(S), "argument 1 must be dynamic (the result of hll()), got string")
}
