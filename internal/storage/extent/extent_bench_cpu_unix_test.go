//go:build unix

package extent

import (
	"syscall"
	"time"
)

// processCPU is the user+system CPU time of the process so far. Benchmarks
// report it next to wall time because shared machines are often
// oversubscribed, which inflates wall time but not CPU time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
