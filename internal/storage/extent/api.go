// Package extent is harrier's immutable, column-oriented file format: one
// extent holds up to about a million rows of one table, sorted by
// Timestamp, each column stored in blocks with per-block statistics (min,
// max, null count, a small term filter for strings) so that scans skip
// blocks without decoding them. Blocks are zstd-compressed; low-cardinality
// strings are dictionary-encoded; dynamic columns keep a compact whole value
// plus typed sub-columns for their most frequent JSON paths ("shredding"),
// chosen from the data when the extent is written.
package extent

import (
	"github.com/harrier-sec/harrier/internal/value"
)

// FormatVersion is written into every extent; readers reject other versions.
const FormatVersion = 1

// Path is a JSON path inside a dynamic column: bag keys and array indexes
// ("[0]" steps are written as keys of that form, as in value.Dyn.Lookup).
type Path []string

// WriteOptions tune Write.
type WriteOptions struct {
	// BlockRows is the number of rows per block (default 8192).
	BlockRows int
	// ShredMax is the most paths shredded per dynamic column (default 64).
	ShredMax int
	// ShredMinFraction is the share of rows a path must appear in to be
	// shredded (default 0.05).
	ShredMinFraction float64
	// TimeColumn names the column the rows are sorted by and whose range the
	// extent records (default "Timestamp").
	TimeColumn string
	// BlockBytes also ends a block once its string and JSON text reach
	// about this many bytes (default 64 MiB), so that huge values do not
	// make huge chunks.
	BlockBytes int
}

// ColumnMeta describes one stored column.
type ColumnMeta struct {
	Name string
	Type value.Type
	// Shredded lists, for a dynamic column, the paths stored as sub-columns
	// with the type each was stored as (value.Dynamic when mixed).
	Shredded []ShreddedPath
}

// ShreddedPath is one shredded sub-column of a dynamic column.
type ShreddedPath struct {
	Path Path
	Type value.Type
}

// Meta describes a whole extent.
type Meta struct {
	Version          int
	Rows             int
	MinTime, MaxTime int64 // datetime ticks of the time column
	Columns          []ColumnMeta
	Blocks           []BlockMeta
	Bytes            int64 // file size
}

// BlockMeta holds the statistics of one block (a run of rows) for every
// column.
type BlockMeta struct {
	Rows    int
	Offset  int // index of the block's first row in the extent
	Columns []ColumnStats
}

// ColumnStats are one column's statistics in one block. Min and Max are
// null when every value is null (or the type has no order: dynamic).
type ColumnStats struct {
	Nulls    int
	Min, Max value.Value
	// Shredded holds, for a dynamic column, the statistics of each
	// shredded path, in ColumnMeta.Shredded order. For a path, Nulls counts
	// the rows where it is absent or JSON null (string paths included,
	// though they read back as ""). Min and Max of string columns are
	// bounds: strings longer than 64 bytes are cut, and a cut Max rounded
	// up.
	Shredded []ColumnStats
}

// ReadRequest says what to decode from one block.
type ReadRequest struct {
	// Columns are the indexes (into Meta.Columns) of whole columns to read.
	Columns []int
	// Paths are shredded sub-columns to read: for each, the dynamic column
	// index and the path. A path that is not shredded in this extent is
	// answered by walking the whole dynamic value.
	Paths []PathRequest
	// Rows, when set, lists the rows (ascending) the caller will look at:
	// whole dynamic values are rebuilt only for them, and other rows of
	// dynamic columns may come back null.
	Rows []int32
}

// PathRequest names one path of one dynamic column.
type PathRequest struct {
	Column int
	Path   Path
	// AsDynamic asks for a dynamic vector even when the path is shredded
	// with one type: null where the path is absent, as a query's dynamic
	// access gives.
	AsDynamic bool
}

// The functions of this package (see writer.go and reader.go):
//
//	// Write sorts the rows by the time column (stably) and writes them as a
//	// new extent at path: to a temporary file, fsynced, then renamed, so a
//	// crash never leaves a half-written extent under its final name.
//	func Write(path string, schema value.Schema, batches []*value.Batch, opts WriteOptions) (*Meta, error)
//
//	// Open reads an extent's footer and metadata; blocks are read on demand.
//	func Open(path string) (*Reader, error)
//	func (r *Reader) Meta() *Meta
//	// MayContainTerm reports whether block b of string column c may hold a
//	// value that has the term (Kusto `has`, case-insensitive); false is
//	// certain.
//	func (r *Reader) MayContainTerm(b, c int, term string) bool
//	// ReadBlock decodes the requested columns and paths of block b into a
//	// batch whose vectors are req.Columns then req.Paths, in order. A path
//	// shredded with one type comes back as a vector of that type (null
//	// where absent); otherwise as a dynamic vector.
//	func (r *Reader) ReadBlock(b int, req ReadRequest) (*value.Batch, error)
//	// Verify checks every block's checksum.
//	func (r *Reader) Verify() error
//	func (r *Reader) Close() error
