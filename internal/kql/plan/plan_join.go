package plan

import "github.com/harrier-sec/harrier/internal/value"

// JoinKind is the flavor of a join (or lookup).
type JoinKind uint8

// The join flavors Kusto has. Lookup is a JoinLeftOuter or JoinInner whose
// output leaves out the right key columns.
const (
	JoinInnerUnique JoinKind = iota
	JoinInner
	JoinLeftOuter
	JoinRightOuter
	JoinFullOuter
	JoinLeftSemi
	JoinLeftAnti
	JoinRightSemi
	JoinRightAnti
)

var joinKindNames = [...]string{
	JoinInnerUnique: "innerunique",
	JoinInner:       "inner",
	JoinLeftOuter:   "leftouter",
	JoinRightOuter:  "rightouter",
	JoinFullOuter:   "fullouter",
	JoinLeftSemi:    "leftsemi",
	JoinLeftAnti:    "leftanti",
	JoinRightSemi:   "rightsemi",
	JoinRightAnti:   "rightanti",
}

func (k JoinKind) String() string {
	if int(k) < len(joinKindNames) {
		return joinKindNames[k]
	}
	return "join(?)"
}

// JoinCol is one output column of a join: column Index of the left input,
// or of the right input when Right is set.
type JoinCol struct {
	Right bool
	Index int
}

// Join matches the rows of Left and Right whose key columns are all equal
// (LeftKeys[i] with RightKeys[i], of identical types); a null key matches
// nothing. Cols lists where each output column comes from; a side without a
// matching row contributes nulls.
type Join struct {
	Left, Right         Node
	Kind                JoinKind
	LeftKeys, RightKeys []int
	Cols                []JoinCol
	Out                 value.Schema
}

// Schema is the join's output schema.
func (n *Join) Schema() value.Schema { return n.Out }

// Inputs are the left and right inputs.
func (n *Join) Inputs() []Node { return []Node{n.Left, n.Right} }
