package fn

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"io"
	"strings"
	"testing"
)

func TestCompressRoundTrip(t *testing.T) {
	for _, s := range []string{"", "a", "1234567890qwertyuiop", strings.Repeat("kube-apiserver ", 5000), strings.Repeat("x", 70000), "ünïcødé ✓"} {
		g := compGzip([]byte(s))
		if out, ok := compGunzip(g); !ok || string(out) != s {
			t.Errorf("gzip round trip of %d bytes failed", len(s))
		}
		z := compZlib([]byte(s))
		if out, ok := compUnzlib(z); !ok || string(out) != s {
			t.Errorf("zlib round trip of %d bytes failed", len(s))
		}
		// Other implementations read what we write.
		gr, err := gzip.NewReader(bytes.NewReader(g))
		if err != nil {
			t.Fatal(err)
		}
		if out, err := io.ReadAll(gr); err != nil || string(out) != s {
			t.Errorf("compress/gzip cannot read our gzip of %d bytes: %v", len(s), err)
		}
		zr, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		if out, err := io.ReadAll(zr); err != nil || string(out) != s {
			t.Errorf("compress/zlib cannot read our zlib of %d bytes: %v", len(s), err)
		}
	}
}

func TestDecompressForeign(t *testing.T) {
	var gb, zb bytes.Buffer
	gw := gzip.NewWriter(&gb)
	_, _ = gw.Write([]byte("from Go's gzip"))
	_ = gw.Close()
	zw := zlib.NewWriter(&zb)
	_, _ = zw.Write([]byte("from Go's zlib"))
	_ = zw.Close()
	fxExpect(t, fxS("from Go's gzip"), "gzip_decompress_from_base64_string", fxS(base64.StdEncoding.EncodeToString(gb.Bytes())))
	fxExpect(t, fxS("from Go's zlib"), "zlib_decompress_from_base64_string", fxS(base64.StdEncoding.EncodeToString(zb.Bytes())))

	// A header with a file name (FLG != 0) is refused, as Kusto documents.
	gb.Reset()
	gw = gzip.NewWriter(&gb)
	gw.Name = "f.txt"
	_, _ = gw.Write([]byte("named"))
	_ = gw.Close()
	fxExpect(t, fxS(""), "gzip_decompress_from_base64_string", fxS(base64.StdEncoding.EncodeToString(gb.Bytes())))

	// Corruption, truncation, non-UTF-8 output and bombs give "".
	good := compGzip([]byte("payload"))
	bad := bytes.Clone(good)
	bad[len(bad)-5] ^= 1
	fxExpect(t, fxS(""), "gzip_decompress_from_base64_string", fxS(base64.StdEncoding.EncodeToString(bad)))
	fxExpect(t, fxS(""), "gzip_decompress_from_base64_string", fxS(base64.StdEncoding.EncodeToString(good[:len(good)-1])))
	fxExpect(t, fxS(""), "zlib_decompress_from_base64_string", fxS(base64.StdEncoding.EncodeToString(compZlib([]byte{0xff, 0xfe}))))
	if _, ok := compUnzlib(compZlib(bytes.Repeat([]byte{'a'}, compMaxOutput+1))); ok {
		t.Error("output above the cap was accepted")
	}
}
