package exec

import (
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// union concatenates the legs, mapping each leg's columns onto the union
// schema; columns a leg lacks are null.
func (q *query) union(x *plan.Union) (*table.Table, error) {
	out := &table.Table{Schema: x.Out}
	for li, leg := range x.Legs {
		t, err := q.run(leg)
		if err != nil {
			return nil, err
		}
		m := x.Maps[li]
		for _, b := range t.Batches {
			nb := &value.Batch{Len: b.Len, Sel: b.Sel, Cols: make([]*value.Vector, len(x.Out))}
			for c, col := range x.Out {
				switch {
				case c == x.SourceCol:
					nb.Cols[c] = value.ConstVector(value.NewString(x.LegNames[li]))
				case m[c] >= 0:
					nb.Cols[c] = b.Cols[m[c]]
				default:
					nb.Cols[c] = value.ConstVector(value.Null(col.Type))
				}
			}
			out.Batches = append(out.Batches, nb)
		}
	}
	return out, nil
}

var dotnetTypes = map[value.Type]string{
	value.Bool: "System.Boolean", value.Int: "System.Int32", value.Long: "System.Int64",
	value.Real: "System.Double", value.Decimal: "System.Data.SqlTypes.SqlDecimal",
	value.String: "System.String", value.DateTime: "System.DateTime", value.TimeSpan: "System.TimeSpan",
	value.GUID: "System.Guid", value.Dynamic: "System.Object",
}

func (q *query) getSchema(x *plan.GetSchema) (*table.Table, error) {
	b := table.NewBuilder("", x.Schema())
	for i, c := range x.In.Schema() {
		b.AppendRow([]value.Value{
			value.NewString(c.Name), value.NewInt(int64(i)),
			value.NewString(dotnetTypes[c.Type]), value.NewString(c.Type.String()),
		})
	}
	return b.Table(), nil
}

// rangeOp generates the rows of a range source.
func (q *query) rangeOp(x *plan.Range) (*table.Table, error) {
	b := table.NewBuilder("", x.Schema())
	limit := q.opts.MaxRows
	if limit <= 0 {
		limit = 100_000_000
	}
	emit := func(v value.Value) error {
		if int64(b.Rows()) >= limit {
			return q.rowCapError()
		}
		b.AppendRow([]value.Value{v})
		return nil
	}
	switch {
	case x.T.UsesFloats():
		from, _ := value.ConstVector(x.From).AsReal(0)
		to, _ := value.ConstVector(x.To).AsReal(0)
		step, _ := value.ConstVector(x.Step).AsReal(0)
		if step == 0 {
			return nil, &Error{Msg: "range step must not be zero"}
		}
		for v := from; (step > 0 && v <= to) || (step < 0 && v >= to); v += step {
			if err := emit(value.Value{T: x.T, F: v}); err != nil {
				return nil, err
			}
		}
	default:
		from, to, step := x.From.I, x.To.I, x.Step.I
		if step == 0 {
			return nil, &Error{Msg: "range step must not be zero"}
		}
		for v := from; (step > 0 && v <= to) || (step < 0 && v >= to); v += step {
			if err := emit(value.Value{T: x.T, I: v}); err != nil {
				return nil, err
			}
		}
	}
	return b.Table(), nil
}
