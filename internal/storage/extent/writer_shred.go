package extent

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/buger/jsonparser"

	"github.com/harrier-sec/harrier/internal/value"
)

// Shredding, decided per extent and per dynamic column:
//
//   - Count, over every row, the leaf paths of the value: keys of nested
//     bags; arrays, scalars and empty bags are leaves (arrays are not
//     descended into: element positions rarely mean the same thing from
//     row to row, and SourceIPs[0] is answered cheaply from the shredded
//     array). Keys that are empty or start with '[' are skipped, since
//     Lookup would read them as array steps.
//   - Shred the paths that are leaves in at least ShredMinFraction of the
//     rows, most frequent first, at most ShredMax. A path's type is string,
//     long or bool when every non-null value has that kind, else dynamic.
//   - Each block stores every shredded path as a typed sub-column (null, or
//     "" for strings, where absent) and the whole value as a skeleton: the
//     JSON text with each shredded value cut out and replaced by a two-byte
//     placeholder, when re-rendering the typed value gives back exactly the
//     original bytes (otherwise the value stays in the text). Audit events
//     are thus stored once, column-wise, yet read back byte for byte.
//   - Rows the walk cannot read the way Lookup does (not a bag, invalid
//     JSON, escaped keys, keys repeated on the way to a shredded path) are
//     stored verbatim and their sub-column values come from
//     value.Dyn.Lookup; the block is flagged so that readers answer deeper
//     paths from the whole value for it. Types account for these rows too.

// Kinds of JSON values seen at a path.
const (
	kindString uint8 = 1 << iota
	kindLong
	kindReal
	kindBool
	kindNull
	kindArray
	kindObject
)

const (
	// maxPathNodes bounds the path trie of one counting worker: bags keyed
	// by data (label values, ids) would otherwise grow it without limit.
	maxPathNodes = 1 << 16
	// maxPathDepth bounds nesting; deeper bags count as leaves.
	maxPathDepth = 16
)

// pathNode is one key of the path trie.
type pathNode struct {
	children map[string]*pathNode
	leaf     int   // rows where the path holds a leaf
	kinds    uint8 // kinds seen (kindObject when it was a non-empty bag)
	lastRow  int   // counting: last row (+1) that reached the node
	shred    int   // index into the shredded paths, -1 if not shredded
	below    bool  // a shredded path lies strictly below
	id       int   // dense id of nodes with shred >= 0 or below, for the encoder's duplicate check
	// counting: the keys of the first row that reached the node, in
	// order (see shredWalker.seqs).
	seq     []seqEntry
	seqDone bool
}

func newPathNode() *pathNode { return &pathNode{shred: -1, id: -1} }

// pathCounter counts leaf paths over a range of rows.
type pathCounter struct {
	root      *pathNode
	nodes     int
	capped    bool
	row       int  // current row + 1
	dup       bool // current row repeats a key
	irregular []int
}

func newPathCounter() *pathCounter { return &pathCounter{root: newPathNode()} }

// countRow counts the paths of one row's JSON text (row is its index in
// the sorted extent).
func (pc *pathCounter) countRow(row int, text string) {
	pc.row, pc.dup = row+1, false
	if len(text) == 0 || text[0] != '{' || pc.walk(text, 0, pc.root, 0) < 0 || pc.dup {
		pc.irregular = append(pc.irregular, row)
	}
}

func (pc *pathCounter) walk(s string, p int, n *pathNode, depth int) int {
	seq, learning := n.seq, !n.seqDone
	g := 0
	e := walkObject(s, p, func(key string, v int) int {
		if key == "" || key[0] == '[' {
			e, _ := skipValue(s, v)
			return e
		}
		var child *pathNode
		switch {
		case g < len(seq) && seq[g].key == key:
			child = seq[g].child
			g++
		case g+1 < len(seq) && seq[g+1].key == key:
			child = seq[g+1].child
			g += 2
		default:
			child = n.children[key]
		}
		if child == nil {
			if pc.nodes >= maxPathNodes {
				pc.capped = true
				e, _ := skipValue(s, v)
				return e
			}
			if n.children == nil {
				n.children = make(map[string]*pathNode)
			}
			child = newPathNode()
			n.children[strings.Clone(key)] = child
			pc.nodes++
		}
		if learning && len(n.seq) < maxSeq {
			n.seq = append(n.seq, seqEntry{strings.Clone(key), child})
		}
		if child.lastRow == pc.row {
			pc.dup = true
		}
		child.lastRow = pc.row
		if s[v] == '{' && depth+1 < maxPathDepth && !emptyObjectAt(s, v) {
			child.kinds |= kindObject
			return pc.walk(s, v, child, depth+1)
		}
		e, k := skipValue(s, v)
		if e < 0 {
			return -1
		}
		child.leaf++
		child.kinds |= kindOf(s[v:e], k)
		return e
	})
	n.seqDone = true
	return e
}

// kindOf classifies a JSON value as value.Dyn would hold it.
func kindOf(tok string, k jsonKind) uint8 {
	switch k {
	case jString:
		return kindString
	case jNumber:
		if _, ok := parseJSONInt(tok); ok {
			return kindLong
		}
		if _, err := strconv.ParseFloat(tok, 64); err == nil {
			return kindReal
		}
		return kindNull // value.Dyn turns unparsable numbers into null
	case jBool:
		return kindBool
	case jArray:
		return kindArray
	case jObject:
		return kindObject
	}
	return kindNull
}

// parseJSONInt parses a JSON number the way value.Dyn makes a long of it.
func parseJSONInt(tok string) (int64, bool) {
	if strings.ContainsAny(tok, ".eE") {
		return 0, false
	}
	n, err := strconv.ParseInt(tok, 10, 64)
	return n, err == nil
}

// merge adds the counts of o into n, adopting subtrees n lacks.
func (n *pathNode) merge(o *pathNode) {
	n.leaf += o.leaf
	n.kinds |= o.kinds
	for k, oc := range o.children {
		if nc := n.children[k]; nc != nil {
			nc.merge(oc)
			continue
		}
		if n.children == nil {
			n.children = make(map[string]*pathNode)
		}
		n.children[k] = oc
	}
}

// shredPlan is the shredding of one dynamic column.
type shredPlan struct {
	root      *pathNode
	paths     []ShreddedPath
	nodes     int          // nodes with an id
	irregular map[int]bool // rows (extent order) the counting walk could not read: their Lookup values decide types too
}

// choose picks the shredded paths from the counted trie and marks them.
func choose(root *pathNode, rows int, opts WriteOptions) *shredPlan {
	threshold := max(1, int(opts.ShredMinFraction*float64(rows)+0.999999))
	type cand struct {
		path Path
		node *pathNode
	}
	var cands []cand
	var collect func(n *pathNode, prefix Path)
	collect = func(n *pathNode, prefix Path) {
		for k, c := range n.children {
			p := append(prefix[:len(prefix):len(prefix)], k)
			if c.leaf >= threshold {
				cands = append(cands, cand{p, c})
			}
			if c.children != nil {
				collect(c, p)
			}
		}
	}
	collect(root, nil)
	slices.SortFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(b.node.leaf, a.node.leaf); c != 0 {
			return c
		}
		return slices.Compare(a.path, b.path)
	})
	if len(cands) > opts.ShredMax {
		cands = cands[:opts.ShredMax]
	}
	plan := &shredPlan{root: root}
	for j, c := range cands {
		c.node.shred = j
		plan.paths = append(plan.paths, ShreddedPath{Path: c.path, Type: typeOfKinds(c.node.kinds)})
		// Mark the ancestors so the encoder descends only where it must.
		n := root
		for _, k := range c.path[:len(c.path)-1] {
			n = n.children[k]
			n.below = true
		}
	}
	var number func(n *pathNode)
	number = func(n *pathNode) {
		for _, c := range n.children {
			if c.shred >= 0 || c.below {
				c.id = plan.nodes
				plan.nodes++
				number(c)
			}
		}
	}
	number(root)
	return plan
}

func typeOfKinds(k uint8) value.Type {
	switch k &^ kindNull {
	case kindString:
		return value.String
	case kindLong:
		return value.Long
	case kindBool:
		return value.Bool
	}
	return value.Dynamic
}

// fits reports whether a Lookup result can be stored in a sub-column of
// type t (null always can).
func fits(t value.Type, d *value.Dyn) bool {
	switch d.Kind() {
	case value.DNull:
		return true
	case value.DString:
		return t == value.String || t == value.Dynamic
	case value.DLong:
		return t == value.Long || t == value.Dynamic
	case value.DBool:
		return t == value.Bool || t == value.Dynamic
	}
	return t == value.Dynamic
}

// shredWalker walks one row along a plan's trie, reporting each shredded
// value with its token span in the row text. It detects keys repeated on
// the walked paths, which make the walk disagree with Lookup.
type shredWalker struct {
	plan  *shredPlan
	stamp []int // per node id: the row (+1) that last reached it
	// seqs, per walked node (id+1; the root is 0), are the keys and
	// children of the first row that reached it, in order: rows mostly
	// repeat the same keys in the same order, and comparing a key with
	// the expected one is cheaper than a map lookup.
	seqs    [][]seqEntry
	learned []bool
	row     int
	dup     bool
	// visit gets shredded path j's token s[start:end] of kind k; inElided
	// says an enclosing shredded value was already cut out. It returns
	// whether it cut this one out.
	visit func(j int, s string, start, end int, k jsonKind, inElided bool) bool
}

// seqEntry is one key of a node and its child (nil when not in the trie).
type seqEntry struct {
	key   string
	child *pathNode
}

// maxSeq bounds a learned key sequence.
const maxSeq = 256

func newShredWalker(plan *shredPlan) *shredWalker {
	return &shredWalker{plan: plan, stamp: make([]int, plan.nodes),
		seqs: make([][]seqEntry, plan.nodes+1), learned: make([]bool, plan.nodes+1)}
}

// walkRow walks one row; ok is false when the row must take the Lookup
// path (not a bag, not readable, repeated keys).
func (w *shredWalker) walkRow(text string) (ok bool) {
	w.row++
	w.dup = false
	if len(text) == 0 || text[0] != '{' {
		return false
	}
	return w.walk(text, 0, w.plan.root, false) >= 0 && !w.dup
}

func (w *shredWalker) walk(s string, p int, n *pathNode, elided bool) int {
	idx := n.id + 1
	seq, learning := w.seqs[idx], !w.learned[idx]
	g := 0
	e := walkObject(s, p, func(key string, v int) int {
		var child *pathNode
		switch {
		case g < len(seq) && seq[g].key == key:
			child = seq[g].child
			g++
		case g+1 < len(seq) && seq[g+1].key == key:
			child = seq[g+1].child
			g += 2
		default:
			child = n.children[key]
			if learning && len(w.seqs[idx]) < maxSeq {
				w.seqs[idx] = append(w.seqs[idx], seqEntry{strings.Clone(key), child})
			}
		}
		if child == nil || child.id < 0 {
			e, _ := skipValue(s, v)
			return e
		}
		if w.stamp[child.id] == w.row {
			w.dup = true
			return -1
		}
		w.stamp[child.id] = w.row
		e := -1
		cut := false
		if child.shred >= 0 {
			var k jsonKind
			if e, k = skipValue(s, v); e < 0 {
				return -1
			}
			cut = w.visit(child.shred, s, v, e, k, elided)
		}
		if child.below && s[v] == '{' {
			return w.walk(s, v, child, elided || cut)
		}
		if e < 0 {
			e, _ = skipValue(s, v)
		}
		return e
	})
	w.learned[idx] = true
	return e
}

// refineKinds recomputes the kinds of the shredded paths exactly, walking
// every row along the chosen paths only; used when a counting worker hit
// its node cap and may have missed some rows of a chosen path.
func refineKinds(plan *shredPlan, texts func(yield func(row int, text string, d *value.Dyn))) {
	kinds := make([]uint8, len(plan.paths))
	w := newShredWalker(plan)
	w.visit = func(j int, s string, start, end int, k jsonKind, _ bool) bool {
		kinds[j] |= kindOf(s[start:end], k)
		return false
	}
	texts(func(row int, text string, _ *value.Dyn) {
		if !w.walkRow(text) && text != "" {
			plan.irregular[row] = true
		}
	})
	for j := range plan.paths {
		plan.paths[j].Type = typeOfKinds(kinds[j])
	}
}

// blockShredder splits the dynamic values of one block into a skeleton
// and sub-columns.
type blockShredder struct {
	plan    *shredPlan
	w       *shredWalker
	n       int
	subs    []*colVals
	text    string // current row
	i       int    // current row in the block
	skel    []byte // skeletons of the block, concatenated
	last    int    // current row text copied up to here
	ends    []int
	used    []bool
	dirty   []bool   // per path: some string stored needs escaping in JSON
	extra   []string // texts whose terms the whole value's filter needs besides the skeleton's
	fails   bool     // some row took the Lookup path
	escaped bool     // some skeleton holds an escaped literal placeholder byte
}

func newBlockShredder(plan *shredPlan) *blockShredder {
	bs := &blockShredder{plan: plan, w: newShredWalker(plan), used: make([]bool, len(plan.paths)), dirty: make([]bool, len(plan.paths))}
	bs.w.visit = bs.visit
	return bs
}

// shred returns the skeleton column and the sub-columns of one block.
// texts and dyns hold the block's values (null rows: null[i]).
func (bs *blockShredder) shred(texts []string, dyns []*value.Dyn, null []bool) (*colVals, []*colVals) {
	n := len(texts)
	bs.n = n
	total := 0
	for _, t := range texts {
		total += len(t)
	}
	// One buffer per block: the skeleton strings point into it. The
	// buffer and the sub-columns are reused from block to block: the
	// encoder is done with a block's values before the next one starts.
	if need := total + total/64 + 16; cap(bs.skel) < need {
		bs.skel = make([]byte, 0, need)
	}
	bs.skel = bs.skel[:0]
	bs.ends, bs.fails, bs.escaped, bs.extra = bs.ends[:0], false, false, bs.extra[:0]
	clear(bs.used)
	clear(bs.dirty)
	if bs.subs == nil {
		bs.subs = make([]*colVals, len(bs.plan.paths))
		for j, p := range bs.plan.paths {
			bs.subs[j] = &colVals{t: p.Type}
		}
	}
	for _, cv := range bs.subs {
		*cv = colVals{t: cv.t, null: resize(cv.null, n), s: cv.s[:0], i: cv.i[:0], b: cv.b[:0]}
		switch cv.t {
		case value.String, value.Dynamic:
			cv.s = resize(cv.s, n)
			clear(cv.s)
		case value.Long:
			cv.i = resize(cv.i, n)
			clear(cv.i)
		case value.Bool:
			cv.b = resize(cv.b, n)
			clear(cv.b)
		}
		for i := range cv.null {
			cv.null[i] = true
		}
	}
	for i, text := range texts {
		bs.i = i
		if null != nil && null[i] {
			bs.ends = append(bs.ends, len(bs.skel))
			continue
		}
		rowStart := len(bs.skel)
		bs.text, bs.last = text, 0
		ok := strings.IndexByte(text, placeholder) < 0 && bs.w.walkRow(text)
		if !ok {
			bs.fails = true
			bs.skel = appendEscaped(bs.skel[:rowStart], text)
			bs.escaped = bs.escaped || len(bs.skel)-rowStart != len(text)
			bs.lookupRow(i, dyns[i])
			if text[0] != '{' && text[0] != '[' {
				// has() sees a scalar's tostring(), not its JSON.
				bs.extra = append(bs.extra, dyns[i].String())
			}
		} else {
			bs.skel = append(bs.skel, text[bs.last:]...)
		}
		bs.ends = append(bs.ends, len(bs.skel))
	}
	for j, cv := range bs.subs {
		if cv.t == value.String {
			cv.clean = !bs.dirty[j]
		}
	}
	skel := &colVals{t: value.Dynamic, null: null, s: sliceEnds(bs.skel, bs.ends)}
	for j, u := range bs.used {
		if u {
			skel.refs = append(skel.refs, j)
		}
	}
	skel.skel = len(skel.refs) > 0 || bs.escaped
	return skel, bs.subs
}

// resize returns a slice of n elements, reusing b's array when it can
// (the contents are not preserved).
func resize[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

// visit stores one shredded value of the current row and cuts it out of
// the skeleton when its typed form renders back to the same bytes.
func (bs *blockShredder) visit(j int, s string, start, end int, k jsonKind, inElided bool) bool {
	cv, i := bs.subs[j], bs.i
	tok := s[start:end]
	exact := false
	switch cv.t {
	case value.String:
		if k != jString {
			return false
		}
		u, clean := jsonString(tok[1 : len(tok)-1])
		if clean {
			cv.s[i] = tok[1 : len(tok)-1]
			exact = true
		} else {
			// A clean body (no backslash, no control byte, hence no
			// quote) needs no escaping; others are checked.
			cv.s[i] = u
			exact = string(value.AppendJSONString(nil, u)) == tok
			if !bs.dirty[j] && !noEscape(u) {
				bs.dirty[j] = true
			}
		}
		if exact && !inElided && !clean {
			bs.extra = append(bs.extra, tok) // its JSON terms differ from u's
		}
	case value.Long:
		if k != jNumber {
			return false
		}
		n, ok := parseJSONInt(tok)
		if !ok {
			return false
		}
		cv.i[i] = n
		var buf [24]byte
		exact = string(strconv.AppendInt(buf[:0], n, 10)) == tok
	case value.Bool:
		if k != jBool {
			return false
		}
		cv.b[i] = tok[0] == 't'
		exact = true
	case value.Dynamic:
		cv.s[i] = tok
		exact = true
	}
	cv.null[i] = false
	if !exact || inElided {
		return false
	}
	if cv.t != value.String {
		bs.extra = append(bs.extra, tok)
	}
	bs.skel = append(bs.skel, bs.text[bs.last:start]...)
	bs.skel = append(bs.skel, placeholder, byte(j))
	bs.last = end
	bs.used[j] = true
	return true
}

// needsEscape marks the bytes value.AppendJSONString escapes.
var needsEscape = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// noEscape reports whether s needs no escaping in JSON.
func noEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if needsEscape[s[i]] {
			return false
		}
	}
	return true
}

// appendEscaped appends text to a skeleton, escaping the placeholder byte
// (only invalid JSON holds it raw) as placeholder, placeholderLiteral.
func appendEscaped(dst []byte, text string) []byte {
	for {
		k := strings.IndexByte(text, placeholder)
		if k < 0 {
			return append(dst, text...)
		}
		dst = append(dst, text[:k+1]...)
		dst = append(dst, placeholderLiteral)
		text = text[k+1:]
	}
}

// jsonString unescapes a JSON string body as value.Dyn does; clean reports
// that it needs no unescaping and re-renders unchanged (u is then "").
func jsonString(body string) (u string, clean bool) {
	clean = true
	for i := 0; i < len(body); i++ {
		if c := body[i]; c == '\\' || c < 0x20 {
			clean = false
			break
		}
	}
	if clean {
		return "", true
	}
	if strings.IndexByte(body, '\\') < 0 {
		return body, false
	}
	u, err := jsonparser.ParseString([]byte(body))
	if err != nil {
		return body, false
	}
	return u, false
}

// lookupRow fills row i of every sub-column from Lookup on the whole value.
func (bs *blockShredder) lookupRow(i int, d *value.Dyn) {
	for j, p := range bs.plan.paths {
		cv := bs.subs[j]
		x := d.Lookup(p.Path)
		cv.null[i] = true
		if x == nil || !fits(cv.t, x) {
			continue
		}
		switch cv.t {
		case value.String:
			if x.Kind() != value.DString {
				continue
			}
			cv.s[i] = x.AsString()
			if !bs.dirty[j] && !noEscape(cv.s[i]) {
				bs.dirty[j] = true
			}
		case value.Long:
			if x.Kind() != value.DLong {
				continue
			}
			cv.i[i] = x.AsLong()
		case value.Bool:
			if x.Kind() != value.DBool {
				continue
			}
			cv.b[i] = x.AsBool()
		case value.Dynamic:
			cv.s[i] = x.JSON()
		}
		cv.null[i] = false
	}
}
