// Command harrier ingests Kubernetes and cloud audit events into the
// CloudAuditEvents table and hunts over them with KQL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/harrier-sec/harrier/internal/demo"
	"github.com/harrier-sec/harrier/internal/format"
	"github.com/harrier-sec/harrier/internal/gen"
	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/ingest/k8saudit"
	"github.com/harrier-sec/harrier/internal/query"
	"github.com/harrier-sec/harrier/internal/storage"
	"github.com/harrier-sec/harrier/internal/table"
)

const usage = `harrier: hunt over Kubernetes and cloud audit events with KQL.

Usage:
  harrier query    [--data-dir D] [--file PATH]... [--data-source NAME] [--resource-id ID]
                   [--now RFC3339] [--format table|csv|json] [--max-memory MiB] (QUERY | -f FILE.kql)
  harrier ingest   [--data-dir D] [--data-source NAME] [--resource-id ID] FILE...
  harrier generate [--data-dir D] [--events N] [--clusters K] [--days D] [--seed S]
  harrier demo     [--events N] [--seed N] [--format table|csv|json]
  harrier version

The data directory defaults to ./harrier-data. "harrier query" reads it when
--data-dir is given or no --file is.

Run "harrier COMMAND -h" for the flags of a command.
`

var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	switch args[0] {
	case "query":
		return cmdQuery(ctx, args[1:], stdout, stderr)
	case "demo":
		return cmdDemo(ctx, args[1:], stdout, stderr)
	case "ingest":
		return cmdIngest(ctx, args[1:], stdout, stderr)
	case "generate":
		return cmdGenerate(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "harrier", version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "harrier: unknown command %q\n\n%s", args[0], usage)
	return 2
}

type fileList []string

func (f *fileList) String() string     { return strings.Join(*f, ",") }
func (f *fileList) Set(s string) error { *f = append(*f, s); return nil }

// parseInterspersed parses flags that may appear before or after the
// positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func cmdQuery(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("query", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var files fileList
	fs.Var(&files, "file", "audit log to load (JSON lines, .gz, EventList or Event JSON); repeatable")
	dataDir := fs.String("data-dir", "", "data directory to query (default "+defaultDataDir+" when no --file is given)")
	dataSource := fs.String("data-source", ingest.SourceKubernetes, "DataSource of the events loaded with --file")
	resourceID := fs.String("resource-id", "", "ResourceId of the loaded events (also AzureResourceId for Azure data sources)")
	nowFlag := fs.String("now", "", "pin now() and ago() to this RFC 3339 time")
	outFormat := fs.String("format", "table", "output format: table, csv or json")
	queryFile := fs.String("f", "", "read the query from this .kql file")
	maxMemory := fs.Int64("max-memory", 8192, "memory budget of the query in MiB (0: none)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	var src string
	switch {
	case *queryFile != "" && len(pos) > 0:
		fmt.Fprintln(stderr, "harrier query: give the query either as an argument or with -f, not both")
		return 2
	case *queryFile != "":
		b, err := os.ReadFile(*queryFile)
		if err != nil {
			fmt.Fprintf(stderr, "harrier query: %v\n", err)
			return 2
		}
		src = string(b)
	case len(pos) == 1:
		src = pos[0]
	case len(pos) == 0:
		fmt.Fprintln(stderr, "harrier query: no query given")
		return 2
	default:
		fmt.Fprintf(stderr, "harrier query: expected one query argument, got %d (quote the query)\n", len(pos))
		return 2
	}
	opts := query.Options{MaxMemory: *maxMemory << 20}
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339Nano, *nowFlag)
		if err != nil {
			fmt.Fprintf(stderr, "harrier query: --now: %v\n", err)
			return 2
		}
		opts.Now = t
	}
	kopts := k8saudit.Options{DataSource: *dataSource, ResourceId: *resourceID}
	if strings.HasPrefix(*dataSource, "Azure") {
		kopts.AzureResourceId = *resourceID
	}
	b := table.NewBuilder(ingest.TableName, ingest.Schema)
	for _, f := range files {
		st, err := k8saudit.DecodeFile(f, kopts, func(e *ingest.Event) error {
			ingest.Append(b, e)
			return nil
		}, func(re *k8saudit.RecordError) {
			fmt.Fprintf(stderr, "harrier query: %s: %v (skipped)\n", f, re)
		})
		if err != nil {
			fmt.Fprintf(stderr, "harrier query: %s: %v\n", f, err)
			return 1
		}
		_ = st
	}
	fileTable := b.Table()
	cat := query.Catalog{ingest.TableName: fileTable}
	dir := *dataDir
	if dir == "" && len(files) == 0 {
		if _, err := os.Stat(defaultDataDir); err == nil {
			dir = defaultDataDir
		}
	}
	if dir != "" {
		if _, err := os.Stat(dir); err != nil {
			fmt.Fprintf(stderr, "harrier query: data directory %s: %v\n", dir, err)
			return 1
		}
		st, err := storage.Open(storage.Options{Dir: dir})
		if err != nil {
			fmt.Fprintf(stderr, "harrier query: %v\n", err)
			return 1
		}
		defer st.Close()
		sn := st.Snapshot()
		defer sn.Release()
		cat[ingest.TableName] = sn.Table(fileTable.Batches...)
	}
	res, err := query.Run(ctx, src, cat, opts)
	if err != nil {
		var qe *query.Error
		if errors.As(err, &qe) {
			fmt.Fprint(stderr, qe.Format())
		} else {
			fmt.Fprintf(stderr, "harrier query: %v\n", err)
		}
		return 1
	}
	for i, t := range res.Tables {
		if i > 0 && *outFormat == "table" {
			fmt.Fprintln(stdout)
		}
		if err := write(stdout, t, *outFormat); err != nil {
			fmt.Fprintf(stderr, "harrier query: %v\n", err)
			return 1
		}
	}
	return 0
}

func write(w io.Writer, t *table.Table, f string) error {
	switch f {
	case "json":
		return format.WriteJSON(w, t)
	case "csv":
		return format.WriteCSV(w, t)
	case "table":
		return format.WriteTable(w, t, 80)
	}
	return fmt.Errorf("unknown --format %q (want table, csv or json)", f)
}

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	events := fs.Int("events", 200_000, "number of events to generate")
	seed := fs.Int64("seed", 1, "random seed of the generated corpus")
	outFormat := fs.String("format", "table", "output format: table, csv or json")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	start := time.Now()
	// The demo runs on the real storage path: a temporary data directory
	// (durability is moot there, so no fsync; the corpus' fixed dates must
	// not fall to retention).
	dir, err := os.MkdirTemp("", "harrier-demo-")
	if err != nil {
		fmt.Fprintf(stderr, "harrier demo: %v\n", err)
		return 1
	}
	defer os.RemoveAll(dir)
	st, err := storage.Open(storage.Options{Dir: dir, NoSync: true, Retention: 100 * 365 * 24 * time.Hour})
	if err != nil {
		fmt.Fprintf(stderr, "harrier demo: %v\n", err)
		return 1
	}
	defer st.Close()
	cfg := gen.Config{Seed: *seed, Events: *events}
	b := &batcher{st: st}
	var appendErr error
	gen.Generate(cfg, func(e *ingest.Event) {
		if appendErr == nil {
			appendErr = b.add(e)
		}
	})
	if appendErr == nil {
		appendErr = b.flush()
	}
	if appendErr == nil {
		appendErr = st.Flush()
	}
	if appendErr != nil {
		fmt.Fprintf(stderr, "harrier demo: %v\n", appendErr)
		return 1
	}
	end := cfg.End
	if end.IsZero() {
		end = gen.DefaultEnd
	}
	sn := st.Snapshot()
	defer sn.Release()
	stats := st.Stats()
	fmt.Fprintf(stdout, "Generated and stored %d CloudAuditEvents rows (AKS, EKS, GKE, self-managed Kubernetes and Azure Resource Manager) in %v, %.0f bytes per event on disk; now() = %s\n\n",
		sn.Rows(), time.Since(start).Round(time.Millisecond), float64(stats.ExtentBytes)/float64(max(stats.Rows, 1)), end.Format(time.RFC3339))
	cat := query.Catalog{ingest.TableName: sn.Table()}
	for _, q := range demo.Split(demo.SeedQueries) {
		fmt.Fprintf(stdout, "== %s\n", q.Title)
		qs := time.Now()
		res, err := query.Run(ctx, q.Text, cat, query.Options{Now: end})
		if err != nil {
			var qe *query.Error
			if errors.As(err, &qe) {
				fmt.Fprint(stderr, qe.Format())
			} else {
				fmt.Fprintf(stderr, "harrier demo: %v\n", err)
			}
			return 1
		}
		for _, rt := range res.Tables {
			if err := write(stdout, rt, *outFormat); err != nil {
				fmt.Fprintf(stderr, "harrier demo: %v\n", err)
				return 1
			}
		}
		fmt.Fprintf(stdout, "(%v)\n\n", time.Since(qs).Round(time.Microsecond))
	}
	return 0
}
