package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/buger/jsonparser"

	"github.com/harrier-sec/harrier/internal/format"
	"github.com/harrier-sec/harrier/internal/gen"
	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/query"
	"github.com/harrier-sec/harrier/internal/storage"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

const batchSize = 8192

// generate writes n generated events as CloudAuditEvents JSON lines, the
// same rendering `harrier query --format json` uses, chunk by chunk so a
// large corpus never sits in memory as a table.
func generate(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	b := table.NewBuilder(ingest.TableName, ingest.Schema)
	var werr error
	flush := func() {
		if werr == nil && b.Rows() > 0 {
			werr = format.WriteJSON(w, b.Table())
		}
		b = table.NewBuilder(ingest.TableName, ingest.Schema)
	}
	gen.Generate(gen.Config{Seed: 1, Events: n}, func(e *ingest.Event) {
		ingest.Append(b, e)
		if b.Rows() == batchSize {
			flush()
		}
	})
	flush()
	if werr != nil {
		f.Close()
		return werr
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func countLines(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	n := 0
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err != nil {
			return n, nil
		}
	}
}

func storeOptions() storage.Options {
	// Now is pinned so retention (30 days) is measured from the corpus' end,
	// not the wall clock.
	return storage.Options{
		Dir:    filepath.Join(*flagDir, "harrier"),
		NoSync: !*flagSync,
		Now:    func() time.Time { return gen.DefaultEnd },
	}
}

// harrierIngest reads the JSON lines back and appends them to a fresh store,
// the way a collector would: decode, validate, append in batches, and be
// durable (flushed and closed) before the clock stops.
func harrierIngest() (*phaseResult, error) {
	t0 := time.Now()
	st, err := storage.Open(storeOptions())
	if err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(*flagDir, "events.jsonl"))
	if err != nil {
		return nil, err
	}
	defer f.Close()

	// Decoding is the CPU-heavy part, so it runs on every core; batches are
	// appended in whatever order they finish (the store sorts by time).
	type chunk struct {
		data  []byte
		lines [][2]int
		first int // line number of the first line, for error messages
	}
	chunks := make(chan chunk, 4)
	decoded := make(chan []*ingest.Event, 4)
	var readErr error
	go func() {
		defer close(chunks)
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		c := chunk{first: 1}
		line := 0
		for sc.Scan() {
			line++
			start := len(c.data)
			c.data = append(c.data, sc.Bytes()...)
			c.lines = append(c.lines, [2]int{start, len(c.data)})
			if len(c.lines) == batchSize {
				chunks <- c
				c = chunk{first: line + 1, data: make([]byte, 0, len(c.data))}
			}
		}
		readErr = sc.Err()
		if len(c.lines) > 0 {
			chunks <- c
		}
	}()
	var wg sync.WaitGroup
	var decMu sync.Mutex
	var decErr error
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch bytes.Buffer
			for c := range chunks {
				evs := make([]*ingest.Event, len(c.lines))
				for i, l := range c.lines {
					e := new(ingest.Event)
					if err := decodeRow(c.data[l[0]:l[1]], e, &scratch); err != nil {
						decMu.Lock()
						decErr = fmt.Errorf("line %d: %w", c.first+i, err)
						decMu.Unlock()
						continue
					}
					evs[i] = e
				}
				decoded <- evs
			}
		}()
	}
	go func() { wg.Wait(); close(decoded) }()

	added := 0
	var appendErr error
	for evs := range decoded {
		if appendErr != nil || decErr != nil {
			continue // drain so the workers can finish
		}
		r, err := st.Append(evs)
		if err != nil {
			appendErr = err
		}
		added += r.Added
	}
	if err := firstErr(readErr, decErr, appendErr); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.Flush(); err != nil {
		return nil, err
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	secs := time.Since(t0).Seconds()
	if added != *flagEvents {
		return nil, fmt.Errorf("stored %d events, want %d", added, *flagEvents)
	}
	return &phaseResult{Events: added, Seconds: secs, DiskBytes: dirSize(storeOptions().Dir)}, nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// decodeRow decodes one CloudAuditEvents JSON object. Dynamic columns are
// compacted (which also validates them) and kept as raw JSON, as the
// audit-log decoders do.
func decodeRow(line []byte, e *ingest.Event, scratch *bytes.Buffer) error {
	return jsonparser.ObjectEach(line, func(key, val []byte, typ jsonparser.ValueType, _ int) error {
		var err error
		str := func() string {
			if typ != jsonparser.String {
				return ""
			}
			s, perr := jsonparser.ParseString(val)
			if perr != nil {
				err = perr
			}
			return s
		}
		dyn := func() *value.Dyn {
			if typ != jsonparser.Object && typ != jsonparser.Array {
				return nil
			}
			scratch.Reset()
			if cerr := json.Compact(scratch, val); cerr != nil {
				err = cerr
				return nil
			}
			return value.RawJSON(scratch.String())
		}
		switch string(key) {
		case "Timestamp":
			t, ok := value.ParseDateTime(str())
			if !ok {
				return fmt.Errorf("bad Timestamp %q", val)
			}
			e.Timestamp = t
		case "ReportId":
			e.ReportId = str()
		case "DataSource":
			e.DataSource = str()
		case "ActionType":
			e.ActionType = str()
		case "OperationName":
			e.OperationName = str()
		case "ResourceId":
			e.ResourceId = str()
		case "AzureResourceId":
			e.AzureResourceId = str()
		case "AwsResourceName":
			e.AwsResourceName = str()
		case "GcpFullResourceName":
			e.GcpFullResourceName = str()
		case "IPAddress":
			e.IPAddress = str()
		case "IsAnonymousProxy":
			if typ == jsonparser.Boolean {
				b := val[0] == 't'
				e.IsAnonymousProxy = &b
			}
		case "CountryCode":
			e.CountryCode = str()
		case "City":
			e.City = str()
		case "Isp":
			e.Isp = str()
		case "UserAgent":
			e.UserAgent = str()
		case "RawEventData":
			e.RawEventData = dyn()
		case "AdditionalFields":
			e.AdditionalFields = dyn()
		}
		return err
	})
}

// harrierQueries reopens the store and runs the reference queries warm.
func harrierQueries() (*phaseResult, error) {
	st, err := storage.Open(storeOptions())
	if err != nil {
		return nil, err
	}
	defer st.Close()
	snap := st.Snapshot()
	defer snap.Release()
	cat := query.Catalog{ingest.TableName: snap.Table()}
	opts := query.Options{Now: gen.DefaultEnd}
	ctx := context.Background()
	runKQL := func(src string) (*table.Table, error) {
		r, err := query.Run(ctx, src, cat, opts)
		if err != nil {
			if qe, ok := err.(*query.Error); ok {
				return nil, fmt.Errorf("%s", qe.Format())
			}
			return nil, err
		}
		return r.Tables[len(r.Tables)-1], nil
	}
	res := &phaseResult{Events: snap.Rows(), Queries: map[string]queryStat{}}
	for _, q := range queries {
		d, t, err := median3(func() (*table.Table, error) { return runKQL(q.kql) })
		if err != nil {
			return nil, fmt.Errorf("%s: %w", q.name, err)
		}
		qs := queryStat{Seconds: d.Seconds(), Rows: t.Rows()}
		if q.sampled {
			// sample picks arbitrary rows, so compare what it samples from.
			c, err := runKQL(strings.Replace(q.kql, "| sample 10", "| count", 1))
			if err != nil {
				return nil, fmt.Errorf("%s count: %w", q.name, err)
			}
			qs.Count = int(c.Batches[0].Cols[0].Get(0).I)
		} else {
			qs.Keys = tableKeys(t)
		}
		res.Queries[q.name] = qs
	}
	return res, nil
}

// tableKeys renders each row as one string (datetimes as Unix microseconds,
// everything else as tostring() would) and sorts them, for comparison with
// DuckDB's rows.
func tableKeys(t *table.Table) []string {
	var keys []string
	format.Rows(t, func(b *value.Batch, i int) {
		cells := make([]string, len(b.Cols))
		for c, col := range b.Cols {
			v := col.Get(i)
			if v.T == value.DateTime && !v.IsNull() {
				cells[c] = fmt.Sprint(value.TimeFromTicks(v.I).UnixMicro())
			} else {
				cells[c] = v.String()
			}
		}
		keys = append(keys, strings.Join(cells, " | "))
	})
	sort.Strings(keys)
	return keys
}
