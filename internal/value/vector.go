package value

import "math/bits"

// Vector is one column of a batch: a typed slice plus a null bitmap.
//
// Only the slice that matches T is used: B for bool; I for int, long,
// datetime and timespan (datetime and timespan as 100ns ticks); F for real
// and decimal; S for string and guid (guid as canonical lower-case text);
// D for dynamic (a nil entry is null). Strings are never null: Kusto uses the
// empty string instead.
//
// A constant vector (Const) holds one value at index 0 that stands for every
// row. Readers go through the accessors, which handle both shapes.
type Vector struct {
	T     Type
	Const bool
	B     []bool
	I     []int64
	F     []float64
	S     []string
	D     []*Dyn
	nulls []uint64 // bit set = null; nil when no row is null
}

// NewVector returns a vector of type t with n zero rows and no nulls.
func NewVector(t Type, n int) *Vector {
	v := &Vector{T: t}
	v.Resize(n)
	return v
}

// Resize sets the length to n, reusing capacity, and clears nulls.
func (v *Vector) Resize(n int) {
	v.nulls = nil
	v.Const = false
	switch {
	case v.T == Bool:
		v.B = grow(v.B, n)
	case v.T.UsesInts():
		v.I = grow(v.I, n)
	case v.T.UsesFloats():
		v.F = grow(v.F, n)
	case v.T == String || v.T == GUID:
		v.S = grow(v.S, n)
	case v.T == Dynamic:
		v.D = grow(v.D, n)
	}
}

func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		s = s[:n]
		clear(s)
		return s
	}
	return make([]T, n)
}

// Len is the physical number of rows (1 for a constant vector).
func (v *Vector) Len() int {
	switch {
	case v.T == Bool:
		return len(v.B)
	case v.T.UsesInts():
		return len(v.I)
	case v.T.UsesFloats():
		return len(v.F)
	case v.T == String || v.T == GUID:
		return len(v.S)
	case v.T == Dynamic:
		return len(v.D)
	}
	return 0
}

func (v *Vector) idx(i int) int {
	if v.Const {
		return 0
	}
	return i
}

// MaybeHasNulls reports whether any row may be null. False means none is.
func (v *Vector) MaybeHasNulls() bool { return v.nulls != nil || v.T == Dynamic }

// IsNull reports whether row i is null.
func (v *Vector) IsNull(i int) bool {
	i = v.idx(i)
	if v.T == Dynamic {
		d := v.D[i]
		return d == nil || d.k == DNull
	}
	if v.nulls == nil {
		return false
	}
	return v.nulls[i>>6]&(1<<(uint(i)&63)) != 0
}

// SetNull marks row i null (for strings it sets the empty string instead).
func (v *Vector) SetNull(i int) {
	switch v.T {
	case String:
		v.S[i] = ""
		return
	case Dynamic:
		v.D[i] = nil
		return
	}
	if v.nulls == nil {
		v.nulls = make([]uint64, (v.Len()+63)/64)
	}
	v.nulls[i>>6] |= 1 << (uint(i) & 63)
}

// ClearNull marks row i not null.
func (v *Vector) ClearNull(i int) {
	if v.nulls != nil {
		v.nulls[i>>6] &^= 1 << (uint(i) & 63)
	}
}

// NullCount counts null rows among the physical rows.
func (v *Vector) NullCount() int {
	if v.T == Dynamic {
		c := 0
		for _, d := range v.D {
			if d == nil || d.k == DNull {
				c++
			}
		}
		return c
	}
	c := 0
	for _, w := range v.nulls {
		c += bits.OnesCount64(w)
	}
	return c
}

// Bool returns row i of a bool vector.
func (v *Vector) Bool(i int) bool { return v.B[v.idx(i)] }

// Int64 returns row i of an int, long, datetime or timespan vector.
func (v *Vector) Int64(i int) int64 { return v.I[v.idx(i)] }

// Float returns row i of a real or decimal vector.
func (v *Vector) Float(i int) float64 { return v.F[v.idx(i)] }

// Str returns row i of a string or guid vector.
func (v *Vector) Str(i int) string { return v.S[v.idx(i)] }

// Dyn returns row i of a dynamic vector (nil when null).
func (v *Vector) Dyn(i int) *Dyn { return v.D[v.idx(i)] }

// Get returns row i as a tagged Value. Not for hot paths.
func (v *Vector) Get(i int) Value {
	if v.IsNull(i) {
		return Null(v.T)
	}
	i = v.idx(i)
	switch {
	case v.T == Bool:
		return NewBool(v.B[i])
	case v.T.UsesInts():
		return Value{T: v.T, I: v.I[i]}
	case v.T.UsesFloats():
		return Value{T: v.T, F: v.F[i]}
	case v.T == String || v.T == GUID:
		return Value{T: v.T, S: v.S[i]}
	case v.T == Dynamic:
		return Value{T: Dynamic, D: v.D[i]}
	}
	return Null(v.T)
}

// Set stores x (which must have the vector's type, or be null) at row i.
func (v *Vector) Set(i int, x Value) {
	if x.Null {
		v.SetNull(i)
		return
	}
	v.ClearNull(i)
	switch {
	case v.T == Bool:
		v.B[i] = x.I != 0
	case v.T.UsesInts():
		v.I[i] = x.I
	case v.T.UsesFloats():
		v.F[i] = x.F
	case v.T == String || v.T == GUID:
		v.S[i] = x.S
	case v.T == Dynamic:
		v.D[i] = x.D
	}
}

// ConstVector returns a constant vector holding x.
func ConstVector(x Value) *Vector {
	v := NewVector(x.T, 1)
	v.Set(0, x)
	v.Const = true
	return v
}

// Append adds row i of src (same type) to the end of v.
func (v *Vector) Append(src *Vector, i int) {
	n := v.Len()
	null := src.IsNull(i)
	j := src.idx(i)
	switch {
	case v.T == Bool:
		v.B = append(v.B, src.B[j])
	case v.T.UsesInts():
		v.I = append(v.I, src.I[j])
	case v.T.UsesFloats():
		v.F = append(v.F, src.F[j])
	case v.T == String || v.T == GUID:
		v.S = append(v.S, src.S[j])
	case v.T == Dynamic:
		v.D = append(v.D, src.D[j])
		return
	}
	if null {
		v.growNulls(n + 1)
		v.nulls[n>>6] |= 1 << (uint(n) & 63)
	} else if v.nulls != nil {
		v.growNulls(n + 1)
	}
}

// AppendValue adds x to the end of v.
func (v *Vector) AppendValue(x Value) {
	n := v.Len()
	switch {
	case v.T == Bool:
		v.B = append(v.B, x.I != 0)
	case v.T.UsesInts():
		v.I = append(v.I, x.I)
	case v.T.UsesFloats():
		v.F = append(v.F, x.F)
	case v.T == String || v.T == GUID:
		v.S = append(v.S, x.S)
	case v.T == Dynamic:
		if x.Null {
			v.D = append(v.D, nil)
		} else {
			v.D = append(v.D, x.D)
		}
		return
	}
	if x.Null && v.T != String {
		v.growNulls(n + 1)
		v.nulls[n>>6] |= 1 << (uint(n) & 63)
	} else if v.nulls != nil {
		v.growNulls(n + 1)
	}
}

func (v *Vector) growNulls(n int) {
	words := (n + 63) / 64
	for len(v.nulls) < words {
		v.nulls = append(v.nulls, 0)
	}
}

// Gather returns a new vector with the rows of v at the given positions.
func (v *Vector) Gather(rows []int32) *Vector {
	out := &Vector{T: v.T}
	n := len(rows)
	if v.Const {
		out.Resize(1)
		out.Set(0, v.Get(0))
		out.Const = true
		return out
	}
	switch {
	case v.T == Bool:
		out.B = make([]bool, n)
		for k, r := range rows {
			out.B[k] = v.B[r]
		}
	case v.T.UsesInts():
		out.I = make([]int64, n)
		for k, r := range rows {
			out.I[k] = v.I[r]
		}
	case v.T.UsesFloats():
		out.F = make([]float64, n)
		for k, r := range rows {
			out.F[k] = v.F[r]
		}
	case v.T == String || v.T == GUID:
		out.S = make([]string, n)
		for k, r := range rows {
			out.S[k] = v.S[r]
		}
	case v.T == Dynamic:
		out.D = make([]*Dyn, n)
		for k, r := range rows {
			out.D[k] = v.D[r]
		}
		return out
	}
	if v.nulls != nil {
		for k, r := range rows {
			if v.IsNull(int(r)) {
				out.SetNull(k)
			}
		}
	}
	return out
}

// Expand returns a full (non-constant) copy of a constant vector with n rows;
// other vectors are returned as they are.
func (v *Vector) Expand(n int) *Vector {
	if !v.Const {
		return v
	}
	out := NewVector(v.T, n)
	x := v.Get(0)
	for i := 0; i < n; i++ {
		out.Set(i, x)
	}
	return out
}

// Batch is a set of equal-length column vectors and an optional selection
// vector. When Sel is not nil only the rows it lists (ascending) are live.
type Batch struct {
	Len  int
	Cols []*Vector
	Sel  []int32
}

// Rows is the number of live rows.
func (b *Batch) Rows() int {
	if b.Sel != nil {
		return len(b.Sel)
	}
	return b.Len
}

// Row returns the physical index of the k-th live row.
func (b *Batch) Row(k int) int {
	if b.Sel != nil {
		return int(b.Sel[k])
	}
	return k
}

// ForEach calls f with the physical index of every live row.
func (b *Batch) ForEach(f func(i int)) {
	if b.Sel != nil {
		for _, i := range b.Sel {
			f(int(i))
		}
		return
	}
	for i := 0; i < b.Len; i++ {
		f(i)
	}
}

// Compact returns a batch without a selection vector holding only the live
// rows. Batches without a selection are returned as they are.
func (b *Batch) Compact() *Batch {
	if b.Sel == nil {
		return b
	}
	out := &Batch{Len: len(b.Sel), Cols: make([]*Vector, len(b.Cols))}
	for c, v := range b.Cols {
		out.Cols[c] = v.Gather(b.Sel)
	}
	return out
}
