package exec

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/format"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/sema"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

var parseRounds = flag.Int("parse-rounds", 3000, "random patterns TestParseMatchersAgreeWithRegex tries")

type noTables struct{}

func (noTables) Table(string) *table.Table { return nil }
func (noTables) TableNames() []string      { return nil }

// analyzeParse returns the plan of the parse operator op applied to an
// empty string column s.
func analyzeParse(t *testing.T, op string) plan.Node {
	t.Helper()
	src := `print s = "" | ` + op
	script, err := syntax.Parse(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	q, err := sema.Analyze(src, script, noTables{}, sema.Options{Now: 1})
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return q.Results[0].Plan
}

// parseOnce runs row over text and renders the extracted row.
func parseOnce(row parseRow, cols []plan.ParseCol, text string) string {
	outs := make([]*value.Vector, len(cols))
	for k, c := range cols {
		outs[k] = value.NewVector(c.T, 1)
	}
	ok := row(text, outs, 0)
	var b strings.Builder
	fmt.Fprint(&b, ok)
	for _, o := range outs {
		fmt.Fprintf(&b, " | %s", format.Cell(o.Get(0)))
	}
	return b.String()
}

// TestParseMatchersAgreeWithRegex checks the regex-free matchers against
// the regex analysis generates, on random patterns and texts over a small
// alphabet where delimiters recur and numbers are ambiguous.
func TestParseMatchersAgreeWithRegex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	lits := []string{`"a"`, `"b"`, `"ab"`, `","`, `"-"`, `"1"`, `"."`, `"e"`, `"é"`}
	types := []string{"", ":string", ":long", ":int", ":real", ":bool", ":datetime", ":guid"}
	pieces := []string{"a", "b", ",", "-", "1", "5", ".", "e", "0", "true", "FALSE", "ſ", "é", "7b4f0c3d-8e2a-4b6c-9d1e-0f2a3b4c5d6e"}
	for n := 0; n < *parseRounds; n++ {
		var pat []string
		cols := 0
		prevString := false
		for k := 1 + r.IntN(6); k > 0; k-- {
			switch r.IntN(3) {
			case 0:
				if prevString {
					continue
				}
				pat = append(pat, "*")
				prevString = false
			case 1:
				pat = append(pat, lits[r.IntN(len(lits))])
				prevString = false
			default:
				ty := types[r.IntN(len(types))]
				pat = append(pat, fmt.Sprintf("c%d%s", cols, ty))
				cols++
				prevString = ty == "" || ty == ":string"
			}
		}
		kind := []string{"simple", "relaxed"}[r.IntN(2)]
		op := fmt.Sprintf("parse kind=%s s with %s", kind, strings.Join(pat, " "))
		p := analyzeParse(t, op).(*plan.Parse)
		fast := newParseRow(p)
		slow := *p
		slow.Steps = nil
		viaRegex := newParseRow(&slow)
		for m := 0; m < 30; m++ {
			var sb strings.Builder
			for l := r.IntN(12); l > 0; l-- {
				sb.WriteString(pieces[r.IntN(len(pieces))])
			}
			text := sb.String()
			got, want := parseOnce(fast, p.Cols, text), parseOnce(viaRegex, p.Cols, text)
			if got != want {
				t.Fatalf("%s on %q (regex %s):\nregex-free: %s\nregex:      %s", op, text, p.Regex, got, want)
			}
		}
	}
}

func TestMatchSteps(t *testing.T) {
	steps := func(parts ...any) []plan.ParseStep {
		var out []plan.ParseStep
		for _, p := range parts {
			switch v := p.(type) {
			case string:
				if v == "*" {
					out = append(out, plan.ParseStep{Star: true, Col: -1})
				} else {
					out = append(out, plan.ParseStep{Lit: v, Col: -1})
				}
			case int:
				out = append(out, plan.ParseStep{Col: v})
			}
		}
		return mergeSteps(out)
	}
	f := func(s []plan.ParseStep, text string, want ...string) {
		t.Helper()
		caps := make([]string, 2)
		ok := matchSteps(s, text, caps)
		if len(want) == 0 {
			if ok {
				t.Errorf("%q matched %q", text, caps)
			}
			return
		}
		if !ok {
			t.Errorf("%q did not match", text)
			return
		}
		if diff := cmp.Diff(want, caps[:len(want)]); diff != "" {
			t.Errorf("%q: (-want +got)\n%s", text, diff)
		}
	}
	f(steps(0, ",", 1), "a,b,c", "a", "b,c")
	f(steps("*", "k=", 0, ";", "*"), "x k=1; k=2;", "1")
	f(steps("k=", 0, ";"), "k=1;2;", "1;2")
	f(steps("k=", 0, ";"), "x k=1;")
	f(steps(0, 1), "abc", "", "abc")
	f(steps("a", "", "b", 0), "abc", "c")
	f(steps(0, ",", 1, ","), "a,")
	f(steps("ab"), "ab", "")
	f(steps("ab"), "abc")
}

func TestKvScanner(t *testing.T) {
	type pair struct{ K, V string }
	scan := func(s *kvScanner, text string) []pair {
		var out []pair
		emit := func(k, v string) bool {
			out = append(out, pair{k, v})
			return true
		}
		if s.pair != "" {
			s.delimited(text, emit)
		} else {
			s.tokens(text, func(k string) bool { return strings.HasPrefix(k, "k") }, emit)
		}
		return out
	}
	f := func(s *kvScanner, text string, want ...pair) {
		t.Helper()
		if diff := cmp.Diff(want, scan(s, text)); diff != "" {
			t.Errorf("%q: (-want +got)\n%s", text, diff)
		}
	}
	plain := &kvScanner{pair: ",", kv: "="}
	f(plain, "a=1,b=2", pair{"a", "1"}, pair{"b", "2"})
	f(plain, " a = 1 , junk, =x,b= ", pair{"a", "1"}, pair{"", "x"}, pair{"b", ""})
	f(plain, "a=1=2", pair{"a", "1=2"})
	f(plain, "")
	quoted := &kvScanner{pair: " ", kv: ":", quotes: [][2]rune{{'"', '"'}, {'(', ')'}}, escapes: []rune{'\\'}}
	f(quoted, `"a b":"x \"y\" z" c:(1 2)  d:`, pair{"a b", `x "y" z`}, pair{"c", "1 2"}, pair{"d", ""})
	f(quoted, `a:"unterminated b:1`, pair{"a", "unterminated b:1"})
	f(quoted, `a:"x"junk b:1`, pair{"a", "x"}, pair{"b", "1"})
	greedy := &kvScanner{pair: " ", kv: "=", greedy: true, quotes: [][2]rune{{'\'', '\''}}}
	f(greedy, "a=x y z b=1 2 'c d'=3", pair{"a", "x y z"}, pair{"b", "1 2"}, pair{"c d", "3"})
	tokens := &kvScanner{quotes: [][2]rune{{'\'', '\''}}}
	f(tokens, "k1: v1, x: y, k2 'v 2' k3", pair{"k1", "v1"}, pair{"k2", "v 2"}, pair{"k3", ""})
}

func TestConvertText(t *testing.T) {
	f := func(s string, ty value.Type, want string) {
		t.Helper()
		v := value.NewVector(ty, 1)
		got := "fail"
		if convertText(s, ty, v, 0) {
			got = format.Cell(v.Get(0))
		}
		if got != want {
			t.Errorf("convertText(%q, %s) = %s, want %s", s, ty, got, want)
		}
	}
	f("42", value.Long, "42")
	f("-42", value.Int, "-42")
	f("2147483648", value.Int, "fail")
	f("1.5", value.Long, "fail")
	f("1.5e2", value.Real, "150")
	f("TRUE", value.Bool, "true")
	f("0", value.Bool, "false")
	f("yes", value.Bool, "fail")
	f("00:01:00", value.TimeSpan, "00:01:00")
	f("2024-05-01 10:00", value.DateTime, "2024-05-01T10:00:00Z")
	f("not a date", value.DateTime, "fail")
	f("7B4F0C3D-8E2A-4B6C-9D1E-0F2A3B4C5D6E", value.GUID, "7b4f0c3d-8e2a-4b6c-9d1e-0f2a3b4c5d6e")
	f(`{"a":1}`, value.Dynamic, `{"a":1}`)
	f("text", value.Dynamic, `"text"`)
}

func BenchmarkParseMatchers(b *testing.B) {
	text := "ts=2024-05-01T10:00:00Z user=system:serviceaccount:kube-system:sa verb=get resource=pods code=200 latency=17ms"
	ops := []struct{ name, op string }{
		{"matcher=steps", `parse s with * "user=" user " verb=" verb " " *`},
		{"matcher=backtrack", `parse s with * "verb=" verb " " * "code=" code:long " latency=" lat:long "ms"`},
		{"matcher=regex", `parse kind=regex s with * "verb=" verb " " * "code=" code:long " latency=" lat:long "ms"`},
	}
	for _, tc := range ops {
		b.Run(tc.name, func(b *testing.B) {
			var t testing.T
			p := analyzeParse(&t, tc.op).(*plan.Parse)
			row := newParseRow(p)
			outs := make([]*value.Vector, len(p.Cols))
			for k, c := range p.Cols {
				outs[k] = value.NewVector(c.T, 1)
			}
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if !row(text, outs, 0) {
					b.Fatal("no match")
				}
			}
		})
	}
}

// TestStepMatcherGivesUp feeds the backtracking matcher a text that would
// take it quadratic time: it hands over to the regex, which answers.
func TestStepMatcherGivesUp(t *testing.T) {
	p := analyzeParse(t, `parse s with * x:long "," y:long`).(*plan.Parse)
	m := newStepMatcher(p, make([]string, len(p.Cols)))
	for _, tc := range []struct {
		text string
		want string
	}{
		{strings.Repeat("1", 20000), "false | null | null"},
		{strings.Repeat("1", 20000) + "x12,34", "true | 12 | 34"},
	} {
		if _, done := m.run(tc.text); done {
			t.Errorf("the matcher did not give up on %.20s...", tc.text)
		}
		if got := parseOnce(newParseRow(p), p.Cols, tc.text); got != tc.want {
			t.Errorf("%.20s...: got %s, want %s", tc.text, got, tc.want)
		}
	}
}

// TestKvScannerLinear scans texts on which probing ahead for delimiters
// from every segment would take quadratic time.
func TestKvScannerLinear(t *testing.T) {
	texts := []string{
		"a=" + strings.Repeat("x ", 200000),
		strings.Repeat("x ", 200000) + "a=1",
		"a=" + strings.Repeat(`"x `, 200000),
	}
	for _, greedy := range []bool{false, true} {
		s := &kvScanner{pair: " ", kv: "=", greedy: greedy, quotes: [][2]rune{{'"', '"'}}}
		for _, text := range texts {
			n := 0
			s.delimited(text, func(k, v string) bool { n++; return true })
			if n != 1 {
				t.Errorf("greedy=%v %.10s...: %d pairs, want 1", greedy, text, n)
			}
		}
	}
}
