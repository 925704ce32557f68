package syntax

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a user-facing error at a place in the query text. Line and Col
// (1-based, Col counted in characters) are filled in by Parse; Sp alone is
// enough for Format.
type Error struct {
	Sp        Span
	Msg       string
	Line, Col int
}

// Error renders the error as "line:col: message".
func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
}

// ErrorList is every error found in one query, in source order.
type ErrorList []*Error

// Error renders one error per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Format renders the errors with their source line and a caret line.
func (l ErrorList) Format(src string) string { return Format(src, l...) }

// Position converts a byte offset in src into a 1-based line and column;
// the column counts characters (runes) from the start of the line.
func Position(src string, off int) (line, col int) {
	off = max(0, min(off, len(src)))
	ls := strings.LastIndexByte(src[:off], '\n') + 1
	line = strings.Count(src[:ls], "\n") + 1
	col = utf8.RuneCountInString(src[ls:off]) + 1
	return line, col
}

// Format renders each error as "line:col: message" followed by the source
// line and a caret line: '^' under the start of the span and '~' under the
// rest of it on that line.
//
//	1:11: expected an expression after 'where', found '|'
//	T | where | project a
//	          ^
func Format(src string, errs ...*Error) string {
	var b strings.Builder
	for _, e := range errs {
		start := max(0, min(e.Sp.Start, len(src)))
		line, col := Position(src, start)
		b.WriteString(strconv.Itoa(line))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(col))
		b.WriteString(": ")
		b.WriteString(e.Msg)
		b.WriteByte('\n')

		ls := strings.LastIndexByte(src[:start], '\n') + 1
		le := strings.IndexByte(src[start:], '\n')
		if le < 0 {
			le = len(src)
		} else {
			le += start
		}
		text := strings.TrimSuffix(src[ls:le], "\r")
		b.WriteString(text)
		b.WriteByte('\n')
		// Tabs are copied so the caret lines up however tabs are displayed.
		for _, r := range src[ls:start] {
			if r == '\t' {
				b.WriteByte('\t')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteByte('^')
		end := max(start, min(e.Sp.End, ls+len(text)))
		if end > start {
			_, sz := utf8.DecodeRuneInString(src[start:])
			n := utf8.RuneCountInString(src[min(start+sz, end):end])
			b.WriteString(strings.Repeat("~", n))
		}
		b.WriteByte('\n')
	}
	return b.String()
}
