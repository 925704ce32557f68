// Package fn is harrier's catalog of scalar functions and the string
// operators, each a type checker plus a vectorized kernel.
package fn

import (
	"fmt"
	"sort"
	"strings"

	"github.com/harrier-sec/harrier/internal/value"
)

// Arg describes one argument at analysis time.
type Arg struct {
	Type value.Type
	// Const is the argument's value when it is a constant (a literal or a
	// constant-folded expression), nil otherwise.
	Const *value.Value
}

// Context carries per-query state kernels may read.
type Context struct {
	// Now is now() in datetime ticks, fixed for the whole query.
	Now int64
}

// EvalFunc computes a function over the rows of a batch. args have n
// physical rows (or are constant); only the rows in sel (all rows when sel is
// nil) must be computed. The result has n physical rows; rows outside sel
// are left zero. Kernels must not modify args and must not keep references
// to them after returning.
type EvalFunc func(ctx *Context, args []*value.Vector, n int, sel []int32) *value.Vector

// Scalar is one scalar function or operator of the catalog.
type Scalar struct {
	Name string
	// MinArgs and MaxArgs bound the argument count; MaxArgs < 0 is variadic.
	MinArgs, MaxArgs int
	// Check validates argument types and returns the result type. Its error
	// is shown to the user (sema adds the position).
	Check func(args []Arg) (value.Type, error)
	Eval  EvalFunc
	// Volatile functions (now, rand) are never constant-folded.
	Volatile bool
	// Doc is a one-line description for completion and hover.
	Doc string
	// Columns, when set, says that an unnamed use of the function in
	// extend, project or print yields several columns (series_stats,
	// array_sort_asc over several arrays): their names and types, given the
	// arguments and the names of the argument expressions ("" when
	// unnamed). Eval then returns a dynamic array with one element per
	// column. A nil or one-column answer means an ordinary single column.
	Columns func(args []Arg, argNames []string) []value.Column
}

var registry = map[string]*Scalar{}

// Register adds s to the catalog. Registering a name twice is a bug.
func Register(s *Scalar) {
	if _, dup := registry[s.Name]; dup {
		panic("BUG: scalar function registered twice: " + s.Name)
	}
	registry[s.Name] = s
}

// Lookup returns the function with the given name, or nil.
func Lookup(name string) *Scalar { return registry[name] }

// Names lists all registered function names, sorted.
func Names() []string {
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Errorf builds a user-facing argument error.
func Errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// ForRows calls f for each row to compute: sel when set, else 0..n-1.
func ForRows(n int, sel []int32, f func(i int)) {
	if sel != nil {
		for _, i := range sel {
			f(int(i))
		}
		return
	}
	for i := 0; i < n; i++ {
		f(i)
	}
}

// TypeList renders types for messages: "string, long".
func TypeList(args []Arg) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = a.Type.String()
	}
	return strings.Join(parts, ", ")
}
