package syntax

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/harrier-sec/harrier/internal/value"
)

// printer renders nodes as KQL on one line per statement. Parsed trees keep
// their ParenExpr nodes, so the printer adds parentheses only for trees
// built by hand whose operands bind looser than their operator.
type printer struct {
	b strings.Builder
}

func nodeString(n Node) string {
	var w printer
	w.node(n)
	return w.b.String()
}

func (w *printer) str(s string) { w.b.WriteString(s) }

// Operator precedence for printing; higher binds tighter.
const (
	precOr = 1 + iota
	precAnd
	precCmp
	precAdd
	precMul
	precUnary
	precPrimary
)

func exprPrec(e Expr) int {
	switch x := e.(type) {
	case *BinaryExpr:
		switch x.Op {
		case "or":
			return precOr
		case "and":
			return precAnd
		case "+", "-":
			return precAdd
		case "*", "/", "%":
			return precMul
		}
		return precCmp
	case *InExpr, *BetweenExpr:
		return precCmp
	case *UnaryExpr:
		return precUnary
	}
	return precPrimary
}

// operand prints e, in parentheses when it binds looser than min.
func (w *printer) operand(e Expr, min int) {
	if e != nil && exprPrec(e) < min {
		w.str("(")
		w.node(e)
		w.str(")")
		return
	}
	w.node(e)
}

func (w *printer) list(n int, f func(i int)) {
	for i := 0; i < n; i++ {
		if i > 0 {
			w.str(", ")
		}
		f(i)
	}
}

func (w *printer) exprs(xs []Expr) { w.list(len(xs), func(i int) { w.node(xs[i]) }) }
func (w *printer) named(xs []*NamedExpr) {
	w.list(len(xs), func(i int) { w.node(xs[i]) })
}
func (w *printer) idents(xs []*Ident) { w.list(len(xs), func(i int) { w.node(xs[i]) }) }
func (w *printer) ops(ops []Operator) {
	for i, op := range ops {
		if i > 0 {
			w.str(" | ")
		}
		w.node(op)
	}
}

// params prints " name=value" for each parameter.
func (w *printer) params(ps []*OpParam) {
	for _, prm := range ps {
		w.str(" ")
		w.node(prm)
	}
}

func (w *printer) param(name string, v Expr) {
	w.str(name)
	w.str("=")
	s := nodeString(v)
	// Keep "=" from fusing with a following '~' or '=' into another operator.
	if s != "" && (s[0] == '~' || s[0] == '=' || s[0] == '>') {
		w.str(" ")
	}
	w.str(s)
}

func (w *printer) node(n Node) {
	switch x := n.(type) {
	case nil:
		w.str("<nil>")
	case *Script:
		for i, st := range x.Stmts {
			if i > 0 {
				w.str(";\n")
			}
			w.node(st)
		}
	case *LetStmt:
		w.str("let ")
		w.node(x.Name)
		w.str(" = ")
		w.node(x.Value)
	case *SetStmt:
		w.str("set ")
		w.node(x.Name)
		if x.Value != nil {
			w.str(" = ")
			w.node(x.Value)
		}
	case *ExprStmt:
		w.node(x.X)
	case *Ident:
		w.ident(x)
	case *Literal:
		if x.Text != "" {
			w.str(x.Text)
		} else {
			w.str(LiteralText(x.Value))
		}
	case *BinaryExpr:
		p := exprPrec(x)
		left := p
		if p == precCmp {
			left++ // comparisons do not chain
		}
		w.operand(x.Left, left)
		w.str(" ")
		w.str(x.Op)
		w.str(" ")
		w.operand(x.Right, p+1)
	case *UnaryExpr:
		w.str(x.Op)
		s := nodeString(x.X)
		if exprPrec(x.X) < precUnary {
			s = "(" + s + ")"
		} else if s != "" && (s[0] == '-' || s[0] == '+' || isDigit(s[0])) {
			w.str(" ") // -1 would read as a signed literal, --x is fine but unclear
		}
		w.str(s)
	case *InExpr:
		w.operand(x.X, precCmp+1)
		w.str(" ")
		w.str(x.Op)
		w.str(" (")
		w.exprs(x.List)
		w.str(")")
	case *BetweenExpr:
		w.operand(x.X, precCmp+1)
		if x.Not {
			w.str(" !between (")
		} else {
			w.str(" between (")
		}
		w.node(x.Low)
		w.str(" .. ")
		w.node(x.High)
		w.str(")")
	case *CallExpr:
		w.node(x.Func)
		w.str("(")
		w.exprs(x.Args)
		w.str(")")
	case *NamedArg:
		w.node(x.Name)
		w.str(" = ")
		w.node(x.X)
	case *MemberExpr:
		s := nodeString(x.X)
		if exprPrec(x.X) < precPrimary {
			s = "(" + s + ")"
		}
		w.str(s)
		if strings.HasSuffix(s, ".") {
			w.str(" ") // "1." followed by ".a" must not read as "1..a"
		}
		w.str(".")
		w.node(x.Name)
	case *IndexExpr:
		w.operand(x.X, precPrimary)
		w.str("[")
		w.node(x.Index)
		w.str("]")
	case *ParenExpr:
		w.str("(")
		w.node(x.X)
		w.str(")")
	case *StarExpr:
		w.str("*")
	case *TypeExpr:
		w.str(x.Type.String())
	case *FuncLit:
		if x.View {
			w.str("view ")
		}
		w.str("(")
		w.list(len(x.Params), func(i int) { w.node(x.Params[i]) })
		w.str(") { ")
		for _, st := range x.Body {
			w.node(st)
			w.str("; ")
		}
		w.str("}")
	case *Param:
		w.node(x.Name)
		w.str(":")
		switch {
		case x.Table && x.Columns == nil:
			w.str("(*)")
		case x.Table:
			w.str("(")
			w.list(len(x.Columns), func(i int) { w.node(x.Columns[i]) })
			w.str(")")
		default:
			w.str(x.Type.String())
		}
		if x.Default != nil {
			w.str(" = ")
			w.node(x.Default)
		}
	case *ColumnDecl:
		w.node(x.Name)
		w.str(":")
		w.str(x.Type.String())
	case *PipeExpr:
		w.node(x.Source)
		for _, op := range x.Ops {
			w.str(" | ")
			w.node(op)
		}
	case *DatatableExpr:
		w.str("datatable(")
		w.list(len(x.Columns), func(i int) { w.node(x.Columns[i]) })
		w.str(")[")
		w.exprs(x.Values)
		w.str("]")
	case *PrintExpr:
		w.str("print ")
		w.named(x.Cols)
	case *RangeExpr:
		w.str("range ")
		w.node(x.Name)
		w.str(" from ")
		w.node(x.From)
		w.str(" to ")
		w.node(x.To)
		w.str(" step ")
		w.node(x.Step)
	case *NamedExpr:
		switch len(x.Names) {
		case 0:
		case 1:
			w.node(x.Names[0])
			w.str(" = ")
		default:
			w.str("(")
			w.idents(x.Names)
			w.str(") = ")
		}
		w.node(x.X)
	case *OpParam:
		w.param(x.Name, x.Value)
	default:
		w.operator(n)
	}
}

// operator prints pipe operators and their parts.
func (w *printer) operator(n Node) {
	switch x := n.(type) {
	case *WhereOp:
		w.str("where ")
		w.node(x.Pred)
	case *ExtendOp:
		w.str("extend ")
		w.named(x.Cols)
	case *ProjectOp:
		w.str("project ")
		w.named(x.Cols)
	case *ProjectAwayOp:
		w.str(x.Kind)
		w.str(" ")
		w.idents(x.Cols)
	case *ProjectRenameOp:
		w.str("project-rename ")
		w.list(len(x.Renames), func(i int) { w.node(x.Renames[i]) })
	case *Rename:
		w.node(x.New)
		w.str(" = ")
		w.node(x.Old)
	case *ProjectReorderOp:
		w.str("project-reorder ")
		w.list(len(x.Cols), func(i int) {
			w.node(x.Cols[i])
			if i < len(x.Order) && x.Order[i] != "" {
				w.str(" ")
				w.str(x.Order[i])
			}
		})
	case *TakeOp:
		w.str("take ")
		w.node(x.N)
	case *SampleOp:
		w.str("sample ")
		w.node(x.N)
	case *SampleDistinctOp:
		w.str("sample-distinct ")
		w.node(x.N)
		w.str(" of ")
		w.node(x.Of)
	case *CountOp:
		w.str("count")
		if x.As != nil {
			w.str(" as ")
			w.node(x.As)
		}
	case *SortOp:
		w.str("sort")
		w.params(x.Params)
		w.str(" by ")
		w.list(len(x.Keys), func(i int) { w.node(x.Keys[i]) })
	case *SortKey:
		w.node(x.X)
		if x.ExplicitDir {
			if x.Desc {
				w.str(" desc")
			} else {
				w.str(" asc")
			}
		}
		if x.ExplicitNulls {
			if x.NullsFirst {
				w.str(" nulls first")
			} else {
				w.str(" nulls last")
			}
		}
	case *TopOp:
		w.str("top")
		w.params(x.Params)
		w.str(" ")
		w.node(x.N)
		w.str(" by ")
		w.list(len(x.Keys), func(i int) { w.node(x.Keys[i]) })
	case *TopNestedOp:
		w.list(len(x.Levels), func(i int) { w.node(x.Levels[i]) })
	case *TopNestedLevel:
		w.str("top-nested ")
		if x.N != nil {
			w.node(x.N)
			w.str(" ")
		}
		w.str("of ")
		w.node(x.Of)
		if x.Others != nil {
			w.str(" with others = ")
			w.node(x.Others)
		}
		w.str(" by ")
		w.node(x.By)
		if x.ExplicitDir {
			if x.Desc {
				w.str(" desc")
			} else {
				w.str(" asc")
			}
		}
	case *TopHittersOp:
		w.str("top-hitters ")
		w.node(x.N)
		w.str(" of ")
		w.node(x.Of)
		if x.By != nil {
			w.str(" by ")
			w.node(x.By)
		}
	case *DistinctOp:
		w.str("distinct")
		w.params(x.Params)
		w.str(" ")
		w.exprs(x.Cols)
	case *SummarizeOp:
		w.str("summarize")
		w.params(x.Params)
		if len(x.Aggs) > 0 {
			w.str(" ")
			w.named(x.Aggs)
		}
		if len(x.By) > 0 {
			w.str(" by ")
			w.named(x.By)
		}
	case *MvExpandOp:
		w.str("mv-expand")
		if x.BagExpansion != "" {
			w.str(" bagexpansion=")
			w.str(x.BagExpansion)
		}
		if x.ItemIndex != nil {
			w.str(" with_itemindex=")
			w.node(x.ItemIndex)
		}
		w.params(x.Params)
		w.str(" ")
		w.list(len(x.Items), func(i int) { w.node(x.Items[i]) })
		if x.Limit != nil {
			w.str(" limit ")
			w.node(x.Limit)
		}
	case *MvExpandItem:
		if x.Name != nil {
			w.node(x.Name)
			w.str(" = ")
		}
		w.node(x.X)
		if x.ToType != value.Unknown {
			w.str(" to typeof(")
			w.str(x.ToType.String())
			w.str(")")
		}
	case *MvApplyOp:
		w.str("mv-apply")
		if x.ItemIndex != nil {
			w.str(" with_itemindex=")
			w.node(x.ItemIndex)
		}
		w.params(x.Params)
		w.str(" ")
		w.list(len(x.Items), func(i int) { w.node(x.Items[i]) })
		if x.Limit != nil {
			w.str(" limit ")
			w.node(x.Limit)
		}
		w.str(" on (")
		w.ops(x.On)
		w.str(")")
	case *UnionOp:
		w.str("union")
		if x.Kind != "" {
			w.str(" kind=")
			w.str(x.Kind)
		}
		if x.WithSource != nil {
			w.str(" withsource=")
			w.node(x.WithSource)
		}
		if x.IsFuzzy {
			w.str(" isfuzzy=true")
		}
		w.params(x.Params)
		w.str(" ")
		w.exprs(x.Tables)
	case *AsOp:
		w.str("as")
		w.params(x.Params)
		w.str(" ")
		w.node(x.Name)
	case *GetSchemaOp:
		w.str("getschema")
	case *SerializeOp:
		w.str("serialize")
		if len(x.Cols) > 0 {
			w.str(" ")
			w.named(x.Cols)
		}
	case *JoinOp:
		w.str("join")
		w.joinLike(x.Kind, x.Params, x.Right, x.On)
	case *LookupOp:
		w.str("lookup")
		w.joinLike(x.Kind, x.Params, x.Right, x.On)
	case *ParseOp:
		if x.Where {
			w.str("parse-where")
		} else {
			w.str("parse")
		}
		if x.Kind != "" {
			w.str(" kind=")
			w.str(x.Kind)
		}
		if x.Flags != "" {
			w.str(" flags=")
			w.str(x.Flags)
		}
		w.str(" ")
		w.node(x.X)
		w.str(" with")
		for _, part := range x.Pattern {
			w.str(" ")
			w.node(part)
		}
	case *ParsePart:
		switch {
		case x.Star:
			w.str("*")
		case x.Lit != nil:
			w.node(x.Lit)
		default:
			w.node(x.Name)
			if x.Type != value.Unknown {
				w.str(":")
				w.str(x.Type.String())
			}
		}
	case *ParseKvOp:
		w.str("parse-kv ")
		w.node(x.X)
		w.str(" as (")
		w.list(len(x.Columns), func(i int) { w.node(x.Columns[i]) })
		w.str(")")
		if x.With != nil {
			w.str(" with (")
			w.list(len(x.With), func(i int) { w.node(x.With[i]) })
			w.str(")")
		}
	case *MakeSeriesOp:
		w.str("make-series")
		w.params(x.Params)
		w.str(" ")
		w.list(len(x.Aggs), func(i int) { w.node(x.Aggs[i]) })
		w.str(" on ")
		w.node(x.On)
		if x.From != nil {
			w.str(" from ")
			w.node(x.From)
		}
		if x.To != nil {
			w.str(" to ")
			w.node(x.To)
		}
		w.str(" step ")
		w.node(x.Step)
		if len(x.By) > 0 {
			w.str(" by ")
			w.named(x.By)
		}
	case *MakeSeriesAgg:
		w.node(x.Agg)
		if x.Default != nil {
			w.str(" default = ")
			w.node(x.Default)
		}
	case *RenderOp:
		w.str("render ")
		w.str(x.Chart)
		if x.Props != nil {
			w.str(" with (")
			w.list(len(x.Props), func(i int) { w.node(x.Props[i]) })
			w.str(")")
		}
	case *RenderProp:
		if x.Names != nil {
			w.str(x.Name)
			w.str("=")
			w.idents(x.Names)
		} else {
			w.param(x.Name, x.Value)
		}
	case *EvaluateOp:
		w.str("evaluate")
		w.params(x.Params)
		w.str(" ")
		w.node(x.Call)
		if x.HasSchema {
			w.str(" : (")
			if x.SchemaAll {
				w.str("*")
				if len(x.Schema) > 0 {
					w.str(", ")
				}
			}
			w.list(len(x.Schema), func(i int) { w.node(x.Schema[i]) })
			w.str(")")
		}
	case *InvokeOp:
		w.str("invoke ")
		w.node(x.Call)
	case *FacetOp:
		w.str("facet by ")
		w.idents(x.Cols)
		if x.With != nil {
			w.str(" with (")
			w.ops(x.With)
			w.str(")")
		}
	case *SearchOp:
		w.str("search")
		w.params(x.Params)
		if x.In != nil {
			w.str(" in (")
			w.exprs(x.In)
			w.str(")")
		}
		w.str(" ")
		w.node(x.Pred)
	case *FindOp:
		w.str("find")
		w.params(x.Params)
		if x.In != nil {
			w.str(" in (")
			w.exprs(x.In)
			w.str(")")
		}
		w.str(" where ")
		w.node(x.Pred)
		switch {
		case x.ProjectSmart:
			w.str(" project-smart")
		case x.Project != nil || x.PackAll:
			w.str(" project ")
			w.list(len(x.Project), func(i int) {
				c := x.Project[i]
				w.node(c.Name)
				if c.Type != value.Unknown {
					w.str(":")
					w.str(c.Type.String())
				}
			})
			if x.PackAll {
				if x.Project != nil {
					w.str(", ")
				}
				w.str("pack_all()")
			}
		}
	case *ForkOp:
		w.str("fork")
		for _, br := range x.Branches {
			w.str(" ")
			w.node(br)
		}
	case *ForkBranch:
		if x.Name != nil {
			w.node(x.Name)
			w.str("=")
		}
		w.str("(")
		w.ops(x.Ops)
		w.str(")")
	default:
		panic("BUG: printer: unhandled node type")
	}
}

func (w *printer) joinLike(kind string, ps []*OpParam, right Expr, on []Expr) {
	if kind != "" {
		w.str(" kind=")
		w.str(kind)
	}
	w.params(ps)
	w.str(" ")
	w.node(right)
	if on != nil {
		w.str(" on ")
		w.exprs(on)
	}
}

func (w *printer) ident(id *Ident) {
	if id.Quoted || !bareName(id.Name) {
		w.str(quoteName(id.Name))
		return
	}
	w.str(id.Name)
}

// bareName reports whether name can be written without brackets (names
// with '*' are wildcards of project-away and union).
func bareName(name string) bool {
	if name == "" || isDigit(name[0]) {
		return false
	}
	if name[0] == '$' {
		name = name[1:]
	}
	for i, r := range name {
		if i == 0 && r >= utf8.RuneSelf && !unicode.IsLetter(r) {
			return false
		}
		if r < utf8.RuneSelf {
			if !isIdentChar(byte(r)) && r != '*' {
				return false
			}
		} else if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// writeQuoted writes s as a KQL string literal quoted with q.
func writeQuoted(b *strings.Builder, s string, q byte) {
	const hex = "0123456789abcdef"
	b.WriteByte(q)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == q || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c == 0x7f:
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(q)
}

// QuoteString renders s as a double-quoted KQL string literal.
func QuoteString(s string) string {
	var b strings.Builder
	writeQuoted(&b, s, '"')
	return b.String()
}

// LiteralText renders a value as a KQL literal that parses back to the
// same value: long(null), datetime(2024-01-01T00:00:00Z), real(nan),
// dynamic({"a":[1]}), ...
func LiteralText(v value.Value) string {
	if v.IsNull() && v.T != value.String {
		name := v.T.String()
		if v.T == value.Unknown {
			name = "dynamic"
		}
		return name + "(null)"
	}
	switch v.T {
	case value.Bool:
		if v.Bool() {
			return "true"
		}
		return "false"
	case value.Long:
		return strconv.FormatInt(v.I, 10)
	case value.Int:
		return "int(" + strconv.FormatInt(v.I, 10) + ")"
	case value.Real:
		if math.IsNaN(v.F) || math.IsInf(v.F, 0) {
			return "real(" + realText(v.F) + ")"
		}
		return realText(v.F)
	case value.Decimal:
		return "decimal(" + realText(v.F) + ")"
	case value.String:
		return QuoteString(v.S)
	case value.DateTime:
		return "datetime(" + value.FormatDateTimeCompact(v.I) + ")"
	case value.TimeSpan:
		return "time(" + value.FormatTimeSpan(v.I) + ")"
	case value.GUID:
		return "guid(" + v.S + ")"
	case value.Dynamic:
		var b strings.Builder
		b.WriteString("dynamic(")
		writeDyn(&b, v.D)
		b.WriteString(")")
		return b.String()
	}
	return "dynamic(null)"
}

// realText renders a real so that it lexes as a real: 1.0, not 1.
func realText(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "+inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	s := value.FormatReal(f)
	if !strings.ContainsAny(s, ".E") {
		s += ".0"
	}
	return s
}

// writeDyn writes dynamic content with KQL literals for the kinds JSON
// lacks (datetime, timespan, guid), so the kinds survive a reparse.
func writeDyn(b *strings.Builder, d *value.Dyn) {
	switch d.Kind() {
	case value.DNull:
		b.WriteString("null")
	case value.DBool:
		b.WriteString(strconv.FormatBool(d.AsBool()))
	case value.DLong:
		b.WriteString(strconv.FormatInt(d.AsLong(), 10))
	case value.DReal:
		f := d.AsReal()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			b.WriteString("real(" + realText(f) + ")")
		} else {
			b.WriteString(realText(f))
		}
	case value.DString:
		writeQuoted(b, d.AsString(), '"')
	case value.DGUID:
		b.WriteString("guid(" + d.AsString() + ")")
	case value.DDateTime:
		b.WriteString("datetime(" + value.FormatDateTimeCompact(d.AsLong()) + ")")
	case value.DTimeSpan:
		b.WriteString("time(" + value.FormatTimeSpan(d.AsLong()) + ")")
	case value.DArray:
		b.WriteByte('[')
		d.Elems(func(i int, e *value.Dyn) bool {
			if i > 0 {
				b.WriteString(", ")
			}
			writeDyn(b, e)
			return true
		})
		b.WriteByte(']')
	case value.DBag:
		b.WriteByte('{')
		first := true
		d.Fields(func(k string, v *value.Dyn) bool {
			if !first {
				b.WriteString(", ")
			}
			first = false
			writeQuoted(b, k, '"')
			b.WriteString(": ")
			writeDyn(b, v)
			return true
		})
		b.WriteByte('}')
	}
}
