package fn

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/harrier-sec/harrier/internal/value"
)

func TestParseWindowsArgs(t *testing.T) {
	f := func(in string, want ...string) {
		t.Helper()
		if want == nil {
			want = []string{}
		}
		if d := cmp.Diff(want, parseWindowsArgs(in)); d != "" {
			t.Errorf("parseWindowsArgs(%q) (-want +got):\n%s", in, d)
		}
	}
	f(`echo "hello world!"`, "echo", "hello world!")
	f(`"C:\Program Files\x.exe"`, `C:\Program Files\x.exe`)
	f(`"a"b c`, "a", "b", "c")
	f(`p a\\b`, "p", `a\\b`)
	f(`p a\\"b c"`, "p", `a\b c`)
	f(`p a\\\"b`, "p", `a\"b`)
	f(`p "a""b"`, "p", `a"b`)
	f(`p """a"""`, "p", `"a"`)
	f(`p ""`, "p", "")
	f("p\ta\t", "p", "a")
	f(`   `)
	f(` a`, "", "a")
}

func TestParseCommandLine(t *testing.T) {
	fxExpect(t, fxD(`["echo","hello world!"]`), "parse_command_line", fxS(`echo "hello world!"`), fxS("windows"))
	fxExpect(t, fxD(`["a"]`), "parse_command_line", fxS("a"), fxS("Windows"))
	fxExpectRuntime(t, fxNull(value.Dynamic), "parse_command_line", fxS("a"), fxS("unix"))
	fxCheckConstErr(t, "parse_command_line", fxS("a"), fxS("unix"))
}

func TestParsePath(t *testing.T) {
	f := func(in, want string) { t.Helper(); fxExpect(t, fxD(want), "parse_path", fxS(in)) }
	f(`C:\temp\file.txt`, `{"Scheme":"","RootPath":"C:","DirectoryPath":"C:\\temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}`)
	f(`https://host/a/b.html`, `{"Scheme":"https","RootPath":"","DirectoryPath":"host/a","DirectoryName":"a","Filename":"b.html","Extension":"html","AlternateDataStreamName":""}`)
	f(`C:x.txt`, `{"Scheme":"","RootPath":"C:","DirectoryPath":"C:","DirectoryName":"","Filename":"x.txt","Extension":"txt","AlternateDataStreamName":""}`)
	f(`/a/b/`, `{"Scheme":"","RootPath":"","DirectoryPath":"/a/b","DirectoryName":"b","Filename":"","Extension":"","AlternateDataStreamName":""}`)
	f(`1://x`, `{"Scheme":"","RootPath":"","DirectoryPath":"1:/","DirectoryName":"","Filename":"x","Extension":"","AlternateDataStreamName":""}`)
	f(``, `{"Scheme":"","RootPath":"","DirectoryPath":"","DirectoryName":"","Filename":"","Extension":"","AlternateDataStreamName":""}`)
}

func TestParseJSONPath(t *testing.T) {
	ok := func(p string, n int) {
		t.Helper()
		steps, good := parseJSONPath(p)
		if !good || len(steps) != n {
			t.Errorf("parseJSONPath(%q) = %d steps, ok=%v; want %d", p, len(steps), good, n)
		}
	}
	bad := func(p string) {
		t.Helper()
		if _, good := parseJSONPath(p); good {
			t.Errorf("parseJSONPath(%q) accepted", p)
		}
	}
	ok("$", 0)
	ok("$.a.b", 2)
	ok(`$['a.b']["c"][3]`, 3)
	ok(`@.x`, 1)
	ok(`$['it\'s']`, 1)
	bad("a.b")
	bad("$..a")
	bad("$.*")
	bad("$[*]")
	bad("$[1:2]")
	bad("$[-1]")
	bad("$['a'")
	bad("$.")
}

func TestExtractJSON(t *testing.T) {
	doc := fxS(`{"a":{"b":[10,{"c":"x"}]},"n":null,"s":"7"}`)
	f := func(want value.Value, args ...value.Value) { t.Helper(); fxExpect(t, want, "extract_json", args...) }
	f(fxS("x"), fxS("$.a.b[1].c"), doc)
	f(fxS(`[10,{"c":"x"}]`), fxS("$.a.b"), doc)
	f(fxL(10), fxS("$['a']['b'][0]"), doc, fxS("long"))
	f(fxL(7), fxS("$.s"), doc, fxS("long"))
	f(fxS(""), fxS("$.n"), doc)
	f(fxNull(value.Long), fxS("$.zz"), doc, fxS("long"))
	f(fxS(""), fxS("$.a"), fxS("not json"))
	f(fxS(""), fxS("bad path"), doc)
	f(fxS("x"), fxS("$.a.b[1].c"), fxD(`{"a":{"b":[10,{"c":"x"}]}}`))
	fxExpect(t, fxD(`{"c":"x"}`), "extractjson", fxS("$.a.b[1]"), doc, fxS("dynamic"))
}
