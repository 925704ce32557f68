package plan

import "github.com/harrier-sec/harrier/internal/value"

// TopNestedLevel is one clause of a top-nested.
type TopNestedLevel struct {
	// N is the number of values kept per parent partition; -1 keeps all.
	N  int64
	Of Expr
	// Others, when set, is the value of the row that aggregates the records
	// of a partition outside its top N (typed like Of).
	Others *value.Value
	// Aggs are the aggregates the By expression reads; By refers to output
	// k of Aggs as ColRef{Index: k}.
	Aggs []AggCall
	By   Expr
	Desc bool
}

// TopNested is hierarchical aggregation: each level partitions the rows of
// the previous level's partitions by Of and keeps the top N values by By.
// The output has two columns per level: the value and its aggregate.
type TopNested struct {
	In     Node
	Levels []TopNestedLevel
	Out    value.Schema
}

// Schema implements Node.
func (n *TopNested) Schema() value.Schema { return n.Out }

// Inputs implements Node.
func (n *TopNested) Inputs() []Node { return []Node{n.In} }
