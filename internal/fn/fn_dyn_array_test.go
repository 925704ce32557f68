package fn

import (
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

// fxRawJSON wraps JSON as a raw (stored-event) dynamic value, the form the
// functions meet when they read ingested data.
func fxRawJSON(js string) value.Value { return value.NewDynamic(value.RawJSON(js)) }

func TestArrayLength(t *testing.T) {
	f := func(want, in value.Value) { t.Helper(); fxExpect(t, want, "array_length", in) }
	f(fxL(4), fxD(`[1, 2, 3, "four"]`))
	f(fxL(0), fxD(`[]`))
	f(fxL(2), fxRawJSON(`[{"a":1},[2]]`))
	f(fxNull(value.Long), fxD(`{"a":1}`))
	f(fxNull(value.Long), fxD(`"abc"`))
	f(fxNull(value.Long), fxNull(value.Dynamic))
	fxCheckErr(t, "array_length", value.String)
}

func TestArrayConcatSliceReverse(t *testing.T) {
	f := func(want value.Value, name string, args ...value.Value) { t.Helper(); fxExpect(t, want, name, args...) }
	f(fxD(`[1,2,4,1,2]`), "array_concat", fxD(`[1,2,4]`), fxD(`[1,2]`))
	f(fxD(`[1]`), "array_concat", fxD(`[1]`))
	f(fxD(`[]`), "array_concat", fxD(`[]`), fxD(`[]`))
	f(fxD(`[1,{"a":2}]`), "array_concat", fxRawJSON(`[1]`), fxRawJSON(`[{"a":2}]`))
	f(fxNull(value.Dynamic), "array_concat", fxD(`[1]`), fxD(`{}`))

	f(fxD(`[2,3]`), "array_slice", fxD(`[1,2,3]`), fxL(1), fxL(2))
	f(fxD(`[3,4,5]`), "array_slice", fxD(`[1,2,3,4,5]`), fxL(2), fxL(-1))
	f(fxD(`[3,4]`), "array_slice", fxD(`[1,2,3,4,5]`), fxL(-3), fxL(-2))
	f(fxD(`[1,2,3]`), "array_slice", fxD(`[1,2,3]`), fxL(-10), fxL(10))
	f(fxD(`[]`), "array_slice", fxD(`[1,2,3]`), fxL(2), fxL(1))
	f(fxD(`[]`), "array_slice", fxD(`[1,2,3]`), fxL(5), fxL(7))
	f(fxNull(value.Dynamic), "array_slice", fxD(`"x"`), fxL(0), fxL(1))

	f(fxD(`["example","an","is","this"]`), "array_reverse", fxD(`["this", "is", "an", "example"]`))
	f(fxD(`[]`), "array_reverse", fxD(`[]`))
	f(fxNull(value.Dynamic), "array_reverse", fxD(`{"a":1}`))
}

func TestArrayIndexOf(t *testing.T) {
	arr := fxD(`["this", "is", "an", "example", "an", "example"]`)
	f := func(want int64, args ...value.Value) {
		t.Helper()
		fxExpect(t, fxL(want), "array_index_of", append([]value.Value{arr}, args...)...)
	}
	f(2, fxS("an"))
	f(3, fxS("example"), fxL(1), fxL(3))
	f(-1, fxS("example"), fxL(1), fxL(2))
	f(-1, fxS("is"), fxL(2), fxL(4))
	f(3, fxS("example"), fxL(2), fxL(-1))
	f(4, fxS("an"), fxL(1), fxL(-1), fxL(2))
	f(-1, fxS("an"), fxL(1), fxL(-1), fxL(3))
	f(4, fxS("an"), fxL(-3))
	f(-1, fxS("is"), fxL(-4))
	f(-1, fxS("AN"))
	fxExpect(t, fxNull(value.Long), "array_index_of", arr, fxS("an"), fxL(0), fxL(-2))
	fxExpect(t, fxNull(value.Long), "array_index_of", arr, fxS("an"), fxL(0), fxL(-1), fxL(-1))

	g := func(want int64, arr string, x value.Value) {
		t.Helper()
		fxExpect(t, fxL(want), "array_index_of", fxD(arr), x)
	}
	g(1, `[1, 2, 3]`, fxI(2))
	g(1, `[1, 2.5, 3]`, fxR(2.5))
	g(2, `[1, 2, 3.0]`, fxL(3))
	g(0, `[true, false]`, fxB(true))
	g(1, `["a", "2024-01-01T00:00:00.0000000Z"]`, fxDT("2024-01-01"))
	g(0, `[{"a":1}, 2]`, fxD(`{"a":1}`))
	g(-1, `[1, 2]`, fxS("1"))
	fxExpect(t, fxNull(value.Long), "array_index_of", fxD(`{"a":1}`), fxL(1))
}

func TestSetHasElement(t *testing.T) {
	f := func(want value.Value, arr, x value.Value) { t.Helper(); fxExpect(t, want, "set_has_element", arr, x) }
	f(fxB(true), fxD(`["this", "is", "an", "example"]`), fxS("example"))
	f(fxB(false), fxD(`["this", "is", "an", "example"]`), fxS("test"))
	f(fxB(true), fxD(`[1, 2]`), fxL(2))
	f(fxNull(value.Bool), fxNull(value.Dynamic), fxL(2))
}

func TestArraySort(t *testing.T) {
	f := func(want value.Value, name string, args ...value.Value) { t.Helper(); fxExpect(t, want, name, args...) }
	f(fxD(`[1,2,3,4,5]`), "array_sort_asc", fxD(`[1,3,4,5,2]`))
	f(fxD(`["blue","green","yellow",null,null]`), "array_sort_asc", fxD(`[null,"blue","yellow","green",null]`))
	f(fxD(`[null,null,"blue","green","yellow"]`), "array_sort_asc", fxD(`[null,"blue","yellow","green",null]`), fxB(false))
	f(fxD(`["yellow","green","blue",null,null]`), "array_sort_desc", fxD(`[null,"blue","yellow","green",null]`))
	f(fxD(`[null,"yellow","green","blue"]`), "array_sort_desc", fxD(`["blue","yellow",null,"green"]`), fxB(false))
	f(fxD(`["George","John","Paul","Ringo"]`), "array_sort_asc", fxD(`["John","Paul","George","Ringo"]`))
	f(fxD(`[1,2.5,3,"a","b",true]`), "array_sort_asc", fxD(`["b",true,3,"a",2.5,1]`))
	f(fxNull(value.Dynamic), "array_sort_asc", fxD(`{"a":1}`))
	// Several arrays: the others follow the first's order; one of another
	// length becomes null.
	f(fxD(`[[1,2,3,4,5],["a","e","b","c","d"]]`), "array_sort_asc", fxD(`[1,3,4,5,2]`), fxD(`["a","b","c","d","e"]`))
	f(fxD(`[[5,4,3,2,1],["d","c","b","e","a"]]`), "array_sort_desc", fxD(`[1,3,4,5,2]`), fxD(`["a","b","c","d","e"]`))
	f(fxD(`[[null,1,2],["x","z","y"],null]`), "array_sort_asc", fxD(`[2,null,1]`), fxD(`["y","x","z"]`), fxD(`[1]`), fxB(false))
	fxCheckErr(t, "array_sort_asc", value.Dynamic, value.String)
	fxCheckErr(t, "array_sort_asc", value.Long)
}

func TestArraySum(t *testing.T) {
	f := func(want, in value.Value) { t.Helper(); fxExpect(t, want, "array_sum", in) }
	f(fxR(10), fxD(`[1,2,3,4]`))
	f(fxR(3.5), fxD(`[1,2.5]`))
	f(fxR(0), fxD(`[]`))
	f(fxNull(value.Real), fxD(`[1,"a"]`))
	f(fxNull(value.Real), fxD(`[1,null]`))
	f(fxNull(value.Real), fxD(`{"a":1}`))
}

func TestArrayIff(t *testing.T) {
	f := func(want value.Value, args ...value.Value) {
		t.Helper()
		fxExpect(t, want, "array_iff", args...)
		fxExpect(t, want, "array_iif", args...)
	}
	f(fxD(`[1,5,3]`), fxD(`[true,false,true]`), fxD(`[1,2,3]`), fxD(`[4,5,6]`))
	f(fxD(`["yes","no","yes"]`), fxD(`[1,0,50]`), fxS("yes"), fxS("no"))
	f(fxD(`[null,null,null]`), fxD(`["some string value","2022-01-01T00:00:00.0000000Z",null]`), fxL(1), fxL(0))
	f(fxD(`[1,2,null]`), fxD(`[true,true,true]`), fxD(`[1,2]`), fxD(`[3,4]`))
	f(fxNull(value.Dynamic), fxD(`{}`), fxL(1), fxL(0))
}

func TestPackArrayZipRepeat(t *testing.T) {
	f := func(want value.Value, name string, args ...value.Value) { t.Helper(); fxExpect(t, want, name, args...) }
	f(fxD(`[1,2,4]`), "pack_array", fxL(1), fxL(2), fxL(4))
	f(fxD(`[1,"2","00:00:02"]`), "pack_array", fxL(1), fxS("2"), fxTS("2s"))
	f(fxD(`[null,"",{"a":1}]`), "pack_array", fxNull(value.Long), fxS(""), fxD(`{"a":1}`))
	f(fxD(`["2024-01-01T00:00:00.0000000Z",true,1.5]`), "pack_array", fxDT("2024-01-01"), fxB(true), fxR(1.5))

	f(fxD(`[[1,2],[3,4],[5,6]]`), "zip", fxD(`[1,3,5]`), fxD(`[2,4,6]`))
	f(fxD(`[["A",{}],[1,"B"],[1.5,null]]`), "zip", fxD(`["A", 1, 1.5]`), fxD(`[{}, "B"]`))
	f(fxNull(value.Dynamic), "zip", fxD(`[1]`), fxD(`2`))

	f(fxD(`[1,1,1]`), "repeat", fxL(1), fxL(3))
	f(fxD(`["ab","ab"]`), "repeat", fxS("ab"), fxL(2))
	f(fxD(`[]`), "repeat", fxL(1), fxL(0))
	f(fxNull(value.Dynamic), "repeat", fxL(1), fxL(-1))
	f(fxD(`[null,null]`), "repeat", fxNull(value.Long), fxL(2))
}

func TestBags(t *testing.T) {
	f := func(want value.Value, name string, args ...value.Value) { t.Helper(); fxExpect(t, want, name, args...) }
	f(fxD(`["a","c"]`), "bag_keys", fxD(`{"a":"b","c":123}`))
	f(fxD(`["a","c"]`), "bag_keys", fxRawJSON(`{"a":"b","c":[{"d":123}]}`))
	f(fxD(`[]`), "bag_keys", fxD(`{}`))
	f(fxNull(value.Dynamic), "bag_keys", fxD(`"a"`))
	f(fxNull(value.Dynamic), "bag_keys", fxD(`[]`))
	f(fxNull(value.Dynamic), "bag_keys", fxNull(value.Dynamic))

	f(fxD(`{"A1":12,"B1":2,"C1":3,"A2":81,"B2":82}`), "bag_merge",
		fxD(`{"A1":12, "B1":2, "C1":3}`), fxD(`{"A2":81, "B2":82, "A1":1}`))
	f(fxD(`{"a":1}`), "bag_merge", fxD(`{"a":1}`), fxNull(value.Dynamic))
	f(fxNull(value.Dynamic), "bag_merge", fxD(`[1]`), fxNull(value.Dynamic))

	f(fxD(`{"key1":123}`), "bag_remove_keys", fxD(`{"key1":123,"key2":"abc"}`), fxD(`["key2","key4"]`))
	f(fxD(`{"key1":"value","key3":42.5}`), "bag_remove_keys", fxD(`{"key1":"value","key3":42.5}`), fxD(`["key2","key4"]`))
	f(fxD(`{"key1":123,"key2":{"prop2":"xyz"}}`), "bag_remove_keys",
		fxRawJSON(`{"key1":123,"key2":{"prop1":"abc","prop2":"xyz"},"key3":[100,200]}`), fxD(`["$.key2.prop1","key3"]`))
	f(fxD(`{"a b":1}`), "bag_remove_keys", fxD(`{"a b":1,"c":2}`), fxD(`["$['c']"]`))
	f(fxNull(value.Dynamic), "bag_remove_keys", fxD(`[1]`), fxD(`["a"]`))

	f(fxB(true), "bag_has_key", fxD(`{"key1":123,"key2":"abc"}`), fxS("key2"))
	f(fxB(false), "bag_has_key", fxD(`{"key1":123,"key3":"abc"}`), fxS("key2"))
	f(fxB(true), "bag_has_key", fxRawJSON(`{"key2":{"prop1":"abc"}}`), fxS("$.key2.prop1"))
	f(fxB(false), "bag_has_key", fxRawJSON(`{"key2":{"prop1":"abc"}}`), fxS("$.key2.prop9"))
	f(fxB(true), "bag_has_key", fxD(`{"k":null}`), fxS("k"))
	f(fxB(false), "bag_has_key", fxD(`[1]`), fxS("k"))
	f(fxNull(value.Bool), "bag_has_key", fxNull(value.Dynamic), fxS("k"))
}

func TestPack(t *testing.T) {
	for _, name := range []string{"bag_pack", "pack", "pack_dictionary"} {
		f := func(want value.Value, args ...value.Value) { t.Helper(); fxExpect(t, want, name, args...) }
		f(fxD(`{"Level":"Information","ProcessID":1234,"Data":{"url":"www.bing.com"}}`),
			fxS("Level"), fxS("Information"), fxS("ProcessID"), fxL(1234), fxS("Data"), fxD(`{"url":"www.bing.com"}`))
		f(fxD(`{"a":null,"b":""}`), fxS("a"), fxNull(value.Long), fxS("b"), fxS(""))
		f(fxD(`{"a":2}`), fxS("a"), fxL(1), fxS("a"), fxL(2))
		f(fxD(`{"t":"2024-01-01T00:00:00.0000000Z"}`), fxS("t"), fxDT("2024-01-01"))
		fxCheckErr(t, name, value.String, value.Long, value.String)
		fxCheckErr(t, name, value.Long, value.Long)
	}
}

func TestSets(t *testing.T) {
	f := func(want value.Value, name string, args ...value.Value) { t.Helper(); fxExpect(t, want, name, args...) }
	f(fxD(`[1,2,4,8]`), "set_union", fxD(`[1,2,1,4]`), fxD(`[1,2]`), fxD(`[8]`))
	f(fxD(`["A4","A2","A7"]`), "set_union", fxD(`["A4","A2","A7","A2"]`), fxD(`["A4","A2","A7","A2"]`))
	f(fxD(`[1,"1"]`), "set_union", fxD(`[1,1.0]`), fxD(`["1"]`))
	f(fxD(`[4]`), "set_difference", fxD(`[1,2,1,4]`), fxD(`[1,2]`), fxD(`[1,2,8]`))
	f(fxD(`[]`), "set_difference", fxD(`[1,2,3]`), fxD(`[1,2,3]`))
	f(fxD(`[1,2]`), "set_intersect", fxD(`[1,2,1,4]`), fxD(`[1,2]`), fxD(`[2,1,8]`))
	f(fxD(`[]`), "set_intersect", fxD(`[1,2]`), fxD(`[3]`))
	f(fxD(`[{"a":1}]`), "set_intersect", fxD(`[{"a":1},[1]]`), fxD(`[{"a":1}]`))
	f(fxNull(value.Dynamic), "set_union", fxD(`[1]`), fxNull(value.Dynamic))
}
