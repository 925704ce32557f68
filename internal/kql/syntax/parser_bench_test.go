package syntax

import (
	"strings"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	seeds := seedQueries(b)
	if len(seeds) == 0 {
		b.Skip("no seed queries")
	}
	b.Run("corpus=seed", func(b *testing.B) {
		n := 0
		for _, q := range seeds {
			n += len(q)
		}
		b.SetBytes(int64(n))
		b.ReportAllocs()
		for b.Loop() {
			for _, q := range seeds {
				if _, err := Parse(q); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("corpus=own", func(b *testing.B) {
		b.SetBytes(int64(len(strings.Join(ownCorpus, ""))))
		b.ReportAllocs()
		for b.Loop() {
			for _, q := range ownCorpus {
				if _, err := Parse(q); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

func BenchmarkPrint(b *testing.B) {
	var scripts []*Script
	n := 0
	for _, q := range seedQueries(b) {
		s, err := Parse(q)
		if err != nil {
			b.Fatal(err)
		}
		scripts = append(scripts, s)
		n += len(q)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range scripts {
			_ = s.String()
		}
	}
}
