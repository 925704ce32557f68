package fn

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

// Benchmarks of the hot scalar functions: bin over a datetime column,
// tostring of dynamic values and parse_json of event-sized JSON text.

const fxBenchRows = 1 << 20

func BenchmarkBin(b *testing.B) {
	start := fxMustDT("2024-05-01T00:00:00Z")
	for _, nulls := range []bool{false, true} {
		ts := value.NewVector(value.DateTime, fxBenchRows)
		for i := range ts.I {
			ts.I[i] = start + int64(i)*3*value.TicksPerSecond
			if nulls && i%100 == 0 {
				ts.SetNull(i)
			}
		}
		size := value.ConstVector(fxTS("5m"))
		bin := Lookup("bin")
		b.Run(fmt.Sprintf("type=datetime/rows=%d/nulls=%v", fxBenchRows, nulls), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(8 * fxBenchRows)
			for b.Loop() {
				bin.Eval(&Context{}, []*value.Vector{ts, size}, fxBenchRows, nil)
			}
		})
	}
	nums := value.NewVector(value.Real, fxBenchRows)
	for i := range nums.F {
		nums.F[i] = float64(i) * 0.37
	}
	b.Run(fmt.Sprintf("type=real/rows=%d", fxBenchRows), func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(8 * fxBenchRows)
		for b.Loop() {
			Lookup("bin").Eval(&Context{}, []*value.Vector{nums, value.ConstVector(fxR(10))}, fxBenchRows, nil)
		}
	})
}

// fxBenchEvent is a small audit-event-like object.
func fxBenchEvent(i int) string {
	return `{"Verb":"create","User":{"username":"system:serviceaccount:kube-system:job-` + strconv.Itoa(i) +
		`","groups":["system:serviceaccounts","system:authenticated"]},"ObjectRef":{"resource":"pods","namespace":"default","name":"p-` +
		strconv.Itoa(i) + `"},"ResponseStatus":{"code":201},"SourceIPs":["10.0.0.` + strconv.Itoa(i%250) + `"]}`
}

func BenchmarkToStringDynamic(b *testing.B) {
	const n = 1 << 16
	for _, kind := range []string{"raw", "built", "scalar"} {
		vec := value.NewVector(value.Dynamic, n)
		bytes := 0
		for i := range vec.D {
			switch kind {
			case "raw":
				vec.D[i] = value.RawJSON(fxBenchEvent(i))
			case "built":
				vec.D[i] = value.DynBag([]string{"code", "name", "tags"}, []*value.Dyn{
					value.DynLong(int64(i)), value.DynString("pod-" + strconv.Itoa(i)),
					value.DynArray([]*value.Dyn{value.DynString("a"), value.DynBool(true)}),
				})
			case "scalar":
				vec.D[i] = value.DynLong(int64(i))
			}
			bytes += len(vec.D[i].JSON())
		}
		b.Run("kind="+kind, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(bytes))
			for b.Loop() {
				Lookup("tostring").Eval(&Context{}, []*value.Vector{vec}, n, nil)
			}
		})
	}
}

func BenchmarkParseJSON(b *testing.B) {
	const n = 1 << 14
	for _, kind := range []string{"object", "number", "text"} {
		vec := value.NewVector(value.String, n)
		bytes := 0
		for i := range vec.S {
			switch kind {
			case "object":
				vec.S[i] = fxBenchEvent(i)
			case "number":
				vec.S[i] = strconv.Itoa(i * 7919)
			case "text":
				vec.S[i] = "not json " + strconv.Itoa(i)
			}
			bytes += len(vec.S[i])
		}
		b.Run("kind="+kind, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(bytes))
			for b.Loop() {
				Lookup("parse_json").Eval(&Context{}, []*value.Vector{vec}, n, nil)
			}
		})
	}
}
