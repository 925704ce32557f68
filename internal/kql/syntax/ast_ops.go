package syntax

import "github.com/harrier-sec/harrier/internal/value"

// OpParam is an operator parameter written name=value before the operator's
// arguments: kind=inner, hint.strategy=shuffle, with (pair_delimiter=",").
// Value is an *Ident for a bare word, otherwise a literal expression.
type OpParam struct {
	Name  string // as written, e.g. "hint.strategy"
	Value Expr
	Sp    Span
}

// JoinOp is join [kind=K] [hints] Right on keys. Each key is a column name
// (*Ident, same on both sides) or an equality such as $left.a == $right.b.
type JoinOp struct {
	Kind   string     // "" when not written (innerunique); else as written
	Params []*OpParam // hints
	Right  Expr
	On     []Expr // nil when there is no on clause
	Sp     Span
}

// LookupOp is lookup [kind=leftouter|inner] Right on keys.
type LookupOp struct {
	Kind   string // "" when not written (leftouter)
	Params []*OpParam
	Right  Expr
	On     []Expr
	Sp     Span
}

// ParseOp is parse or parse-where: [kind=simple|regex|relaxed [flags=F]]
// X with pattern.
type ParseOp struct {
	Where   bool   // parse-where
	Kind    string // "", "simple", "regex", "relaxed"
	Flags   string // regex flags, e.g. "Ui"
	X       Expr
	Pattern []*ParsePart
	Sp      Span
}

// ParsePart is one element of a parse pattern: exactly one of '*', a string
// literal (a regex for kind=regex) or a column with an optional type.
type ParsePart struct {
	Star bool
	Lit  *Literal
	Name *Ident
	Type value.Type // Unknown when not written (string)
	Sp   Span
}

// ParseKvOp is parse-kv X as (k:type, ...) with (pair_delimiter=..., ...).
type ParseKvOp struct {
	X       Expr
	Columns []*ColumnDecl
	With    []*OpParam // pair_delimiter, kv_delimiter, quote, escape, greedy, regex; may repeat
	Sp      Span
}

// MvApplyOp is mv-apply [with_itemindex=I] items [limit N] on (subquery).
// The subquery's operators apply to each row's expanded sub-table.
type MvApplyOp struct {
	ItemIndex *Ident
	Params    []*OpParam // other parameters (hints)
	Items     []*MvExpandItem
	Limit     Expr
	On        []Operator
	Sp        Span
}

// MakeSeriesOp is make-series aggs on Axis [from F] [to T] step S [by keys];
// the legacy "in range(F, T, S)" form parses into the same fields.
type MakeSeriesOp struct {
	Params   []*OpParam // kind=nonempty, hints
	Aggs     []*MakeSeriesAgg
	On       Expr
	From, To Expr // nil when not written
	Step     Expr
	By       []*NamedExpr
	Sp       Span
}

// MakeSeriesAgg is one aggregation of make-series with its default value.
type MakeSeriesAgg struct {
	Agg     *NamedExpr
	Default Expr // nil when not written
	Sp      Span
}

// TopNestedOp is top-nested levels, separated by commas.
type TopNestedOp struct {
	Levels []*TopNestedLevel
	Sp     Span
}

// TopNestedLevel is top-nested [N] of Of [with others = Others] by By [asc|desc].
type TopNestedLevel struct {
	N      Expr // nil: all values
	Of     *NamedExpr
	Others Expr // nil when there is no "with others" clause
	By     *NamedExpr
	// Desc defaults to true; ExplicitDir records whether asc/desc was written.
	Desc, ExplicitDir bool
	Sp                Span
}

// TopHittersOp is top-hitters N of Of [by By].
type TopHittersOp struct {
	N  Expr
	Of Expr
	By Expr // nil when not written
	Sp Span
}

// SampleDistinctOp is sample-distinct N of Of.
type SampleDistinctOp struct {
	N  Expr
	Of Expr
	Sp Span
}

// RenderOp is render Chart [with (props)].
type RenderOp struct {
	Chart string
	Props []*RenderProp
	Sp    Span
}

// RenderProp is one render property: Name = Value, or a column list for
// ycolumns, series and anomalycolumns (then Names is set and Value nil).
type RenderProp struct {
	Name  string
	Value Expr
	Names []*Ident
	Sp    Span
}

// EvaluateOp is evaluate [hints] plugin(args) [: (schema)]. HasSchema is
// set when an output schema is written; SchemaAll when it starts with '*'
// (the input's columns, then Schema).
type EvaluateOp struct {
	Params               []*OpParam
	Call                 *CallExpr
	HasSchema, SchemaAll bool
	Schema               []*ColumnDecl
	Sp                   Span
}

// InvokeOp is invoke func(args): the input is the function's first tabular
// argument.
type InvokeOp struct {
	Call *CallExpr
	Sp   Span
}

// FacetOp is facet by cols [with (operators)].
type FacetOp struct {
	Cols []*Ident
	With []Operator // nil when there is no with clause
	Sp   Span
}

// SearchOp is search [kind=default|case_insensitive|case_sensitive] [in (tables)] predicate. Like
// UnionOp it is also a source (an Expr) at the start of a query.
type SearchOp struct {
	Params []*OpParam
	In     []Expr // tables of the in (...) clause; nil when absent
	Pred   Expr   // *StarExpr for "search *"
	Sp     Span
}

// FindOp is find [withsource=Name] [in (tables)] where Pred [project-smart |
// project cols]. Like SearchOp it is also a source.
type FindOp struct {
	Params       []*OpParam // withsource=..., hints
	In           []Expr     // nil when there is no in clause
	Pred         Expr
	ProjectSmart bool
	Project      []*ColumnDecl // Type is Unknown when not written
	PackAll      bool          // project ..., pack_all()
	Sp           Span
}

// ForkOp is fork (ops) [name=(ops)] ...
type ForkOp struct {
	Branches []*ForkBranch
	Sp       Span
}

// ForkBranch is one fork branch; Name is nil when not written.
type ForkBranch struct {
	Name *Ident
	Ops  []Operator
	Sp   Span
}

func (*SearchOp) exprNode() {}
func (*FindOp) exprNode()   {}

func (*JoinOp) opNode()           {}
func (*LookupOp) opNode()         {}
func (*ParseOp) opNode()          {}
func (*ParseKvOp) opNode()        {}
func (*MvApplyOp) opNode()        {}
func (*MakeSeriesOp) opNode()     {}
func (*TopNestedOp) opNode()      {}
func (*TopHittersOp) opNode()     {}
func (*SampleDistinctOp) opNode() {}
func (*RenderOp) opNode()         {}
func (*EvaluateOp) opNode()       {}
func (*InvokeOp) opNode()         {}
func (*FacetOp) opNode()          {}
func (*SearchOp) opNode()         {}
func (*ForkOp) opNode()           {}
func (*FindOp) opNode()           {}
