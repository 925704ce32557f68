package fn

import "github.com/harrier-sec/harrier/internal/value"

// The *if variants (countif, sumif, dcountif, make_list_if...) are their
// base aggregate fed only the rows whose predicate is true: one wrapper
// filters rows, drops the predicate argument and delegates, so that each
// base state is written once.

// aggIfState wraps the state of the base aggregate.
type aggIfState struct {
	inner   AggState
	pred    int // index of the predicate among the caller's arguments
	rows    []int32
	groups  []uint32
	argsBuf []*value.Vector
}

func (s *aggIfState) Update(args []*value.Vector, rows []int32, groups []uint32) {
	p := args[s.pred]
	s.rows, s.groups = s.rows[:0], s.groups[:0]
	if p.Const {
		// A constant predicate keeps all rows or none.
		if b, ok := p.AsBool(0); ok && b {
			s.rows = append(s.rows, rows...)
			s.groups = append(s.groups, groups...)
		}
	} else if p.T == value.Bool && !p.MaybeHasNulls() {
		for k, r := range rows {
			if p.B[r] {
				s.rows = append(s.rows, r)
				s.groups = append(s.groups, groups[k])
			}
		}
	} else {
		for k, r := range rows {
			if b, ok := p.AsBool(int(r)); ok && b {
				s.rows = append(s.rows, r)
				s.groups = append(s.groups, groups[k])
			}
		}
	}
	// Groups whose rows all fail the predicate must still exist (with the
	// default value), which Results guarantees for every group below n.
	if len(s.rows) == 0 {
		return
	}
	s.argsBuf = append(s.argsBuf[:0], args[:s.pred]...)
	s.argsBuf = append(s.argsBuf, args[s.pred+1:]...)
	s.inner.Update(s.argsBuf, s.rows, s.groups)
	clear(s.argsBuf) // do not keep the caller's vectors alive
}

func (s *aggIfState) Merge(other AggState, remap []uint32) {
	s.inner.Merge(other.(*aggIfState).inner, remap)
}

func (s *aggIfState) Results(n int) []*value.Vector { return s.inner.Results(n) }

// aggWithoutArg returns args without element i.
func aggWithoutArg(args []Arg, i int) []Arg {
	out := make([]Arg, 0, len(args))
	out = append(out, args[:i]...)
	return append(out, args[i+1:]...)
}

// aggIfVariant builds the aggregate name whose argument pred is a predicate
// and whose other arguments are those of base.
func aggIfVariant(name string, base *Aggregate, pred int, doc string) *Aggregate {
	maxArgs := base.MaxArgs
	if maxArgs >= 0 {
		maxArgs++
	}
	return &Aggregate{
		Name:    name,
		MinArgs: base.MinArgs + 1,
		MaxArgs: maxArgs,
		Check: func(args []Arg) ([]value.Type, error) {
			if pred >= len(args) {
				return nil, Errorf("missing predicate argument %d", pred+1)
			}
			if !KBool.Accepts(args[pred].Type) {
				return nil, aggArgErr(pred, "a bool predicate", args[pred].Type)
			}
			types, err := base.Check(aggWithoutArg(args, pred))
			if ae, ok := err.(*aggArgError); ok && ae.i >= pred {
				// Renumber: the base counts its arguments without the predicate.
				err = &aggArgError{i: ae.i + 1, msg: ae.msg}
			}
			return types, err
		},
		New: func(args []Arg) AggState {
			return &aggIfState{inner: base.New(aggWithoutArg(args, pred)), pred: pred}
		},
		Doc: doc,
	}
}
