// Package query runs KQL text end to end: parse, analyze against a catalog
// of tables, execute. It is the one entry point the CLI, the server and the
// tests share.
package query

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/harrier-sec/harrier/internal/exec"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/sema"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// Catalog is a set of in-memory tables by name.
type Catalog map[string]*table.Table

// Table implements sema.Catalog.
func (c Catalog) Table(name string) *table.Table { return c[name] }

// TableNames implements sema.Catalog.
func (c Catalog) TableNames() []string {
	out := make([]string, 0, len(c))
	for n := range c {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Options configure one query run.
type Options struct {
	// Now pins now(); the zero time means the wall clock at the start.
	Now     time.Time
	Workers int
	MaxRows int64
	// MaxMemory bounds the memory a query keeps materialized (bytes; 0: no
	// bound).
	MaxMemory int64
}

// Result holds one table per query statement of the script.
type Result struct {
	Tables []*table.Table
	// Renders holds each statement's render request ("" when none).
	Renders []string
	// Now is the now() the query ran with.
	Now time.Time
}

// Error is a failed query: the diagnostics with positions, renderable with
// the source.
type Error struct {
	Src  string
	List syntax.ErrorList
}

func (e *Error) Error() string { return e.List.Error() }

// Format renders every diagnostic as line:col: message with a caret line.
func (e *Error) Format() string { return e.List.Format(e.Src) }

// Run parses, analyzes and executes src.
func Run(ctx context.Context, src string, cat sema.Catalog, opts Options) (*Result, error) {
	q, err := Prepare(src, cat, opts)
	if err != nil {
		return nil, err
	}
	return q.Exec(ctx, opts)
}

// Prepared is an analyzed query ready to execute.
type Prepared struct {
	Src string
	Q   *sema.Query
}

// Prepare parses and analyzes src without running it.
func Prepare(src string, cat sema.Catalog, opts Options) (*Prepared, error) {
	script, err := syntax.Parse(src)
	if err != nil {
		var list syntax.ErrorList
		if errors.As(err, &list) {
			return nil, &Error{Src: src, List: list}
		}
		return nil, err
	}
	var now int64
	if !opts.Now.IsZero() {
		now = value.TicksFromTime(opts.Now)
	}
	q, err := sema.Analyze(src, script, cat, sema.Options{Now: now})
	if err != nil {
		var list syntax.ErrorList
		if errors.As(err, &list) {
			return nil, &Error{Src: src, List: list}
		}
		return nil, err
	}
	return &Prepared{Src: src, Q: q}, nil
}

// Exec runs a prepared query.
func (p *Prepared) Exec(ctx context.Context, opts Options) (*Result, error) {
	res := &Result{Now: value.TimeFromTicks(p.Q.Now)}
	for _, r := range p.Q.Results {
		plan.Optimize(r.Plan)
		if m, ok := r.Plan.(plan.MultiResultNode); ok {
			// fork and facet return several tables.
			ts, err := exec.RunAll(ctx, m.Results(), p.Q.Now, exec.Options{Workers: opts.Workers, MaxRows: opts.MaxRows, MaxMemory: opts.MaxMemory})
			if err != nil {
				return nil, err
			}
			names := m.ResultNames()
			for i, t := range ts {
				res.Tables = append(res.Tables, &table.Table{Name: names[i], Schema: t.Schema, Batches: t.Batches})
				res.Renders = append(res.Renders, r.Render)
			}
			continue
		}
		t, err := exec.Run(ctx, r.Plan, p.Q.Now, exec.Options{Workers: opts.Workers, MaxRows: opts.MaxRows, MaxMemory: opts.MaxMemory})
		if err != nil {
			return nil, err
		}
		res.Tables = append(res.Tables, t)
		res.Renders = append(res.Renders, r.Render)
	}
	return res, nil
}
