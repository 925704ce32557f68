package sema

import (
	"reflect"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
)

// opAnalyzer analyzes one kind of pipe operator applied to in. It reports
// errors through a.errorf and returns nil when no usable output remains.
type opAnalyzer func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node

// sourceAnalyzer analyzes one kind of expression that starts a tabular
// pipeline (search, find, ...).
type sourceAnalyzer func(a *analyzer, x syntax.Expr, e *env) plan.Node

var (
	opAnalyzers     = map[reflect.Type]opAnalyzer{}
	sourceAnalyzers = map[reflect.Type]sourceAnalyzer{}
)

// registerOp makes f the analyzer of operators of proto's type. Operators
// live one per file (op_join.go, op_parse.go, ...) and register from init.
func registerOp(proto syntax.Operator, f opAnalyzer) {
	t := reflect.TypeOf(proto)
	if _, dup := opAnalyzers[t]; dup {
		panic("BUG: operator analyzer registered twice: " + t.String())
	}
	opAnalyzers[t] = f
}

// registerSource makes f the analyzer of tabular sources of proto's type.
func registerSource(proto syntax.Expr, f sourceAnalyzer) {
	t := reflect.TypeOf(proto)
	if _, dup := sourceAnalyzers[t]; dup {
		panic("BUG: source analyzer registered twice: " + t.String())
	}
	sourceAnalyzers[t] = f
}
