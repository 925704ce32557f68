package gen

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/ingest/k8saudit"
)

// chunkSize is the number of items a worker renders at a time.
const chunkSize = 2048

// chunk is what a worker hands back: the rows of a run of items, in order,
// and the Truth rows among them.
type chunk struct {
	evs   []*ingest.Event
	truth Truth
}

// render turns the planned items into rows. Workers render chunks in
// parallel; rows are emitted strictly in item order, and at most a few
// chunks are rendered ahead of emit so memory stays bounded.
func (g *gen) render(emit func(*ingest.Event)) Truth {
	n := len(g.items)
	nch := (n + chunkSize - 1) / chunkSize
	workers := g.cfg.Workers
	results := make([]chan chunk, nch)
	for i := range results {
		results[i] = make(chan chunk, 1)
	}
	jobs := make(chan int)
	ahead := make(chan struct{}, 2*workers)
	done := make(chan struct{})
	go func() {
		defer close(jobs)
		for i := range nch {
			select {
			case ahead <- struct{}{}:
			case <-done:
				return
			}
			jobs <- i
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			w := newWorker(g)
			for i := range jobs {
				results[i] <- w.renderChunk(g.items[i*chunkSize : min((i+1)*chunkSize, n)])
			}
		})
	}
	// If emit panics, stop the feeder and let the workers drain.
	defer func() {
		close(done)
		go func() {
			for range jobs {
			}
		}()
		wg.Wait()
	}()
	var tr Truth
	for i := range nch {
		c := <-results[i]
		for _, e := range c.evs {
			emit(e)
		}
		tr.PrivilegedPods = append(tr.PrivilegedPods, c.truth.PrivilegedPods...)
		tr.KubeSystemExecs = append(tr.KubeSystemExecs, c.truth.KubeSystemExecs...)
		tr.ClusterAdminBindings = append(tr.ClusterAdminBindings, c.truth.ClusterAdminBindings...)
		tr.VMWrites += c.truth.VMWrites
		<-ahead
	}
	return tr
}

// worker renders items; everything in it is reused from row to row.
type worker struct {
	g     *gen
	r     rng      // seeded per item
	buf   []byte   // ARM EventData being built
	ob    []byte   // an object (requestObject) being built
	q     k8sReq   // the request of a noise item
	lines [][]byte // per cluster: the chunk's events as JSON lines
	pos   [][]int  // per cluster: the chunk index of each line
}

func newWorker(g *gen) *worker {
	return &worker{g: g, buf: make([]byte, 0, 4<<10), ob: make([]byte, 0, 4<<10),
		lines: make([][]byte, len(g.k8s)), pos: make([][]int, len(g.k8s))}
}

// renderChunk renders a run of items. Kubernetes events are written as the
// apiserver's log backend writes them, one JSON line each, and read back
// through k8saudit.Decode, the ingestion path of such files: rows are
// normalized exactly like real ones, and Decode's normalizer reuses its
// buffers across lines (half the CPU of calling Normalize per event).
func (w *worker) renderChunk(items []item) chunk {
	c := chunk{evs: make([]*ingest.Event, len(items))}
	for i := range w.lines {
		w.lines[i], w.pos[i] = w.lines[i][:0], w.pos[i][:0]
	}
	for i := range items {
		it := &items[i]
		w.r = newRNG(it.seed)
		if it.op != nil {
			c.evs[i] = w.armEvent(it, &c.truth)
			continue
		}
		k := w.g.k8s[it.cl]
		q := it.req
		if q == nil {
			q = &w.q
			q.reset()
			w.buildNoise(q, k, it)
		}
		w.lines[it.cl] = append(w.appendEvent(w.lines[it.cl], q, it.stage, it.recv, it.ts), '\n')
		w.pos[it.cl] = append(w.pos[it.cl], i)
		w.g.truthK8s(q, k, it, &c.truth)
	}
	for cl, lines := range w.lines {
		if len(lines) == 0 {
			continue
		}
		pos, j := w.pos[cl], 0
		_, err := k8saudit.Decode(bytes.NewReader(lines), w.g.k8s[cl].opts, func(e *ingest.Event) error {
			c.evs[pos[j]] = e
			j++
			return nil
		}, func(e *k8saudit.RecordError) {
			panic("BUG: gen: k8saudit rejected a generated event: " + e.Error())
		})
		if err != nil || j != len(pos) {
			panic(fmt.Sprintf("BUG: gen: k8saudit decoded %d of %d generated events: %v", j, len(pos), err))
		}
	}
	return c
}
