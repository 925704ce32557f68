package syntax

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that the parser never panics and that whatever parses
// prints to text that parses back to the same tree.
func FuzzParse(f *testing.F) {
	for _, q := range seedQueries(f) {
		f.Add(q)
	}
	for _, q := range ownCorpus {
		f.Add(q)
	}
	for _, q := range kqltestQueries(f) {
		f.Add(q.text)
	}
	f.Fuzz(func(t *testing.T, src string) {
		s, err := Parse(src)
		if err != nil {
			if _, ok := err.(ErrorList); !ok {
				t.Fatalf("Parse returned %T, want ErrorList", err)
			}
			_ = Format(src, err.(ErrorList)...)
			return
		}
		out := s.String()
		s2, err := Parse(out)
		if err != nil {
			t.Fatalf("printed form does not parse:\nsource:  %q\nprinted: %q\n%v", src, out, err)
		}
		if diff := cmp.Diff(s, s2, astOpts); diff != "" {
			t.Fatalf("round trip changed the tree:\nsource:  %q\nprinted: %q\n%s", src, out, diff)
		}
		stripText(s)
		out = s.String()
		s3, err := Parse(out)
		if err != nil {
			t.Fatalf("canonical form does not parse:\nsource:  %q\nprinted: %q\n%v", src, out, err)
		}
		if diff := cmp.Diff(s, s3, astOpts); diff != "" {
			t.Fatalf("canonical round trip changed the tree:\nsource:  %q\nprinted: %q\n%s", src, out, diff)
		}
	})
}
