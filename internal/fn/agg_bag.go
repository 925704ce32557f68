package fn

import (
	"github.com/harrier-sec/harrier/internal/value"
)

// make_bag(), make_bag_if() and buildschema().
//
// make_bag merges the property bags of each group into one; other values
// are skipped. When a key appears in several rows Kusto picks an arbitrary
// value; we keep the first seen. maxSize bounds the number of keys. A group
// without bags gives {}.
//
// buildschema returns the minimal schema admitting every value of the
// group, in Kusto's model: a primitive type name ("long", "double",
// "string", "bool", "datetime", "timespan", "guid"), a container
// {"key": type, ..., "`indexer`": element type} for bags and arrays, or an
// array of such alternatives when there are several, in order of first
// appearance. Null values are skipped; a group without values gives null.

func checkDynArg(args []Arg) error {
	if t := args[0].Type; t != value.Dynamic && !aggUnknown(t) {
		return aggArgErr(0, "dynamic", t)
	}
	return nil
}

var aggMakeBag = &Aggregate{
	Name:    "make_bag",
	MinArgs: 1,
	MaxArgs: 2,
	Check: func(args []Arg) ([]value.Type, error) {
		if err := checkDynArg(args); err != nil {
			return nil, err
		}
		return aggCheckList(args)
	},
	New: func(args []Arg) AggState { return &bagState{limit: aggListLimit(args, 1)} },
	Doc: "A property bag merging the bags of each group.",
}

func init() {
	RegisterAggregate(aggMakeBag)
	RegisterAggregate(aggIfVariant("make_bag_if", aggMakeBag, 1,
		"A property bag merging the bags of rows whose predicate is true."))
	RegisterAggregate(&Aggregate{
		Name:    "buildschema",
		MinArgs: 1,
		MaxArgs: 1,
		Check: func(args []Arg) ([]value.Type, error) {
			if err := checkDynArg(args); err != nil {
				return nil, err
			}
			return aggOne(value.Dynamic), nil
		},
		New: func([]Arg) AggState { return &schemaState{} },
		Doc: "The minimal schema that admits all dynamic values of each group.",
	})
}

type bagState struct {
	limit int
	keys  [][]string
	vals  [][]*value.Dyn
	seen  map[aggSetKey[string]]struct{}
}

func (s *bagState) grow(n int) {
	s.keys = aggGrow(s.keys, n)
	s.vals = aggGrow(s.vals, n)
	if s.seen == nil {
		s.seen = make(map[aggSetKey[string]]struct{})
	}
}

func (s *bagState) put(g uint32, k string, v *value.Dyn) {
	if len(s.keys[g]) >= s.limit {
		return
	}
	key := aggSetKey[string]{g, k}
	if _, dup := s.seen[key]; dup {
		return
	}
	s.seen[key] = struct{}{}
	s.keys[g] = append(s.keys[g], k)
	s.vals[g] = append(s.vals[g], v)
}

func (s *bagState) Update(args []*value.Vector, rows []int32, groups []uint32) {
	v := args[0]
	s.grow(aggMaxGroup(groups))
	for k, r := range rows {
		d := v.AsDyn(int(r))
		if d.Kind() != value.DBag {
			continue
		}
		g := groups[k]
		d.Fields(func(key string, val *value.Dyn) bool {
			s.put(g, key, val)
			return true
		})
	}
}

func (s *bagState) Merge(other AggState, remap []uint32) {
	o := other.(*bagState)
	for g, ks := range o.keys {
		if len(ks) == 0 || g >= len(remap) {
			continue
		}
		d := remap[g]
		s.grow(int(d) + 1)
		for i, k := range ks {
			s.put(d, k, o.vals[g][i])
		}
	}
}

func (s *bagState) Results(n int) []*value.Vector {
	out := value.NewVector(value.Dynamic, n)
	for g := 0; g < n; g++ {
		var ks []string
		var vs []*value.Dyn
		if g < len(s.keys) {
			ks, vs = s.keys[g], s.vals[g]
		}
		out.D[g] = value.DynBag(append([]string(nil), ks...), append([]*value.Dyn(nil), vs...))
	}
	return []*value.Vector{out}
}

// schemaNode is the schema of the values seen at one place: the
// alternatives in order of first appearance, where containerAlt stands for
// the container (bags and arrays) whose properties are keys/kids.
type schemaNode struct {
	alts []string
	keys []string
	kids []*schemaNode
	idx  map[string]int
}

const (
	containerAlt = "{}"
	indexerKey   = "`indexer`"
)

func (n *schemaNode) addAlt(a string) {
	for _, x := range n.alts {
		if x == a {
			return
		}
	}
	n.alts = append(n.alts, a)
}

func (n *schemaNode) kid(k string) *schemaNode {
	if i, ok := n.idx[k]; ok {
		return n.kids[i]
	}
	if n.idx == nil {
		n.idx = map[string]int{}
	}
	c := &schemaNode{}
	n.idx[k] = len(n.keys)
	n.keys = append(n.keys, k)
	n.kids = append(n.kids, c)
	return c
}

// schemaTypeName is buildschema's name of a scalar dynamic kind.
func schemaTypeName(k value.DynKind) string {
	switch k {
	case value.DBool:
		return "bool"
	case value.DLong:
		return "long"
	case value.DReal:
		return "double"
	case value.DDateTime:
		return "datetime"
	case value.DTimeSpan:
		return "timespan"
	case value.DGUID:
		return "guid"
	}
	return "string"
}

// add records the shape of d.
func (n *schemaNode) add(d *value.Dyn) {
	switch d.Kind() {
	case value.DNull:
	case value.DBag:
		n.addAlt(containerAlt)
		d.Fields(func(k string, v *value.Dyn) bool {
			if !v.IsNull() {
				n.kid(k).add(v)
			}
			return true
		})
	case value.DArray:
		n.addAlt(containerAlt)
		d.Elems(func(_ int, e *value.Dyn) bool {
			if !e.IsNull() {
				n.kid(indexerKey).add(e)
			}
			return true
		})
		if d.Len() == 0 {
			n.kid(indexerKey)
		}
	default:
		n.addAlt(schemaTypeName(d.Kind()))
	}
}

// merge folds o into n.
func (n *schemaNode) merge(o *schemaNode) {
	for _, a := range o.alts {
		n.addAlt(a)
	}
	for i, k := range o.keys {
		n.kid(k).merge(o.kids[i])
	}
}

func (n *schemaNode) dyn() *value.Dyn {
	alts := make([]*value.Dyn, 0, len(n.alts))
	for _, a := range n.alts {
		if a != containerAlt {
			alts = append(alts, value.DynString(a))
			continue
		}
		var ks []string
		var vs []*value.Dyn
		for i, k := range n.keys {
			if len(n.kids[i].alts) == 0 {
				continue // only nulls or empty arrays were seen there
			}
			ks = append(ks, k)
			vs = append(vs, n.kids[i].dyn())
		}
		alts = append(alts, value.DynBag(ks, vs))
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return value.DynArray(alts)
}

type schemaState struct{ roots []*schemaNode }

func (s *schemaState) Update(args []*value.Vector, rows []int32, groups []uint32) {
	v := args[0]
	s.roots = aggGrow(s.roots, aggMaxGroup(groups))
	for k, r := range rows {
		d := v.AsDyn(int(r))
		if d.IsNull() {
			continue
		}
		g := groups[k]
		if s.roots[g] == nil {
			s.roots[g] = &schemaNode{}
		}
		s.roots[g].add(d)
	}
}

func (s *schemaState) Merge(other AggState, remap []uint32) {
	o := other.(*schemaState)
	for g, root := range o.roots {
		if root == nil || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.roots = aggGrow(s.roots, d+1)
		if s.roots[d] == nil {
			s.roots[d] = &schemaNode{}
		}
		s.roots[d].merge(root)
	}
}

func (s *schemaState) Results(n int) []*value.Vector {
	out := value.NewVector(value.Dynamic, n)
	for g := 0; g < n && g < len(s.roots); g++ {
		if s.roots[g] != nil {
			out.D[g] = s.roots[g].dyn()
		}
	}
	return []*value.Vector{out}
}

func init() {
	RegisterAggregate(&Aggregate{
		Name: "make_dictionary", MinArgs: 1, MaxArgs: 2, Check: aggMakeBag.Check,
		New: func(args []Arg) AggState { return &bagState{limit: aggLegacyLimit(args, 1)} },
		Doc: "Deprecated: make_bag() with a default maxSize of 128.",
	})
}
