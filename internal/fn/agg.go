package fn

import (
	"sort"

	"github.com/harrier-sec/harrier/internal/value"
)

// Aggregate is one aggregation function of summarize (count, sum, dcount...).
type Aggregate struct {
	Name             string
	MinArgs, MaxArgs int
	// Check validates argument types and returns the types of the outputs.
	// Most aggregates have one output; arg_max/arg_min have one per argument.
	Check func(args []Arg) ([]value.Type, error)
	// New returns an empty state for the given (checked) arguments.
	New func(args []Arg) AggState
	Doc string
}

// AggState accumulates one aggregate for many groups at once, numbered
// 0..n-1 by the caller. States are mergeable so that every scan worker keeps
// its own and the results are folded at the end (or on another machine).
type AggState interface {
	// Update adds rows to groups: row rows[k] of args belongs to group
	// groups[k]. Groups not seen before start empty; the state grows as
	// needed. Update must not keep references to args after returning
	// (values copied out of them, such as strings and *value.Dyn, may be kept).
	Update(args []*value.Vector, rows []int32, groups []uint32)
	// Merge folds other, a state of the same aggregate and arguments, into
	// this one: group g of other is group remap[g] of this state.
	Merge(other AggState, remap []uint32)
	// Results returns the final values of groups 0..n-1, one vector per
	// output.
	Results(n int) []*value.Vector
}

var aggRegistry = map[string]*Aggregate{}

// RegisterAggregate adds a to the aggregate catalog.
func RegisterAggregate(a *Aggregate) {
	if _, dup := aggRegistry[a.Name]; dup {
		panic("BUG: aggregate registered twice: " + a.Name)
	}
	aggRegistry[a.Name] = a
}

// LookupAggregate returns the aggregate with the given name, or nil.
func LookupAggregate(name string) *Aggregate { return aggRegistry[name] }

// AggregateNames lists all registered aggregate names, sorted.
func AggregateNames() []string {
	out := make([]string, 0, len(aggRegistry))
	for n := range aggRegistry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
