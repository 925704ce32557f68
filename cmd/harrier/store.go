package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/harrier-sec/harrier/internal/gen"
	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/ingest/k8saudit"
	"github.com/harrier-sec/harrier/internal/storage"
)

// defaultDataDir is where commands keep events unless told otherwise.
const defaultDataDir = "./harrier-data"

// appendBatch is how many events one store append carries: large enough to
// amortize the WAL fsync, small enough to bound memory.
const appendBatch = 8192

// batcher collects events and appends them to the store in batches.
type batcher struct {
	st         *storage.Store
	buf        []*ingest.Event
	added, dup int
}

func (b *batcher) add(e *ingest.Event) error {
	b.buf = append(b.buf, e)
	if len(b.buf) >= appendBatch {
		return b.flush()
	}
	return nil
}

func (b *batcher) flush() error {
	if len(b.buf) == 0 {
		return nil
	}
	res, err := b.st.Append(b.buf)
	if err != nil {
		return err
	}
	b.added += res.Added
	b.dup += res.Duplicates
	b.buf = b.buf[:0]
	return nil
}

// isTerminal reports whether f is a character device (a progress line is
// only drawn for people, not for logs).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func cmdIngest(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", defaultDataDir, "data directory")
	dataSource := fs.String("data-source", ingest.SourceKubernetes, "DataSource of the events")
	resourceID := fs.String("resource-id", "", "ResourceId of the events (also AzureResourceId for Azure data sources)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "harrier ingest: no files given")
		return 2
	}
	st, err := storage.Open(storage.Options{Dir: *dataDir})
	if err != nil {
		fmt.Fprintf(stderr, "harrier ingest: %v\n", err)
		return 1
	}
	kopts := k8saudit.Options{DataSource: *dataSource, ResourceId: *resourceID}
	if strings.HasPrefix(*dataSource, "Azure") {
		kopts.AzureResourceId = *resourceID
	}
	b := &batcher{st: st}
	start := time.Now()
	var bytes int64
	bad := 0
	tty := false
	if f, ok := stderr.(*os.File); ok {
		tty = isTerminal(f)
	}
	last := time.Now()
	progress := func(final bool) {
		el := time.Since(start).Seconds()
		line := fmt.Sprintf("%d events stored, %d duplicates, %d bad records, %.1f MB read (%.1f MB/s, %.0f events/s)",
			b.added, b.dup, bad, float64(bytes)/1e6, float64(bytes)/1e6/max(el, 1e-9), float64(b.added+b.dup)/max(el, 1e-9))
		switch {
		case tty && !final:
			fmt.Fprintf(stderr, "\r%s", line)
		case tty:
			fmt.Fprintf(stderr, "\r%s\n", line)
		case final:
			fmt.Fprintln(stdout, line)
		}
	}
	code := 0
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		stats, err := k8saudit.DecodeFile(f, kopts, func(e *ingest.Event) error {
			if time.Since(last) > 200*time.Millisecond {
				last = time.Now()
				progress(false)
			}
			return b.add(e)
		}, func(re *k8saudit.RecordError) {
			bad++
			fmt.Fprintf(stderr, "\nharrier ingest: %s: %v (skipped)\n", f, re)
		})
		bytes += stats.Bytes
		if err != nil {
			fmt.Fprintf(stderr, "harrier ingest: %s: %v\n", f, err)
			code = 1
			break
		}
	}
	if err := b.flush(); err != nil {
		fmt.Fprintf(stderr, "harrier ingest: %v\n", err)
		code = 1
	}
	progress(true)
	if err := st.Close(); err != nil {
		fmt.Fprintf(stderr, "harrier ingest: %v\n", err)
		code = 1
	}
	return code
}

func cmdGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", defaultDataDir, "data directory")
	events := fs.Int("events", 100_000, "number of events to generate")
	clusters := fs.Int("clusters", 0, "number of Kubernetes clusters (0: the default mix of AKS, EKS, GKE and self-managed)")
	days := fs.Int("days", 7, "days the events span, ending now")
	seed := fs.Int64("seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	st, err := storage.Open(storage.Options{Dir: *dataDir})
	if err != nil {
		fmt.Fprintf(stderr, "harrier generate: %v\n", err)
		return 1
	}
	cfg := gen.Config{Seed: *seed, Events: *events, End: time.Now().UTC().Truncate(time.Second), Span: time.Duration(*days) * 24 * time.Hour}
	if *clusters > 0 {
		cfg.Clusters = scaleClusters(*clusters)
	}
	start := time.Now()
	b := &batcher{st: st}
	var appendErr error
	gen.Generate(cfg, func(e *ingest.Event) {
		if appendErr == nil && ctx.Err() == nil {
			appendErr = b.add(e)
		}
	})
	if appendErr == nil {
		appendErr = b.flush()
	}
	code := 0
	if appendErr != nil {
		fmt.Fprintf(stderr, "harrier generate: %v\n", appendErr)
		code = 1
	}
	if err := st.Close(); err != nil {
		fmt.Fprintf(stderr, "harrier generate: %v\n", err)
		code = 1
	}
	el := time.Since(start)
	fmt.Fprintf(stdout, "generated %d events into %s in %v (%.0f events/s)\n", b.added, *dataDir, el.Round(time.Millisecond), float64(b.added)/el.Seconds())
	return code
}

// scaleClusters repeats the default cluster mix (keeping its one ARM
// subscription) until there are n Kubernetes clusters.
func scaleClusters(n int) []gen.Cluster {
	var k8s, arm []gen.Cluster
	for _, c := range gen.DefaultClusters() {
		if c.DataSource == ingest.SourceARM {
			arm = append(arm, c)
		} else {
			k8s = append(k8s, c)
		}
	}
	out := append([]gen.Cluster(nil), arm...)
	for i := 0; i < n; i++ {
		c := k8s[i%len(k8s)]
		if i >= len(k8s) {
			suffix := fmt.Sprintf("-%d", i/len(k8s)+1)
			c.Name += suffix
			c.ResourceId += suffix
			if c.AzureResourceId != "" {
				c.AzureResourceId += suffix
			}
			if c.AwsResourceName != "" {
				c.AwsResourceName += suffix
			}
			if c.GcpFullResourceName != "" {
				c.GcpFullResourceName += suffix
			}
		}
		out = append(out, c)
	}
	return out
}
