package fn

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	// xxhash64 is the algorithm Kusto documents for hash(); the library is
	// already a dependency of the storage layer.
	"github.com/cespare/xxhash/v2"

	"github.com/harrier-sec/harrier/internal/value"
)

// base64 and hash functions.

// strBase64Decode decodes standard base64 with padding, ignoring white space
// as .NET's Convert.FromBase64String does.
func strBase64Decode(s string) ([]byte, bool) {
	if strings.ContainsAny(s, " \t\r\n") {
		s = strings.Map(func(r rune) rune {
			switch r {
			case ' ', '\t', '\r', '\n':
				return -1
			}
			return r
		}, s)
	}
	b, err := base64.StdEncoding.DecodeString(s)
	return b, err == nil
}

// strBase64DecodeToString returns the UTF-8 text encoded in s; invalid base64
// or invalid UTF-8 gives null (the empty string).
func strBase64DecodeToString(s string) string {
	b, ok := strBase64Decode(s)
	if !ok || !utf8.Valid(b) {
		return ""
	}
	return string(b)
}

func strBase64DecodeToArray(s string) *value.Dyn {
	b, ok := strBase64Decode(s)
	if !ok {
		return nil
	}
	items := make([]*value.Dyn, len(b))
	for i, c := range b {
		items[i] = value.DynLong(int64(c))
	}
	return value.DynArray(items)
}

func strBase64EncodeFromArray(d *value.Dyn) (string, bool) {
	if d.Kind() != value.DArray {
		return "", false
	}
	var b []byte
	ok := true
	d.Elems(func(_ int, e *value.Dyn) bool {
		n, isNum := value.DynAsLong(e)
		if !isNum || n < 0 || n > 255 {
			ok = false
			return false
		}
		b = append(b, byte(n))
		return true
	})
	if !ok {
		return "", false
	}
	return base64.StdEncoding.EncodeToString(b), true
}

// strGUIDBytes returns the 16 bytes of a canonical guid in .NET's layout (the
// first three groups little-endian), which Kusto's base64 and hash
// functions use.
func strGUIDBytes(g string) ([16]byte, bool) {
	var out [16]byte
	canon, ok := strParseGUID(g)
	if !ok {
		return out, false
	}
	h := strings.ReplaceAll(canon, "-", "")
	var raw [16]byte
	if _, err := hex.Decode(raw[:], []byte(h)); err != nil {
		return out, false
	}
	order := [16]int{3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15}
	for i, j := range order {
		out[i] = raw[j]
	}
	return out, true
}

// strGUIDFromBytes is the inverse of strGUIDBytes.
func strGUIDFromBytes(b []byte) string {
	order := [16]int{3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15}
	var raw [16]byte
	for i, j := range order {
		raw[i] = b[j]
	}
	h := hex.EncodeToString(raw[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func strEvalBase64EncodeFromGUID(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.String, n)
	ForRows(n, sel, func(i int) {
		if args[0].IsNull(i) {
			return
		}
		b, ok := strGUIDBytes(args[0].AsString(i))
		if !ok {
			return
		}
		res.S[i] = base64.StdEncoding.EncodeToString(b[:])
	})
	return res
}

func strEvalBase64DecodeToGUID(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.GUID, n)
	src := newStrArg(args[0])
	ForRows(n, sel, func(i int) {
		b, ok := strBase64Decode(src.at(i))
		if !ok || len(b) != 16 {
			res.SetNull(i)
			return
		}
		res.S[i] = strGUIDFromBytes(b)
	})
	return res
}

// strHashBytes appends the bytes Kusto's hash() and hash_xxhash64() hash for
// row i: the UTF-8 text of strings, the little-endian binary form of
// numbers, datetimes and timespans (ticks), and the .NET layout of guids.
// hash(datetime(2015-01-01)) == 1380966698541616202 pins the datetime case.
// ok is false for null.
func strHashBytes(buf []byte, v *value.Vector, i int) ([]byte, bool) {
	if v.IsNull(i) && v.T != value.String {
		return buf, false
	}
	switch v.T {
	case value.String:
		return append(buf, v.Str(i)...), true
	case value.Long, value.DateTime, value.TimeSpan:
		return binary.LittleEndian.AppendUint64(buf, uint64(v.Int64(i))), true
	case value.Int:
		return binary.LittleEndian.AppendUint32(buf, uint32(int32(v.Int64(i)))), true
	case value.Real, value.Decimal:
		return binary.LittleEndian.AppendUint64(buf, math.Float64bits(v.Float(i))), true
	case value.Bool:
		if v.Bool(i) {
			return append(buf, 1), true
		}
		return append(buf, 0), true
	case value.GUID:
		if b, ok := strGUIDBytes(v.Str(i)); ok {
			return append(buf, b[:]...), true
		}
		return append(buf, v.Str(i)...), true
	case value.Dynamic:
		d := v.Dyn(i)
		if sv, ok := d.Scalar(); ok {
			tmp := value.ConstVector(sv)
			return strHashBytes(buf, tmp, 0)
		}
		return append(buf, d.JSON()...), true
	}
	return append(buf, v.AsString(i)...), true
}

// strEvalHash is hash(source [, mod]) and hash_xxhash64(source [, mod]).
func strEvalHash(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Long, n)
	var buf []byte
	ForRows(n, sel, func(i int) {
		var ok bool
		buf, ok = strHashBytes(buf[:0], args[0], i)
		if !ok {
			res.SetNull(i)
			return
		}
		h := xxhash.Sum64(buf)
		if len(args) == 2 {
			m, ok := args[1].AsLong(i)
			if !ok || m <= 0 {
				res.SetNull(i)
				return
			}
			res.I[i] = int64(h % uint64(m))
			return
		}
		res.I[i] = int64(h)
	})
	return res
}

// strHashText is the text the cryptographic hash functions digest: tostring()
// of the value, except that datetimes always carry seven fraction digits
// (hash_sha256(datetime(2020-01-01)) digests "2020-01-01T00:00:00.0000000Z").
func strHashText(v *value.Vector, i int) (string, bool) {
	if v.T == value.String {
		return v.Str(i), true
	}
	if v.IsNull(i) {
		return "", false
	}
	switch v.T {
	case value.DateTime:
		return strFormatDateTime7(v.Int64(i)), true
	case value.Dynamic:
		d := v.Dyn(i)
		if d.Kind() == value.DDateTime {
			return strFormatDateTime7(d.AsLong()), true
		}
	}
	return v.AsString(i), true
}

// strFormatDateTime7 renders ticks as yyyy-MM-ddTHH:mm:ss.fffffffZ.
func strFormatDateTime7(ticks int64) string {
	t := value.TimeFromTicks(ticks)
	frac := ticks % value.TicksPerSecond
	if frac < 0 {
		frac += value.TicksPerSecond
	}
	return t.Format("2006-01-02T15:04:05") + "." + strconv.FormatInt(frac+value.TicksPerSecond, 10)[1:] + "Z"
}

func strCryptoHash(newHash func() hash.Hash) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.String, n)
		h := newHash()
		var sum []byte
		ForRows(n, sel, func(i int) {
			s, ok := strHashText(args[0], i)
			if !ok {
				return
			}
			h.Reset()
			h.Write([]byte(s))
			sum = h.Sum(sum[:0])
			res.S[i] = hex.EncodeToString(sum)
		})
		return res
	}
}

func init() {
	for _, name := range []string{"base64_encode_tostring", "base64_encodestring"} {
		Register(&Scalar{
			Name: name, MinArgs: 1, MaxArgs: 1,
			Check: strCheckKinds(1, 1, value.String, KString),
			Eval: strToStr(func(s string) string {
				return base64.StdEncoding.EncodeToString([]byte(s))
			}),
			Doc: name + "(s): the UTF-8 bytes of s in base64",
		})
	}
	for _, name := range []string{"base64_decode_tostring", "base64_decodestring"} {
		Register(&Scalar{
			Name: name, MinArgs: 1, MaxArgs: 1,
			Check: strCheckKinds(1, 1, value.String, KString),
			Eval:  strToStr(strBase64DecodeToString),
			Doc:   name + "(s): the UTF-8 text encoded in base64 s (empty when invalid)",
		})
	}
	Register(&Scalar{
		Name: "base64_decode_toarray", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.Dynamic, KString),
		Eval:  strToDyn(strBase64DecodeToArray),
		Doc:   "base64_decode_toarray(s): the bytes encoded in base64 s as an array of longs",
	})
	Register(&Scalar{
		Name: "base64_encode_fromarray", MinArgs: 1, MaxArgs: 1,
		Check: strCheckDynamicArg(1, 1, 0, value.String),
		Eval: Map1(value.String, GetDyn, PutString, func(d *value.Dyn) (string, bool) {
			return strBase64EncodeFromArray(d)
		}),
		Doc: "base64_encode_fromarray(bytes): an array of byte values in base64",
	})
	Register(&Scalar{
		Name: "base64_encode_fromguid", MinArgs: 1, MaxArgs: 1,
		Check: func(args []Arg) (value.Type, error) {
			if err := strCheckArity(args, 1, 1); err != nil {
				return value.Unknown, err
			}
			if t := args[0].Type; t != value.GUID && t != value.Dynamic && t != value.Unknown {
				return value.Unknown, Errorf("argument #1 must be guid, got %s", t)
			}
			return value.String, nil
		},
		Eval: strEvalBase64EncodeFromGUID,
		Doc:  "base64_encode_fromguid(g): the 16 bytes of guid g in base64",
	})
	Register(&Scalar{
		Name: "base64_decode_toguid", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.GUID, KString),
		Eval:  strEvalBase64DecodeToGUID,
		Doc:   "base64_decode_toguid(s): the guid whose 16 bytes are encoded in base64 s",
	})
	for _, name := range []string{"hash", "hash_xxhash64"} {
		Register(&Scalar{
			Name: name, MinArgs: 1, MaxArgs: 2,
			Check: strCheckKinds(1, 2, value.Long, KAny, KInteger),
			Eval:  strEvalHash,
			Doc:   name + "(source [, mod]): the xxhash64 of source, optionally modulo mod",
		})
	}
	Register(&Scalar{
		Name: "hash_sha256", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.String, KAny),
		Eval:  strCryptoHash(sha256.New),
		Doc:   "hash_sha256(source): the SHA-256 of source as hex",
	})
	Register(&Scalar{
		Name: "hash_sha1", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.String, KAny),
		Eval:  strCryptoHash(sha1.New),
		Doc:   "hash_sha1(source): the SHA-1 of source as hex",
	})
	Register(&Scalar{
		Name: "hash_md5", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.String, KAny),
		Eval:  strCryptoHash(md5.New),
		Doc:   "hash_md5(source): the MD5 of source as hex",
	})
}
