package sema

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerOp((*syntax.ParseOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		return a.parse(op.(*syntax.ParseOp), in, e)
	})
	registerOp((*syntax.ParseKvOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		return a.parseKv(op.(*syntax.ParseKvOp), in, e)
	})
}

// parseTypeRegex is what a typed column of a parse pattern matches (in
// relaxed mode, or else any text). Types without an entry match any text
// (".*?" in simple and relaxed mode, ".*" in regex mode, which Kusto makes
// greedy by default) and are converted afterwards.
var parseTypeRegex = map[value.Type]string{
	value.Int:     `-?\d+`,
	value.Long:    `-?\d+`,
	value.Real:    `-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`,
	value.Decimal: `-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`,
	value.Bool:    `(?i:true|false|1|0)`,
	value.GUID:    `[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`,
}

// parseRegexFlags are the RE2 flags parse accepts after flags=.
const parseRegexFlags = "imsU"

// parse analyzes parse and parse-where. The pattern becomes one regular
// expression anchored at both ends: '*' and string columns match any text
// (lazily in simple and relaxed mode, greedily in regex mode unless flag U
// is given, as Kusto's documented examples show), literals match
// themselves (or are regexes in regex mode), and typed columns match their
// type's text.
func (a *analyzer) parse(o *syntax.ParseOp, in plan.Node, e *env) plan.Node {
	schema := in.Schema()
	sc := &scope{cols: schema, env: e}
	x := a.scalar(o.X, sc)
	if t := x.Type(); t != value.String && t != value.Unknown {
		// Kusto parses the text of a non-string expression.
		x = &plan.Cast{X: x, T: value.String}
	}
	p := &plan.Parse{In: in, X: x, Where: o.Where}
	op := "parse"
	if o.Where {
		op = "parse-where"
	}
	switch o.Kind {
	case "", "simple":
		p.Kind = plan.ParseSimple
	case "regex":
		p.Kind = plan.ParseRegex
	case "relaxed":
		if o.Where {
			a.errorf(o, "parse-where does not support kind=relaxed")
			return nil
		}
		p.Kind = plan.ParseRelaxed
	default:
		a.errorf(o, "%s kind '%s' is not supported", op, o.Kind)
		return nil
	}
	flags := ""
	if o.Flags != "" {
		if p.Kind != plan.ParseRegex {
			a.errorf(o, "flags= is only allowed with kind=regex")
			return nil
		}
		for _, f := range o.Flags {
			if !strings.ContainsRune(parseRegexFlags, f) {
				a.errorf(o, "regex flag '%c' is not supported; use U, m, s or i", f)
				return nil
			}
		}
		flags = "(?" + o.Flags + ")"
	}
	if p.Kind != plan.ParseRegex {
		// Delimiters are plain text, so text spanning lines still matches.
		flags = "(?s)"
	}
	var re strings.Builder
	re.WriteString(flags + `\A`)
	seen := map[string]bool{}
	prevString := false
	for _, part := range o.Pattern {
		switch {
		case part.Star:
			if prevString {
				a.errorf(part, "'*' cannot follow a string column in a parse pattern")
				return nil
			}
			if p.Kind == plan.ParseRegex {
				re.WriteString(`.*`)
			} else {
				re.WriteString(`.*?`)
			}
			p.Steps = append(p.Steps, plan.ParseStep{Star: true, Col: -1})
			prevString = false
		case part.Lit != nil:
			if part.Lit.Value.T != value.String {
				a.errorf(part, "the parse pattern needs string constants, got %s", part.Lit.Value.T)
				return nil
			}
			s := part.Lit.Value.S
			if p.Kind == plan.ParseRegex {
				if _, err := regexp.Compile(flags + s); err != nil {
					a.errorf(part, "invalid regular expression %s: %s", strconv.Quote(s), regexErr(err))
					return nil
				}
				re.WriteString("(?:" + s + ")")
			} else {
				re.WriteString(regexp.QuoteMeta(s))
			}
			p.Steps = append(p.Steps, plan.ParseStep{Lit: s, Col: -1})
			prevString = false
		default:
			name := part.Name.Name
			if seen[name] {
				a.errorf(part, "column '%s' appears twice in the parse pattern", name)
				return nil
			}
			seen[name] = true
			t := part.Type
			if t == value.Unknown {
				t = value.String
			}
			k := len(p.Cols)
			group := "c" + strconv.Itoa(k)
			typed, hasRegex := parseTypeRegex[t]
			// A number is all its digits even under flag U.
			typed = "(?-U:" + typed + ")"
			switch {
			case hasRegex && p.Kind == plan.ParseRelaxed:
				// A value of another type still matches, up to the next
				// delimiter, and becomes null.
				re.WriteString("(?P<" + group + ">" + typed + "|.*?)")
			case hasRegex:
				re.WriteString("(?P<" + group + ">" + typed + ")")
			case p.Kind == plan.ParseRegex:
				re.WriteString("(?P<" + group + ">.*)")
			default:
				re.WriteString("(?P<" + group + ">.*?)")
			}
			p.Cols = append(p.Cols, plan.ParseCol{Name: name, T: t})
			p.Steps = append(p.Steps, plan.ParseStep{Col: k, Typed: hasRegex})
			prevString = t == value.String
		}
	}
	re.WriteString(`\z`)
	rx, err := regexp.Compile(re.String())
	if err != nil {
		a.errorf(o, "invalid parse pattern: %s", regexErr(err))
		return nil
	}
	p.Regex = rx
	if p.Kind == plan.ParseRegex {
		p.Steps = nil
	}
	for k := range p.Cols {
		p.Cols[k].Group = rx.SubexpIndex("c" + strconv.Itoa(k))
	}
	p.Out = extendSchema(schema, p.Cols)
	return p
}

// extendSchema places the parsed columns: a column named like an input
// column replaces it (as extend does), others are appended in order.
func extendSchema(schema value.Schema, cols []plan.ParseCol) value.Schema {
	out := append(value.Schema(nil), schema...)
	for k := range cols {
		c := &cols[k]
		if i := out.Index(c.Name); i >= 0 {
			out[i].Type = c.T
			c.Index = i
			continue
		}
		out = append(out, value.Column{Name: c.Name, Type: c.T})
		c.Index = len(out) - 1
	}
	return out
}

// regexErr is the part of a regexp error worth showing.
func regexErr(err error) string {
	msg := err.Error()
	return strings.TrimPrefix(msg, "error parsing regexp: ")
}

// parseKv analyzes parse-kv. Options are constants; combinations Kusto does
// not document (one delimiter without the other, greedy without
// delimiters, regex with other options) are rejected rather than guessed.
func (a *analyzer) parseKv(o *syntax.ParseKvOp, in plan.Node, e *env) plan.Node {
	schema := in.Schema()
	sc := &scope{cols: schema, env: e}
	x := a.scalar(o.X, sc)
	if t := x.Type(); t != value.String && t != value.Unknown {
		x = &plan.Cast{X: x, T: value.String}
	}
	p := &plan.ParseKv{In: in, X: x}
	seen := map[string]bool{}
	for _, c := range o.Columns {
		if seen[c.Name.Name] {
			a.errorf(c, "key '%s' is listed twice", c.Name.Name)
			return nil
		}
		seen[c.Name.Name] = true
		p.Cols = append(p.Cols, plan.ParseCol{Name: c.Name.Name, T: c.Type})
	}
	var pairSet, kvSet, greedySet bool
	var regexOpt *syntax.OpParam
	for _, w := range o.With {
		name := strings.ToLower(w.Name)
		if name == "greedy" {
			b, ok := a.kvBool(w)
			if !ok {
				return nil
			}
			p.Greedy = b
			greedySet = true
			continue
		}
		s, ok := a.kvString(w)
		if !ok {
			return nil
		}
		switch name {
		case "pair_delimiter":
			p.PairDelim, pairSet = s, true
		case "kv_delimiter":
			p.KvDelim, kvSet = s, true
		case "quote":
			r := []rune(s)
			switch len(r) {
			case 1:
				p.Quotes = append(p.Quotes, [2]rune{r[0], r[0]})
			case 2:
				p.Quotes = append(p.Quotes, [2]rune{r[0], r[1]})
			default:
				a.errorf(w.Value, "quote must be one character, or two (opening and closing)")
				return nil
			}
		case "escape":
			if utf8.RuneCountInString(s) != 1 {
				a.errorf(w.Value, "escape must be one character")
				return nil
			}
			r, _ := utf8.DecodeRuneInString(s)
			p.Escapes = append(p.Escapes, r)
		case "regex":
			rx, err := regexp.Compile(s)
			if err != nil {
				a.errorf(w.Value, "invalid regular expression: %s", regexErr(err))
				return nil
			}
			if rx.NumSubexp() != 2 {
				a.errorf(w.Value, "the parse-kv regex must have exactly two capturing groups (key and value), it has %d", rx.NumSubexp())
				return nil
			}
			p.Regex = rx
			regexOpt = w
		default:
			a.errorf(w, "parse-kv option '%s' is not supported", w.Name)
			return nil
		}
	}
	switch {
	case regexOpt != nil && (pairSet || kvSet || greedySet || len(p.Quotes) > 0 || len(p.Escapes) > 0):
		a.errorf(regexOpt, "parse-kv regex= cannot be combined with other options")
		return nil
	case pairSet != kvSet:
		a.errorf(o, "parse-kv needs both pair_delimiter and kv_delimiter, or neither")
		return nil
	case pairSet && (p.PairDelim == "" || p.KvDelim == ""):
		a.errorf(o, "parse-kv delimiters must not be empty")
		return nil
	case p.Greedy && !pairSet:
		a.errorf(o, "parse-kv greedy=true needs pair_delimiter and kv_delimiter")
		return nil
	}
	p.Out = extendSchema(schema, p.Cols)
	return p
}

func (a *analyzer) kvString(w *syntax.OpParam) (string, bool) {
	c := a.constant(w.Value, &scope{env: newEnv(nil)})
	if c == nil {
		return "", false
	}
	if c.T != value.String {
		a.errorf(w.Value, "parse-kv option %s needs a string, got %s", w.Name, c.T)
		return "", false
	}
	return c.S, true
}

func (a *analyzer) kvBool(w *syntax.OpParam) (bool, bool) {
	if id, ok := w.Value.(*syntax.Ident); ok {
		switch strings.ToLower(id.Name) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	c := a.constant(w.Value, &scope{env: newEnv(nil)})
	if c == nil {
		return false, false
	}
	if c.T != value.Bool || c.Null {
		a.errorf(w.Value, "parse-kv option greedy needs true or false")
		return false, false
	}
	return c.Bool(), true
}
