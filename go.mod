module github.com/harrier-sec/harrier

go 1.26.8

require (
	github.com/buger/jsonparser v1.6.1
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/google/go-cmp v0.7.0
)

require github.com/klauspost/compress v1.20.3
