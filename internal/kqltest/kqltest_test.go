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
	configs := []struct{ batch, workers int }{{1024, 4}, {1, 1}, {3, 2}, {16, 4}}
	if *rewrite {
		configs = configs[:1]
	}
	for _, f := range files {
		for _, c := range configs {
			name := fmt.Sprintf("%s/batch=%d/workers=%d", filepath.Base(f), c.batch, c.workers)
			t.Run(name, func(t *testing.T) {
				RunFile(t, f, func() Engine { return NewMemEngine(c.batch, c.workers) })
			})
		}
	}
}
