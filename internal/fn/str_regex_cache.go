package fn

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"sync"
	"sync/atomic"

	"github.com/harrier-sec/harrier/internal/value"
)

// Regular expressions are RE2, as in Kusto, so Go's regexp accepts the same
// language. Kernels compile a constant pattern once per Eval; patterns that
// vary per row go through this cache so that a column holding a handful of
// distinct patterns is not recompiled row after row.

// strMaxCachedRegexes bounds the cache; past it the cache starts over, which
// keeps memory bounded when a query feeds arbitrary text as patterns.
const strMaxCachedRegexes = 4096

type strRegexEntry struct {
	re  *regexp.Regexp
	err error
}

var strRegexCache struct {
	m sync.Map // pattern -> *strRegexEntry
	n atomic.Int64
}

// strCompileRegex compiles pattern through the process-wide cache.
func strCompileRegex(pattern string) (*regexp.Regexp, error) {
	if e, ok := strRegexCache.m.Load(pattern); ok {
		ent := e.(*strRegexEntry)
		return ent.re, ent.err
	}
	re, err := regexp.Compile(pattern)
	if strRegexCache.n.Add(1) > strMaxCachedRegexes {
		strRegexCache.m.Clear()
		strRegexCache.n.Store(1)
	}
	strRegexCache.m.Store(pattern, &strRegexEntry{re: re, err: err})
	return re, err
}

// strRegexArg resolves the pattern argument of a kernel: compiled once when
// constant, else per row with a one-entry memo in front of the cache.
type strRegexArg struct {
	a     strArg
	re    *regexp.Regexp // the constant's regex (nil when invalid)
	last  string
	lastR *regexp.Regexp
	init  bool
}

func strNewRegexArg(v *value.Vector) *strRegexArg {
	r := &strRegexArg{a: newStrArg(v)}
	if r.a.c {
		r.re, _ = strCompileRegex(r.a.cs)
	}
	return r
}

// at returns the regex of row i, or nil when the pattern does not compile.
func (r *strRegexArg) at(i int) *regexp.Regexp {
	if r.a.c {
		return r.re
	}
	p := r.a.at(i)
	if !r.init || p != r.last {
		r.lastR, _ = strCompileRegex(p)
		r.last, r.init = p, true
	}
	return r.lastR
}

// strCheckConstRegex reports an invalid constant pattern at analysis time.
func strCheckConstRegex(a Arg) error {
	p, ok := strConstString(a)
	if !ok {
		return nil
	}
	if _, err := strCompileRegex(p); err != nil {
		return Errorf("invalid regular expression %q: %v", p, strUnwrapRegexErr(err))
	}
	return nil
}

func strUnwrapRegexErr(err error) string {
	var e *syntax.Error
	if errors.As(err, &e) {
		return string(e.Code) + " `" + e.Expr + "`"
	}
	return err.Error()
}
