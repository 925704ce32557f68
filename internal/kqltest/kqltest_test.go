package kqltest

import (
	"fmt"
	"path/filepath"
	"testing"
)

// TestFiles runs every .kqltest file with several batch sizes and worker
// counts: results must not depend on either.
func TestFiles(t *testing.T) {
	files, err := filepath.Glob("../../testdata/kqltest/*.kqltest")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no .kqltest files found")
	}
	configs := []struct {
		batch, workers int
		source         bool
	}{{1024, 4, false}, {1, 1, false}, {3, 2, false}, {16, 4, false}, {2, 2, true}, {1024, 1, true}}
	if *rewrite {
		configs = configs[:1]
	}
	for _, f := range files {
		for _, c := range configs {
			name := fmt.Sprintf("%s/batch=%d/workers=%d/source=%v", filepath.Base(f), c.batch, c.workers, c.source)
			t.Run(name, func(t *testing.T) {
				RunFile(t, f, func() Engine {
					e := NewMemEngine(c.batch, c.workers)
					e.AsSource = c.source
					return e
				})
			})
		}
	}
}
