package fn

import (
	"crypto/rand"
	"encoding/hex"
	"math"
	"strconv"

	"github.com/harrier-sec/harrier/internal/value"
)

// The explicit conversion functions: tostring, toint, tolong, toreal /
// todouble, todecimal, tobool / toboolean, todatetime, totimespan, toguid,
// todynamic / parse_json, tohex, gettype and new_guid.
//
// decimal is stored as float64 in harrier (value.Decimal uses Vector.F), so
// todecimal has real precision, not Kusto's 128-bit decimal.

func init() {
	Register(&Scalar{Name: "tostring", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.String, KAny), Eval: convToString,
		Doc: "Converts the input to its string representation; null gives the empty string."})

	Register(&Scalar{Name: "toint", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Int, KAny),
		Eval: Map1(value.Int, convGetInt, PutLong, convOK[int64]),
		Doc:  "Converts the input to int (32-bit); reals are truncated, text is parsed, null when it does not convert."})
	Register(&Scalar{Name: "tolong", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Long, KAny),
		Eval: Map1(value.Long, convGetLong, PutLong, convOK[int64]),
		Doc:  "Converts the input to long; reals are truncated, datetimes and timespans give ticks, text is parsed."})
	for _, name := range []string{"toreal", "todouble"} {
		Register(&Scalar{Name: name, MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Real, KAny),
			Eval: Map1(value.Real, convGetReal, PutReal, convOK[float64]),
			Doc:  "Converts the input to real; text is parsed, null when it does not convert."})
	}
	Register(&Scalar{Name: "todecimal", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Decimal, KAny),
		Eval: Map1(value.Decimal, convGetReal, PutReal, convOK[float64]),
		Doc:  "Converts the input to decimal (kept with real precision in harrier)."})
	for _, name := range []string{"tobool", "toboolean"} {
		Register(&Scalar{Name: name, MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Bool, KAny),
			Eval: Map1(value.Bool, convGetBool, PutBool, convOK[bool]),
			Doc:  "Converts the input to bool: true/false text (any case), numbers (non-zero is true)."})
	}
	Register(&Scalar{Name: "todatetime", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.DateTime, KAny),
		Eval: Map1(value.DateTime, GetDateTime, PutLong, convOK[int64]),
		Doc:  "Converts the input to datetime; text is parsed, null when it does not convert."})
	Register(&Scalar{Name: "totimespan", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.TimeSpan, KAny),
		Eval: Map1(value.TimeSpan, convGetTimeSpan, PutLong, convOK[int64]),
		Doc:  "Converts the input to timespan; text is parsed (1.02:03:04, 5m), numbers are ticks."})
	Register(&Scalar{Name: "toguid", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.GUID, KAny),
		Eval: Map1(value.GUID, convGetGUID, PutString, convOK[string]),
		Doc:  "Converts text holding 32 hex digits (hyphens ignored) to a guid."})
	for _, name := range []string{"todynamic", "parse_json", "parsejson"} {
		Register(&Scalar{Name: name, MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Dynamic, KAny),
			Eval: convToDynamic,
			Doc:  "Parses JSON text into a dynamic value; text that is not JSON becomes a dynamic string, dynamic passes through."})
	}
	Register(&Scalar{Name: "tohex", MinArgs: 1, MaxArgs: 2, Check: convCheckToHex, Eval: convToHex,
		Doc: "Converts an int or long to lower-case hexadecimal (two's complement for negatives), padded to minLength."})
	Register(&Scalar{Name: "gettype", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.String, KAny), Eval: convGetType,
		Doc: "Returns the runtime type of the value; for dynamic, the type of its content (array, dictionary, long...)."})
	Register(&Scalar{Name: "new_guid", MinArgs: 0, MaxArgs: 0, Check: Fixed(value.GUID), Eval: convNewGUID,
		Volatile: true, Doc: "Returns a random (version 4) guid."})
}

func convOK[T any](x T) (T, bool) { return x, true }

func convToString(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	a := args[0]
	if a.T == value.String {
		res := value.NewVector(value.String, n)
		ForRows(n, sel, func(i int) { res.S[i] = a.Str(i) })
		return res
	}
	if a.T != value.Dynamic {
		return Map1(value.String, GetString, PutString, convOK[string])(nil, args, n, sel)
	}
	res := value.NewVector(value.String, n)
	var buf []byte
	ForRows(n, sel, func(i int) {
		d := a.Dyn(i)
		if k := d.Kind(); (k == value.DArray || k == value.DBag) && !d.IsRaw() {
			// Render built arrays and bags through one reused buffer: one
			// allocation per row instead of one per growth step.
			buf = d.AppendJSON(buf[:0])
			res.S[i] = string(buf)
			return
		}
		res.S[i] = d.String()
	})
	return res
}

// convGetLong reads row i as tolong() converts it: implicit numeric
// conversions plus parsing of text (also text inside a dynamic).
func convGetLong(v *value.Vector, i int) (int64, bool) {
	switch v.T {
	case value.String:
		return value.ParseLong(v.Str(i))
	case value.GUID:
		return 0, false
	case value.Real, value.Decimal:
		if v.IsNull(i) {
			return 0, false
		}
		return value.FloatToLong(v.Float(i))
	case value.Dynamic:
		d := v.Dyn(i)
		switch d.Kind() {
		case value.DString:
			return value.ParseLong(d.AsString())
		case value.DReal:
			return value.FloatToLong(d.AsReal())
		}
		return value.DynAsLong(d)
	}
	return v.AsLong(i)
}

// convGetInt is convGetLong limited to the int range (null outside it).
func convGetInt(v *value.Vector, i int) (int64, bool) {
	n, ok := convGetLong(v, i)
	if !ok || n < math.MinInt32 || n > math.MaxInt32 {
		return 0, false
	}
	return n, true
}

func convGetReal(v *value.Vector, i int) (float64, bool) {
	switch v.T {
	case value.String:
		return value.ParseReal(v.Str(i))
	case value.Dynamic:
		if d := v.Dyn(i); d.Kind() == value.DString {
			return value.ParseReal(d.AsString())
		}
	}
	return v.AsReal(i)
}

func convGetBool(v *value.Vector, i int) (bool, bool) { return v.AsBool(i) }

func convGetTimeSpan(v *value.Vector, i int) (int64, bool) {
	switch v.T {
	case value.Int, value.Long:
		// Numbers are ticks, the inverse of tolong(timespan).
		if v.IsNull(i) {
			return 0, false
		}
		return v.Int64(i), true
	case value.Dynamic:
		if d := v.Dyn(i); d.Kind() == value.DLong {
			return d.AsLong(), true
		}
	}
	return v.AsTimeSpan(i)
}

func convGetGUID(v *value.Vector, i int) (string, bool) {
	switch v.T {
	case value.GUID:
		if v.IsNull(i) {
			return "", false
		}
		return v.Str(i), true
	case value.String:
		return value.ParseGUID(v.Str(i))
	case value.Dynamic:
		d := v.Dyn(i)
		switch d.Kind() {
		case value.DGUID:
			return d.AsString(), true
		case value.DString:
			return value.ParseGUID(d.AsString())
		}
	}
	return "", false
}

func convToDynamic(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	a := args[0]
	if a.T == value.Dynamic {
		res := value.NewVector(value.Dynamic, n)
		ForRows(n, sel, func(i int) { res.D[i] = a.Dyn(i) })
		return res
	}
	res := value.NewVector(value.Dynamic, n)
	if a.Const {
		// A constant is parsed once, not once per row.
		d := convDynOf(a, 0)
		ForRows(n, sel, func(i int) { res.D[i] = d })
		return res
	}
	ForRows(n, sel, func(i int) { res.D[i] = convDynOf(a, i) })
	return res
}

func convDynOf(a *value.Vector, i int) *value.Dyn {
	if a.T == value.String {
		return value.ParseDynamic(a.Str(i))
	}
	return a.AsDyn(i)
}

func convCheckToHex(args []Arg) (value.Type, error) {
	for i, a := range args {
		if !KInteger.Accepts(a.Type) {
			return value.Unknown, Errorf("argument %d must be an integer, got %s", i+1, a.Type)
		}
	}
	return value.String, nil
}

func convToHex(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.String, n)
	a := args[0]
	ForRows(n, sel, func(i int) {
		x, ok := convGetLong(a, i)
		if !ok {
			return // string: null is ""
		}
		var s string
		if a.T == value.Int {
			// An int is shown with its 32-bit two's complement.
			s = strconv.FormatUint(uint64(uint32(int32(x))), 16)
		} else {
			s = strconv.FormatUint(uint64(x), 16)
		}
		if len(args) > 1 {
			minLen, ok := convGetLong(args[1], i)
			if ok {
				if minLen > 16 {
					minLen = 16
				}
				for int64(len(s)) < minLen {
					s = "0" + s
				}
			}
		}
		res.S[i] = s
	})
	return res
}

func convGetType(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.String, n)
	a := args[0]
	name := a.T.String()
	ForRows(n, sel, func(i int) {
		if a.T == value.Dynamic {
			res.S[i] = a.Dyn(i).TypeName()
			return
		}
		res.S[i] = name
	})
	return res
}

func convNewGUID(_ *Context, _ []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.GUID, n)
	var b [16]byte
	var buf [32]byte
	ForRows(n, sel, func(i int) {
		_, _ = rand.Read(b[:])
		b[6] = b[6]&0x0f | 0x40 // version 4
		b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
		hex.Encode(buf[:], b[:])
		s := string(buf[:])
		res.S[i] = s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
	})
	return res
}
