//go:build !unix

package extent

import "time"

// processCPU is unavailable here; the cpu metrics read 0.
func processCPU() time.Duration { return 0 }
