package syntax

// Span and String methods of every node.

func (n *Script) Span() Span           { return n.Sp }
func (n *LetStmt) Span() Span          { return n.Sp }
func (n *SetStmt) Span() Span          { return n.Sp }
func (n *ExprStmt) Span() Span         { return n.Sp }
func (n *Ident) Span() Span            { return n.Sp }
func (n *Literal) Span() Span          { return n.Sp }
func (n *BinaryExpr) Span() Span       { return n.Sp }
func (n *UnaryExpr) Span() Span        { return n.Sp }
func (n *InExpr) Span() Span           { return n.Sp }
func (n *BetweenExpr) Span() Span      { return n.Sp }
func (n *CallExpr) Span() Span         { return n.Sp }
func (n *NamedArg) Span() Span         { return n.Sp }
func (n *MemberExpr) Span() Span       { return n.Sp }
func (n *IndexExpr) Span() Span        { return n.Sp }
func (n *ParenExpr) Span() Span        { return n.Sp }
func (n *StarExpr) Span() Span         { return n.Sp }
func (n *TypeExpr) Span() Span         { return n.Sp }
func (n *FuncLit) Span() Span          { return n.Sp }
func (n *Param) Span() Span            { return n.Sp }
func (n *ColumnDecl) Span() Span       { return n.Sp }
func (n *PipeExpr) Span() Span         { return n.Sp }
func (n *DatatableExpr) Span() Span    { return n.Sp }
func (n *PrintExpr) Span() Span        { return n.Sp }
func (n *RangeExpr) Span() Span        { return n.Sp }
func (n *NamedExpr) Span() Span        { return n.Sp }
func (n *WhereOp) Span() Span          { return n.Sp }
func (n *ExtendOp) Span() Span         { return n.Sp }
func (n *ProjectOp) Span() Span        { return n.Sp }
func (n *ProjectAwayOp) Span() Span    { return n.Sp }
func (n *ProjectRenameOp) Span() Span  { return n.Sp }
func (n *Rename) Span() Span           { return n.Sp }
func (n *ProjectReorderOp) Span() Span { return n.Sp }
func (n *TakeOp) Span() Span           { return n.Sp }
func (n *SampleOp) Span() Span         { return n.Sp }
func (n *CountOp) Span() Span          { return n.Sp }
func (n *SortKey) Span() Span          { return n.Sp }
func (n *SortOp) Span() Span           { return n.Sp }
func (n *TopOp) Span() Span            { return n.Sp }
func (n *DistinctOp) Span() Span       { return n.Sp }
func (n *SummarizeOp) Span() Span      { return n.Sp }
func (n *MvExpandOp) Span() Span       { return n.Sp }
func (n *MvExpandItem) Span() Span     { return n.Sp }
func (n *UnionOp) Span() Span          { return n.Sp }
func (n *AsOp) Span() Span             { return n.Sp }
func (n *GetSchemaOp) Span() Span      { return n.Sp }
func (n *SerializeOp) Span() Span      { return n.Sp }
func (n *OpParam) Span() Span          { return n.Sp }
func (n *JoinOp) Span() Span           { return n.Sp }
func (n *LookupOp) Span() Span         { return n.Sp }
func (n *ParseOp) Span() Span          { return n.Sp }
func (n *ParsePart) Span() Span        { return n.Sp }
func (n *ParseKvOp) Span() Span        { return n.Sp }
func (n *MvApplyOp) Span() Span        { return n.Sp }
func (n *MakeSeriesOp) Span() Span     { return n.Sp }
func (n *MakeSeriesAgg) Span() Span    { return n.Sp }
func (n *TopNestedOp) Span() Span      { return n.Sp }
func (n *TopNestedLevel) Span() Span   { return n.Sp }
func (n *TopHittersOp) Span() Span     { return n.Sp }
func (n *SampleDistinctOp) Span() Span { return n.Sp }
func (n *RenderOp) Span() Span         { return n.Sp }
func (n *RenderProp) Span() Span       { return n.Sp }
func (n *EvaluateOp) Span() Span       { return n.Sp }
func (n *InvokeOp) Span() Span         { return n.Sp }
func (n *FacetOp) Span() Span          { return n.Sp }
func (n *SearchOp) Span() Span         { return n.Sp }
func (n *FindOp) Span() Span           { return n.Sp }
func (n *ForkOp) Span() Span           { return n.Sp }
func (n *ForkBranch) Span() Span       { return n.Sp }

func (n *Script) String() string           { return nodeString(n) }
func (n *LetStmt) String() string          { return nodeString(n) }
func (n *SetStmt) String() string          { return nodeString(n) }
func (n *ExprStmt) String() string         { return nodeString(n) }
func (n *Ident) String() string            { return nodeString(n) }
func (n *Literal) String() string          { return nodeString(n) }
func (n *BinaryExpr) String() string       { return nodeString(n) }
func (n *UnaryExpr) String() string        { return nodeString(n) }
func (n *InExpr) String() string           { return nodeString(n) }
func (n *BetweenExpr) String() string      { return nodeString(n) }
func (n *CallExpr) String() string         { return nodeString(n) }
func (n *NamedArg) String() string         { return nodeString(n) }
func (n *MemberExpr) String() string       { return nodeString(n) }
func (n *IndexExpr) String() string        { return nodeString(n) }
func (n *ParenExpr) String() string        { return nodeString(n) }
func (n *StarExpr) String() string         { return nodeString(n) }
func (n *TypeExpr) String() string         { return nodeString(n) }
func (n *FuncLit) String() string          { return nodeString(n) }
func (n *Param) String() string            { return nodeString(n) }
func (n *ColumnDecl) String() string       { return nodeString(n) }
func (n *PipeExpr) String() string         { return nodeString(n) }
func (n *DatatableExpr) String() string    { return nodeString(n) }
func (n *PrintExpr) String() string        { return nodeString(n) }
func (n *RangeExpr) String() string        { return nodeString(n) }
func (n *NamedExpr) String() string        { return nodeString(n) }
func (n *WhereOp) String() string          { return nodeString(n) }
func (n *ExtendOp) String() string         { return nodeString(n) }
func (n *ProjectOp) String() string        { return nodeString(n) }
func (n *ProjectAwayOp) String() string    { return nodeString(n) }
func (n *ProjectRenameOp) String() string  { return nodeString(n) }
func (n *Rename) String() string           { return nodeString(n) }
func (n *ProjectReorderOp) String() string { return nodeString(n) }
func (n *TakeOp) String() string           { return nodeString(n) }
func (n *SampleOp) String() string         { return nodeString(n) }
func (n *CountOp) String() string          { return nodeString(n) }
func (n *SortKey) String() string          { return nodeString(n) }
func (n *SortOp) String() string           { return nodeString(n) }
func (n *TopOp) String() string            { return nodeString(n) }
func (n *DistinctOp) String() string       { return nodeString(n) }
func (n *SummarizeOp) String() string      { return nodeString(n) }
func (n *MvExpandOp) String() string       { return nodeString(n) }
func (n *MvExpandItem) String() string     { return nodeString(n) }
func (n *UnionOp) String() string          { return nodeString(n) }
func (n *AsOp) String() string             { return nodeString(n) }
func (n *GetSchemaOp) String() string      { return nodeString(n) }
func (n *SerializeOp) String() string      { return nodeString(n) }
func (n *OpParam) String() string          { return nodeString(n) }
func (n *JoinOp) String() string           { return nodeString(n) }
func (n *LookupOp) String() string         { return nodeString(n) }
func (n *ParseOp) String() string          { return nodeString(n) }
func (n *ParsePart) String() string        { return nodeString(n) }
func (n *ParseKvOp) String() string        { return nodeString(n) }
func (n *MvApplyOp) String() string        { return nodeString(n) }
func (n *MakeSeriesOp) String() string     { return nodeString(n) }
func (n *MakeSeriesAgg) String() string    { return nodeString(n) }
func (n *TopNestedOp) String() string      { return nodeString(n) }
func (n *TopNestedLevel) String() string   { return nodeString(n) }
func (n *TopHittersOp) String() string     { return nodeString(n) }
func (n *SampleDistinctOp) String() string { return nodeString(n) }
func (n *RenderOp) String() string         { return nodeString(n) }
func (n *RenderProp) String() string       { return nodeString(n) }
func (n *EvaluateOp) String() string       { return nodeString(n) }
func (n *InvokeOp) String() string         { return nodeString(n) }
func (n *FacetOp) String() string          { return nodeString(n) }
func (n *SearchOp) String() string         { return nodeString(n) }
func (n *FindOp) String() string           { return nodeString(n) }
func (n *ForkOp) String() string           { return nodeString(n) }
func (n *ForkBranch) String() string       { return nodeString(n) }

// Every node kind implements its interface.
var (
	_ Stmt     = (*LetStmt)(nil)
	_ Stmt     = (*SetStmt)(nil)
	_ Stmt     = (*ExprStmt)(nil)
	_ Expr     = (*Ident)(nil)
	_ Expr     = (*Literal)(nil)
	_ Expr     = (*BinaryExpr)(nil)
	_ Expr     = (*UnaryExpr)(nil)
	_ Expr     = (*InExpr)(nil)
	_ Expr     = (*BetweenExpr)(nil)
	_ Expr     = (*CallExpr)(nil)
	_ Expr     = (*NamedArg)(nil)
	_ Expr     = (*MemberExpr)(nil)
	_ Expr     = (*IndexExpr)(nil)
	_ Expr     = (*ParenExpr)(nil)
	_ Expr     = (*StarExpr)(nil)
	_ Expr     = (*TypeExpr)(nil)
	_ Expr     = (*FuncLit)(nil)
	_ Expr     = (*PipeExpr)(nil)
	_ Expr     = (*DatatableExpr)(nil)
	_ Expr     = (*PrintExpr)(nil)
	_ Expr     = (*RangeExpr)(nil)
	_ Expr     = (*UnionOp)(nil)
	_ Expr     = (*SearchOp)(nil)
	_ Expr     = (*FindOp)(nil)
	_ Operator = (*WhereOp)(nil)
	_ Operator = (*ExtendOp)(nil)
	_ Operator = (*ProjectOp)(nil)
	_ Operator = (*ProjectAwayOp)(nil)
	_ Operator = (*ProjectRenameOp)(nil)
	_ Operator = (*ProjectReorderOp)(nil)
	_ Operator = (*TakeOp)(nil)
	_ Operator = (*SampleOp)(nil)
	_ Operator = (*CountOp)(nil)
	_ Operator = (*SortOp)(nil)
	_ Operator = (*TopOp)(nil)
	_ Operator = (*DistinctOp)(nil)
	_ Operator = (*SummarizeOp)(nil)
	_ Operator = (*MvExpandOp)(nil)
	_ Operator = (*UnionOp)(nil)
	_ Operator = (*AsOp)(nil)
	_ Operator = (*GetSchemaOp)(nil)
	_ Operator = (*SerializeOp)(nil)
	_ Operator = (*JoinOp)(nil)
	_ Operator = (*LookupOp)(nil)
	_ Operator = (*ParseOp)(nil)
	_ Operator = (*ParseKvOp)(nil)
	_ Operator = (*MvApplyOp)(nil)
	_ Operator = (*MakeSeriesOp)(nil)
	_ Operator = (*TopNestedOp)(nil)
	_ Operator = (*TopHittersOp)(nil)
	_ Operator = (*SampleDistinctOp)(nil)
	_ Operator = (*RenderOp)(nil)
	_ Operator = (*EvaluateOp)(nil)
	_ Operator = (*InvokeOp)(nil)
	_ Operator = (*FacetOp)(nil)
	_ Operator = (*SearchOp)(nil)
	_ Operator = (*ForkOp)(nil)
	_ Operator = (*FindOp)(nil)
)
