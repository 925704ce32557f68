package k8saudit

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/ingest"
)

// item is a webhook EventList item: an Event without kind/apiVersion.
func item(id, stage string) string {
	return `{"level":"Metadata","auditID":"` + id + `","stage":"` + stage +
		`","requestURI":"/api/v1/pods","verb":"list","user":{"username":"u"},"sourceIPs":["10.0.0.1"],` +
		`"stageTimestamp":"2026-11-23T15:45:50.717182Z"}`
}

// line is a log backend line.
func line(id string) string {
	return `{"kind":"Event","apiVersion":"audit.k8s.io/v1",` + item(id, "ResponseComplete")[1:]
}

type result struct {
	ids  []string
	errs []string // "line N @off: message"
}

// run decodes in and collects ReportIds and reported errors.
func run(t *testing.T, in []byte) (result, Stats, error) {
	t.Helper()
	var res result
	st, err := Decode(bytes.NewReader(in), Options{}, func(e *ingest.Event) error {
		if !json.Valid([]byte(e.RawEventData.JSON())) {
			t.Errorf("%s: RawEventData is not valid JSON", e.ReportId)
		}
		res.ids = append(res.ids, e.ReportId)
		return nil
	}, func(e *RecordError) {
		res.errs = append(res.errs, fmt.Sprintf("%v @%d", e, e.Offset))
	})
	return res, st, err
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestDecodeJSONLines(t *testing.T) {
	l1, l2 := line("a1"), line("a2")
	bad := `{"kind":"Event","level":"Metadata","auditID":"a3",`
	noID := `{"kind":"Event","stage":"ResponseComplete","stageTimestamp":"2026-11-23T15:45:50Z"}`
	in := l1 + "\n" + l2 + "\n" + bad + "\n" + line("a4") + "\n" + noID + "\n" + line("a6") // no final line feed
	off3 := int64(len(l1) + len(l2) + 2)
	off5 := off3 + int64(len(bad)+len(line("a4"))+2)
	want := result{
		ids: []string{"a1", "a2", "a4", "a6"},
		errs: []string{
			fmt.Sprintf("line 3: invalid JSON: unexpected end of JSON input @%d", off3),
			fmt.Sprintf("line 5: event has no auditID @%d", off5),
		},
	}
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"plain", []byte(in)},
		{"gzip", gz([]byte(in))},
		{"final line feed", []byte(in + "\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, st, err := run(t, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(result{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			wantSt := Stats{Events: 4, Bad: 2, Lines: 6, Bytes: int64(len(in))}
			if tc.name == "final line feed" {
				wantSt.Bytes++
			}
			if st != wantSt {
				t.Errorf("stats %+v, want %+v", st, wantSt)
			}
		})
	}
}

func TestDecodeBlankLinesCRLFAndBOM(t *testing.T) {
	in := "\xef\xbb\xbf\r\n\n" + line("a1") + "\r\n   \r\n\t\n" + line("a2") + "  \r\n\r\n" + `{"x":` + "\r\n"
	got, st, err := run(t, []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := result{ids: []string{"a1", "a2"}, errs: []string{
		fmt.Sprintf("line 8: invalid JSON: unexpected end of JSON input @%d", len(in)-len(`{"x":`+"\r\n")),
	}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(result{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if st.Lines != 8 {
		t.Errorf("Lines = %d, want 8", st.Lines)
	}
}

func TestDecodeLongLine(t *testing.T) {
	big := `{"kind":"Event","auditID":"big","stage":"ResponseComplete","stageTimestamp":"2026-11-23T15:45:50Z","requestObject":{"data":"` +
		strings.Repeat("x", 3*bufSize) + `"}}`
	in := line("a1") + "\n" + big + "\n" + line("a3") + "\n"
	got, _, err := run(t, []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(result{ids: []string{"a1", "big", "a3"}}, got, cmp.AllowUnexported(result{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDecodeEventList(t *testing.T) {
	items := []string{item("a1", "RequestReceived"), item("a1", "ResponseComplete"), item("a2", "ResponseStarted")}
	compact := `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[` + strings.Join(items, ",") + `]}`
	var pretty bytes.Buffer
	json.Indent(&pretty, []byte(compact), "", "  ")
	wantIDs := []string{"a1/RequestReceived", "a1", "a2/ResponseStarted"}
	for _, tc := range []struct {
		name string
		in   string
	}{
		{"compact", compact},
		{"compact with line feed", compact + "\n"},
		{"pretty", pretty.String()},
		{"sorted keys", `{"apiVersion":"audit.k8s.io/v1","items":[` + strings.Join(items, ",") + `],"kind":"EventList","metadata":{}}`},
		{"items on their own lines", "{\"kind\":\"EventList\",\"items\":[\n" + strings.Join(items, ",\n") + "]}\n"},
		{"two bodies", `{"kind":"EventList","items":[` + items[0] + `]}` + "\n" + `{"kind":"EventList","items":[` + strings.Join(items[1:], ",") + `]}`},
		{"list after JSON lines", "\n" + strings.Replace(line("a1"), `"ResponseComplete"`, `"RequestReceived"`, 1) + "\n" +
			`{"kind":"EventList","items":[` + strings.Join(items[1:], ",") + `]}` + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, in := range [][]byte{[]byte(tc.in), gz([]byte(tc.in))} {
				got, st, err := run(t, in)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(result{ids: wantIDs}, got, cmp.AllowUnexported(result{})); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
				if st.Events != 3 || st.Bad != 0 {
					t.Errorf("stats %+v", st)
				}
			}
		})
	}
}

func TestDecodeEventListBadItems(t *testing.T) {
	noID := `{"stage":"ResponseComplete","stageTimestamp":"2026-11-23T15:45:50Z"}`
	items := []string{item("a1", "ResponseComplete"), noID, `"str"`, `-7`, item("a5", "ResponseComplete")}
	compact := `{"kind":"EventList","items":[` + strings.Join(items, ",") + `]}`
	t.Run("compact", func(t *testing.T) {
		got, _, err := run(t, []byte(compact))
		if err != nil {
			t.Fatal(err)
		}
		off2 := strings.Index(compact, noID)
		off3 := strings.Index(compact, `"str"`)
		want := result{ids: []string{"a1", "a5"}, errs: []string{
			fmt.Sprintf("line 1: item 2: event has no auditID @%d", off2),
			fmt.Sprintf("line 1: item 3 is a JSON string, not an object @%d", off3),
			fmt.Sprintf("line 1: item 4 is a JSON number, not an object @%d", strings.Index(compact, `-7`)),
		}}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(result{})); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("compact inside JSON lines", func(t *testing.T) {
		in := line("x") + "\n" + compact + "\n"
		got, _, err := run(t, []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		lineOff := len(line("x")) + 1
		want := result{ids: []string{"x", "a1", "a5"}, errs: []string{
			fmt.Sprintf("line 2: item 2: event has no auditID @%d", lineOff+strings.Index(compact, noID)),
			fmt.Sprintf("line 2: item 3 is a JSON string, not an object @%d", lineOff+strings.Index(compact, `"str"`)),
			fmt.Sprintf("line 2: item 4 is a JSON number, not an object @%d", lineOff+strings.Index(compact, `-7`)),
		}}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(result{})); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("pretty", func(t *testing.T) {
		var pretty bytes.Buffer
		json.Indent(&pretty, []byte(compact), "", "  ")
		in := pretty.String()
		got, _, err := run(t, []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		lineOf := func(off int) int { return strings.Count(in[:off], "\n") + 1 }
		off2 := strings.Index(in, "{\n      \"stage\"")
		off3 := strings.Index(in, `"str"`)
		off4 := strings.Index(in, `-7`)
		want := result{ids: []string{"a1", "a5"}, errs: []string{
			fmt.Sprintf("line %d: item 2: event has no auditID @%d", lineOf(off2), off2),
			fmt.Sprintf("line %d: item 3 is a JSON string, not an object @%d", lineOf(off3), off3),
			fmt.Sprintf("line %d: item 4 is a JSON number, not an object @%d", lineOf(off4), off4),
		}}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(result{})); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

func TestDecodeSingleDocument(t *testing.T) {
	var pretty bytes.Buffer
	json.Indent(&pretty, []byte(line("a1")), "", "    ")
	for _, in := range []string{line("a1"), pretty.String(), pretty.String() + "\n" + pretty.String()} {
		got, _, err := run(t, []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Count(in, `"auditID"`)
		if len(got.ids) != want || got.ids[0] != "a1" || len(got.errs) != 0 {
			t.Errorf("%q: got %+v", in, got)
		}
	}
	// A pretty-printed document gives the same row as the line.
	var a, b *ingest.Event
	Decode(strings.NewReader(line("a1")), Options{}, func(e *ingest.Event) error { a = e; return nil }, nil)
	Decode(strings.NewReader(pretty.String()), Options{}, func(e *ingest.Event) error { b = e; return nil }, nil)
	if diff := cmp.Diff(a, b, dynEqual); diff != "" {
		t.Errorf("(-line +pretty):\n%s", diff)
	}
	// A bad single document is reported at its first line and skipped.
	in := "{\n  \"kind\": \"Event\",\n  \"stage\": \"ResponseComplete\"\n}\n" + pretty.String()
	got, _, err := run(t, []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := result{ids: []string{"a1"}, errs: []string{"line 1: event has no auditID @0"}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(result{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDecodeDocumentSyntaxError(t *testing.T) {
	in := "{\"kind\":\"EventList\",\"items\":[\n" + item("a1", "ResponseComplete") + ",\n{\"auditID\": nope}\n]}\n"
	got, st, err := run(t, []byte(in))
	var re *RecordError
	if !errors.As(err, &re) || re.Line != 3 || !strings.Contains(re.Error(), "line 3: invalid JSON: invalid character 'o' in literal null") {
		t.Fatalf("err = %v, want a RecordError on line 3", err)
	}
	if len(got.ids) != 1 || len(got.errs) != 0 || st.Bad != 1 {
		t.Errorf("got %+v, stats %+v", got, st)
	}
	// Truncated body.
	_, _, err = run(t, []byte(in[:60]))
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "invalid JSON: unexpected EOF") {
		t.Errorf("truncated: err = %v", err)
	}
	_, _, err = run(t, []byte(`{"kind":"EventList","items":{}}`))
	if err == nil || !strings.Contains(err.Error(), "items is a JSON object, want an array") {
		t.Errorf("items object: err = %v", err)
	}
	_, _, err = run(t, []byte("{\n\"kind\":\"Event\"}\n[1]"))
	if err == nil || err.Error() != "line 3: found a JSON array, want an Event or EventList object" {
		t.Errorf("array: err = %v", err)
	}
}

func TestDecodeEmitError(t *testing.T) {
	stop := errors.New("stop")
	three := item("a1", "ResponseComplete") + "," + item("a2", "ResponseComplete") + "," + item("a3", "ResponseComplete")
	for _, tc := range []struct {
		in   string
		want int // events emitted up to and including a2
	}{
		{line("a1") + "\n" + line("a2") + "\n" + line("a3"), 2},
		{`{"kind":"EventList","items":[` + three + "]}", 2},
		{"{\"items\":[\n" + three + "]}", 2},
		{"\n" + line("a0") + "\n" + `{"kind":"EventList","items":[` + three + "]}", 3},
	} {
		n := 0
		st, err := Decode(strings.NewReader(tc.in), Options{}, func(e *ingest.Event) error {
			n++
			if e.ReportId == "a2" {
				return stop
			}
			return nil
		}, nil)
		if err != stop {
			t.Errorf("err = %v, want stop", err)
		}
		if n != tc.want || st.Events != n {
			t.Errorf("emitted %d, want %d; stats %+v", n, tc.want, st)
		}
	}
}

func TestDecodeReadErrors(t *testing.T) {
	full := gz([]byte(line("a1") + "\n" + line("a2") + "\n"))
	got, _, err := run(t, full[:len(full)-6])
	if err == nil || !strings.Contains(err.Error(), "cannot read line") {
		t.Errorf("truncated gzip: err = %v", err)
	}
	if len(got.errs) != 0 {
		t.Errorf("truncated gzip reported %v", got.errs)
	}
	_, _, err = run(t, []byte{0x1f, 0x8b, 0, 0})
	if err == nil || !strings.Contains(err.Error(), "cannot read gzip header") {
		t.Errorf("bad gzip header: err = %v", err)
	}
	_, _, err = run(t, nil)
	if err != nil {
		t.Errorf("empty input: %v", err)
	}
}

func TestDecodeFile(t *testing.T) {
	dir := t.TempDir()
	in := []byte(line("a1") + "\n" + line("a2") + "\n")
	files := map[string][]byte{
		"audit.log":                            in,
		"audit-2026-11-22T18-30-28.086.log.gz": gz(in),
		"gzip-without-suffix":                  gz(in),
		"empty.log.gz":                         nil,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		st, err := DecodeFile(filepath.Join(dir, name), Options{}, func(*ingest.Event) error { return nil }, nil)
		want := 2
		if data == nil {
			want = 0
		}
		if err != nil || st.Events != want {
			t.Errorf("%s: %+v, %v", name, st, err)
		}
	}
	os.WriteFile(filepath.Join(dir, "plain.gz"), in, 0o644)
	if _, err := DecodeFile(filepath.Join(dir, "plain.gz"), Options{}, func(*ingest.Event) error { return nil }, nil); err == nil {
		t.Error("plain.gz: no error")
	}
	if _, err := DecodeFile(filepath.Join(dir, "missing"), Options{}, func(*ingest.Event) error { return nil }, nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

// slowReader returns one byte per Read, to move every buffer boundary.
type slowReader struct{ r io.Reader }

func (s slowReader) Read(p []byte) (int, error) { return s.r.Read(p[:1]) }

func TestDecodeSmallReads(t *testing.T) {
	items := item("a1", "ResponseComplete") + ",\n" + item("a2", "ResponseComplete")
	long := `,"requestObject":{"data":"` + strings.Repeat("x", 2*bufSize) + `"}}`
	for _, in := range []string{
		line("a1") + "\n" + line("a2") + "\n",
		strings.TrimSuffix(line("a1"), "}") + long + "\n" + line("a2") + "\n",
		"{\"kind\":\"EventList\",\n\"items\":[" + items + "]}",
	} {
		var ids []string
		_, err := Decode(slowReader{strings.NewReader(in)}, Options{}, func(e *ingest.Event) error {
			ids = append(ids, e.ReportId)
			return nil
		}, nil)
		if err != nil || !cmp.Equal(ids, []string{"a1", "a2"}) {
			t.Errorf("%q: %v, %v", in, ids, err)
		}
	}
}

func TestSniff(t *testing.T) {
	f := func(in string, wantDoc, wantDecided bool) {
		t.Helper()
		doc, decided := sniff([]byte(in))
		if doc != wantDoc || decided != wantDecided {
			t.Errorf("sniff(%q) = %v, %v; want %v, %v", in, doc, decided, wantDoc, wantDecided)
		}
	}
	f(``, false, false)
	f(" \n\t", false, false)
	f(`{"kind":"Event","a":1}`+"\n", false, true)
	f(`{"kind":"Event","a":{"kind":"EventList"}}`, false, true)
	f(`{"kind":"EventList"`, true, true)
	f(`{ "kind" : "EventList"`, true, true)
	f(`{"apiVersion":"v1","items":[`, true, true)
	f(`{"a":"items","b":"kind"`, false, false)
	f(`{"a":{"items":[]},"b":`, false, false)
	f("{\n", true, true)
	f(`{"a":"x\"}`+"\n", false, false)
	f(`garbage`, false, true)
	f(`[{}]`, false, true)

	// Fed byte by byte, a sniffer decides as on the whole input.
	for _, in := range []string{
		line("a1") + "\n", `{"kind":"EventList","items":[]}`, "{\n", `{"a":"\\\"}"` + "\n", `{"apiVersion":"v1","items":[`,
	} {
		wantDoc, _ := sniff([]byte(in))
		var sn sniffer
		doc, decided := false, false
		for i := 0; i <= len(in) && !decided; i++ {
			doc, decided = sn.scan([]byte(in[:i]))
		}
		if doc != wantDoc || !decided {
			t.Errorf("%q byte by byte: %v, %v; want %v", in, doc, decided, wantDoc)
		}
	}
}

func TestDecodeErrorOffsets(t *testing.T) {
	// Offsets in messages count from the start of the line, blanks included.
	in := line("a1") + "\n  {\"x\" 1}\r\n" + line("a3") + "\n"
	got, _, err := run(t, []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := result{ids: []string{"a1", "a3"}, errs: []string{
		fmt.Sprintf("line 2: invalid JSON: invalid character '1' after object key at offset 7 @%d", len(line("a1"))+1),
	}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(result{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
