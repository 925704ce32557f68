//go:build !unix

package storage

import (
	"fmt"
	"os"
)

// lockDir opens dir/LOCK without locking it: outside Unix there is no
// flock, and one process per data directory is the operator's promise.
func lockDir(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot open lock file: %w", err)
	}
	return f, nil
}
