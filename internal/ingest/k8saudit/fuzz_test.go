package k8saudit

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/ingest"
)

// fuzzSeeds are lines of the real log (every 37th, so all kinds of requests
// show up) plus the shapes the unit tests use.
func fuzzSeeds(tb testing.TB) [][]byte {
	var seeds [][]byte
	for i, l := range bytes.Split(readRealLog(tb), []byte("\n")) {
		if i%37 == 0 && len(l) > 0 {
			seeds = append(seeds, l)
		}
	}
	for _, s := range []string{
		podCreate,
		ev(base + `,"requestURI":"/readyz","user":{},"sourceIPs":[]`),
		ev(base + `,"requestObject":[{"op":"replace","path":"/spec/replicas","value":3}]`),
		`{"auditID":"a\u0031","stage":"Panic","sourceIPs":["\u0031"],"requestReceivedTimestamp":"2026-11-23T17:45:50.5+02:00","éclair":1,"":2}`,
		`{"kind":"EventList","items":[` + item("a1", "RequestReceived") + `,"x",` + item("a2", "ResponseComplete") + `]}`,
		"{\n  \"kind\": \"Event\",\n  \"auditID\": \"a1\"\n}\n",
	} {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Normalize(data, Options{})
		if err != nil {
			return
		}
		raw := e.RawEventData.JSON()
		if !json.Valid([]byte(raw)) {
			t.Fatalf("RawEventData is not valid JSON: %s", raw)
		}
		if e.ReportId == "" || e.ActionType == "" {
			t.Fatalf("empty ReportId or ActionType: %+v", e)
		}
		// RawEventData is itself a valid input that gives the same row.
		again, err := Normalize([]byte(raw), Options{})
		if err != nil {
			t.Fatalf("re-normalize %s: %v", raw, err)
		}
		if diff := cmp.Diff(e, again, dynEqual); diff != "" {
			t.Fatalf("re-normalized (-first +second):\n%s", diff)
		}
	})
}

func FuzzDecode(f *testing.F) {
	seeds := fuzzSeeds(f)
	f.Add(bytes.Join(seeds[:8], []byte("\n")))
	f.Add(bytes.Join(seeds[:4], []byte("\r\n\r\n")))
	f.Add(gz(bytes.Join(seeds[:3], []byte("\n"))))
	f.Add([]byte(`{"kind":"EventList","items":[` + string(bytes.Join(seeds[:3], []byte(","))) + `]}`))
	var pretty bytes.Buffer
	json.Indent(&pretty, []byte(`{"kind":"EventList","items":[`+string(bytes.Join(seeds[:2], []byte(",")))+`]}`), "", "  ")
	f.Add(pretty.Bytes())
	for _, s := range seeds[len(seeds)-6:] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		st, err := Decode(bytes.NewReader(data), Options{}, func(e *ingest.Event) error {
			n++
			if raw := e.RawEventData.JSON(); !json.Valid([]byte(raw)) {
				t.Fatalf("RawEventData is not valid JSON: %s", raw)
			}
			if e.ReportId == "" {
				t.Fatal("empty ReportId")
			}
			return nil
		}, func(e *RecordError) {
			if e.Line < 1 || e.Offset < 0 || e.Err == nil {
				t.Fatalf("bad RecordError %+v", e)
			}
		})
		if st.Events != n || st.Lines < 0 || st.Bytes < 0 {
			t.Fatalf("stats %+v for %d events (err %v)", st, n, err)
		}
	})
}
