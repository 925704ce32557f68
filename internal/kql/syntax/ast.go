// Package syntax is KQL's front end: lexer, recursive-descent parser, the
// AST with source spans, and a printer whose output re-parses to the same
// tree.
package syntax

import "github.com/harrier-sec/harrier/internal/value"

// Span is a half-open byte range [Start, End) in the query text.
type Span struct{ Start, End int }

// Node is implemented by every AST node.
type Node interface {
	Span() Span
	// String prints the node as KQL that parses back to an equal tree.
	String() string
}

// Script is a whole query text: statements separated by ';'.
type Script struct {
	Stmts []Stmt
	Sp    Span
}

// Stmt is a statement: *LetStmt, *SetStmt or *ExprStmt.
type Stmt interface {
	Node
	stmtNode()
}

// LetStmt binds a name to a scalar, a tabular expression or a function:
// let x = 1; let T = X | where ...; let f = (a:long, b:string="x") { ... }.
type LetStmt struct {
	Name  *Ident
	Value Expr // *FuncLit for functions
	Sp    Span
}

// SetStmt is a request property: set query_now = datetime(2024-01-01).
// Value is nil when the statement is only "set name".
type SetStmt struct {
	Name  *Ident
	Value Expr
	Sp    Span
}

// ExprStmt is a query statement (a tabular expression) or, inside a
// function body, the final expression.
type ExprStmt struct {
	X  Expr
	Sp Span
}

// Expr is a scalar or tabular expression.
type Expr interface {
	Node
	exprNode()
}

// Ident is a name: a column, table, let name or function. Bracketed names
// (['a b'], ["a b"]) parse into Ident with Quoted set.
type Ident struct {
	Name   string
	Quoted bool
	Sp     Span
}

// Literal is any literal: numbers, strings (all forms), bool, datetime,
// timespan, guid, dynamic and typed nulls such as long(null). Text is the
// source spelling (used by the printer when set). A sign touching a number
// is part of the literal: -1, -2.5 and -1d are Literals; - 1 is a UnaryExpr.
type Literal struct {
	Value value.Value
	Text  string
	Sp    Span
}

// BinaryExpr is a binary operator. Op is the canonical lower-case operator
// text: + - * / % == != < <= > >= =~ !~ and or, the string operators (has,
// !has, has_cs, !has_cs, hasprefix, !hasprefix, hasprefix_cs,
// !hasprefix_cs, hassuffix, !hassuffix, hassuffix_cs, !hassuffix_cs,
// contains, !contains, contains_cs, !contains_cs, startswith, !startswith,
// startswith_cs, !startswith_cs, endswith, !endswith, endswith_cs,
// !endswith_cs, matches regex).
type BinaryExpr struct {
	Op          string
	Left, Right Expr
	OpSp        Span
	Sp          Span
}

// UnaryExpr is unary minus or plus, except a sign touching a number, which
// belongs to the Literal.
type UnaryExpr struct {
	Op string
	X  Expr
	Sp Span
}

// InExpr is the list family: in, !in, in~, !in~, has_any, has_all. List holds
// the parenthesized elements; a single tabular element is a subquery.
type InExpr struct {
	Op   string
	X    Expr
	List []Expr
	Sp   Span
}

// BetweenExpr is X between (Low .. High), or !between when Not.
type BetweenExpr struct {
	Not       bool
	X         Expr
	Low, High Expr
	Sp        Span
}

// CallExpr is a function call, scalar, aggregate or user-defined.
type CallExpr struct {
	Func *Ident
	Args []Expr
	Sp   Span
}

// NamedArg is a call argument written Name = X, as in f(limit = 10) or
// ipv4_lookup(T, ip, net, return_unmatched = true); Kusto binds it to the
// parameter of that name.
type NamedArg struct {
	Name *Ident
	X    Expr
	Sp   Span
}

// MemberExpr is dot access: X.Name.
type MemberExpr struct {
	X    Expr
	Name *Ident
	Sp   Span
}

// IndexExpr is bracket access: X[Index].
type IndexExpr struct {
	X     Expr
	Index Expr
	Sp    Span
}

// ParenExpr is a parenthesized expression (scalar or tabular).
type ParenExpr struct {
	X  Expr
	Sp Span
}

// StarExpr is '*' where a column list allows it (arg_max(x, *), distinct *).
type StarExpr struct{ Sp Span }

// TypeExpr names a type where an expression may (typeof(long), datatable
// column types).
type TypeExpr struct {
	Type value.Type
	Sp   Span
}

// FuncLit is the value of a function let: (params) { body }.
type FuncLit struct {
	Params []*Param
	Body   []Stmt // let statements then one ExprStmt
	View   bool   // declared as "view (...) { ... }"
	Sp     Span
}

// Param is a function parameter. Table is set for tabular parameters
// (T:(*) or T:(x:long)), with Columns listing the declared columns.
type Param struct {
	Name    *Ident
	Type    value.Type
	Table   bool
	Columns []*ColumnDecl // nil means (*)
	Default Expr
	Sp      Span
}

// ColumnDecl is name:type in datatable and function schemas.
type ColumnDecl struct {
	Name *Ident
	Type value.Type
	Sp   Span
}

// PipeExpr is a tabular source followed by pipe operators.
type PipeExpr struct {
	Source Expr // *Ident, *CallExpr, *ParenExpr, or a source: *DatatableExpr, *PrintExpr, *RangeExpr, *UnionOp, *SearchOp, *FindOp
	Ops    []Operator
	Sp     Span
}

// DatatableExpr is datatable(schema)[values...].
type DatatableExpr struct {
	Columns []*ColumnDecl
	Values  []Expr
	Sp      Span
}

// PrintExpr is the print source: print a=1, b.
type PrintExpr struct {
	Cols []*NamedExpr
	Sp   Span
}

// RangeExpr is range Name from From to To step Step.
type RangeExpr struct {
	Name           *Ident
	From, To, Step Expr
	Sp             Span
}

// Operator is a pipe operator.
type Operator interface {
	Node
	opNode()
}

// NamedExpr is "Name = X" or a bare X (Names nil); multiple names come from
// "(a, b) = X".
type NamedExpr struct {
	Names []*Ident
	X     Expr
	Sp    Span
}

// WhereOp is where/filter.
type WhereOp struct {
	Pred Expr
	Sp   Span
}

// ExtendOp is extend.
type ExtendOp struct {
	Cols []*NamedExpr
	Sp   Span
}

// ProjectOp is project.
type ProjectOp struct {
	Cols []*NamedExpr
	Sp   Span
}

// ProjectAwayOp is project-away (Kind "project-away") or project-keep
// (Kind "project-keep"); Cols may contain wildcard names such as a*.
type ProjectAwayOp struct {
	Kind string
	Cols []*Ident
	Sp   Span
}

// ProjectRenameOp is project-rename New = Old, ...
type ProjectRenameOp struct {
	Renames []*Rename
	Sp      Span
}

// Rename is one New = Old pair.
type Rename struct {
	New, Old *Ident
	Sp       Span
}

// ProjectReorderOp is project-reorder with optional asc/desc per pattern.
type ProjectReorderOp struct {
	Cols  []*Ident
	Order []string // "", "asc", "desc", "granny-asc", "granny-desc" per column
	Sp    Span
}

// TakeOp is take/limit.
type TakeOp struct {
	N  Expr
	Sp Span
}

// SampleOp is sample N.
type SampleOp struct {
	N  Expr
	Sp Span
}

// CountOp is count [as Name]; As names the output column (nil: Count).
type CountOp struct {
	As *Ident
	Sp Span
}

// SortKey is one key of sort/top: expression, direction, nulls placement.
type SortKey struct {
	X          Expr
	Desc       bool
	NullsFirst bool
	// Explicit records which parts were written (for printing).
	ExplicitDir, ExplicitNulls bool
	Sp                         Span
}

// SortOp is sort by / order by.
type SortOp struct {
	Params []*OpParam // hints
	Keys   []*SortKey
	Sp     Span
}

// TopOp is top N by keys.
type TopOp struct {
	Params []*OpParam // hints
	N      Expr
	Keys   []*SortKey
	Sp     Span
}

// DistinctOp is distinct cols (or distinct *).
type DistinctOp struct {
	Params []*OpParam // hints
	Cols   []Expr
	Sp     Span
}

// SummarizeOp is summarize aggs by keys.
type SummarizeOp struct {
	Params []*OpParam // hints such as hint.strategy=shuffle
	Aggs   []*NamedExpr
	By     []*NamedExpr
	Sp     Span
}

// MvExpandOp is mv-expand [bagexpansion=..] [with_itemindex=I] items [limit N].
type MvExpandOp struct {
	BagExpansion string // "", "bag", "array" (also written kind=...)
	ItemIndex    *Ident
	Params       []*OpParam // other parameters (hints)
	Items        []*MvExpandItem
	Limit        Expr
	Sp           Span
}

// MvExpandItem is [Name =] X [to typeof(T)].
type MvExpandItem struct {
	Name   *Ident
	X      Expr
	ToType value.Type // Unknown when absent
	Sp     Span
}

// UnionOp is union (as an operator or a source: then it is the PipeExpr
// source with Tables listing every leg).
type UnionOp struct {
	Kind       string // "", "inner", "outer"
	WithSource *Ident
	IsFuzzy    bool
	Params     []*OpParam // other parameters (hints)
	Tables     []Expr     // *Ident (possibly with '*' wildcards), *CallExpr or *ParenExpr
	Sp         Span
}

// AsOp is as Name.
type AsOp struct {
	Params []*OpParam // hint.materialized=true
	Name   *Ident
	Sp     Span
}

// GetSchemaOp is getschema.
type GetSchemaOp struct{ Sp Span }

// SerializeOp is serialize [cols].
type SerializeOp struct {
	Cols []*NamedExpr
	Sp   Span
}

func (*LetStmt) stmtNode()  {}
func (*SetStmt) stmtNode()  {}
func (*ExprStmt) stmtNode() {}

func (*Ident) exprNode()         {}
func (*Literal) exprNode()       {}
func (*BinaryExpr) exprNode()    {}
func (*UnaryExpr) exprNode()     {}
func (*InExpr) exprNode()        {}
func (*BetweenExpr) exprNode()   {}
func (*CallExpr) exprNode()      {}
func (*NamedArg) exprNode()      {}
func (*MemberExpr) exprNode()    {}
func (*IndexExpr) exprNode()     {}
func (*ParenExpr) exprNode()     {}
func (*StarExpr) exprNode()      {}
func (*TypeExpr) exprNode()      {}
func (*FuncLit) exprNode()       {}
func (*PipeExpr) exprNode()      {}
func (*DatatableExpr) exprNode() {}
func (*PrintExpr) exprNode()     {}
func (*RangeExpr) exprNode()     {}
func (*UnionOp) exprNode()       {}

func (*WhereOp) opNode()          {}
func (*ExtendOp) opNode()         {}
func (*ProjectOp) opNode()        {}
func (*ProjectAwayOp) opNode()    {}
func (*ProjectRenameOp) opNode()  {}
func (*ProjectReorderOp) opNode() {}
func (*TakeOp) opNode()           {}
func (*SampleOp) opNode()         {}
func (*CountOp) opNode()          {}
func (*SortOp) opNode()           {}
func (*TopOp) opNode()            {}
func (*DistinctOp) opNode()       {}
func (*SummarizeOp) opNode()      {}
func (*MvExpandOp) opNode()       {}
func (*UnionOp) opNode()          {}
func (*AsOp) opNode()             {}
func (*GetSchemaOp) opNode()      {}
func (*SerializeOp) opNode()      {}
