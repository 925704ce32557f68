package fn

import (
	"regexp"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

func TestToString(t *testing.T) {
	f := func(in value.Value, want string) { t.Helper(); fxExpect(t, fxS(want), "tostring", in) }
	f(fxL(123), "123")
	f(fxI(-5), "-5")
	f(fxR(1.5), "1.5")
	f(fxR(4), "4")
	f(fxB(true), "true")
	f(fxS("abc"), "abc")
	f(fxDT("2024-01-01"), "2024-01-01T00:00:00.0000000Z")
	f(fxDT("2024-01-01T10:11:12.5"), "2024-01-01T10:11:12.5000000Z")
	f(fxTS("1d"), "1.00:00:00")
	f(fxTS("90m"), "01:30:00")
	f(fxG("01234567-89ab-cdef-0123-456789abcdef"), "01234567-89ab-cdef-0123-456789abcdef")
	f(fxD(`[1, "a", {"b": null}]`), `[1,"a",{"b":null}]`)
	f(fxD(`{"a":1}`), `{"a":1}`)
	f(fxD(`"text"`), "text")
	f(fxD(`12`), "12")
	// null becomes the empty string
	f(fxNull(value.Long), "")
	f(fxNull(value.Dynamic), "")
	f(fxNull(value.DateTime), "")
}

func TestToIntLong(t *testing.T) {
	l := func(in, want value.Value) { t.Helper(); fxExpect(t, want, "tolong", in) }
	i := func(in, want value.Value) { t.Helper(); fxExpect(t, want, "toint", in) }
	l(fxS("123"), fxL(123))
	l(fxS(" -42 "), fxL(-42))
	l(fxS("1.5"), fxNull(value.Long)) // integer text only
	l(fxS("abc"), fxNull(value.Long))
	l(fxS(""), fxNull(value.Long))
	l(fxR(2.9), fxL(2))
	l(fxR(-2.9), fxL(-2))
	l(fxR(1e300), fxNull(value.Long))
	l(fxB(true), fxL(1))
	l(fxI(7), fxL(7))
	l(fxDT("0001-01-01T00:00:00.0000001"), fxL(1)) // ticks
	l(fxTS("1s"), fxL(10_000_000))
	l(fxD(`5`), fxL(5))
	l(fxD(`5.7`), fxL(5))
	l(fxD(`"77"`), fxL(77))
	l(fxD(`[1]`), fxNull(value.Long))
	l(fxNull(value.Long), fxNull(value.Long))
	l(fxNull(value.Dynamic), fxNull(value.Long))
	l(fxG("01234567-89ab-cdef-0123-456789abcdef"), fxNull(value.Long))

	i(fxS("123"), fxI(123))
	i(fxR(2.3), fxI(2)) // documented: truncates
	i(fxL(1<<31), fxNull(value.Int))
	i(fxL(-1<<31), fxI(-1<<31))
	i(fxS("99999999999"), fxNull(value.Int))
	i(fxNull(value.Real), fxNull(value.Int))
}

func TestToRealDecimal(t *testing.T) {
	f := func(in, want value.Value) { t.Helper(); fxExpect(t, want, "toreal", in) }
	f(fxS("123.4"), fxR(123.4))
	f(fxS("1e3"), fxR(1000))
	f(fxS("NaN"), fxR(fxNaN))
	f(fxS("x"), fxNull(value.Real))
	f(fxL(3), fxR(3))
	f(fxB(false), fxR(0))
	f(fxD(`2.5`), fxR(2.5))
	f(fxD(`"2.5"`), fxR(2.5))
	f(fxD(`{}`), fxNull(value.Real))
	f(fxNull(value.Long), fxNull(value.Real))
	fxExpect(t, fxR(1.5), "todouble", fxS("1.5"))
	fxExpect(t, fxDec(1.25), "todecimal", fxS("1.25"))
	fxExpect(t, fxDec(3), "todecimal", fxI(3))
}

func TestToBool(t *testing.T) {
	f := func(in, want value.Value) { t.Helper(); fxExpect(t, want, "tobool", in) }
	f(fxS("true"), fxB(true))
	f(fxS("FALSE"), fxB(false))
	f(fxS("1"), fxB(true))
	f(fxS("yes"), fxNull(value.Bool))
	f(fxL(123), fxB(true))
	f(fxL(0), fxB(false))
	f(fxR(0.5), fxB(true))
	f(fxD(`true`), fxB(true))
	f(fxD(`"false"`), fxB(false))
	f(fxNull(value.Bool), fxNull(value.Bool))
	fxExpect(t, fxB(true), "toboolean", fxS("True"))
}

func TestToDateTimeTimeSpan(t *testing.T) {
	d := func(in, want value.Value) { t.Helper(); fxExpect(t, want, "todatetime", in) }
	d(fxS("2015-12-31 23:59:59.9"), fxDT("2015-12-31T23:59:59.9Z"))
	d(fxS("2024-01-01T00:00:00.0000000Z"), fxDT("2024-01-01"))
	d(fxS("not a date"), fxNull(value.DateTime))
	d(fxD(`"2024-05-01T10:00:00.0000000Z"`), fxDT("2024-05-01T10:00:00.0000000Z"))
	d(fxDT("2024-05-01"), fxDT("2024-05-01"))
	d(fxL(5), fxNull(value.DateTime))

	ts := func(in, want value.Value) { t.Helper(); fxExpect(t, want, "totimespan", in) }
	ts(fxS("0.00:01:00"), fxTS("1m"))
	ts(fxS("1.02:03:04.5"), value.NewTimeSpan(value.TicksPerDay+2*value.TicksPerHour+3*value.TicksPerMinute+45_000_000))
	ts(fxS("5m"), fxTS("00:05:00"))
	ts(fxS("bad"), fxNull(value.TimeSpan))
	ts(fxL(10_000_000), fxTS("1s")) // ticks
	ts(fxD(`"00:00:10"`), fxTS("10s"))
	ts(fxNull(value.String), fxNull(value.TimeSpan))
}

func TestToGUID(t *testing.T) {
	const g = "01234567-89ab-cdef-0123-456789abcdef"
	f := func(in, want value.Value) { t.Helper(); fxExpect(t, want, "toguid", in) }
	f(fxS("0123456789abcdef0123456789abcdef"), fxG(g))
	f(fxS("0123456789ab-cdef-0123-456789abcdef"), fxG(g))
	f(fxS("01234567-89AB-CDEF-0123-456789ABCDEF"), fxG(g))
	f(fxS("{01234567-89ab-cdef-0123-456789abcdef}"), fxG(g))
	f(fxS("a string that is not a guid"), fxNull(value.GUID))
	f(fxS("0123"), fxNull(value.GUID))
	f(fxD(`"`+g+`"`), fxG(g))
	f(fxG(g), fxG(g))
}

func TestToDynamic(t *testing.T) {
	for _, name := range []string{"todynamic", "parse_json", "parsejson"} {
		f := func(in, want value.Value) { t.Helper(); fxExpect(t, want, name, in) }
		f(fxS(`{"a":1, "b":[1,2]}`), fxD(`{"a":1,"b":[1,2]}`))
		f(fxS(`[1, 2]`), fxD(`[1,2]`))
		f(fxS(`1`), fxD(`1`))
		f(fxS(`"abc"`), fxD(`"abc"`))
		f(fxS(`not json`), value.NewDynamic(value.DynString("not json")))
		f(fxS(`{"a":`), value.NewDynamic(value.DynString(`{"a":`)))
		f(fxS(``), fxNull(value.Dynamic))
		f(fxS(`null`), fxNull(value.Dynamic))
		f(fxD(`{"x":"y"}`), fxD(`{"x":"y"}`)) // dynamic passes through
		f(fxL(5), fxD(`5`))
	}
}

func TestToHex(t *testing.T) {
	f := func(want string, args ...value.Value) { t.Helper(); fxExpect(t, fxS(want), "tohex", args...) }
	f("100", fxL(256))
	f("ffffffffffffff00", fxL(-256))
	f("ffffff00", fxI(-256), fxL(8))
	f("00000100", fxL(256), fxL(8))
	f("100", fxL(256), fxL(2))
	f("0000000000000100", fxL(256), fxL(30))
	f("", fxNull(value.Long))
	fxCheckErr(t, "tohex", value.String)
}

func TestGetType(t *testing.T) {
	f := func(in value.Value, want string) { t.Helper(); fxExpect(t, fxS(want), "gettype", in) }
	f(fxS("a"), "string")
	f(fxL(111), "long")
	f(fxI(1), "int")
	f(fxB(true), "bool")
	f(fxDT("2024-01-01"), "datetime")
	f(fxTS("1s"), "timespan")
	f(fxR(123.45), "real")
	f(fxDec(1), "decimal")
	f(fxG("12e8b78d-55b4-46ae-b068-26d7a0080254"), "guid")
	f(fxD(`"abc"`), "string")
	f(fxD(`{"abc":1}`), "dictionary")
	f(fxD(`[1,2,3]`), "array")
	f(fxD(`1`), "long")
	f(fxD(`1.5`), "real")
	f(fxD(`true`), "bool")
	f(fxNull(value.Dynamic), "null")
}

func TestNewGUID(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a := fxCall(t, "new_guid")
	b := fxCall(t, "new_guid")
	if a.T != value.GUID || !re.MatchString(a.S) || a.S == b.S {
		t.Errorf("new_guid() = %s, %s", fxShow(a), fxShow(b))
	}
}

func TestConvert(t *testing.T) {
	f := func(in value.Value, to value.Type, want value.Value) {
		t.Helper()
		if got := value.Convert(in, to); !fxSame(got, want) {
			t.Errorf("Convert(%s, %s) = %s, want %s", fxShow(in), to, fxShow(got), fxShow(want))
		}
	}
	f(fxS("12"), value.Long, fxL(12))
	f(fxS("12"), value.Int, fxI(12))
	f(fxL(1<<40), value.Int, fxNull(value.Int))
	f(fxR(2.7), value.Long, fxL(2))
	f(fxS("2.5"), value.Real, fxR(2.5))
	f(fxL(2), value.Decimal, fxDec(2))
	f(fxS("TRUE"), value.Bool, fxB(true))
	f(fxL(0), value.Bool, fxB(false))
	f(fxS("2024-01-01"), value.DateTime, fxDT("2024-01-01"))
	f(fxS("1h"), value.TimeSpan, fxTS("01:00:00"))
	f(fxL(10), value.TimeSpan, value.NewTimeSpan(10))
	f(fxS("0123456789abcdef0123456789abcdef"), value.GUID, fxG("01234567-89ab-cdef-0123-456789abcdef"))
	f(fxS(`{"a":1}`), value.Dynamic, fxD(`{"a":1}`))
	f(fxS("x"), value.Dynamic, value.NewDynamic(value.DynString("x")))
	f(fxL(3), value.Dynamic, fxD(`3`))
	f(fxD(`"5"`), value.Long, fxL(5))
	f(fxD(`[1]`), value.String, fxS("[1]"))
	f(fxD(`[1]`), value.Long, fxNull(value.Long))
	f(fxNull(value.Long), value.String, fxS(""))
	f(fxNull(value.Long), value.Real, fxNull(value.Real))
	f(fxDT("2024-01-01"), value.String, fxS("2024-01-01T00:00:00.0000000Z"))
	f(fxB(true), value.Real, fxR(1))
	f(fxDT("2024-01-01"), value.Bool, fxNull(value.Bool))
}

func TestParseHelpers(t *testing.T) {
	if _, ok := value.ParseLong("1_000"); ok {
		t.Error("ParseLong accepted underscores")
	}
	if n, ok := value.ParseLong("+7"); !ok || n != 7 {
		t.Errorf("ParseLong(+7) = %d, %v", n, ok)
	}
	if _, ok := value.ParseReal("1e999"); ok {
		t.Error("ParseReal accepted an out-of-range number")
	}
	if d := value.ParseDynamic("  "); d != nil {
		t.Errorf("ParseDynamic(blank) = %s", d.JSON())
	}
}
