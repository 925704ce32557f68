package plan

import "github.com/harrier-sec/harrier/internal/value"

// MvApplySource is the implicit input of an mv-apply subquery: the rows one
// input row expands into. The executor binds it anew for every input row.
type MvApplySource struct{ Out value.Schema }

// MvApply expands each input row into a sub-table (as mv-expand does: the
// input's columns, the expanded columns replacing or following them, and
// the item index), runs Sub over it, and returns the union of the results,
// each row preceded by the input columns listed in Outer.
type MvApply struct {
	In        Node
	Cols      []MvExpandCol // Index refers to Source's schema
	ItemIndex int           // Source column of with_itemindex, -1 when absent
	Limit     int64         // most rows per input row; -1: no limit
	Source    *MvApplySource
	Sub       Node // the subquery, reading Source
	// Outer lists the input columns added in front of the subquery's
	// columns: those not expanded in place and not output by Sub.
	Outer []int
	// PerRow is false when every node of Sub is a row-level operator that
	// keeps each row's physical position (where, extend, project, parse):
	// then the sub-tables of a whole batch go through Sub at once and the
	// node runs inside the scan workers.
	PerRow bool
	// Named is set when the subquery binds a name (as): expression
	// subqueries may then read the sub-table, so nothing the subquery
	// computes may be reused from one input row to the next.
	Named bool
	Out   value.Schema
}

// Schema is the subtable's schema.
func (n *MvApplySource) Schema() value.Schema { return n.Out }

// Inputs is empty: the rows are bound at execution.
func (n *MvApplySource) Inputs() []Node { return nil }

// Schema is the outer columns followed by the subquery's.
func (n *MvApply) Schema() value.Schema { return n.Out }

// Inputs is the expanded input. The subquery is not listed: it reads
// Source, not another node's output.
func (n *MvApply) Inputs() []Node { return []Node{n.In} }

// RowLevel reports whether the whole operator runs in the scan workers.
func (n *MvApply) RowLevel() bool { return !n.PerRow }
