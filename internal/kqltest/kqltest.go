// Package kqltest runs the data-driven .kqltest files (format in
// testdata/kqltest/README.md) against any engine that can define tables
// and answer queries.
package kqltest

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/harrier-sec/harrier/internal/format"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/query"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of .kqltest files from the engine")

// Engine is what the files run against.
type Engine interface {
	// Define makes the result of the tabular expression src available as
	// a table called name.
	Define(name, src string) error
	// Query runs src and returns the result of its last statement.
	Query(src string) (*table.Table, error)
}

// Block is one directive of a file.
type Block struct {
	Line     int    // 1-based line of the directive
	Kind     string // "table" or "query"
	Name     string // table name
	Options  []string
	Src      string
	Expected []string
	// end is the line index after the block (for rewriting).
	start, sep, end int
}

// Parse splits a .kqltest file into blocks.
func Parse(text string) ([]*Block, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var out []*Block
	for i := 0; i < len(lines); {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "#") {
			i++
			continue
		}
		f := strings.Fields(l)
		b := &Block{Line: i + 1, start: i}
		switch f[0] {
		case "table":
			if len(f) != 2 {
				return nil, fmt.Errorf("line %d: expected 'table NAME'", i+1)
			}
			b.Kind, b.Name = "table", f[1]
			i++
			var src []string
			for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
				src = append(src, lines[i])
				i++
			}
			b.Src = strings.Join(src, "\n")
			b.end = i
		case "query":
			b.Kind, b.Options = "query", f[1:]
			i++
			var src []string
			for i < len(lines) && strings.TrimSpace(lines[i]) != "----" {
				src = append(src, lines[i])
				i++
			}
			if i >= len(lines) {
				return nil, fmt.Errorf("line %d: query without a ---- line", b.Line)
			}
			b.Src = strings.Join(src, "\n")
			b.sep = i
			i++
			for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
				b.Expected = append(b.Expected, lines[i])
				i++
			}
			b.end = i
		default:
			return nil, fmt.Errorf("line %d: unknown directive %q", i+1, f[0])
		}
		out = append(out, b)
	}
	return out, nil
}

func (b *Block) has(opt string) bool {
	for _, o := range b.Options {
		if o == opt {
			return true
		}
	}
	return false
}

// Render produces the output lines a query block compares.
func Render(b *Block, t *table.Table) []string {
	var out []string
	if b.has("schema") {
		parts := make([]string, len(t.Schema))
		for i, c := range t.Schema {
			parts[i] = c.Name + ":" + c.Type.String()
		}
		out = append(out, strings.Join(parts, " | "))
	}
	var rows []string
	format.Rows(t, func(bt *value.Batch, i int) {
		cells := make([]string, len(t.Schema))
		for c := range t.Schema {
			cells[c] = format.Cell(bt.Cols[c].Get(i))
		}
		rows = append(rows, strings.Join(cells, " | "))
	})
	if !b.has("ordered") {
		sort.Strings(rows)
	}
	return append(out, rows...)
}

// ErrorLines renders an error as the expected lines of a "query error"
// block: the "line:col: message" line of each diagnostic.
func ErrorLines(err error) []string {
	var qe *query.Error
	if errors.As(err, &qe) {
		var out []string
		for _, e := range qe.List {
			out = append(out, strings.SplitN(syntax.Format(qe.Src, e), "\n", 2)[0])
		}
		return out
	}
	return []string{strings.SplitN(err.Error(), "\n", 2)[0]}
}

// Outcome runs one query block and returns the lines it produced.
func Outcome(e Engine, b *Block) []string {
	t, err := e.Query(b.Src)
	if b.has("error") {
		if err == nil {
			return []string{"(no error)"}
		}
		return ErrorLines(err)
	}
	if err != nil {
		return append([]string{"(error)"}, ErrorLines(err)...)
	}
	return Render(b, t)
}

// Expected returns the block's expected lines, sorted like Render sorts.
func Expected(b *Block) []string {
	if b.has("ordered") || b.has("error") {
		return b.Expected
	}
	exp := append([]string(nil), b.Expected...)
	start := 0
	if b.has("schema") && len(exp) > 0 {
		start = 1
	}
	sort.Strings(exp[start:])
	return exp
}

// RunFile runs every block of one file against a fresh engine.
func RunFile(t *testing.T, path string, newEngine func() Engine) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := Parse(string(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	e := newEngine()
	var rewrites []*Block
	var outs [][]string
	for _, b := range blocks {
		switch b.Kind {
		case "table":
			if err := e.Define(b.Name, b.Src); err != nil {
				t.Errorf("%s:%d: table %s: %v", filepath.Base(path), b.Line, b.Name, err)
			}
		case "query":
			got := Outcome(e, b)
			if *rewrite {
				rewrites = append(rewrites, b)
				outs = append(outs, got)
				continue
			}
			want := Expected(b)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s:%d:\n%s\n---- got:\n%s\n---- want:\n%s", filepath.Base(path), b.Line, b.Src,
					strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}
	if *rewrite && len(rewrites) > 0 {
		if err := rewriteFile(path, string(data), rewrites, outs); err != nil {
			t.Fatal(err)
		}
	}
}

func rewriteFile(path, text string, blocks []*Block, outs [][]string) error {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var sb strings.Builder
	w := bufio.NewWriter(&sb)
	pos := 0
	for k, b := range blocks {
		for ; pos <= b.sep; pos++ {
			fmt.Fprintln(w, lines[pos])
		}
		for _, l := range outs[k] {
			fmt.Fprintln(w, l)
		}
		pos = b.end
	}
	for ; pos < len(lines); pos++ {
		if pos == len(lines)-1 && lines[pos] == "" {
			break
		}
		fmt.Fprintln(w, lines[pos])
	}
	w.Flush()
	return os.WriteFile(path, []byte(sb.String()), 0o644)
}

// MemEngine runs queries in memory. Tables defined through it are cut into
// batches of BatchSize rows so that tests exercise batch boundaries.
type MemEngine struct {
	BatchSize int
	Workers   int
	// AsSource serves defined tables through table.Source (the path stored
	// tables take, with time and column pruning).
	AsSource bool
	Cat      query.Catalog
}

// NewMemEngine returns an in-memory engine.
func NewMemEngine(batchSize, workers int) *MemEngine {
	return &MemEngine{BatchSize: batchSize, Workers: workers, Cat: query.Catalog{}}
}

// Define implements Engine.
func (m *MemEngine) Define(name, src string) error {
	t, err := m.Query(src)
	if err != nil {
		return err
	}
	t = Rebatch(t, m.BatchSize)
	t.Name = name
	if m.AsSource {
		timeCol := -1
		for i, c := range t.Schema {
			if c.Type == value.DateTime {
				timeCol = i
				break
			}
		}
		t = &table.Table{Name: name, Schema: t.Schema, Source: table.NewBatchSource(t, timeCol)}
	}
	m.Cat[name] = t
	return nil
}

// Query implements Engine.
func (m *MemEngine) Query(src string) (*table.Table, error) {
	res, err := query.Run(context.Background(), src, m.Cat, query.Options{Workers: m.Workers})
	if err != nil {
		return nil, err
	}
	if len(res.Tables) == 0 {
		return nil, errors.New("no result")
	}
	return res.Tables[len(res.Tables)-1], nil
}

// Rebatch copies t into batches of n rows (no selection vectors).
func Rebatch(t *table.Table, n int) *table.Table {
	out := &table.Table{Name: t.Name, Schema: t.Schema}
	var cur *value.Batch
	format.Rows(t, func(b *value.Batch, i int) {
		if cur == nil {
			cur = &value.Batch{Cols: make([]*value.Vector, len(t.Schema))}
			for c, col := range t.Schema {
				cur.Cols[c] = value.NewVector(col.Type, 0)
			}
		}
		for c, v := range b.Cols {
			cur.Cols[c].Append(v, i)
		}
		cur.Len++
		if n > 0 && cur.Len >= n {
			out.Batches = append(out.Batches, cur)
			cur = nil
		}
	})
	if cur != nil {
		out.Batches = append(out.Batches, cur)
	}
	return out
}
