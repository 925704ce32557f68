package plan

import "github.com/harrier-sec/harrier/internal/value"

// RootOnlyNode is implemented by nodes that can only end a query statement:
// their output columns are known only when the query runs (bag_unpack,
// pivot), or they return several tables (fork). Their Schema is a
// placeholder; the executor's result table carries the real schema.
type RootOnlyNode interface {
	Node
	// RootOnly returns the operator as written for messages and its byte
	// span in the query text.
	RootOnly() (what string, start, end int)
}

// MultiResultNode is implemented by nodes that return several tables
// (fork, facet): each of Results is run and returned as a table of its own,
// named by ResultNames.
type MultiResultNode interface {
	RootOnlyNode
	Results() []Node
	ResultNames() []string
}

// Results implements MultiResultNode.
func (n *Fork) Results() []Node { return n.Branches }

// ResultNames implements MultiResultNode.
func (n *Fork) ResultNames() []string { return n.Names }

// SrcSpan is the byte span of the operator that produced a node, kept for
// diagnostics found after the operator was analyzed.
type SrcSpan struct{ Start, End int }

// BagUnpack is evaluate bag_unpack(): the input without column Col, followed
// by one column per distinct top-level key of Col's property bags (sorted,
// prefixed by Prefix). The output schema depends on the data.
type BagUnpack struct {
	In     Node
	Col    int
	Prefix string
	// Conflict is "error", "replace_source" or "keep_source": what to do
	// when an unpacked column has the name of an input column.
	Conflict string
	Ignored  map[string]bool
	Sp       SrcSpan
}

// Pivot is evaluate pivot(): one row per distinct combination of Keys, one
// column per distinct value of PivotX (in order of first appearance) holding
// Agg over the rows with that value. The output schema depends on the data.
type Pivot struct {
	In      Node
	PivotX  Expr
	Keys    []Expr
	KeyCols value.Schema
	Agg     AggCall
	AggType value.Type
	Sp      SrcSpan
}

// Fork runs each branch over the same input; each branch's result is a
// separate table of the statement. Names holds the branch names ("" when
// unnamed).
type Fork struct {
	In       Node
	Branches []Node
	Names    []string
	Sp       SrcSpan
}

func (n *BagUnpack) Schema() value.Schema {
	s := n.In.Schema()
	out := make(value.Schema, 0, len(s))
	out = append(out, s[:n.Col]...)
	return append(out, s[n.Col+1:]...)
}
func (n *Pivot) Schema() value.Schema { return n.KeyCols }
func (n *Fork) Schema() value.Schema {
	if len(n.Branches) == 0 {
		return nil
	}
	return n.Branches[0].Schema()
}

func (n *BagUnpack) Inputs() []Node { return []Node{n.In} }
func (n *Pivot) Inputs() []Node     { return []Node{n.In} }
func (n *Fork) Inputs() []Node      { return n.Branches }

func (n *BagUnpack) RootOnly() (string, int, int) {
	return "evaluate bag_unpack()", n.Sp.Start, n.Sp.End
}
func (n *Pivot) RootOnly() (string, int, int) { return "evaluate pivot()", n.Sp.Start, n.Sp.End }
func (n *Fork) RootOnly() (string, int, int)  { return "fork", n.Sp.Start, n.Sp.End }
