//go:build !linux

package fn

import "time"

// strThreadCPU is unavailable off Linux; the benchmarks then report wall
// time only.
func strThreadCPU() (time.Duration, bool) { return 0, false }
