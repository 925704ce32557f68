package fn

import (
	"math"

	"github.com/harrier-sec/harrier/internal/value"
)

// series_stats and series_stats_dynamic: min (and its first index), max
// (and its first index), average, sample variance and standard deviation of
// a numeric series. Unless ignore_nonfinite is true, a series holding null,
// NaN, infinity or a non-number gives null statistics.

// SeriesStatsOutput is one of the values series_stats() returns.
type SeriesStatsOutput struct {
	// Suffix is what Kusto appends to the column name: an unnamed
	// series_stats(x) gives series_stats_x_min, series_stats_x_min_idx, ...
	Suffix string
	Type   value.Type
}

// SeriesStatsOutputs lists series_stats()'s values in the order of the
// array the function returns (and of the columns Kusto gives them).
var SeriesStatsOutputs = []SeriesStatsOutput{
	{"min", value.Real}, {"min_idx", value.Long}, {"max", value.Real}, {"max_idx", value.Long},
	{"avg", value.Real}, {"stdev", value.Real}, {"variance", value.Real},
}

func init() {
	check := func(args []Arg) (value.Type, error) {
		if t := args[0].Type; t != value.Dynamic && t != value.Unknown {
			return value.Unknown, Errorf("argument 1 must be a dynamic array, got %s", t)
		}
		if len(args) > 1 && !KBool.Accepts(args[1].Type) {
			return value.Unknown, Errorf("argument 2 (ignore_nonfinite) must be bool, got %s", args[1].Type)
		}
		return value.Dynamic, nil
	}
	Register(&Scalar{Name: "series_stats", MinArgs: 1, MaxArgs: 2, Check: check,
		Doc: "series_stats(series[, ignore_nonfinite]): min, min_idx, max, max_idx, avg, stdev and variance of a numeric series, as seven columns.",
		Columns: func(_ []Arg, names []string) []value.Column {
			prefix := "series_stats_"
			if len(names) > 0 && names[0] != "" {
				prefix += names[0] + "_"
			}
			out := make([]value.Column, len(SeriesStatsOutputs))
			for i, o := range SeriesStatsOutputs {
				out[i] = value.Column{Name: prefix + o.Suffix, Type: o.Type}
			}
			return out
		},
		Eval: seriesStatsKernel(func(s seriesStats) *value.Dyn {
			return value.DynArray([]*value.Dyn{s.min, s.minIdx, s.max, s.maxIdx, s.avg, s.stdev, s.variance})
		})})
	Register(&Scalar{Name: "series_stats_dynamic", MinArgs: 1, MaxArgs: 2, Check: check,
		Doc: "series_stats_dynamic(series[, ignore_nonfinite]): a bag of min, min_idx, max, max_idx, avg, stdev, variance, sum and len.",
		Eval: seriesStatsKernel(func(s seriesStats) *value.Dyn {
			return value.DynBag(
				[]string{"min", "min_idx", "max", "max_idx", "avg", "stdev", "variance", "sum", "len"},
				[]*value.Dyn{s.min, s.minIdx, s.max, s.maxIdx, s.avg, s.stdev, s.variance, s.sum, s.len})
		})})
}

// seriesStats holds the statistics as dynamic values (nil for null).
type seriesStats struct {
	min, minIdx, max, maxIdx, avg, stdev, variance, sum, len *value.Dyn
}

func seriesStatsKernel(build func(seriesStats) *value.Dyn) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Dynamic, n)
		ForRows(n, sel, func(i int) {
			d := args[0].AsDyn(i)
			if d.Kind() != value.DArray {
				return
			}
			ignore := false
			if len(args) > 1 {
				ignore, _ = args[1].AsBool(i)
			}
			res.D[i] = build(computeSeriesStats(d.Items(), ignore))
		})
		return res
	}
}

// computeSeriesStats computes the statistics. Indexes are positions in the input and
// len is the input's length, whether or not values were ignored.
func computeSeriesStats(items []*value.Dyn, ignore bool) seriesStats {
	var xs []float64
	var idx []int
	for k, d := range items {
		x := seriesNumOf(d)
		if !seriesIsFinite(x) {
			if ignore {
				continue
			}
			// One value that is not finite makes every statistic null.
			return seriesStats{len: value.DynLong(int64(len(items)))}
		}
		xs = append(xs, x.f)
		idx = append(idx, k)
	}
	s := seriesStats{len: value.DynLong(int64(len(items)))}
	if len(xs) == 0 {
		return s
	}
	minK, maxK, sum := 0, 0, 0.0
	for k, x := range xs {
		if x < xs[minK] {
			minK = k
		}
		if x > xs[maxK] {
			maxK = k
		}
		sum += x
	}
	// The variance uses Welford's running update and the average sum/n:
	// that pair reproduces Kusto's results to the last bit.
	mean, m2 := 0.0, 0.0
	for k, x := range xs {
		d := x - mean
		mean += d / float64(k+1)
		m2 += d * (x - mean)
	}
	variance := 0.0
	if len(xs) > 1 {
		variance = m2 / float64(len(xs)-1)
	}
	s.min, s.minIdx = value.DynReal(xs[minK]), value.DynLong(int64(idx[minK]))
	s.max, s.maxIdx = value.DynReal(xs[maxK]), value.DynLong(int64(idx[maxK]))
	s.avg, s.sum = value.DynReal(sum/float64(len(xs))), value.DynReal(sum)
	s.variance, s.stdev = value.DynReal(variance), value.DynReal(math.Sqrt(variance))
	return s
}
