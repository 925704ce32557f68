// Package plan is the typed logical plan that semantic analysis produces and
// the executor runs: operator nodes with schemas, and typed scalar
// expressions over the columns of their input.
package plan

import (
	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// Node is a logical operator.
type Node interface {
	Schema() value.Schema
	Inputs() []Node
}

// Expr is a typed scalar expression evaluated against the columns of the
// input of the node that holds it.
type Expr interface {
	Type() value.Type
}

// ColRef reads input column Index.
type ColRef struct {
	Index int
	T     value.Type
	Name  string
}

// Const is a constant.
type Const struct{ V value.Value }

// Call applies a catalog function (or string operator).
type Call struct {
	Fn   *fn.Scalar
	Args []Expr
	T    value.Type
}

// PathElem is one step of a dynamic path: a bag key or an array index.
type PathElem struct {
	Key     string
	Index   int
	IsIndex bool
}

// Path reads a constant path inside a dynamic value (d.a.b, d["k"], d[0]).
type Path struct {
	X     Expr
	Elems []PathElem
}

// DynIndex reads X[Index] where the index is computed per row.
type DynIndex struct {
	X, Index Expr
}

// Compare is ==, !=, <, <=, >, >= between two scalars after Kusto's
// implicit conversions (dynamic is cast to the other side's type).
type Compare struct {
	Op   string
	L, R Expr
}

// Arith is + - * / % with Kusto's type rules; T is the result type.
type Arith struct {
	Op   string
	L, R Expr
	T    value.Type
}

// Logic is "and" / "or" with Kusto's three-valued logic.
type Logic struct {
	Op   string
	L, R Expr
}

// Neg is unary minus.
type Neg struct{ X Expr }

// In is the in/!in/in~/!in~/has_any/has_all family against a list of values
// (constants, or rows of a subquery result).
type In struct {
	Op   string
	X    Expr
	List []Expr
	// Sub, when set, supplies the list as the first column of a subquery.
	Sub Node
}

// Between is X between (Lo .. Hi), negated when Not.
type Between struct {
	Not       bool
	X, Lo, Hi Expr
}

// Cast converts X to T with tostring/tolong/... semantics (implicit
// conversions that analysis inserts).
type Cast struct {
	X Expr
	T value.Type
}

// Scalar is toscalar(subquery): the first column of the first row.
type Scalar struct {
	Sub Node
	T   value.Type
}

func (e *ColRef) Type() value.Type   { return e.T }
func (e *Const) Type() value.Type    { return e.V.T }
func (e *Call) Type() value.Type     { return e.T }
func (e *Path) Type() value.Type     { return value.Dynamic }
func (e *DynIndex) Type() value.Type { return value.Dynamic }
func (e *Compare) Type() value.Type  { return value.Bool }
func (e *Arith) Type() value.Type    { return e.T }
func (e *Logic) Type() value.Type    { return value.Bool }
func (e *Neg) Type() value.Type      { return e.X.Type() }
func (e *In) Type() value.Type       { return value.Bool }
func (e *Between) Type() value.Type  { return value.Bool }
func (e *Cast) Type() value.Type     { return e.T }
func (e *Scalar) Type() value.Type   { return e.T }

// Scan reads a table. Spec, set by Optimize for source-backed tables,
// bounds what the scan reads (time range, columns); nil reads everything.
type Scan struct {
	Table *table.Table
	Spec  *table.ScanSpec
}

// Values is a literal table (datatable, print, range results computed at
// analysis time).
type Values struct{ Table *table.Table }

// Range generates a single column from From to To by Step.
type Range struct {
	Name           string
	T              value.Type
	From, To, Step value.Value
}

// Filter keeps rows where Pred is true.
type Filter struct {
	In   Node
	Pred Expr
}

// Project computes the output columns from the input row by row. Extend,
// project, project-away/keep/rename/reorder all become Project.
type Project struct {
	In    Node
	Exprs []Expr
	Out   value.Schema
}

// Take keeps the first N rows.
type Take struct {
	In Node
	N  int64
}

// Sample keeps N rows chosen at random.
type Sample struct {
	In Node
	N  int64
}

// Count returns one row with the number of input rows.
type Count struct{ In Node }

// SortKey is one sort key.
type SortKey struct {
	X          Expr
	Desc       bool
	NullsFirst bool
}

// Sort orders rows (stably).
type Sort struct {
	In   Node
	Keys []SortKey
}

// Top is sort + take, computed with a bounded heap.
type Top struct {
	In   Node
	N    int64
	Keys []SortKey
}

// Distinct keeps one row per distinct combination of Exprs.
type Distinct struct {
	In    Node
	Exprs []Expr
	Out   value.Schema
}

// AggCall is one aggregate of a summarize.
type AggCall struct {
	Agg  *fn.Aggregate
	Args []Expr
	Arg  []fn.Arg
	// Outputs is how many output columns the aggregate produces.
	Outputs int
}

// Summarize groups by Keys and computes Aggs; the output is the keys then
// the aggregates' outputs.
type Summarize struct {
	In   Node
	Keys []Expr
	Aggs []AggCall
	Out  value.Schema
}

// MvExpandCol is one expanded column.
type MvExpandCol struct {
	X      Expr
	Index  int        // output column index (replaces or appends)
	ToType value.Type // Dynamic when no "to typeof()"
}

// MvExpand expands dynamic arrays (or bags) into rows.
type MvExpand struct {
	In        Node
	Cols      []MvExpandCol
	ItemIndex int // output column index of with_itemindex, -1 when absent
	Limit     int64
	BagArray  bool // bagexpansion=array
	Out       value.Schema
}

// Union concatenates its inputs; Out is the union schema and Maps[i][c] is
// the input column of leg i feeding output column c (-1 for null).
type Union struct {
	Legs      []Node
	Maps      [][]int
	SourceCol int // output index of withsource column, -1 when absent
	LegNames  []string
	Out       value.Schema
}

// GetSchema describes the input's schema as rows.
type GetSchema struct{ In Node }

func (n *Scan) Schema() value.Schema      { return n.Table.Schema }
func (n *Values) Schema() value.Schema    { return n.Table.Schema }
func (n *Range) Schema() value.Schema     { return value.Schema{{Name: n.Name, Type: n.T}} }
func (n *Filter) Schema() value.Schema    { return n.In.Schema() }
func (n *Project) Schema() value.Schema   { return n.Out }
func (n *Take) Schema() value.Schema      { return n.In.Schema() }
func (n *Sample) Schema() value.Schema    { return n.In.Schema() }
func (n *Count) Schema() value.Schema     { return value.Schema{{Name: "Count", Type: value.Long}} }
func (n *Sort) Schema() value.Schema      { return n.In.Schema() }
func (n *Top) Schema() value.Schema       { return n.In.Schema() }
func (n *Distinct) Schema() value.Schema  { return n.Out }
func (n *Summarize) Schema() value.Schema { return n.Out }
func (n *MvExpand) Schema() value.Schema  { return n.Out }
func (n *Union) Schema() value.Schema     { return n.Out }
func (n *GetSchema) Schema() value.Schema {
	return value.Schema{
		{Name: "ColumnName", Type: value.String},
		{Name: "ColumnOrdinal", Type: value.Int},
		{Name: "DataType", Type: value.String},
		{Name: "ColumnType", Type: value.String},
	}
}

func (n *Scan) Inputs() []Node      { return nil }
func (n *Values) Inputs() []Node    { return nil }
func (n *Range) Inputs() []Node     { return nil }
func (n *Filter) Inputs() []Node    { return []Node{n.In} }
func (n *Project) Inputs() []Node   { return []Node{n.In} }
func (n *Take) Inputs() []Node      { return []Node{n.In} }
func (n *Sample) Inputs() []Node    { return []Node{n.In} }
func (n *Count) Inputs() []Node     { return []Node{n.In} }
func (n *Sort) Inputs() []Node      { return []Node{n.In} }
func (n *Top) Inputs() []Node       { return []Node{n.In} }
func (n *Distinct) Inputs() []Node  { return []Node{n.In} }
func (n *Summarize) Inputs() []Node { return []Node{n.In} }
func (n *MvExpand) Inputs() []Node  { return []Node{n.In} }
func (n *Union) Inputs() []Node     { return n.Legs }
func (n *GetSchema) Inputs() []Node { return []Node{n.In} }

// RowLevelNode is implemented by operators, other than the built-in ones,
// that transform each input row independently (parse, mv-apply, ...).
type RowLevelNode interface {
	Node
	// RowLevel reports true; the executor then runs the node inside the
	// scan workers through its registered stage compiler.
	RowLevel() bool
}

// RowLevel reports whether n transforms each input row independently of the
// others (so scan workers can run it on their own batches).
func RowLevel(n Node) bool {
	switch x := n.(type) {
	case *Filter, *Project, *MvExpand:
		return true
	case RowLevelNode:
		return x.RowLevel()
	}
	return false
}
