package exec

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// Options bound one query's execution.
type Options struct {
	// Workers is the number of parallel scan workers; 0 means GOMAXPROCS.
	Workers int
	// MaxRows caps the rows any single operator may produce (0: no cap), so
	// that a runaway join or range ends with an error instead of exhausting
	// memory.
	MaxRows int64
	// MaxMemory bounds, in bytes, what the query keeps materialized at
	// once (intermediate results, groups, sort runs; an estimate); 0 means
	// no bound. Exceeding it ends the query with an error, never the
	// process.
	MaxMemory int64
}

// Error is a query execution error shown to the user.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// Run executes a plan and returns its result as a table. now is now() in
// datetime ticks. A panic inside a kernel becomes an error: one bad query
// must never take the process down.
func Run(ctx context.Context, n plan.Node, now int64, opts Options) (res *table.Table, err error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	q := &query{ctx: ctx, now: now, opts: opts, memo: map[plan.Node]*table.Table{}}
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error while running the query: %v\n%s", r, debug.Stack())
		}
	}()
	return q.run(n)
}

type query struct {
	ctx  context.Context
	now  int64
	opts Options
	mem  atomic.Int64 // bytes charged against opts.MaxMemory
	mu   sync.Mutex
	// memo holds results of plan nodes that a query references more than
	// once (let-bound tables, as), so they run once.
	memo map[plan.Node]*table.Table
}

func (q *query) compiler() *compiler { return &compiler{q: q} }

// run materializes the result of n.
func (q *query) run(n plan.Node) (*table.Table, error) {
	if err := q.ctx.Err(); err != nil {
		return nil, err
	}
	q.mu.Lock()
	if t, ok := q.memo[n]; ok {
		q.mu.Unlock()
		return t, nil
	}
	q.mu.Unlock()
	t, err := q.runNode(n)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	q.memo[n] = t
	q.mu.Unlock()
	return t, nil
}

func (q *query) runNode(n plan.Node) (*table.Table, error) {
	if plan.RowLevel(n) {
		return q.collect(n)
	}
	switch x := n.(type) {
	case *plan.Scan:
		if x.Table.Source != nil {
			return table.Materialize(x.Table, scanSpec(x))
		}
		return x.Table, nil
	case *plan.Values:
		return x.Table, nil
	case *plan.Range:
		return q.rangeOp(x)
	case *plan.Take:
		return q.take(x)
	case *plan.Sample:
		return q.sample(x)
	case *plan.Count:
		return q.count(x)
	case *plan.Sort:
		return q.sort(x.In, x.Keys, -1)
	case *plan.Top:
		return q.sort(x.In, x.Keys, x.N)
	case *plan.Distinct:
		return q.summarize(&plan.Summarize{In: x.In, Keys: x.Exprs, Out: x.Out})
	case *plan.Summarize:
		return q.summarize(x)
	case *plan.Union:
		return q.union(x)
	case *plan.GetSchema:
		return q.getSchema(x)
	}
	if f, ok := runners[reflect.TypeOf(n)]; ok {
		return f(q, n)
	}
	return nil, fmt.Errorf("BUG: no executor for %T", n)
}

// runner executes one kind of plan node.
type runner func(q *query, n plan.Node) (*table.Table, error)

// stageCompiler compiles one kind of row-level plan node (see
// plan.RowLevel) into a stage that runs inside the scan workers.
type stageCompiler func(c *compiler, n plan.Node) (stage, error)

var (
	runners        = map[reflect.Type]runner{}
	stageCompilers = map[reflect.Type]stageCompiler{}
)

// registerRunner makes f the executor of plan nodes of proto's type.
// Operators live one per file and register from init.
func registerRunner(proto plan.Node, f runner) {
	t := reflect.TypeOf(proto)
	if _, dup := runners[t]; dup {
		panic("BUG: runner registered twice: " + t.String())
	}
	runners[t] = f
}

// registerStage makes f the stage compiler of row-level nodes of proto's type.
func registerStage(proto plan.Node, f stageCompiler) {
	t := reflect.TypeOf(proto)
	if _, dup := stageCompilers[t]; dup {
		panic("BUG: stage compiler registered twice: " + t.String())
	}
	stageCompilers[t] = f
}

// stage is one compiled row-level operator.
type stage func(b *value.Batch) *value.Batch

// consumer receives the batches a pipeline produces. seq is the index of
// the source batch, worker the worker's number (0..Workers-1). It may be
// called concurrently for different workers.
type consumer func(worker, seq int, b *value.Batch) error

// stream runs n, pushing its output batches to consume from parallel
// workers. Row-level operators run inside the workers.
func (q *query) stream(n plan.Node, consume consumer) error {
	return q.streamWith(n, false, consume)
}

// streamWith is stream; when ordered is set each worker takes one
// contiguous range of batches, so that folding per-worker state in worker
// order sees rows in input order (make_list, take_any, arg_max ties).
func (q *query) streamWith(n plan.Node, ordered bool, consume consumer) error {
	return q.streamOpts(n, ordered, false, consume)
}

// streamOpts is streamWith; with keepExtra the batches keep the extra
// columns a scan delivered for rewritten dynamic paths (only for consumers
// that evaluate the rewritten expressions and store no batches: summarize).
func (q *query) streamOpts(n plan.Node, ordered, keepExtra bool, consume consumer) error {
	var chain []plan.Node
	src := n
	for plan.RowLevel(src) {
		chain = append(chain, src)
		src = src.Inputs()[0]
	}
	// The input is a list of units: batches of a materialized table, or the
	// parts of a stored table, read by the workers themselves.
	var nb int
	var get func(i int) (*value.Batch, error)
	// lead filters run on the columns they read before the scan decodes the
	// rest, and fill adds the rest to the rows that survive them.
	lead := 0
	var fill func(i int, b *value.Batch) (*value.Batch, error)
	if sc, ok := src.(*plan.Scan); ok && sc.Table.Source != nil {
		spec := scanSpec(sc)
		parts, err := sc.Table.Source.Parts(spec)
		if err != nil {
			return err
		}
		nb = len(parts)
		first, rest, k, firstPaths, restPaths := splitLateColumns(spec, chain, len(sc.Table.Schema))
		if k > 0 {
			lead = k
			width := len(sc.Table.Schema)
			get = func(i int) (*value.Batch, error) {
				b, err := parts[i].Read(first)
				if err != nil || len(restPaths) == 0 {
					return b, err
				}
				// Put the paths read now at their places; the others are
				// filled in for the rows that pass the filters.
				cols := make([]*value.Vector, width+len(spec.Paths))
				copy(cols, b.Cols[:width])
				for k, orig := range firstPaths {
					cols[width+orig] = b.Cols[width+k]
				}
				for _, orig := range restPaths {
					cols[width+orig] = value.ConstVector(value.Null(value.Dynamic))
				}
				return &value.Batch{Len: b.Len, Sel: b.Sel, Cols: cols}, nil
			}
			fill = func(i int, b *value.Batch) (*value.Batch, error) {
				var more *value.Batch
				var err error
				if rp, ok := parts[i].(table.RowPart); ok && b.Sel != nil {
					more, err = rp.ReadRows(rest, b.Sel)
				} else {
					more, err = parts[i].Read(rest)
				}
				if err != nil {
					return nil, err
				}
				cols := append([]*value.Vector(nil), b.Cols...)
				for c := range rest.Need {
					if rest.Need[c] {
						cols[c] = more.Cols[c]
					}
				}
				// Paths the filters did not read come in this phase.
				for k, orig := range restPaths {
					cols[len(rest.Need)+orig] = more.Cols[len(rest.Need)+k]
				}
				return &value.Batch{Len: b.Len, Sel: b.Sel, Cols: cols}, nil
			}
		} else {
			get = func(i int) (*value.Batch, error) { return parts[i].Read(spec) }
		}
	} else {
		in, err := q.run(src)
		if err != nil {
			return err
		}
		nb = len(in.Batches)
		get = func(i int) (*value.Batch, error) { return in.Batches[i], nil }
	}
	width := len(n.Schema())
	// Compile per worker so evaluators never share scratch state.
	workers := q.opts.Workers
	if workers > nb {
		workers = nb
	}
	if workers == 0 {
		return nil
	}
	stages := make([][]stage, workers)
	for w := range stages {
		s, err := q.compileChain(chain)
		if err != nil {
			return err
		}
		stages[w] = s
	}
	var next atomic.Int64
	// pick returns the next batch index for worker w, or -1 when done.
	var cursors []int
	if ordered {
		cursors = make([]int, workers)
		for w := range cursors {
			cursors[w] = w * nb / workers
		}
	}
	pick := func(w int) int {
		if ordered {
			i := cursors[w]
			if i >= (w+1)*nb/workers {
				return -1
			}
			cursors[w]++
			return i
		}
		i := int(next.Add(1) - 1)
		if i >= nb {
			return -1
		}
		return i
	}
	var firstErr error
	var errOnce sync.Once
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					errOnce.Do(func() {
						firstErr = fmt.Errorf("internal error while running the query: %v\n%s", r, debug.Stack())
					})
					stop.Store(true)
				}
			}()
			for !stop.Load() {
				i := pick(w)
				if i < 0 {
					return
				}
				if err := q.ctx.Err(); err != nil {
					errOnce.Do(func() { firstErr = err })
					stop.Store(true)
					return
				}
				b, err := get(i)
				if err != nil {
					errOnce.Do(func() { firstErr = err })
					stop.Store(true)
					return
				}
				for k := 0; k <= len(stages[w]); k++ {
					if b.Rows() == 0 {
						break
					}
					if k == lead && fill != nil {
						if b, err = fill(i, b); err != nil {
							errOnce.Do(func() { firstErr = err })
							stop.Store(true)
							return
						}
					}
					if k < len(stages[w]) {
						b = stages[w][k](b)
					}
				}
				if len(b.Cols) > width && !keepExtra {
					// Extra columns a scan delivered for rewritten dynamic
					// paths end with the pipeline.
					b = &value.Batch{Len: b.Len, Sel: b.Sel, Cols: b.Cols[:width]}
				}
				if err := consume(w, i, b); err != nil {
					if errors.Is(err, errStop) {
						stop.Store(true)
						return
					}
					errOnce.Do(func() { firstErr = err })
					stop.Store(true)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	return firstErr
}

// splitLateColumns splits a pruned scan into what its leading filters read
// (with every rewritten path) and the other columns, read only for parts
// where some row passed them. k is the number of leading filters; 0 means
// no split pays off.
func splitLateColumns(spec table.ScanSpec, chain []plan.Node, width int) (first, rest table.ScanSpec, k int, firstPaths, restPaths []int) {
	if spec.Need == nil {
		return spec, spec, 0, nil, nil
	}
	filterNeed := make([]bool, width+len(spec.Paths))
	for i := len(chain) - 1; i >= 0; i-- {
		f, ok := chain[i].(*plan.Filter)
		if !ok {
			break
		}
		if _, ok := plan.RemapColumns(f.Pred, func(r *plan.ColRef) (*plan.ColRef, bool) {
			if r.Index < len(filterNeed) {
				filterNeed[r.Index] = true
			}
			return r, true
		}); !ok {
			break
		}
		k++
	}
	if k == 0 {
		return spec, spec, 0, nil, nil
	}
	first, rest = spec, spec
	first.Need = filterNeed[:width]
	first.Paths, rest.Paths = nil, nil
	for p, sp := range spec.Paths {
		if filterNeed[width+p] {
			first.Paths = append(first.Paths, sp)
			firstPaths = append(firstPaths, p)
		} else {
			rest.Paths = append(rest.Paths, sp)
			restPaths = append(restPaths, p)
		}
	}
	rest.Need = make([]bool, width)
	any := len(restPaths) > 0
	for c := range rest.Need {
		rest.Need[c] = spec.Needs(c) && !filterNeed[c]
		any = any || rest.Need[c]
	}
	if !any {
		return spec, spec, 0, nil, nil
	}
	return first, rest, k, firstPaths, restPaths
}

// scanSpec is what a scan reads: its optimized spec or everything.
func scanSpec(s *plan.Scan) table.ScanSpec {
	if s.Spec != nil {
		return *s.Spec
	}
	return table.FullScan
}

// errStop ends a stream early without an error (take has enough rows).
var errStop = errors.New("stop")

// compileChain compiles row-level operators listed from the top down into
// stages to apply bottom-up.
func (q *query) compileChain(chain []plan.Node) ([]stage, error) {
	c := q.compiler()
	out := make([]stage, 0, len(chain))
	for i := len(chain) - 1; i >= 0; i-- {
		var st stage
		var err error
		switch x := chain[i].(type) {
		case *plan.Filter:
			st, err = c.filter(x)
		case *plan.Project:
			st, err = c.project(x)
		case *plan.MvExpand:
			st, err = c.mvExpand(x, q.opts.MaxRows)
		default:
			f, ok := stageCompilers[reflect.TypeOf(x)]
			if !ok {
				err = fmt.Errorf("BUG: %T is not row-level", x)
				break
			}
			st, err = f(c, x)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// collect materializes a row-level pipeline keeping batch order.
func (q *query) collect(n plan.Node) (*table.Table, error) {
	var mu sync.Mutex
	outs := map[int]*value.Batch{}
	var rows atomic.Int64
	err := q.stream(n, func(_, seq int, b *value.Batch) error {
		if b.Rows() == 0 {
			return nil
		}
		if q.opts.MaxRows > 0 && rows.Add(int64(b.Rows())) > q.opts.MaxRows {
			return q.rowCapError()
		}
		if b.Sel != nil && len(b.Sel)*4 < b.Len {
			// Keep only the surviving rows, not whole decoded blocks.
			b = b.Compact()
		}
		if err := q.charge(batchBytes(b)); err != nil {
			return err
		}
		mu.Lock()
		outs[seq] = b
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return orderedTable(n.Schema(), outs), nil
}

// charge accounts n more bytes of materialized state.
func (q *query) charge(n int64) error {
	if q.opts.MaxMemory <= 0 {
		return nil
	}
	if q.mem.Add(n) > q.opts.MaxMemory {
		return &Error{Msg: fmt.Sprintf("the query needs more than its memory budget of %d MiB; narrow it with where, project or summarize", q.opts.MaxMemory>>20)}
	}
	return nil
}

// batchBytes estimates the memory a batch's live rows hold.
func batchBytes(b *value.Batch) int64 {
	rows := int64(b.Rows())
	var n int64
	for _, v := range b.Cols {
		if v.Const {
			continue
		}
		n += rows * 8
		switch v.T {
		case value.String, value.GUID:
			b.ForEach(func(i int) { n += int64(len(v.S[i])) + 16 })
		case value.Dynamic:
			n += rows * 96 // a value header; raw JSON text is shared with its source
		}
	}
	return n
}

func (q *query) rowCapError() error {
	return &Error{Msg: fmt.Sprintf("the query produced more than %d rows in one operator; narrow it with where, summarize or take", q.opts.MaxRows)}
}

func orderedTable(schema value.Schema, outs map[int]*value.Batch) *table.Table {
	t := &table.Table{Schema: schema}
	max := -1
	for k := range outs {
		if k > max {
			max = k
		}
	}
	for i := 0; i <= max; i++ {
		if b, ok := outs[i]; ok {
			t.Batches = append(t.Batches, b)
		}
	}
	return t
}
