package fn

import (
	"syscall"
	"time"
)

// rusageThread is RUSAGE_THREAD (not exported by package syscall).
const rusageThread = 1

// strThreadCPU returns the CPU time the calling OS thread has used. The
// benchmarks report it next to wall time because they often share a busy
// machine, where wall time says little about the kernel itself.
func strThreadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
