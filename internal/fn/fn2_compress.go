package fn

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/binary"
	"hash/adler32"
	"hash/crc32"
	"io"
	"sync"
	"unicode/utf8"

	"github.com/harrier-sec/harrier/internal/value"
)

// gzip_compress_to_base64_string, gzip_decompress_from_base64_string,
// zlib_compress_to_base64_string, zlib_decompress_from_base64_string.
//
// Compressed bytes are not unique; we frame the deflate stream ourselves so
// that short, incompressible inputs come out as one stored block with the
// header bytes Kusto's documented examples show (gzip: no flags, mtime 0,
// OS 255; zlib: 78 01), and so reproduce them exactly. Other inputs use
// Go's deflate at its fastest level: these functions run once per row, and
// a dynamic Huffman block over a short string gains little from more effort.

// compMaxOutput caps decompressed output so that a small "zip bomb" cannot
// exhaust memory; larger results are treated as a failure (empty string).
const compMaxOutput = 64 << 20

func init() {
	Register(&Scalar{Name: "gzip_compress_to_base64_string", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.String, KString),
		Eval: strToStr(func(s string) string { return base64.StdEncoding.EncodeToString(compGzip([]byte(s))) }),
		Doc:  "The gzip compression of a string, base64-encoded."})
	Register(&Scalar{Name: "gzip_decompress_from_base64_string", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.String, KString),
		Eval: strToStr(func(s string) string { return compDecode(s, compGunzip) }),
		Doc:  "Decodes base64 and gunzips it to a UTF-8 string; empty when the input is not valid (header flags must be zero)."})
	Register(&Scalar{Name: "zlib_compress_to_base64_string", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.String, KString),
		Eval: strToStr(func(s string) string { return base64.StdEncoding.EncodeToString(compZlib([]byte(s))) }),
		Doc:  "The zlib compression (window size 15) of a string, base64-encoded."})
	Register(&Scalar{Name: "zlib_decompress_from_base64_string", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.String, KString),
		Eval: strToStr(func(s string) string { return compDecode(s, compUnzlib) }),
		Doc:  "Decodes base64 and inflates a zlib stream to a UTF-8 string; empty when the input is not valid."})
}

// A flate writer allocates about 1 MB and a reader tens of KB: reuse them
// across rows and queries.
var (
	compWriters = sync.Pool{New: func() any {
		w, _ := flate.NewWriter(io.Discard, flate.BestSpeed)
		return w
	}}
	compReaders sync.Pool // io.ReadCloser that is also a flate.Resetter
)

// compDeflate returns a raw deflate stream of p.
func compDeflate(p []byte) []byte {
	var buf bytes.Buffer
	w := compWriters.Get().(*flate.Writer)
	w.Reset(&buf)
	_, _ = w.Write(p)
	_ = w.Close()
	compWriters.Put(w)
	if len(p) <= 0xffff && buf.Len() >= len(p)+5 {
		out := make([]byte, 0, len(p)+5)
		out = append(out, 1) // BFINAL=1, BTYPE=00 (stored)
		out = binary.LittleEndian.AppendUint16(out, uint16(len(p)))
		out = binary.LittleEndian.AppendUint16(out, ^uint16(len(p)))
		return append(out, p...)
	}
	return buf.Bytes()
}

func compGzip(p []byte) []byte {
	body := compDeflate(p)
	out := make([]byte, 0, len(body)+18)
	out = append(out, 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff)
	out = append(out, body...)
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(p))
	return binary.LittleEndian.AppendUint32(out, uint32(len(p)))
}

func compZlib(p []byte) []byte {
	body := compDeflate(p)
	out := make([]byte, 0, len(body)+6)
	out = append(out, 0x78, 0x01) // 32K window, "fastest" level
	out = append(out, body...)
	return binary.BigEndian.AppendUint32(out, adler32.Checksum(p))
}

// compDecode base64-decodes s and decompresses it with f; any failure, and
// output that is not UTF-8, gives "".
func compDecode(s string, f func([]byte) ([]byte, bool)) string {
	raw, ok := strBase64Decode(s)
	if !ok {
		return ""
	}
	out, ok := f(raw)
	if !ok || !utf8.Valid(out) {
		return ""
	}
	return string(out)
}

// compInflate inflates a raw deflate stream, returning the output and the
// bytes after its end.
func compInflate(p []byte) ([]byte, []byte, bool) {
	r := bytes.NewReader(p)
	var fr io.ReadCloser
	if x, ok := compReaders.Get().(io.ReadCloser); ok {
		fr = x
		_ = fr.(flate.Resetter).Reset(r, nil)
	} else {
		fr = flate.NewReader(r)
	}
	out, err := io.ReadAll(io.LimitReader(fr, compMaxOutput+1))
	compReaders.Put(fr)
	if err != nil || len(out) > compMaxOutput {
		return nil, nil, false
	}
	return out, p[len(p)-r.Len():], true
}

// compGunzip accepts one gzip member with FLG zero, as Kusto documents
// (optional header fields are not supported), and checks CRC and size.
func compGunzip(p []byte) ([]byte, bool) {
	if len(p) < 18 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8 || p[3] != 0 {
		return nil, false
	}
	out, rest, ok := compInflate(p[10:])
	if !ok || len(rest) < 8 {
		return nil, false
	}
	if binary.LittleEndian.Uint32(rest) != crc32.ChecksumIEEE(out) || binary.LittleEndian.Uint32(rest[4:]) != uint32(len(out)) {
		return nil, false
	}
	return out, true
}

// compUnzlib accepts a zlib stream with a 32K window and no preset
// dictionary and checks its Adler-32.
func compUnzlib(p []byte) ([]byte, bool) {
	if len(p) < 6 || p[0] != 0x78 || (uint16(p[0])<<8|uint16(p[1]))%31 != 0 || p[1]&0x20 != 0 {
		return nil, false
	}
	out, rest, ok := compInflate(p[2:])
	if !ok || len(rest) < 4 || binary.BigEndian.Uint32(rest) != adler32.Checksum(out) {
		return nil, false
	}
	return out, true
}
