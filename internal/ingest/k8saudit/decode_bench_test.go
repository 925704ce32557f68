package k8saudit

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/harrier-sec/harrier/internal/ingest"
)

// BenchmarkDecode decodes the real log in the shapes the apiserver sends:
// the log backend's JSON lines, the same gzipped, and one webhook EventList.
func BenchmarkDecode(b *testing.B) {
	lines := readRealLog(b)
	var list bytes.Buffer
	list.WriteString(`{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[`)
	for i, l := range bytes.Split(bytes.TrimSpace(lines), []byte("\n")) {
		if i > 0 {
			list.WriteByte(',')
		}
		list.Write(l)
	}
	list.WriteString("]}")
	var pretty bytes.Buffer
	json.Indent(&pretty, list.Bytes(), "", "  ")
	for _, bc := range []struct {
		name string
		in   []byte
	}{
		{"format=jsonl", lines},
		{"format=jsonl.gz", gz(lines)},
		{"format=eventlist", list.Bytes()},
		{"format=eventlist-pretty", pretty.Bytes()},
	} {
		b.Run(bc.name, func(b *testing.B) {
			// MB/s counts the uncompressed JSON, so the formats compare.
			b.SetBytes(int64(len(lines)))
			b.ReportAllocs()
			events := 0
			for b.Loop() {
				st, err := Decode(bytes.NewReader(bc.in), Options{}, func(*ingest.Event) error { return nil }, nil)
				if err != nil || st.Events != realLogEvents {
					b.Fatalf("%+v, %v", st, err)
				}
				events += st.Events
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkNormalize is the per-event cost without any framing.
func BenchmarkNormalize(b *testing.B) {
	lines := bytes.Split(bytes.TrimSpace(readRealLog(b)), []byte("\n"))
	var n normalizer
	opts := Options{}
	b.SetBytes(int64(len(lines[0])))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := n.normalize(lines[0], &opts); err != nil {
			b.Fatal(err)
		}
	}
}
