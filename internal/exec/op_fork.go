package exec

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
)

func init() {
	registerRunner((*plan.Fork)(nil), func(*query, plan.Node) (*table.Table, error) {
		return nil, fmt.Errorf("BUG: a fork returns several tables; run it with RunAll")
	})
}

// RunAll executes several plans that may share subplans (the branches of a
// fork share its input), running each shared node once.
func RunAll(ctx context.Context, nodes []plan.Node, now int64, opts Options) (res []*table.Table, err error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	q := &query{ctx: ctx, now: now, opts: opts, memo: map[plan.Node]*table.Table{}}
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error while running the query: %v\n%s", r, debug.Stack())
		}
	}()
	for _, n := range nodes {
		t, err := q.run(n)
		if err != nil {
			return nil, err
		}
		res = append(res, t)
	}
	return res, nil
}
