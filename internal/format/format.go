// Package format renders result tables: aligned text, CSV, JSON lines, and
// the canonical cells of .kqltest files.
package format

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// Rows calls f for every live row of t in order.
func Rows(t *table.Table, f func(b *value.Batch, i int)) {
	for _, b := range t.Batches {
		b.ForEach(func(i int) { f(b, i) })
	}
}

// Cell renders a value as a .kqltest cell (see testdata/kqltest/README.md).
func Cell(v value.Value) string {
	if v.T == value.String {
		s := v.S
		if s == "" {
			return `""`
		}
		if s == "null" || strings.Contains(s, " | ") || strings.HasPrefix(s, " ") ||
			strings.HasSuffix(s, " ") || strings.HasPrefix(s, `"`) || strings.ContainsAny(s, "\n\r\t") {
			return string(value.AppendJSONString(nil, s))
		}
		return s
	}
	if v.IsNull() {
		return "null"
	}
	if v.T == value.Dynamic {
		return v.D.JSON()
	}
	return Text(v)
}

// Text renders a value for display: tostring() except that datetimes show
// their fraction only when it is not zero.
func Text(v value.Value) string {
	if v.T == value.DateTime && !v.IsNull() {
		return value.FormatDateTimeCompact(v.I)
	}
	return v.String()
}

// JSONValue appends v as a JSON value: null, numbers, bools, strings,
// datetimes as ISO 8601 UTC strings, dynamic values as their JSON.
func JSONValue(b []byte, v value.Value) []byte {
	if v.IsNull() && v.T != value.String {
		return append(b, "null"...)
	}
	switch v.T {
	case value.Bool:
		return strconv.AppendBool(b, v.I != 0)
	case value.Int, value.Long:
		return strconv.AppendInt(b, v.I, 10)
	case value.Real, value.Decimal:
		if s := value.FormatReal(v.F); s == "NaN" || strings.Contains(s, "Infinity") {
			return value.AppendJSONString(b, s)
		}
		return strconv.AppendFloat(b, v.F, 'g', -1, 64)
	case value.Dynamic:
		return v.D.AppendJSON(b)
	}
	return value.AppendJSONString(b, Text(v))
}

// WriteJSON writes one JSON object per row, keys in column order.
func WriteJSON(w io.Writer, t *table.Table) error {
	var buf []byte
	var err error
	Rows(t, func(b *value.Batch, i int) {
		if err != nil {
			return
		}
		buf = append(buf[:0], '{')
		for c, col := range t.Schema {
			if c > 0 {
				buf = append(buf, ',')
			}
			buf = value.AppendJSONString(buf, col.Name)
			buf = append(buf, ':')
			buf = JSONValue(buf, b.Cols[c].Get(i))
		}
		buf = append(buf, '}', '\n')
		_, err = w.Write(buf)
	})
	return err
}

// WriteCSV writes a header row then one record per row.
func WriteCSV(w io.Writer, t *table.Table) error {
	cw := csv.NewWriter(w)
	head := make([]string, len(t.Schema))
	for i, c := range t.Schema {
		head[i] = c.Name
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(t.Schema))
	var err error
	Rows(t, func(b *value.Batch, i int) {
		for c := range t.Schema {
			// tostring() form: dynamic strings bare, arrays and bags as JSON.
			rec[c] = Text(b.Cols[c].Get(i))
		}
		if err == nil {
			err = cw.Write(rec)
		}
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable writes an aligned text table with a header, cells cut at
// maxWidth runes.
func WriteTable(w io.Writer, t *table.Table, maxWidth int) error {
	rows := [][]string{}
	head := make([]string, len(t.Schema))
	for i, c := range t.Schema {
		head[i] = c.Name
	}
	rows = append(rows, head)
	Rows(t, func(b *value.Batch, i int) {
		r := make([]string, len(t.Schema))
		for c := range t.Schema {
			s := Text(b.Cols[c].Get(i))
			s = strings.NewReplacer("\n", `\n`, "\t", " ").Replace(s)
			if maxWidth > 0 && utf8.RuneCountInString(s) > maxWidth {
				s = string([]rune(s)[:maxWidth-1]) + "…"
			}
			r[c] = s
		}
		rows = append(rows, r)
	})
	widths := make([]int, len(t.Schema))
	for _, r := range rows {
		for c, s := range r {
			if n := utf8.RuneCountInString(s); n > widths[c] {
				widths[c] = n
			}
		}
	}
	var sb strings.Builder
	for k, r := range rows {
		for c, s := range r {
			if c > 0 {
				sb.WriteString("  ")
			}
			sb.WriteString(s)
			if c < len(r)-1 {
				sb.WriteString(strings.Repeat(" ", widths[c]-utf8.RuneCountInString(s)))
			}
		}
		sb.WriteByte('\n')
		if k == 0 {
			for c := range r {
				if c > 0 {
					sb.WriteString("  ")
				}
				sb.WriteString(strings.Repeat("-", widths[c]))
			}
			sb.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, sb.String())
	if err == nil {
		_, err = fmt.Fprintf(w, "(%d rows)\n", len(rows)-1)
	}
	return err
}
