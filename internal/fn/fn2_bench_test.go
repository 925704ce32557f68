package fn

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

// Benchmarks of the functions added in fn2_*.go and agg_tdigest.go, over
// columns shaped like audit data.

const fn2BenchRows = 1 << 14

// fn2BenchEval runs a registered function over vectors, reporting bytes as
// the given input size.
func fn2BenchEval(b *testing.B, name string, bytes int, args ...*value.Vector) {
	s := Lookup(name)
	b.ReportAllocs()
	b.SetBytes(int64(bytes))
	for b.Loop() {
		s.Eval(&Context{}, args, fn2BenchRows, nil)
	}
}

func fn2StrVec(f func(i int) string) (*value.Vector, int) {
	v := value.NewVector(value.String, fn2BenchRows)
	n := 0
	for i := range v.S {
		v.S[i] = f(i)
		n += len(v.S[i])
	}
	return v, n
}

func BenchmarkFn2Text(b *testing.B) {
	cmd, cmdBytes := fn2StrVec(func(i int) string {
		return `"C:\Windows\System32\cmd.exe" /c "echo job-` + strconv.Itoa(i) + `" > C:\tmp\out\` + strconv.Itoa(i) + `.log`
	})
	win := value.ConstVector(fxS("windows"))
	b.Run("fn=parse_command_line", func(b *testing.B) { fn2BenchEval(b, "parse_command_line", cmdBytes, cmd, win) })
	path, pathBytes := fn2StrVec(func(i int) string { return `/var/log/pods/default_p-` + strconv.Itoa(i) + `/app/0.log` })
	b.Run("fn=parse_path", func(b *testing.B) { fn2BenchEval(b, "parse_path", pathBytes, path) })
	ev, evBytes := fn2StrVec(fxBenchEvent)
	jp := value.ConstVector(fxS("$.ObjectRef.name"))
	b.Run("fn=extract_json", func(b *testing.B) { fn2BenchEval(b, "extract_json", evBytes, jp, ev) })
	ips := value.ConstVector(fxD(`["10.0.0.7","10.0.0.9"]`))
	b.Run("fn=has_any_ipv4", func(b *testing.B) { fn2BenchEval(b, "has_any_ipv4", evBytes, ev, ips) })
	pre := value.ConstVector(fxS("10.0."))
	b.Run("fn=has_ipv4_prefix", func(b *testing.B) { fn2BenchEval(b, "has_ipv4_prefix", evBytes, ev, pre) })
	v6, v6Bytes := fn2StrVec(func(i int) string { return "fe80::85d:e82c:9446:" + strconv.FormatInt(int64(i), 16) })
	b.Run("fn=parse_ipv6", func(b *testing.B) { fn2BenchEval(b, "parse_ipv6", v6Bytes, v6) })
}

func BenchmarkFn2Compress(b *testing.B) {
	ev, evBytes := fn2StrVec(fxBenchEvent)
	b.Run("fn=gzip_compress_to_base64_string", func(b *testing.B) {
		fn2BenchEval(b, "gzip_compress_to_base64_string", evBytes, ev)
	})
	gz := Lookup("gzip_compress_to_base64_string").Eval(&Context{}, []*value.Vector{ev}, fn2BenchRows, nil)
	b.Run("fn=gzip_decompress_from_base64_string", func(b *testing.B) {
		fn2BenchEval(b, "gzip_decompress_from_base64_string", evBytes, gz)
	})
}

func BenchmarkFn2Numeric(b *testing.B) {
	x := value.NewVector(value.Long, fn2BenchRows)
	for i := range x.I {
		x.I[i] = int64(i) * 2654435761
	}
	mask := value.ConstVector(fxL(0xff00))
	b.Run("fn=binary_and", func(b *testing.B) { fn2BenchEval(b, "binary_and", 8*fn2BenchRows, x, mask) })
	b.Run("fn=bitset_count_ones", func(b *testing.B) { fn2BenchEval(b, "bitset_count_ones", 8*fn2BenchRows, x) })
	r := value.NewVector(value.Real, fn2BenchRows)
	for i := range r.F {
		r.F[i] = float64(i) / 1000
	}
	b.Run("fn=sin", func(b *testing.B) { fn2BenchEval(b, "sin", 8*fn2BenchRows, r) })
	b.Run("fn=format_bytes", func(b *testing.B) { fn2BenchEval(b, "format_bytes", 8*fn2BenchRows, x) })
	s, _ := fn2StrVec(func(i int) string { return "user-" + strconv.Itoa(i) })
	b.Run("fn=hash_many", func(b *testing.B) { fn2BenchEval(b, "hash_many", 8*fn2BenchRows, s, x) })
	arr := value.ConstVector(fxD(`[1,2,3,4,5,6,7,8]`))
	b.Run("fn=array_rotate_left", func(b *testing.B) { fn2BenchEval(b, "array_rotate_left", 8*fn2BenchRows, arr, x) })
}

func BenchmarkFn2TimeZone(b *testing.B) {
	ts := value.NewVector(value.DateTime, fn2BenchRows)
	start := fxMustDT("2024-05-01T00:00:00Z")
	for i := range ts.I {
		ts.I[i] = start + int64(i)*37*value.TicksPerSecond
	}
	for _, zone := range []string{"UTC", "Europe/Paris"} {
		z := value.ConstVector(fxS(zone))
		b.Run("fn=datetime_utc_to_local/zone="+zone, func(b *testing.B) {
			fn2BenchEval(b, "datetime_utc_to_local", 8*fn2BenchRows, ts, z)
		})
		b.Run("fn=datetime_local_to_utc/zone="+zone, func(b *testing.B) {
			fn2BenchEval(b, "datetime_local_to_utc", 8*fn2BenchRows, ts, z)
		})
	}
}

// BenchmarkTDigest measures tdigest() over many rows in a few groups and
// reading percentiles back.
func BenchmarkTDigest(b *testing.B) {
	const rows = 1 << 18
	rng := rand.New(rand.NewPCG(1, 2))
	for _, groups := range []int{1, 100} {
		x := value.NewVector(value.Long, rows)
		gs := make([]uint32, rows)
		sel := make([]int32, rows)
		for i := range x.I {
			x.I[i] = int64(rng.ExpFloat64() * 1000)
			gs[i] = uint32(rng.IntN(groups))
			sel[i] = int32(i)
		}
		agg := LookupAggregate("tdigest")
		a := []Arg{{Type: value.Long}}
		b.Run("groups="+strconv.Itoa(groups), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(8 * rows)
			for b.Loop() {
				st := agg.New(a)
				for i := 0; i < rows; i += 1024 {
					st.Update([]*value.Vector{x}, sel[i:i+1024], gs[i:i+1024])
				}
				st.Results(groups)
			}
		})
	}
	st := LookupAggregate("tdigest").New([]Arg{{Type: value.Long}})
	x := value.NewVector(value.Long, rows)
	gs := make([]uint32, rows)
	sel := make([]int32, rows)
	for i := range x.I {
		x.I[i] = int64(rng.NormFloat64() * 1000)
		sel[i] = int32(i)
	}
	st.Update([]*value.Vector{x}, sel, gs)
	dig := value.ConstVector(value.NewDynamic(st.Results(1)[0].D[0]))
	p := value.NewVector(value.Real, fn2BenchRows)
	for i := range p.F {
		p.F[i] = float64(i%101) * 0.99
	}
	b.Run("fn=percentile_tdigest", func(b *testing.B) { fn2BenchEval(b, "percentile_tdigest", 8*fn2BenchRows, dig, p) })
}
