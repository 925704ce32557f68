package exec

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerRunner((*plan.BagUnpack)(nil), func(q *query, n plan.Node) (*table.Table, error) {
		return q.bagUnpack(n.(*plan.BagUnpack))
	})
	registerRunner((*plan.Pivot)(nil), func(q *query, n plan.Node) (*table.Table, error) {
		return q.pivot(n.(*plan.Pivot))
	})
}

// dynColumnType is the column type of a bag slot holding values of kind k.
func dynColumnType(k value.DynKind) value.Type {
	switch k {
	case value.DBool:
		return value.Bool
	case value.DLong:
		return value.Long
	case value.DReal:
		return value.Real
	case value.DString:
		return value.String
	case value.DDateTime:
		return value.DateTime
	case value.DTimeSpan:
		return value.TimeSpan
	case value.DGUID:
		return value.GUID
	}
	return value.Dynamic
}

// bagUnpack makes one column per top-level key of the property bags of
// column x.Col. A first pass over the (materialized) input finds the keys
// and their types; the second fills the columns batch by batch.
func (q *query) bagUnpack(x *plan.BagUnpack) (*table.Table, error) {
	in, err := q.run(x.In)
	if err != nil {
		return nil, err
	}
	// Slot types: a slot whose non-null values all have one kind gets that
	// kind's type, otherwise dynamic. Null values are ignored, so a slot
	// that only ever holds null makes no column.
	types := map[string]value.Type{}
	for _, b := range in.Batches {
		v := b.Cols[x.Col]
		b.ForEach(func(i int) {
			d := v.Dyn(i)
			if d.Kind() != value.DBag {
				return
			}
			d.Fields(func(k string, e *value.Dyn) bool {
				if e.IsNull() || x.Ignored[k] {
					return true
				}
				t := dynColumnType(e.Kind())
				if old, ok := types[k]; ok && old != t {
					t = value.Dynamic
				}
				types[k] = t
				return true
			})
		})
	}
	keys := make([]string, 0, len(types))
	for k := range types {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	inSchema := in.Schema
	srcIndex := map[string]int{}
	for i, c := range inSchema {
		if i != x.Col {
			srcIndex[c.Name] = i
		}
	}
	dropSrc := map[int]bool{x.Col: true}
	var slots []string // keys that become columns
	for _, k := range keys {
		name := x.Prefix + k
		if i, clash := srcIndex[name]; clash {
			switch x.Conflict {
			case "replace_source":
				dropSrc[i] = true
			case "keep_source":
				continue
			default:
				return nil, &Error{Msg: fmt.Sprintf("bag_unpack(): the unpacked column '%s' has the name of an existing column; pass columnsConflict 'replace_source' or 'keep_source'", name)}
			}
		}
		slots = append(slots, k)
	}
	var schema value.Schema
	var keep []int
	for i, c := range inSchema {
		if !dropSrc[i] {
			schema = append(schema, c)
			keep = append(keep, i)
		}
	}
	for _, k := range slots {
		schema = append(schema, value.Column{Name: x.Prefix + k, Type: types[k]})
	}
	slotIndex := make(map[string]int, len(slots))
	for j, k := range slots {
		slotIndex[k] = j
	}
	out := &table.Table{Name: in.Name, Schema: schema}
	for _, b := range in.Batches {
		if b.Rows() == 0 {
			continue
		}
		nb := &value.Batch{Len: b.Len, Sel: b.Sel}
		for _, i := range keep {
			nb.Cols = append(nb.Cols, b.Cols[i])
		}
		vecs := make([]*value.Vector, len(slots))
		for j, k := range slots {
			vecs[j] = value.NewVector(types[k], b.Len)
			for i := 0; i < b.Len; i++ {
				vecs[j].SetNull(i)
			}
		}
		src := b.Cols[x.Col]
		b.ForEach(func(i int) {
			d := src.Dyn(i)
			if d.Kind() != value.DBag {
				return
			}
			d.Fields(func(k string, e *value.Dyn) bool {
				j, ok := slotIndex[k]
				if !ok || e.IsNull() {
					return true
				}
				if vecs[j].T == value.Dynamic {
					vecs[j].Set(i, value.NewDynamic(e))
				} else if s, ok := e.Scalar(); ok {
					vecs[j].Set(i, s)
				}
				return true
			})
		})
		nb.Cols = append(nb.Cols, vecs...)
		out.Batches = append(out.Batches, nb)
	}
	return out, nil
}

// pivot turns the distinct values of x.PivotX into columns holding the
// aggregate of each key group's rows with that value. Groups and pivot
// columns come in order of first appearance, so the input runs in order on
// one goroutine.
func (q *query) pivot(x *plan.Pivot) (*table.Table, error) {
	in, err := q.run(x.In)
	if err != nil {
		return nil, err
	}
	c := q.compiler()
	keyEvs, err := c.exprs(x.Keys)
	if err != nil {
		return nil, err
	}
	pivEv, err := c.expr(x.PivotX)
	if err != nil {
		return nil, err
	}
	argEvs, err := c.exprs(x.Agg.Args)
	if err != nil {
		return nil, err
	}
	groups := newGroupTable(&plan.Summarize{Keys: x.Keys})
	state := x.Agg.Agg.New(x.Agg.Arg)
	pivIndex := map[string]int{}
	var pivNames []string
	cells := map[[2]uint32]uint32{}
	var rows []int32
	var ids []uint32
	for _, b := range in.Batches {
		if b.Rows() == 0 {
			continue
		}
		keyVecs := make([]*value.Vector, len(keyEvs))
		for k, ev := range keyEvs {
			keyVecs[k] = ev(b)
		}
		piv := pivEv(b)
		rows, ids = rows[:0], ids[:0]
		b.ForEach(func(i int) {
			g := groups.group(keyVecs, i)
			name := piv.AsString(i)
			p, ok := pivIndex[name]
			if !ok {
				p = len(pivNames)
				pivIndex[name] = p
				pivNames = append(pivNames, name)
			}
			cell := [2]uint32{g, uint32(p)}
			id, ok := cells[cell]
			if !ok {
				id = uint32(len(cells))
				cells[cell] = id
			}
			rows = append(rows, int32(i))
			ids = append(ids, id)
		})
		if q.opts.MaxRows > 0 && int64(groups.n) > q.opts.MaxRows {
			return nil, q.rowCapError()
		}
		args := make([]*value.Vector, len(argEvs))
		for k, ev := range argEvs {
			args[k] = ev(b)
		}
		state.Update(args, rows, ids)
	}
	// One more group than was ever updated: the aggregate of no rows, for
	// key groups that lack a pivot value.
	empty := uint32(len(cells))
	res := state.Results(int(empty) + 1)[0]
	schema := append(value.Schema(nil), x.KeyCols...)
	used := map[string]bool{}
	for _, col := range schema {
		used[col.Name] = true
	}
	for _, name := range pivNames {
		n := name
		for k := 1; used[n]; k++ {
			n = name + strconv.Itoa(k)
		}
		used[n] = true
		schema = append(schema, value.Column{Name: n, Type: x.AggType})
	}
	bld := table.NewBuilder("", schema)
	for g := uint32(0); g < groups.n; g++ {
		cols := bld.Cols()
		for k, kv := range groups.keys {
			cols[k].Append(kv, int(g))
		}
		for p := range pivNames {
			id, ok := cells[[2]uint32{g, uint32(p)}]
			if !ok {
				id = empty
			}
			cols[len(groups.keys)+p].Append(res, int(id))
		}
		bld.Commit()
	}
	return bld.Table(), nil
}
