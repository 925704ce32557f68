package storage

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The index against a map model under random inserts, removals, remaps
// and drops, with hashes forced into few slots so probe runs are long and
// wrap around the table.
func TestIDIndexModel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	x := newIDIndex(0)
	type entry struct {
		h uint64
		o uint32
	}
	var model []entry
	check := func(step int) {
		t.Helper()
		if x.n != len(model) {
			t.Fatalf("step %d: index holds %d entries, model %d", step, x.n, len(model))
		}
		for _, e := range model {
			got := x.lookup(e.h, nil)
			var want []uint32
			for _, m := range model {
				if m.h == e.h {
					want = append(want, m.o)
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("step %d: lookup(%x) = %v, want %v", step, e.h, got, want)
			}
		}
	}
	for step := 0; step < 20000; step++ {
		switch op := r.IntN(100); {
		case op < 60 || len(model) == 0:
			// High bits vary, low bits (the home slot) cluster near the
			// end of the table.
			h := uint64(r.IntN(300))<<32 | uint64(1000+r.IntN(30))
			e := entry{h, uint32(r.IntN(5))}
			x.insert(e.h, e.o)
			model = append(model, e)
		case op < 95:
			i := r.IntN(len(model))
			x.remove(model[i].h, model[i].o)
			model = slices.Delete(model, i, i+1)
		case op < 98:
			from, to := uint32(r.IntN(5)), uint32(r.IntN(5))
			x.remap(map[uint32]uint32{from: to})
			for i := range model {
				if model[i].o == from {
					model[i].o = to
				}
			}
		default:
			o := uint32(r.IntN(5))
			x.drop(map[uint32]bool{o: true})
			model = slices.DeleteFunc(model, func(e entry) bool { return e.o == o })
		}
		if step%97 == 0 {
			check(step)
		}
	}
	check(-1)
}

func TestHashIDNeverZero(t *testing.T) {
	if hashID("") == 0 || hashID("x") == 0 {
		t.Fatal("zero hash")
	}
}
