package extent

import (
	"path/filepath"
	"slices"
	"sync"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/gen"
	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

var genCorpus = sync.OnceValue(func() *table.Table {
	tb, _ := gen.Table(gen.Config{Seed: 1, Events: 20000})
	return tb
})

// genExtent writes the generated corpus once for the tests that read it.
var genExtent = sync.OnceValues(func() (string, error) {
	dir, err := tempDirForPackage()
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, "gen.ext")
	_, err = Write(p, ingest.Schema, genCorpus().Batches, WriteOptions{BlockRows: 4096})
	return p, err
})

func openGen(t *testing.T) *Reader {
	t.Helper()
	p, err := genExtent()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestShredGenerated(t *testing.T) {
	r := openGen(t)
	m := r.Meta()
	raw := m.Schema().Index("RawEventData")
	shredded := map[string]value.Type{}
	for _, sp := range m.Columns[raw].Shredded {
		shredded[sp.Path.String()] = sp.Type
	}
	// The paths DESIGN.md names, and other frequent ones, with their types.
	for p, typ := range map[string]value.Type{
		"ObjectRef.resource":  value.String,
		"Verb":                value.String,
		"User.username":       value.String,
		"ResponseStatus.code": value.Long,
		"ObjectRef.namespace": value.String,
		"AuditID":             value.String,
		"SourceIPs":           value.Dynamic, // an array: a leaf
		"User.groups":         value.Dynamic,
		"operationName.value": value.String, // ARM events are about 12% of rows
	} {
		if got, ok := shredded[p]; !ok || got != typ {
			t.Errorf("path %s: shredded=%v type %v, want %v", p, ok, got, typ)
		}
	}
	// Prefixes of leaves are not leaves themselves.
	for _, p := range []string{"ObjectRef", "User", "RequestObject", "ResponseStatus"} {
		if _, ok := shredded[p]; ok {
			t.Errorf("prefix %s is shredded", p)
		}
	}
	if n := len(m.Columns[raw].Shredded); n != DefaultShredMax {
		t.Errorf("%d paths shredded, want the maximum %d (the corpus has more frequent paths)", n, DefaultShredMax)
	}
	// Every shredded value equals Lookup on the whole value; and so do
	// paths that are not shredded.
	for c, col := range m.Columns {
		if col.Type != value.Dynamic {
			continue
		}
		paths := []Path{{"RequestObject", "spec", "containers"}, {"RequestObject", "spec"}, {"SourceIPs", "[0]"},
			{"User", "groups", "[1]"}, {"ObjectRef"}, {"nosuch", "x"}, {"Verb", "x"}, {"properties", "requestbody"}}
		for _, sp := range col.Shredded {
			paths = append(paths, sp.Path)
		}
		checkColumnPaths(t, r, c, paths, nil)
	}
	// Whole rows equal the input.
	want := expectedRows(genCorpus().Batches, 0)
	if d := gocmp.Diff(want, readAll(t, r)); d != "" {
		t.Fatalf("rows differ (-want +got):\n%s", d)
	}
	checkStats(t, r, want)
}

// TestShredOptions checks ShredMax and ShredMinFraction.
func TestShredOptions(t *testing.T) {
	tb := genCorpus()
	f := func(opts WriteOptions, wantN int, mustHave, mustNot []string) {
		t.Helper()
		p := filepath.Join(t.TempDir(), "o.ext")
		m, err := Write(p, ingest.Schema, tb.Batches, opts)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, sp := range m.Columns[m.Schema().Index("RawEventData")].Shredded {
			got = append(got, sp.Path.String())
		}
		if wantN >= 0 && len(got) != wantN {
			t.Errorf("%+v: %d paths shredded, want %d: %v", opts, len(got), wantN, got)
		}
		for _, p := range mustHave {
			if !slices.Contains(got, p) {
				t.Errorf("%+v: %s not shredded", opts, p)
			}
		}
		for _, p := range mustNot {
			if slices.Contains(got, p) {
				t.Errorf("%+v: %s shredded", opts, p)
			}
		}
	}
	f(WriteOptions{ShredMax: -1}, 0, nil, nil)
	f(WriteOptions{ShredMax: 3}, 3, nil, []string{"operationName.value"})
	// ARM paths appear in ~12% of rows.
	f(WriteOptions{ShredMinFraction: 0.5, ShredMax: 255}, -1, []string{"Verb", "ObjectRef.resource"}, []string{"operationName.value"})
}
