package sema

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// parseTestCatalog has one table, T(s:string, n:long, d:dynamic).
type parseTestCatalog struct{}

func (parseTestCatalog) Table(name string) *table.Table {
	if name != "T" {
		return nil
	}
	return &table.Table{Name: "T", Schema: value.Schema{
		{Name: "s", Type: value.String}, {Name: "n", Type: value.Long}, {Name: "d", Type: value.Dynamic},
	}}
}

func (parseTestCatalog) TableNames() []string { return []string{"T"} }

// analyzePlan analyzes src against parseTestCatalog; errs are the
// rendered diagnostics.
func analyzePlan(t *testing.T, src string) (plan.Node, []string) {
	t.Helper()
	script, err := syntax.Parse(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	q, err := Analyze(src, script, parseTestCatalog{}, Options{Now: 1})
	if err != nil {
		var errs []string
		for _, e := range err.(syntax.ErrorList) {
			line, col := syntax.Position(src, e.Sp.Start)
			errs = append(errs, fmt.Sprintf("%d:%d: %s", line, col, e.Msg))
		}
		return nil, errs
	}
	return q.Results[0].Plan, nil
}

func schemaString(s value.Schema) string {
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = c.Name + ":" + c.Type.String()
	}
	return strings.Join(parts, ", ")
}

// TestParseRegexTranslation pins the regex each kind generates.
func TestParseRegexTranslation(t *testing.T) {
	f := func(op, want string) {
		t.Helper()
		n, errs := analyzePlan(t, "T | "+op)
		if errs != nil {
			t.Fatalf("%s: %v", op, errs)
		}
		if got := n.(*plan.Parse).Regex.String(); got != want {
			t.Errorf("%s:\ngot  %s\nwant %s", op, got, want)
		}
	}
	f(`parse s with * "a=" x ", b=" y:long *`, `(?s)\A.*?a=(?P<c0>.*?), b=(?P<c1>(?-U:-?\d+)).*?\z`)
	f(`parse kind=relaxed s with "n=" n:bool`, `(?s)\An=(?P<c0>(?-U:(?i:true|false|1|0))|.*?)\z`)
	f(`parse kind=regex s with * "a|b" x "c" d:datetime`, `\A.*(?:a|b)(?P<c0>.*)(?:c)(?P<c1>.*)\z`)
	f(`parse kind=regex flags=Ui s with "x." x`, `(?Ui)\A(?:x.)(?P<c0>.*)\z`)
	f(`parse s with "a.b" x`, `(?s)\Aa\.b(?P<c0>.*?)\z`)
}

func TestParseSchema(t *testing.T) {
	f := func(op, want string) {
		t.Helper()
		n, errs := analyzePlan(t, "T | "+op)
		if errs != nil {
			t.Fatalf("%s: %v", op, errs)
		}
		if got := schemaString(n.Schema()); got != want {
			t.Errorf("%s:\ngot  %s\nwant %s", op, got, want)
		}
	}
	f(`parse s with a "," b:long`, "s:string, n:long, d:dynamic, a:string, b:long")
	f(`parse s with n:real "," s`, "s:string, n:real, d:dynamic")
	f(`parse-where kind=regex n with x:int`, "s:string, n:long, d:dynamic, x:int")
	f(`parse-kv s as (k:guid, n:string)`, "s:string, n:string, d:dynamic, k:guid")
}

func TestParseSteps(t *testing.T) {
	n, _ := analyzePlan(t, `T | parse s with * "a" x:long y z:guid`)
	want := []plan.ParseStep{
		{Star: true, Col: -1}, {Lit: "a", Col: -1}, {Col: 0, Typed: true}, {Col: 1}, {Col: 2, Typed: true},
	}
	if diff := cmp.Diff(want, n.(*plan.Parse).Steps); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	n, _ = analyzePlan(t, `T | parse kind=regex s with * "a" x`)
	if steps := n.(*plan.Parse).Steps; steps != nil {
		t.Errorf("kind=regex has steps %v", steps)
	}
}

func TestParseKvOptions(t *testing.T) {
	n, errs := analyzePlan(t, `T | parse-kv s as (a:long) with (pair_delimiter=';', kv_delimiter=':', quote='"', quote='()', escape='\\', greedy=true)`)
	if errs != nil {
		t.Fatal(errs)
	}
	p := n.(*plan.ParseKv)
	got := []any{p.PairDelim, p.KvDelim, p.Quotes, p.Escapes, p.Greedy}
	want := []any{";", ":", [][2]rune{{'"', '"'}, {'(', ')'}}, []rune{'\\'}, true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	f := func(src, want string) {
		t.Helper()
		_, errs := analyzePlan(t, src)
		got := strings.Join(errs, "\n")
		if got != want {
			t.Errorf("%s: got %q, want %q", src, got, want)
		}
	}
	f(`T | parse s with x *`, "1:20: '*' cannot follow a string column in a parse pattern")
	f(`T | parse s with x:long *`, "")
	f(`T | parse kind=regex s with "[" x`, "1:29: invalid regular expression \"[\": missing closing ]: `[`")
	f(`T | parse-kv s as (a:long) with (kv_delimiter='=')`, "1:5: parse-kv needs both pair_delimiter and kv_delimiter, or neither")
	f(`T | parse-kv s as (a:long) with (escape='ab')`, "1:41: escape must be one character")
	f(`T | parse-kv s as (a:long) with (greedy='yes')`, "1:41: parse-kv option greedy needs true or false")
}
