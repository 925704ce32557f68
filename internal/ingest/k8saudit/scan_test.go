package k8saudit

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// checkScanner compares jsonScanner with encoding/json's Valid and Compact.
func checkScanner(t *testing.T, in []byte) {
	t.Helper()
	s := jsonScanner{src: in}
	err := s.value()
	if err == nil {
		err = s.end()
	}
	if valid := json.Valid(in); (err == nil) != valid {
		t.Fatalf("%q: scanner error %v, json.Valid %v", in, err, valid)
	}
	if err != nil {
		return
	}
	var want bytes.Buffer
	if err := json.Compact(&want, in); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(s.dst, want.Bytes()) {
		t.Fatalf("%q: compact\n got %s\nwant %s", in, s.dst, want.Bytes())
	}
}

func TestScanner(t *testing.T) {
	for _, in := range []string{
		``, ` `, `{}`, ` { } `, `[]`, `[ ]`, `[1,2]`, `[1,]`, `[,1]`, `{"a":1,}`, `{,}`, `{"a" 1}`, `{"a":}`,
		`{"a":1 "b":2}`, `{1:2}`, `"`, `"abc`, `"a\"b"`, `"\u00e9\ud83d\ude00"`, `"\u12"`, `"\u12g4"`, `"\x"`,
		"\"\t\"", "\"\x7f\xff\xfe\"", `0`, `-0`, `-`, `01`, `1.`, `1.5`, `.5`, `1e`, `1e+`, `1e+5`, `1E-05`, `-1.5e10`,
		`+1`, `true`, `tru`, `trUe`, `false`, `null`, `nul`, `nullx`, `null null`, `{"a":[true,false,null,{"b":"c"}]}`,
		"{\r\n\t\"a\" :\n [ 1 , 2 ] }\n", `{"a":1}}`, `[[[]]]`, `[[[]]`, `"\/"`,
	} {
		checkScanner(t, []byte(in))
	}
	deep := func(n int) []byte { return []byte(strings.Repeat("[", n) + strings.Repeat("]", n)) }
	checkScanner(t, deep(maxDepth))
	checkScanner(t, deep(maxDepth+1))
	checkScanner(t, []byte(strings.Repeat(`{"a":`, maxDepth)+"1"+strings.Repeat("}", maxDepth)))
	checkScanner(t, []byte(strings.Repeat(`{"a":`, maxDepth+1)+"1"+strings.Repeat("}", maxDepth+1)))
	checkScanner(t, readRealLog(t)[:100000])
	for _, l := range bytes.Split(readRealLog(t), []byte("\n")) {
		checkScanner(t, l)
	}
}

// FuzzScanner checks jsonScanner against encoding/json on any input.
func FuzzScanner(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	for _, s := range []string{`[1,-0.5e+3,true,false,null,"\u00e9"]`, "{\"a\" :\n[ ]}", `"\ud800"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkScanner(t, data) })
}
