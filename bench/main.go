// Command bench measures harrier and DuckDB side by side on one generated
// corpus of CloudAuditEvents rows: ingest of JSON lines, bytes on disk, the
// reference hunting queries (warm) and peak RSS.
//
// It lives in its own module so that the cgo DuckDB driver never becomes a
// dependency of the pure-Go harrier binary.
//
// Each measured phase runs in a child process (this binary re-executed with
// -phase) so that every peak RSS figure belongs to that phase alone; the
// children hand their figures back as JSON files in the work directory.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// phaseResult is what one child phase reports back to the parent.
type phaseResult struct {
	Events    int                  `json:"events"`
	Seconds   float64              `json:"seconds"`    // ingest wall time
	DiskBytes int64                `json:"disk_bytes"` // size on disk after ingest
	PeakRSS   int64                `json:"peak_rss"`   // VmHWM in bytes at the end of the phase
	Extra     map[string]float64   `json:"extra,omitempty"`
	Queries   map[string]queryStat `json:"queries,omitempty"`
}

// queryStat is one query's warm median time and the rows it returned, kept
// as sorted key strings so the parent can check that engines agree.
type queryStat struct {
	Seconds float64  `json:"seconds"`
	Rows    int      `json:"rows"`
	Count   int      `json:"count"` // rows before sampling (query 4 only)
	Keys    []string `json:"keys"`
}

var (
	flagEvents = flag.Int("events", 1_000_000, "number of events to generate")
	flagDir    = flag.String("dir", "/tmp/harrier-bench", "work directory (recreated)")
	flagPhase  = flag.String("phase", "", "internal: run one phase in this process")
	flagReuse  = flag.Bool("reuse", false, "reuse DIR/events.jsonl if it exists instead of regenerating")
	flagSync   = flag.Bool("sync", true, "fsync harrier's write-ahead log and extents (durable ingest)")
)

func main() {
	flag.Parse()
	if *flagPhase != "" {
		if err := runPhase(*flagPhase); err != nil {
			fmt.Fprintf(os.Stderr, "phase %s: %v\n", *flagPhase, err)
			os.Exit(1)
		}
		return
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func runPhase(p string) error {
	var res *phaseResult
	var err error
	switch p {
	case "harrier-ingest":
		res, err = harrierIngest()
	case "harrier-query":
		res, err = harrierQueries()
	case "duck-ingest":
		res, err = duckIngest()
	case "duck-query":
		res, err = duckQueries()
	default:
		return fmt.Errorf("unknown phase %q", p)
	}
	if err != nil {
		return err
	}
	res.PeakRSS = peakRSS()
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(*flagDir, p+".json"), b, 0o644)
}

func run() error {
	dir := *flagDir
	jsonl := filepath.Join(dir, "events.jsonl")
	if _, err := os.Stat(jsonl); !*flagReuse || err != nil {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		t0 := time.Now()
		fmt.Fprintf(os.Stderr, "generating %d events into %s ...\n", *flagEvents, jsonl)
		if err := generate(jsonl, *flagEvents); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "  done in %s\n", time.Since(t0).Round(time.Millisecond))
	}
	// Stale stores from an earlier run would distort ingest and sizes.
	for _, p := range []string{"harrier", "duck.db", "duck.db.wal"} {
		os.RemoveAll(filepath.Join(dir, p))
	}
	st, err := os.Stat(jsonl)
	if err != nil {
		return err
	}
	n, err := countLines(jsonl)
	if err != nil {
		return err
	}

	results := map[string]*phaseResult{}
	for _, p := range []string{"harrier-ingest", "harrier-query", "duck-ingest", "duck-query"} {
		fmt.Fprintf(os.Stderr, "phase %s ...\n", p)
		t0 := time.Now()
		cmd := exec.Command(os.Args[0], "-phase", p, "-dir", dir, "-events", strconv.Itoa(n), "-sync="+strconv.FormatBool(*flagSync))
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("phase %s: %w", p, err)
		}
		fmt.Fprintf(os.Stderr, "  done in %s\n", time.Since(t0).Round(time.Millisecond))
		b, err := os.ReadFile(filepath.Join(dir, p+".json"))
		if err != nil {
			return err
		}
		var r phaseResult
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		results[p] = &r
	}
	ok := check(results)
	report(n, st.Size(), results)
	if !ok {
		return fmt.Errorf("result mismatch between harrier and DuckDB (see above)")
	}
	return nil
}

// check compares every DuckDB query result with harrier's and prints any
// mismatch loudly; the timings are meaningless if the answers differ.
func check(rs map[string]*phaseResult) bool {
	h := rs["harrier-query"].Queries
	d := rs["duck-query"].Queries
	ok := true
	for _, q := range queries {
		hq := h[q.name]
		for _, v := range []string{"ev", "evt"} {
			dq, found := d[q.name+"/"+v]
			if !found {
				continue
			}
			what := ""
			switch {
			case q.sampled && hq.Count != dq.Count:
				what = fmt.Sprintf("rows before sample: harrier %d, DuckDB %d", hq.Count, dq.Count)
			case q.sampled && hq.Rows != dq.Rows:
				what = fmt.Sprintf("sampled rows: harrier %d, DuckDB %d", hq.Rows, dq.Rows)
			case !q.sampled && hq.Rows != dq.Rows:
				what = fmt.Sprintf("rows: harrier %d, DuckDB %d", hq.Rows, dq.Rows)
			case !q.sampled && strings.Join(hq.Keys, "\n") != strings.Join(dq.Keys, "\n"):
				what = "same row count, different values: " + firstDiff(hq.Keys, dq.Keys)
			}
			if what != "" {
				ok = false
				fmt.Printf("!!! MISMATCH %s (DuckDB table %s): %s\n", q.name, v, what)
			} else {
				fmt.Printf("ok  %s (DuckDB table %s): %d rows agree\n", q.name, v, hq.Rows)
			}
		}
	}
	return ok
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("\n    harrier: %q\n    DuckDB:  %q", a[i], b[i])
		}
	}
	return "(lengths differ)"
}

func report(n int, rawBytes int64, rs map[string]*phaseResult) {
	hi, hq := rs["harrier-ingest"], rs["harrier-query"]
	di, dq := rs["duck-ingest"], rs["duck-query"]
	perEv := func(b int64) string { return fmt.Sprintf("%.1f B", float64(b)/float64(n)) }
	rate := func(sec float64) string { return fmt.Sprintf("%.0f ev/s", float64(n)/sec) }
	ms := func(sec float64) string { return fmt.Sprintf("%.1f ms", sec*1000) }
	mib := func(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

	rows := [][4]string{
		{"metric", "harrier", "DuckDB (JSON column)", "DuckDB (typed columns)"},
		{"events", strconv.Itoa(n), strconv.Itoa(n), strconv.Itoa(n)},
		{"raw JSON bytes/event", perEv(rawBytes), perEv(rawBytes), perEv(rawBytes)},
		{"ingest (JSON lines -> durable)", rate(hi.Seconds), rate(di.Seconds),
			fmt.Sprintf("+%.1f s to shred ev -> evt", di.Extra["evt_seconds"])},
		{"ingest wall time", fmt.Sprintf("%.1f s", hi.Seconds), fmt.Sprintf("%.1f s", di.Seconds), ""},
		{"bytes on disk/event", perEv(hi.DiskBytes), perEv(di.DiskBytes), "+" + perEv(int64(di.Extra["evt_bytes"]))},
		{"raw JSON / on disk", fmt.Sprintf("%.1fx", float64(rawBytes)/float64(hi.DiskBytes)),
			fmt.Sprintf("%.1fx", float64(rawBytes)/float64(di.DiskBytes)), ""},
	}
	for _, q := range queries {
		r := [4]string{q.name + " (warm, median of 3)", ms(hq.Queries[q.name].Seconds), "-", "-"}
		if s, ok := dq.Queries[q.name+"/ev"]; ok {
			r[2] = ms(s.Seconds)
		}
		if s, ok := dq.Queries[q.name+"/evt"]; ok {
			r[3] = ms(s.Seconds)
		}
		rows = append(rows, r)
	}
	rows = append(rows,
		[4]string{"peak RSS, ingest", mib(hi.PeakRSS), mib(di.PeakRSS), "(same process as JSON)"},
		[4]string{"peak RSS, queries", mib(hq.PeakRSS), mib(dq.PeakRSS), "(same process as JSON)"},
	)
	var w [4]int
	for _, r := range rows {
		for i, c := range r {
			w[i] = max(w[i], len(c))
		}
	}
	fmt.Println()
	for k, r := range rows {
		fmt.Printf("| %-*s | %-*s | %-*s | %-*s |\n", w[0], r[0], w[1], r[1], w[2], r[2], w[3], r[3])
		if k == 0 {
			fmt.Printf("|%s|%s|%s|%s|\n", strings.Repeat("-", w[0]+2), strings.Repeat("-", w[1]+2), strings.Repeat("-", w[2]+2), strings.Repeat("-", w[3]+2))
		}
	}
}

// peakRSS reads this process' high-water resident set size.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// dirSize sums the sizes of the regular files under path (or of path itself).
func dirSize(path string) int64 {
	var n int64
	filepath.Walk(path, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// median3 runs f once to warm caches, then three times, and returns the
// median time and the result of the last run.
func median3[T any](f func() (T, error)) (time.Duration, T, error) {
	var zero T
	if _, err := f(); err != nil {
		return 0, zero, err
	}
	var ds []time.Duration
	var last T
	for range 3 {
		t0 := time.Now()
		r, err := f()
		if err != nil {
			return 0, zero, err
		}
		ds = append(ds, time.Since(t0))
		last = r
	}
	a, b, c := ds[0], ds[1], ds[2]
	return max(min(a, b), min(max(a, b), c)), last, nil
}
