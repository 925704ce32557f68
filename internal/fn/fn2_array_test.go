package fn

import (
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

func TestArraySplit(t *testing.T) {
	f := func(want string, arr, idx value.Value) { t.Helper(); fxExpect(t, fxD(want), "array_split", arr, idx) }
	f(`[[1,2],[3,4,5]]`, fxD(`[1,2,3,4,5]`), fxL(2))
	f(`[[1],[2,3],[4,5]]`, fxD(`[1,2,3,4,5]`), fxD(`[1,3]`))
	f(`[[1],[2,3],[4,5]]`, fxRawJSON(`[1,2,3,4,5]`), fxD(`[1,-2]`))
	f(`[[],[1,2]]`, fxD(`[1,2]`), fxL(-5))
	f(`[[1,2],[]]`, fxD(`[1,2]`), fxI(9))
	fxExpect(t, fxNull(value.Dynamic), "array_split", fxD(`[1]`), fxD(`["a"]`))
	fxExpect(t, fxNull(value.Dynamic), "array_split", fxD(`[1]`), fxNull(value.Long))
	fxCheckErr(t, "array_split", value.String, value.Long)
}

func TestArrayRotateShift(t *testing.T) {
	f := func(want, name string, args ...value.Value) { t.Helper(); fxExpect(t, fxD(want), name, args...) }
	arr := fxD(`[1,2,3,4,5]`)
	f(`[3,4,5,1,2]`, "array_rotate_left", arr, fxL(2))
	f(`[4,5,1,2,3]`, "array_rotate_right", arr, fxL(2))
	f(`[1,2,3,4,5]`, "array_rotate_right", arr, fxL(-10))
	f(`[5,1,2,3,4]`, "array_rotate_left", fxRawJSON(`[1,2,3,4,5]`), fxL(-6))
	f(`[3,4,5,null,null]`, "array_shift_left", arr, fxL(2))
	f(`[null,null,1,2,3]`, "array_shift_right", arr, fxL(2))
	f(`[-1,-1,1,2,3]`, "array_shift_left", arr, fxL(-2), fxL(-1))
	f(`["x","x","x","x","x"]`, "array_shift_right", arr, fxL(9), fxS("x"))
	f(`[{"a":1},null]`, "array_shift_left", fxD(`[0,{"a":1}]`), fxL(1))
	f(`[]`, "array_shift_left", fxD(`[]`), fxL(1))
	fxExpect(t, fxNull(value.Dynamic), "array_rotate_left", fxD(`"abc"`), fxL(1))
	fxExpect(t, fxNull(value.Dynamic), "array_shift_right", arr, fxNull(value.Long))
}

func TestRangeFunction(t *testing.T) {
	f := func(want string, args ...value.Value) { t.Helper(); fxExpect(t, fxD(want), "range", args...) }
	f(`[1,4,7]`, fxL(1), fxL(8), fxL(3))
	f(`[1,2,3]`, fxI(1), fxL(3))
	f(`[0.5,1]`, fxR(0.5), fxL(1), fxR(0.5))
	f(`["01:00:00","02:00:00"]`, fxTS("01:00:00"), fxTS("02:30:00"))
	days := fxCall(t, "range", fxDT("2024-01-01"), fxDT("2024-01-02"), fxTS("1.00:00:00")).D
	if e := days.Index(1); days.Len() != 2 || e.Kind() != value.DDateTime || e.AsLong() != fxMustDT("2024-01-02") {
		t.Errorf("range over datetimes = %s", days.JSON())
	}
	f(`[3,1]`, fxL(3), fxL(0), fxL(-2))
	f(`[9223372036854775806,9223372036854775807]`, fxL(9223372036854775806), fxL(9223372036854775807))
	fxExpect(t, fxNull(value.Dynamic), "range", fxL(1), fxL(3), fxL(0))
	fxExpect(t, fxNull(value.Dynamic), "range", fxNull(value.Long), fxL(3))
	if got := fxCall(t, "range", fxL(0), fxL(1<<40)); got.D.Len() != dynMaxElems {
		t.Errorf("range is not truncated at %d: %d", dynMaxElems, got.D.Len())
	}
	fxCheckErr(t, "range", value.String, value.Long)
}

func TestJaccardIndex(t *testing.T) {
	f := func(want value.Value, a, b string) { t.Helper(); fxExpect(t, want, "jaccard_index", fxD(a), fxD(b)) }
	f(fxR(0.75), `[1,2,3]`, `[1,2,3,4]`)
	f(fxR(1), `[1,"a",{"b":1}]`, `[{"b":1},"a",1.0]`)
	f(fxR(0), `[1]`, `["1"]`)
	f(fxR(fxNaN), `[]`, `[]`)
	f(fxNull(value.Real), `{}`, `[1]`)
}

func TestTreePath(t *testing.T) {
	f := func(want, in string) { t.Helper(); fxExpect(t, fxD(want), "treepath", fxD(in)) }
	f(`["['a']","['c']"]`, `{"a":"b","c":123}`)
	f(`["[0]","[0]['k']"]`, `[1,{"k":2},{"k":3}]`)
	f(`["['it\\'s']"]`, `{"it's":1}`)
	fxExpect(t, fxD(`["['x']","['x'][0]"]`), "treepath", fxRawJSON(`{"x":[1,2]}`))
	fxExpect(t, fxNull(value.Dynamic), "treepath", fxD(`"s"`))
}
