package plan

import "github.com/harrier-sec/harrier/internal/value"

// SampleDistinct returns up to N distinct values of X, whichever are found
// first (Kusto favours speed over fairness here).
type SampleDistinct struct {
	In  Node
	N   int64
	X   Expr
	Out value.Schema
}

// Schema implements Node.
func (n *SampleDistinct) Schema() value.Schema { return n.Out }

// Inputs implements Node.
func (n *SampleDistinct) Inputs() []Node { return []Node{n.In} }
