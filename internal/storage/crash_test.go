package storage

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// The crash test runs ingestion in a child process (this test binary
// re-executed with crashChildEnv set), SIGKILLs it at random moments and
// checks after every restart that each event whose Append returned is
// stored exactly once. Flushes and merges are made frequent (small
// FlushRows and MergeBelowRows) so that kills land inside them too.
const (
	crashChildEnv = "HARRIER_STORAGE_CRASH_CHILD"
	crashDirEnv   = "HARRIER_STORAGE_CRASH_DIR"
	crashStartEnv = "HARRIER_STORAGE_CRASH_START"

	crashBatch     = 200
	crashWriters   = 4
	crashFlushRows = 3000
	crashMergeRows = 12000
)

func crashOptions(dir string) Options {
	return Options{Dir: dir, FlushRows: crashFlushRows, MergeBelowRows: crashMergeRows, Now: fixedNow}
}

// TestCrashChild is the child's body; it does nothing in a normal run.
// It appends batches start, start+1, ... from several goroutines and
// prints "ack <batch> <added> <duplicates>" after each Append returns.
// Batches below the parent's start may be acknowledged already; the
// child sends them again as a client retrying after a crash would.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashChildEnv) == "" {
		t.Skip("runs only as the crash test's child process")
	}
	start, _ := strconv.Atoi(os.Getenv(crashStartEnv))
	s, err := Open(crashOptions(os.Getenv(crashDirEnv)))
	if err != nil {
		fmt.Printf("openerr %v\n", strings.ReplaceAll(err.Error(), "\n", " "))
		os.Exit(3)
	}
	var next atomic.Int64
	next.Store(int64(start))
	var wg sync.WaitGroup
	for w := 0; w < crashWriters; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				res, err := s.Append(genBatch(i+1, crashBatch))
				if err != nil {
					fmt.Printf("appenderr %d %v\n", i, err)
					os.Exit(4)
				}
				// One write per line: lines from several goroutines never
				// interleave on the pipe.
				os.Stdout.WriteString(fmt.Sprintf("ack %d %d %d\n", i, res.Added, res.Duplicates))
			}
		}()
	}
	wg.Wait()
}

func TestCrash(t *testing.T) {
	if os.Getenv(crashChildEnv) != "" {
		t.Skip("child process")
	}
	maxKills, budget := 30, 60*time.Second
	if testing.Short() {
		maxKills, budget = 6, 10*time.Second
	}
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	acked := map[int]bool{}
	ids := map[int][]string{} // batch -> ReportIds, generated once
	batchIDs := func(i int) []string {
		if ids[i] == nil {
			for _, e := range genBatch(i+1, crashBatch) {
				ids[i] = append(ids[i], e.ReportId)
			}
		}
		return ids[i]
	}
	var kills, checks, checkedEvents, retriedAcked, orphanRestarts, tornRestarts, walRows int
	deadline := time.Now().Add(budget)
	for kills < maxKills && time.Now().Before(deadline) {
		start := 0
		for acked[start] {
			start++
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"=1", crashDirEnv+"="+dir, crashStartEnv+"="+strconv.Itoa(start))
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan []string)
		go func() {
			var got []string
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				got = append(got, sc.Text())
			}
			lines <- got
		}()
		// From the moment of start (recovery itself gets killed too) to
		// well into a run of flushes and merges.
		time.Sleep(time.Duration(20+r.IntN(1500)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		got := <-lines
		cmd.Wait()
		kills++
		for _, l := range got {
			var i, added, dups int
			if _, err := fmt.Sscanf(l, "ack %d %d %d", &i, &added, &dups); err != nil {
				t.Fatalf("child said %q", l)
			}
			if added+dups != len(batchIDs(i)) {
				t.Fatalf("batch %d: added %d + duplicates %d, want %d events", i, added, dups, len(batchIDs(i)))
			}
			if acked[i] {
				retriedAcked++
				if added != 0 {
					t.Fatalf("batch %d was acknowledged before and stored again (%d events added)", i, added)
				}
			}
			acked[i] = true
		}

		// Restart and check, without manual repair.
		s, err := Open(crashOptions(dir))
		if err != nil {
			t.Fatalf("after kill %d: Open: %v", kills, err)
		}
		st := s.Stats()
		if st.Recovery.OrphanFiles > 0 {
			orphanRestarts++
		}
		if st.Recovery.TornBytes > 0 {
			tornRestarts++
		}
		walRows += st.Recovery.WALRows
		sn := s.Snapshot()
		counts := snapshotIDs(t, sn)
		sn.Release()
		for id, n := range counts {
			if n != 1 {
				t.Fatalf("after kill %d: ReportId %s stored %d times", kills, id, n)
			}
		}
		for i := range acked {
			for _, id := range batchIDs(i) {
				if counts[id] != 1 {
					t.Fatalf("after kill %d: acknowledged event %s of batch %d is missing", kills, id, i)
				}
				checkedEvents++
			}
		}
		checks++
		s.abandon() // leave the WAL and files as the crash left them
	}
	s := openT(t, crashOptions(dir))
	st := s.Stats()
	s.Close()
	ackedEvents := 0
	for i := range acked {
		ackedEvents += len(batchIDs(i))
	}
	t.Logf("%d kills, %d restarts checked, %d acknowledged batches (%d events), %d acknowledged batches retried and deduplicated, %d event checks in all; restarts that removed orphaned extent files: %d, cut a torn WAL tail: %d; WAL rows replayed: %d; final store: %d extents, %d rows",
		kills, checks, len(acked), ackedEvents, retriedAcked, checkedEvents, orphanRestarts, tornRestarts, walRows, st.Extents, st.Rows)
	if len(acked) == 0 {
		t.Fatal("no batch was ever acknowledged")
	}
}
