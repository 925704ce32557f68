// Package demo holds the reference hunting queries harrier ships with and
// splits them into titled queries.
package demo

import (
	_ "embed"
	"regexp"
	"strings"
)

// SeedQueries is a copy of the reference queries (shared/reference/seed-queries.kql);
// a test keeps the two identical.
//
//go:embed seed-queries.kql
var SeedQueries string

// Query is one titled reference query.
type Query struct {
	Title string
	Text  string
}

var titleLine = regexp.MustCompile(`(?m)^// (.*)$`)

// Split cuts a file of queries, each preceded by a "// title" line, into
// queries. The query text is kept verbatim.
func Split(text string) []Query {
	locs := titleLine.FindAllStringSubmatchIndex(text, -1)
	var out []Query
	for k, loc := range locs {
		end := len(text)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		body := strings.TrimSpace(text[loc[1]:end])
		if body == "" {
			continue
		}
		out = append(out, Query{Title: text[loc[2]:loc[3]], Text: body})
	}
	return out
}
