package syntax

import "slices"

// dashedOps are the operator names written with '-'; the lexer splits them
// (a-b is subtraction) and the parser joins the pieces when they touch.
var dashedOps = map[string]bool{
	"project-away": true, "project-keep": true, "project-rename": true,
	"project-reorder": true, "parse-where": true, "parse-kv": true,
	"make-series": true, "top-nested": true, "top-hitters": true,
	"sample-distinct": true, "mv-apply": true, "mv-expand": true,
	"granny-asc": true, "granny-desc": true, "project-smart": true,
}

// unsupportedOps are Kusto operators harrier does not run; naming them
// beats "unknown query operator".
var unsupportedOps = map[string]bool{
	"scan": true, "reduce": true, "partition": true, "consume": true,
	"make-graph": true, "graph-match": true, "graph-shortest-paths": true,
	"graph-mark-components": true, "graph-to-table": true, "macro-expand": true,
	"assert-schema": true,
}

// dashedWord returns the word starting at src[i], '-' included.
func dashedWord(src string, i int) string {
	j := i
	for j < len(src) && (src[j] == '-' || src[j] == '_' || 'a' <= src[j] && src[j] <= 'z' || 'A' <= src[j] && src[j] <= 'Z' || '0' <= src[j] && src[j] <= '9') {
		j++
	}
	return src[i:j]
}

// keywordAt reads a possibly dashed keyword at token k and returns it with
// the number of tokens it spans.
func (p *parser) keywordAt(k int) (string, int) {
	t := p.tokAt(k)
	if t.kind != tIdent {
		return "", 0
	}
	if d := p.tokAt(k + 1); isOpTok(d, "-") && d.pos == t.end {
		if w := p.tokAt(k + 2); w.kind == tIdent && w.pos == d.end && dashedOps[t.text+"-"+w.text] {
			return t.text + "-" + w.text, 3
		}
	}
	return t.text, 1
}

// takeKeyword consumes a keyword of n tokens, remembering it whole for
// "after 'project-away'" in messages.
func (p *parser) takeKeyword(name string, n int) {
	start := p.tok.pos
	for i := 0; i < n; i++ {
		p.next()
	}
	p.prev = token{kind: tIdent, pos: start, end: p.prevEnd, text: name}
}

// joinKinds are the kinds join accepts.
var joinKinds = []string{
	"innerunique", "inner", "leftouter", "rightouter", "fullouter",
	"leftanti", "anti", "leftantisemi", "rightanti", "rightantisemi",
	"leftsemi", "rightsemi",
}

// parseOpSafe parses one pipe operator; on error it skips to the next '|'
// and returns nil so that the rest of the pipeline is still checked.
func (p *parser) parseOpSafe() Operator {
	var op Operator
	nest := p.nest
	if p.try(func() { op = p.parseOperator() }) {
		return op
	}
	p.syncOp(nest)
	return nil
}

// parseOpSeq parses op | op | ... inside parentheses (mv-apply, facet,
// fork sub-queries whose input is implicit).
func (p *parser) parseOpSeq() []Operator {
	var ops []Operator
	for {
		if op := p.parseOpSafe(); op != nil {
			ops = append(ops, op)
		}
		if !p.got("|") {
			return ops
		}
	}
}

func (p *parser) parseOperator() Operator {
	start := p.tok.pos
	name, n := p.keywordAt(0)
	if n == 0 {
		p.failf(p.tokSpan(), "expected a query operator%s, found %s", p.after(), p.describe(p.tok))
	}
	kwSp := Span{start, p.tokAt(n - 1).end}
	p.takeKeyword(name, n)
	var op Operator
	switch name {
	case "where", "filter":
		op = &WhereOp{Pred: p.parseExpr()}
	case "extend":
		op = &ExtendOp{Cols: p.parseNamedList()}
	case "project":
		op = &ProjectOp{Cols: p.parseNamedList()}
	case "project-away", "project-keep":
		pa := &ProjectAwayOp{Kind: name}
		for {
			pa.Cols = append(pa.Cols, p.parseWildName("a column name"))
			if !p.got(",") {
				break
			}
		}
		op = pa
	case "project-rename":
		op = p.parseProjectRename()
	case "project-reorder":
		op = p.parseProjectReorder()
	case "take", "limit":
		op = &TakeOp{N: p.parseExpr()}
	case "sample":
		op = &SampleOp{N: p.parseExpr()}
	case "sample-distinct":
		sd := &SampleDistinctOp{N: p.parseExpr()}
		p.expectWord("of", "after the number of values")
		sd.Of = p.parseExpr()
		op = sd
	case "count":
		c := &CountOp{}
		if p.gotWord("as") {
			c.As = p.parseName("a column name")
		}
		op = c
	case "sort", "order":
		s := &SortOp{Params: p.parseParams()}
		p.expectWord("by", "after '"+name+"'")
		s.Keys = p.parseSortKeys()
		op = s
	case "top":
		t := &TopOp{Params: p.parseParams()}
		if p.isWord("by") {
			p.failf(p.tokSpan(), "expected the number of rows after 'top', found 'by'")
		}
		t.N = p.parseExpr()
		p.expectWord("by", "after the number of rows")
		t.Keys = p.parseSortKeys()
		op = t
	case "top-nested":
		op = p.parseTopNested(start)
	case "top-hitters":
		th := &TopHittersOp{N: p.parseExpr()}
		p.expectWord("of", "after the number of values")
		th.Of = p.parseExpr()
		if p.gotWord("by") {
			th.By = p.parseExpr()
		}
		op = th
	case "distinct":
		d := &DistinctOp{Params: p.parseParams()}
		if p.isOp("*") && atOpEndTok(p.tokAt(1)) {
			d.Cols = []Expr{&StarExpr{Sp: p.tokSpan()}}
			p.next()
		} else {
			for {
				d.Cols = append(d.Cols, p.parseExpr())
				if !p.got(",") {
					break
				}
			}
		}
		op = d
	case "summarize":
		op = p.parseSummarize()
	case "mv-expand", "mvexpand":
		op = p.parseMvExpand()
	case "mv-apply", "mvapply":
		op = p.parseMvApply()
	case "union":
		op = p.parseUnion(start)
	case "as":
		a := &AsOp{Params: p.parseParams()}
		a.Name = p.parseName("a name")
		op = a
	case "getschema":
		op = &GetSchemaOp{}
	case "serialize":
		s := &SerializeOp{}
		if !p.atOpEnd() {
			s.Cols = p.parseNamedList()
		}
		op = s
	case "join":
		op = p.parseJoin()
	case "lookup":
		op = p.parseLookup()
	case "parse", "parse-where":
		op = p.parseParse(name == "parse-where")
	case "parse-kv":
		op = p.parseParseKv()
	case "make-series":
		op = p.parseMakeSeries()
	case "render":
		op = p.parseRender()
	case "evaluate":
		e := &EvaluateOp{Params: p.parseParams()}
		e.Call = p.parseCallOnly("a plugin call such as bag_unpack(Column)")
		if p.got(":") {
			open := p.expect("(", "to start the output schema")
			e.HasSchema = true
			if p.got("*") {
				e.SchemaAll = true
				if !p.got(",") && !p.isOp(")") {
					p.failf(p.tokSpan(), "expected ',' or ')' after '*' in the output schema, found %s", p.describe(p.tok))
				}
			}
			if !p.isOp(")") {
				e.Schema = p.parseColumnDecls()
			}
			p.expectClose(")", open)
		}
		op = e
	case "invoke":
		op = &InvokeOp{Call: p.parseCallOnly("a function call")}
	case "facet":
		op = p.parseFacet()
	case "search":
		op = p.parseSearch(start)
	case "fork":
		op = p.parseFork()
	case "find":
		op = p.parseFind(start)
	default:
		if w := dashedWord(p.src, start); unsupportedOps[w] {
			p.failf(Span{start, start + len(w)}, "the '%s' operator is not supported", w)
		}
		p.failf(kwSp, "unknown query operator '%s'", name)
	}
	if !p.atOpEnd() {
		if p.isOp("=") {
			p.failf(p.tokSpan(), "unexpected '='; use '==' to compare values")
		}
		p.failf(p.tokSpan(), "expected '|' or end of query after the %s operator, found %s", name, p.describe(p.tok))
	}
	setOpSpan(op, p.span(start))
	return op
}

// setOpSpan sets the span of an operator built by parseOperator.
func setOpSpan(op Operator, sp Span) {
	switch o := op.(type) {
	case *WhereOp:
		o.Sp = sp
	case *ExtendOp:
		o.Sp = sp
	case *ProjectOp:
		o.Sp = sp
	case *ProjectAwayOp:
		o.Sp = sp
	case *ProjectRenameOp:
		o.Sp = sp
	case *ProjectReorderOp:
		o.Sp = sp
	case *TakeOp:
		o.Sp = sp
	case *SampleOp:
		o.Sp = sp
	case *SampleDistinctOp:
		o.Sp = sp
	case *CountOp:
		o.Sp = sp
	case *SortOp:
		o.Sp = sp
	case *TopOp:
		o.Sp = sp
	case *TopNestedOp:
		o.Sp = sp
	case *TopHittersOp:
		o.Sp = sp
	case *DistinctOp:
		o.Sp = sp
	case *SummarizeOp:
		o.Sp = sp
	case *MvExpandOp:
		o.Sp = sp
	case *MvApplyOp:
		o.Sp = sp
	case *UnionOp:
		o.Sp = sp
	case *AsOp:
		o.Sp = sp
	case *GetSchemaOp:
		o.Sp = sp
	case *SerializeOp:
		o.Sp = sp
	case *JoinOp:
		o.Sp = sp
	case *LookupOp:
		o.Sp = sp
	case *ParseOp:
		o.Sp = sp
	case *ParseKvOp:
		o.Sp = sp
	case *MakeSeriesOp:
		o.Sp = sp
	case *RenderOp:
		o.Sp = sp
	case *EvaluateOp:
		o.Sp = sp
	case *InvokeOp:
		o.Sp = sp
	case *FacetOp:
		o.Sp = sp
	case *SearchOp:
		o.Sp = sp
	case *ForkOp:
		o.Sp = sp
	case *FindOp:
		o.Sp = sp
	default:
		panic("BUG: setOpSpan: unhandled operator")
	}
}

func (p *parser) parseProjectRename() *ProjectRenameOp {
	op := &ProjectRenameOp{}
	for {
		start := p.tok.pos
		nw := p.parseName("a new column name")
		p.expect("=", "after the new column name")
		old := p.parseName("the column to rename")
		op.Renames = append(op.Renames, &Rename{New: nw, Old: old, Sp: p.span(start)})
		if !p.got(",") {
			return op
		}
	}
}

func (p *parser) parseProjectReorder() *ProjectReorderOp {
	op := &ProjectReorderOp{}
	for {
		op.Cols = append(op.Cols, p.parseWildName("a column name"))
		order := ""
		if w, n := p.keywordAt(0); n > 0 {
			switch w {
			case "asc", "desc", "granny-asc", "granny-desc":
				order = w
				p.takeKeyword(w, n)
			}
		}
		op.Order = append(op.Order, order)
		if !p.got(",") {
			return op
		}
	}
}

func (p *parser) parseSortKeys() []*SortKey {
	var keys []*SortKey
	for {
		start := p.tok.pos
		k := &SortKey{X: p.parseExpr(), Desc: true}
		switch {
		case p.gotWord("asc"):
			k.Desc, k.ExplicitDir = false, true
		case p.gotWord("desc"):
			k.ExplicitDir = true
		}
		// Nulls sort last descending and first ascending unless written.
		k.NullsFirst = !k.Desc
		if p.gotWord("nulls") {
			switch {
			case p.gotWord("first"):
				k.NullsFirst = true
			case p.gotWord("last"):
				k.NullsFirst = false
			default:
				p.failf(p.tokSpan(), "expected 'first' or 'last' after 'nulls', found %s", p.describe(p.tok))
			}
			k.ExplicitNulls = true
		}
		k.Sp = p.span(start)
		keys = append(keys, k)
		if !p.got(",") {
			return keys
		}
	}
}

func (p *parser) parseTopNested(start int) *TopNestedOp {
	op := &TopNestedOp{}
	for {
		lv := &TopNestedLevel{Desc: true}
		if !p.isWord("of") {
			lv.N = p.parseExpr()
		}
		p.expectWord("of", "in top-nested")
		lv.Of = p.parseNamedExpr()
		if p.isWord("with") && isWordTok(p.tokAt(1), "others") && p.isOpAt(2, "=") {
			p.next()
			p.next()
			p.next()
			lv.Others = p.parseExpr()
		}
		p.expectWord("by", "in top-nested")
		lv.By = p.parseNamedExpr()
		switch {
		case p.gotWord("asc"):
			lv.Desc, lv.ExplicitDir = false, true
		case p.gotWord("desc"):
			lv.ExplicitDir = true
		}
		lv.Sp = p.span(start)
		op.Levels = append(op.Levels, lv)
		w, n := p.keywordAt(1)
		if !p.isOp(",") || w != "top-nested" {
			return op
		}
		p.next()
		start = p.tok.pos
		p.takeKeyword(w, n)
	}
}

func (p *parser) parseSummarize() *SummarizeOp {
	op := &SummarizeOp{Params: p.parseParams()}
	if !p.isWord("by") && !p.atOpEnd() {
		op.Aggs = p.parseNamedList()
	}
	if p.gotWord("by") {
		op.By = p.parseNamedList()
	}
	if op.Aggs == nil && op.By == nil {
		p.failf(p.tokSpan(), "expected an aggregation or 'by'%s, found %s", p.after(), p.describe(p.tok))
	}
	return op
}

// parseMvItem reads [Name =] X [to typeof(T)].
func (p *parser) parseMvItem() *MvExpandItem {
	start := p.tok.pos
	it := &MvExpandItem{}
	if p.nameEqAt(0) {
		it.Name = p.parseName("a name")
		p.next()
	}
	it.X = p.parseExpr()
	if p.gotWord("to") {
		p.expectWord("typeof", "after 'to'")
		open := p.expect("(", "after 'typeof'")
		it.ToType = p.parseType()
		p.expectClose(")", open)
	}
	it.Sp = p.span(start)
	return it
}

func (p *parser) parseMvExpand() *MvExpandOp {
	op := &MvExpandOp{}
	for _, prm := range p.parseParams("bagexpansion", "kind", "with_itemindex") {
		switch prm.Name {
		case "bagexpansion", "kind":
			op.BagExpansion = p.paramWord(prm, "bag", "array")
		case "with_itemindex":
			op.ItemIndex = p.paramIdent(prm)
		default:
			op.Params = append(op.Params, prm)
		}
	}
	for {
		op.Items = append(op.Items, p.parseMvItem())
		if !p.got(",") {
			break
		}
	}
	if p.gotWord("limit") {
		op.Limit = p.parseExpr()
	}
	return op
}

func (p *parser) paramIdent(prm *OpParam) *Ident {
	if id, ok := prm.Value.(*Ident); ok {
		return id
	}
	p.errorf(prm.Value.Span(), "expected a column name for %s", prm.Name)
	return nil
}

func (p *parser) parseMvApply() *MvApplyOp {
	op := &MvApplyOp{}
	for _, prm := range p.parseParams("with_itemindex") {
		if prm.Name == "with_itemindex" {
			op.ItemIndex = p.paramIdent(prm)
		} else {
			op.Params = append(op.Params, prm)
		}
	}
	for {
		op.Items = append(op.Items, p.parseMvItem())
		if !p.got(",") {
			break
		}
	}
	if p.gotWord("limit") {
		op.Limit = p.parseExpr()
	}
	p.expectWord("on", "before the mv-apply subquery")
	open := p.expect("(", "to start the mv-apply subquery")
	op.On = p.parseOpSeq()
	p.expectClose(")", open)
	return op
}

// parseRightTable parses the right side of join/lookup: (subquery), a
// name or a call.
func (p *parser) parseRightTable() Expr {
	if !p.isOp("(") && p.tok.kind != tIdent && !p.isOp("[") {
		p.failf(p.tokSpan(), "expected a table or (subquery)%s, found %s", p.after(), p.describe(p.tok))
	}
	return p.parsePostfix()
}

func (p *parser) parseOnKeys() []Expr {
	var on []Expr
	for {
		on = append(on, p.parseExpr())
		if !p.got(",") {
			return on
		}
	}
}

func (p *parser) parseJoin() *JoinOp {
	op := &JoinOp{}
	for _, prm := range p.parseParams("kind") {
		if prm.Name == "kind" {
			op.Kind = p.paramWord(prm, joinKinds...)
		} else {
			op.Params = append(op.Params, prm)
		}
	}
	op.Right = p.parseRightTable()
	if p.gotWord("on") {
		op.On = p.parseOnKeys()
	}
	return op
}

func (p *parser) parseLookup() *LookupOp {
	op := &LookupOp{}
	for _, prm := range p.parseParams("kind") {
		if prm.Name == "kind" {
			op.Kind = p.paramWord(prm, "leftouter", "inner")
		} else {
			op.Params = append(op.Params, prm)
		}
	}
	op.Right = p.parseRightTable()
	p.expectWord("on", "after the lookup table")
	op.On = p.parseOnKeys()
	return op
}

func (p *parser) parseParse(where bool) *ParseOp {
	op := &ParseOp{Where: where}
	for _, prm := range p.parseParams("kind", "flags") {
		switch prm.Name {
		case "kind":
			op.Kind = p.paramWord(prm, "simple", "regex", "relaxed")
		case "flags":
			switch v := prm.Value.(type) {
			case *Ident:
				op.Flags = v.Name
			default:
				p.errorf(v.Span(), "expected regex flags such as U or i")
			}
		default:
			p.errorf(prm.Sp, "unexpected parameter %s", prm.Name)
		}
	}
	op.X = p.parseExpr()
	p.expectWord("with", "before the parse pattern")
	for !p.atOpEnd() {
		start := p.tok.pos
		part := &ParsePart{}
		switch {
		case p.isOp("*"):
			p.next()
			part.Star = true
		case p.tok.kind == tString:
			part.Lit = p.parseStringLit()
		case p.nameLen(0) > 0:
			part.Name = p.parseName("a column name")
			if p.got(":") {
				part.Type = p.parseType()
			}
		default:
			p.failf(p.tokSpan(), "expected a column name, a string or '*' in the parse pattern, found %s", p.describe(p.tok))
		}
		part.Sp = p.span(start)
		op.Pattern = append(op.Pattern, part)
	}
	if op.Pattern == nil {
		p.failf(p.tokSpan(), "expected a parse pattern after 'with', found %s", p.describe(p.tok))
	}
	return op
}

func (p *parser) parseParseKv() *ParseKvOp {
	op := &ParseKvOp{X: p.parseExpr()}
	p.expectWord("as", "before the list of keys")
	open := p.expect("(", "to start the list of keys")
	op.Columns = p.parseColumnDecls()
	p.expectClose(")", open)
	if p.gotWord("with") {
		open := p.expect("(", "after 'with'")
		for {
			start := p.tok.pos
			t := p.tok
			if t.kind != tIdent {
				p.failf(p.tokSpan(), "expected an option name such as pair_delimiter, found %s", p.describe(t))
			}
			p.next()
			p.expect("=", "after the option name")
			v := p.parseExpr()
			op.With = append(op.With, &OpParam{Name: t.text, Value: v, Sp: p.span(start)})
			if !p.got(",") {
				break
			}
		}
		p.expectClose(")", open)
	}
	return op
}

func (p *parser) parseMakeSeries() *MakeSeriesOp {
	op := &MakeSeriesOp{Params: p.parseParams("kind")}
	for _, prm := range op.Params {
		if prm.Name == "kind" {
			p.paramWord(prm, "nonempty")
		}
	}
	for {
		start := p.tok.pos
		agg := &MakeSeriesAgg{Agg: p.parseNamedExpr()}
		if p.isWord("default") && p.isOpAt(1, "=") {
			p.next()
			p.next()
			agg.Default = p.parseExpr()
		}
		agg.Sp = p.span(start)
		op.Aggs = append(op.Aggs, agg)
		if !p.got(",") {
			break
		}
	}
	p.expectWord("on", "after the make-series aggregations")
	// The axis stops before "in range(...)", so it is not a comparison.
	op.On = p.parseAdd()
	if p.isWord("in") && isWordTok(p.tokAt(1), "range") {
		p.next()
		p.next()
		open := p.expect("(", "after 'range'")
		op.From = p.parseExpr()
		p.expect(",", "after the start of the range")
		op.To = p.parseExpr()
		p.expect(",", "after the end of the range")
		op.Step = p.parseExpr()
		p.expectClose(")", open)
	} else {
		if p.gotWord("from") {
			op.From = p.parseExpr()
		}
		if p.gotWord("to") {
			op.To = p.parseExpr()
		}
		p.expectWord("step", "in make-series")
		op.Step = p.parseExpr()
	}
	if p.gotWord("by") {
		op.By = p.parseNamedList()
	}
	return op
}

// renderListProps are the render properties whose value is a column list.
var renderListProps = []string{"ycolumns", "series", "anomalycolumns"}

func (p *parser) parseRender() *RenderOp {
	if p.tok.kind != tIdent {
		p.failf(p.tokSpan(), "expected a visualization such as timechart after 'render', found %s", p.describe(p.tok))
	}
	op := &RenderOp{Chart: p.tok.text}
	p.next()
	if !p.gotWord("with") {
		return op
	}
	open := p.expect("(", "after 'with'")
	for !p.isOp(")") {
		start := p.tok.pos
		t := p.tok
		if t.kind != tIdent {
			p.failf(p.tokSpan(), "expected a property name such as title, found %s", p.describe(t))
		}
		p.next()
		p.expect("=", "after the property name")
		prop := &RenderProp{Name: t.text}
		if slices.Contains(renderListProps, t.text) {
			prop.Names = []*Ident{p.parseName("a column name")}
			// a, b continues the list unless b is the next property (b = ...).
			for p.isOp(",") && p.nameLen(1) > 0 && !p.nameEqAt(1) {
				p.next()
				prop.Names = append(prop.Names, p.parseName("a column name"))
			}
		} else {
			prop.Value = p.parseExpr()
		}
		prop.Sp = p.span(start)
		op.Props = append(op.Props, prop)
		if !p.got(",") {
			break
		}
	}
	p.expectClose(")", open)
	return op
}

func (p *parser) parseFacet() *FacetOp {
	op := &FacetOp{}
	p.expectWord("by", "after 'facet'")
	for {
		op.Cols = append(op.Cols, p.parseName("a column name"))
		if !p.got(",") {
			break
		}
	}
	if p.gotWord("with") {
		if p.isOp("(") {
			open := p.tok
			p.next()
			op.With = p.parseOpSeq()
			p.expectClose(")", open)
		} else {
			op.With = []Operator{p.parseOperator()}
		}
	}
	return op
}

func (p *parser) parseFork() *ForkOp {
	op := &ForkOp{}
	for p.isOp("(") || p.tok.kind == tIdent && p.isOpAt(1, "=") && p.isOpAt(2, "(") {
		start := p.tok.pos
		b := &ForkBranch{}
		if p.tok.kind == tIdent {
			b.Name = p.parseName("a name")
			p.next()
		}
		open := p.tok
		p.next()
		b.Ops = p.parseOpSeq()
		p.expectClose(")", open)
		b.Sp = p.span(start)
		op.Branches = append(op.Branches, b)
	}
	if op.Branches == nil {
		p.failf(p.tokSpan(), "expected '(' and a subquery after 'fork', found %s", p.describe(p.tok))
	}
	return op
}
