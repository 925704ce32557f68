package plan

import "github.com/harrier-sec/harrier/internal/value"

// Serialize marks its input as serialized (ordered) so that window functions
// may read neighbouring rows. It passes rows through unchanged.
type Serialize struct{ In Node }

// The window functions a Window node computes.
const (
	WinRowNumber     = "row_number"
	WinPrev          = "prev"
	WinNext          = "next"
	WinRowCumsum     = "row_cumsum"
	WinRankMin       = "row_rank_min"
	WinRankDense     = "row_rank_dense"
	WinWindowSession = "row_window_session"
)

// WindowCall is one window function call. Args are evaluated against the
// Window node's input columns followed by the outputs of the calls before
// it (a call's arguments may themselves use window functions).
//
// Arguments by function: row_number(start, restart); prev/next(x, default)
// with Offset; row_cumsum(x, restart); row_rank_min/row_rank_dense(x,
// restart); row_window_session(x, maxFromFirst, maxBetween, restart).
// Missing optional arguments are constants (start 1, restart false, default
// null).
type WindowCall struct {
	Fn     string
	Args   []Expr
	Offset int64 // prev/next
	T      value.Type
}

// Window evaluates window functions over its serialized input in row order
// and appends one column per call to the input's columns.
type Window struct {
	In    Node
	Calls []WindowCall
	Out   value.Schema
}

func (n *Serialize) Schema() value.Schema { return n.In.Schema() }
func (n *Window) Schema() value.Schema    { return n.Out }
func (n *Serialize) Inputs() []Node       { return []Node{n.In} }
func (n *Window) Inputs() []Node          { return []Node{n.In} }

// RowLevel reports true: serialize changes no row, so scan workers pass the
// batches through and the executor keeps their order.
func (n *Serialize) RowLevel() bool { return true }

// OrderedNode is implemented by operators whose output rows have a defined
// order (Kusto's "serialized" row sets), such as top-hitters.
type OrderedNode interface {
	Node
	// Serialized reports whether the output row set is serialized.
	Serialized() bool
}

// Serialized reports whether n's output is a serialized row set, on which
// window functions may run. Kusto marks the output of serialize, sort, top,
// top-hitters, range and getschema as serialized; count, distinct, evaluate,
// facet, join, make-series, sample, summarize and top-nested as not; every
// other operator keeps its input's property.
func Serialized(n Node) bool {
	switch x := n.(type) {
	case *Serialize, *Sort, *Top, *Range, *GetSchema:
		return true
	case *Filter, *Project, *Take, *Window:
		return Serialized(x.Inputs()[0])
	case *MvExpand:
		// The docs disagree (the serialize page lists mv-expand as
		// non-serializing, the window functions page as preserving); harrier's
		// mv-expand keeps row order, so it preserves: no query Kusto accepts is
		// rejected.
		return Serialized(x.In)
	case *Union:
		for _, l := range x.Legs {
			if !Serialized(l) {
				return false
			}
		}
		return true
	case OrderedNode:
		return x.Serialized()
	}
	// Row-level operators (parse, ...) keep their input's order.
	if RowLevel(n) && len(n.Inputs()) == 1 {
		return Serialized(n.Inputs()[0])
	}
	return false
}
