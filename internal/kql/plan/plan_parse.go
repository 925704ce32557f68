package plan

import (
	"regexp"

	"github.com/harrier-sec/harrier/internal/value"
)

// ParseKind is how a parse pattern matches: simple, regex or relaxed.
type ParseKind uint8

// The kinds of parse. Simple and regex are strict: a typed column whose text
// does not convert fails the whole row. Relaxed gives that column null.
const (
	ParseSimple ParseKind = iota
	ParseRegex
	ParseRelaxed
)

// ParseCol is one column that parse or parse-kv extracts.
type ParseCol struct {
	Name string
	T    value.Type
	// Index is the output column the value goes to: an input column it
	// replaces, or one appended after the input's columns.
	Index int
	// Group is the capture group of Parse.Regex holding the column's text.
	Group int
}

// ParseStep is one element of a parse pattern in the form the regex-free
// matchers read: a literal delimiter, '*', or a column (Col >= 0).
type ParseStep struct {
	Lit  string
	Star bool
	Col  int // index into Parse.Cols; -1 for literals and '*'
	// Typed is set for a column that matches its type's text (a number,
	// bool or guid) rather than any text.
	Typed bool
}

// Parse is parse and parse-where: X's text is matched against a pattern
// (compiled into Regex, anchored at both ends) and the captured columns
// extend the input. Rows that do not match get nulls, or are dropped when
// Where is set.
type Parse struct {
	In    Node
	X     Expr // string
	Kind  ParseKind
	Where bool
	Regex *regexp.Regexp
	// Steps is the pattern for the regex-free matchers, which give the
	// regex's exact answer; nil for kind=regex, whose delimiters are
	// regexes.
	Steps []ParseStep
	Cols  []ParseCol
	Out   value.Schema
}

// ParseKv is parse-kv: key/value pairs found in X's text fill the columns
// named after the keys. Exactly one of three modes applies: Regex (two
// capture groups: key, value), delimiters (PairDelim and KvDelim), or, when
// both are empty, tokens where any non-alphanumeric character delimits.
type ParseKv struct {
	In        Node
	X         Expr // string
	Cols      []ParseCol
	PairDelim string
	KvDelim   string
	// Quotes holds opening and closing quote pairs ("\"\"", "()").
	Quotes  [][2]rune
	Escapes []rune
	Greedy  bool
	Regex   *regexp.Regexp
	Out     value.Schema
}

// Schema is the input's columns plus the parsed ones.
func (n *Parse) Schema() value.Schema { return n.Out }

// Inputs is the parsed input.
func (n *Parse) Inputs() []Node { return []Node{n.In} }

// RowLevel reports true: each row is parsed on its own.
func (n *Parse) RowLevel() bool { return true }

// Schema is the input's columns plus one per key.
func (n *ParseKv) Schema() value.Schema { return n.Out }

// Inputs is the parsed input.
func (n *ParseKv) Inputs() []Node { return []Node{n.In} }

// RowLevel reports true: each row is parsed on its own.
func (n *ParseKv) RowLevel() bool { return true }
