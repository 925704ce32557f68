package value

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unsafe"
)

var compactJSONSeeds = []string{
	`{"a":1}`, `{ "a" : [1, 2.5e-3, -0, true, false, null, "x\"y\\u00e9\n"] }`, `[]`, `{}`, ` [ ] `,
	`[1,]`, `{"a":}`, `{"a" 1}`, `[01]`, `[1.]`, `[.5]`, `[1e]`, `[-]`, `["\x"]`, `["\u12"]`, `["a` + "\x01" + `"]`,
	`{"a":1}}`, `[1][2]`, `[tru]`, `[nul]`, `{1:2}`, "[\"\xff\xfe\"]", `[{"a":[{"b":{}}]}]`, "{\"k\":\r\n\t\"v\"}",
	`"just a string"`, `12`, `[1 2]`, `{"a":1,}`, `[` + strings.Repeat("[", 50) + strings.Repeat("]", 50) + `]`,
}

// checkCompactJSON compares compactJSON with encoding/json.
func checkCompactJSON(t *testing.T, s string) {
	t.Helper()
	got, ok := compactJSON(s)
	if valid := json.Valid([]byte(s)); ok != valid {
		t.Fatalf("compactJSON(%q) ok=%v, json.Valid=%v", s, ok, valid)
	}
	if !ok {
		return
	}
	var want bytes.Buffer
	if err := json.Compact(&want, []byte(s)); err != nil {
		t.Fatalf("json.Compact(%q): %v", s, err)
	}
	if got != want.String() {
		t.Fatalf("compactJSON(%q) = %q, want %q", s, got, want.String())
	}
}

func TestCompactJSON(t *testing.T) {
	for _, s := range compactJSONSeeds {
		checkCompactJSON(t, s)
	}
	// Already compact input is shared, not copied.
	in := `{"a":[1,2]}`
	if out, _ := compactJSON(in); unsafe.StringData(out) != unsafe.StringData(in) {
		t.Fatalf("compactJSON copied compact input")
	}
}

func FuzzCompactJSON(f *testing.F) {
	for _, s := range compactJSONSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkCompactJSON(t, s) })
}

func TestParseDynamicRaw(t *testing.T) {
	f := func(in, kind, js string) {
		t.Helper()
		d := ParseDynamic(in)
		if d.TypeName() != kind || d.JSON() != js {
			t.Errorf("ParseDynamic(%q) = %s %s, want %s %s", in, d.TypeName(), d.JSON(), kind, js)
		}
	}
	f(` { "a" : [ 1 , 2 ] } `, "dictionary", `{"a":[1,2]}`)
	f(`[1, {"b": "c d"}]`, "array", `[1,{"b":"c d"}]`)
	f(`[1, 2`, "string", `"[1, 2"`)
	f(`{"a":1} x`, "string", `"{\"a\":1} x"`)
	f(`42`, "long", `42`)
	f(``, "null", `null`)
	if got := ParseDynamic(`{"a":{"b":7}}`).Get("a").Get("b"); got.AsLong() != 7 {
		t.Errorf("path into parsed bag = %s", got.JSON())
	}
}
