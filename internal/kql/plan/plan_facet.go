package plan

import "github.com/harrier-sec/harrier/internal/value"

// Facet is the facet operator. Kusto returns several tables from it: the
// result of the with clause (when present), then one count per value for
// each facet column. The node's own result is the first of Tables.
type Facet struct {
	In     Node
	Tables []Node
	// Sp is the operator's byte span, for diagnostics.
	Sp SrcSpan
}

// Results lists every table facet returns, in order (MultiResultNode).
func (n *Facet) Results() []Node { return n.Tables }

// ResultNames implements MultiResultNode: facet tables are unnamed.
func (n *Facet) ResultNames() []string { return make([]string, len(n.Tables)) }

// Schema implements Node.
func (n *Facet) Schema() value.Schema { return n.Tables[0].Schema() }

// Inputs implements Node.
func (n *Facet) Inputs() []Node { return n.Tables }

// RootOnly marks facet as an operator that must end a statement (see
// RootOnlyNode): its tables cannot feed other operators.
func (n *Facet) RootOnly() (what string, start, end int) { return "facet", n.Sp.Start, n.Sp.End }
