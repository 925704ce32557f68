package plan

import "github.com/harrier-sec/harrier/internal/value"

// SeriesAgg is one aggregation of a make-series with the value of the
// array elements whose (keys, bin) had no input row.
type SeriesAgg struct {
	AggCall
	// Default has the aggregate's output type (or is a typed null).
	Default value.Value
}

// MakeSeries groups rows by Keys and by the bin of Axis, aggregates each
// group and arranges the results of every key into dynamic arrays along
// the axis. The output is the keys, one array per aggregate, then the
// array of bin starts.
type MakeSeries struct {
	In   Node
	Keys []Expr
	Aggs []SeriesAgg
	// Axis is a datetime, timespan or numeric expression over the input;
	// AxisType is the type of the bins (Axis's type promoted with Step's
	// for numbers).
	Axis     Expr
	AxisType value.Type
	// From and To are constant expressions, nil when derived from the data.
	From, To Expr
	Step     Expr
	// InRange is the legacy "in range(start, stop, step)" form: stop is
	// inclusive and bins are aligned with bin() rather than bin_at(start).
	InRange bool
	// NonEmpty (kind=nonempty) yields one row of defaults for empty input.
	NonEmpty bool
	Out      value.Schema
}

// Schema implements Node.
func (n *MakeSeries) Schema() value.Schema { return n.Out }

// Inputs implements Node.
func (n *MakeSeries) Inputs() []Node { return []Node{n.In} }
