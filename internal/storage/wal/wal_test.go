package wal

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func replayAll(t *testing.T, dir string) ([][]byte, ReplayStats) {
	t.Helper()
	var got [][]byte
	st, err := Replay(dir, 0, func(_ uint64, rec []byte) error {
		got = append(got, append([]byte(nil), rec...))
		return nil
	})
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	return got, st
}

func TestAppendReplay(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir, Options{SegmentSize: 256})
	if err != nil {
		t.Fatal(err)
	}
	var want [][]byte
	for i := 0; i < 100; i++ {
		rec := []byte(fmt.Sprintf("record-%03d-%s", i, bytes.Repeat([]byte("x"), i%17)))
		if err := l.Append(rec); err != nil {
			t.Fatal(err)
		}
		want = append(want, rec)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	got, st := replayAll(t, dir)
	if len(got) != len(want) || st.TornBytes != 0 || st.Segments < 2 {
		t.Fatalf("replayed %d records in %d segments (torn %d), want %d in several segments", len(got), st.Segments, st.TornBytes, len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("record %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// Every possible crash point in the last record loses that record only.
func TestTornTailIsCut(t *testing.T) {
	base := t.TempDir()
	l, err := Open(base, Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs := [][]byte{[]byte("first"), []byte("second record"), []byte("third and last record")}
	for _, r := range recs {
		if err := l.Append(r); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	seg := filepath.Join(base, segName(1))
	full, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	lastStart := len(full) - headerSize - len(recs[2])
	for cut := lastStart + 1; cut < len(full); cut++ {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, segName(1)), full[:cut], 0o644)
		got, st := replayAll(t, dir)
		if len(got) != 2 || st.TornBytes != int64(cut-lastStart) {
			t.Fatalf("cut at %d: %d records, torn %d", cut, len(got), st.TornBytes)
		}
		// The torn tail is gone: a second replay is clean.
		if _, st2 := replayAll(t, dir); st2.TornBytes != 0 {
			t.Fatalf("cut at %d: tail not truncated", cut)
		}
	}
	// A flipped byte in the last record is detected by its checksum.
	dir := t.TempDir()
	bad := append([]byte(nil), full...)
	bad[len(bad)-2] ^= 0xff
	os.WriteFile(filepath.Join(dir, segName(1)), bad, 0o644)
	if got, st := replayAll(t, dir); len(got) != 2 || st.TornBytes == 0 {
		t.Fatalf("corrupt last record: %d records, torn %d", len(got), st.TornBytes)
	}
}

// Damage before the end of the log is an error, never silently skipped.
func TestDamageInTheMiddleIsAnError(t *testing.T) {
	dir := t.TempDir()
	l, _ := Open(dir, Options{SegmentSize: 32})
	for i := 0; i < 10; i++ {
		l.Append([]byte(fmt.Sprintf("rec-%d-padding-padding", i)))
	}
	l.Close()
	segs, _ := segments(dir)
	first := filepath.Join(dir, segName(segs[0]))
	data, _ := os.ReadFile(first)
	data[headerSize] ^= 0xff
	os.WriteFile(first, data, 0o644)
	_, err := Replay(dir, 0, func(uint64, []byte) error { return nil })
	if err == nil {
		t.Fatal("damage in an earlier segment was not reported")
	}
}

func TestGroupCommitConcurrent(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	const writers, each = 8, 50
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if err := l.Append([]byte(fmt.Sprintf("w%d-%d", w, i))); err != nil {
					t.Error(err)
				}
			}
		}(w)
	}
	wg.Wait()
	l.Close()
	got, _ := replayAll(t, dir)
	if len(got) != writers*each {
		t.Fatalf("%d records, want %d", len(got), writers*each)
	}
	seen := map[string]bool{}
	for _, r := range got {
		if seen[string(r)] {
			t.Fatalf("record %q twice", r)
		}
		seen[string(r)] = true
	}
	// Each writer's records keep their order.
	last := map[byte]int{}
	for _, r := range got {
		var w, i int
		fmt.Sscanf(string(r), "w%d-%d", &w, &i)
		if prev, ok := last[byte(w)]; ok && i <= prev {
			t.Fatalf("writer %d: record %d after %d", w, i, prev)
		}
		last[byte(w)] = i
	}
}

// A torn tail followed only by empty segments (the log was opened again,
// or a process died before appending) is still a torn tail, not damage in
// the middle: nothing acknowledged lies after it.
func TestTornTailBeforeEmptySegments(t *testing.T) {
	dir := t.TempDir()
	l, _ := Open(dir, Options{})
	l.Append([]byte("kept"))
	l.Append([]byte("torn record"))
	l.Close()
	seg := filepath.Join(dir, segName(1))
	data, _ := os.ReadFile(seg)
	os.WriteFile(seg, data[:len(data)-3], 0o644)
	for i := 0; i < 2; i++ {
		l, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		l.Close()
	}
	got, st := replayAll(t, dir)
	if len(got) != 1 || string(got[0]) != "kept" || st.TornBytes == 0 {
		t.Fatalf("got %q, torn %d", got, st.TornBytes)
	}
}

func TestRotateAndTruncate(t *testing.T) {
	dir := t.TempDir()
	l, _ := Open(dir, Options{})
	l.Append([]byte("old"))
	seg, err := l.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	l.Append([]byte("new"))
	if err := l.TruncateBefore(seg); err != nil {
		t.Fatal(err)
	}
	l.Close()
	got, _ := replayAll(t, dir)
	if len(got) != 1 || string(got[0]) != "new" {
		t.Fatalf("after truncation: %q", got)
	}
	// Reopening starts a new segment after the existing ones.
	l2, _ := Open(dir, Options{})
	l2.Append([]byte("newer"))
	l2.Close()
	got, _ = replayAll(t, dir)
	if len(got) != 2 || string(got[1]) != "newer" {
		t.Fatalf("after reopen: %q", got)
	}
}

func TestRecordLimit(t *testing.T) {
	l, _ := Open(t.TempDir(), Options{NoSync: true})
	defer l.Close()
	if err := l.Append(make([]byte, MaxRecord+1)); err == nil {
		t.Fatal("oversized record accepted")
	}
}

func BenchmarkAppend(b *testing.B) {
	for _, writers := range []int{1, 16} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			l, err := Open(b.TempDir(), Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer l.Close()
			rec := make([]byte, 64<<10)
			r := rand.New(rand.NewPCG(1, 2))
			for i := range rec {
				rec[i] = byte(r.Uint32())
			}
			b.SetBytes(int64(len(rec)))
			b.SetParallelism(writers)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := l.Append(rec); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
