// Package value holds Kusto's scalar types, the column vectors that carry
// them through the engine, and the dynamic (JSON-like) value.
package value

import "fmt"

// Type is a Kusto scalar type.
type Type uint8

// The Kusto scalar types. Unknown is only used during analysis for
// expressions whose type could not be inferred (an error was reported).
const (
	Unknown Type = iota
	Bool
	Int
	Long
	Real
	Decimal
	String
	DateTime
	TimeSpan
	GUID
	Dynamic
)

var typeNames = [...]string{
	Unknown:  "unknown",
	Bool:     "bool",
	Int:      "int",
	Long:     "long",
	Real:     "real",
	Decimal:  "decimal",
	String:   "string",
	DateTime: "datetime",
	TimeSpan: "timespan",
	GUID:     "guid",
	Dynamic:  "dynamic",
}

func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("type(%d)", t)
}

// ParseType resolves a Kusto type name, including the aliases Kusto accepts
// (boolean, double, date, time, uniqueid, int32, int64, ...).
func ParseType(name string) (Type, bool) {
	switch name {
	case "bool", "boolean":
		return Bool, true
	case "int", "int32":
		return Int, true
	case "long", "int64":
		return Long, true
	case "real", "double", "float":
		return Real, true
	case "decimal":
		return Decimal, true
	case "string":
		return String, true
	case "datetime", "date":
		return DateTime, true
	case "timespan", "time":
		return TimeSpan, true
	case "guid", "uniqueid":
		return GUID, true
	case "dynamic":
		return Dynamic, true
	}
	return Unknown, false
}

// IsNumeric reports whether t is int, long, real or decimal.
func (t Type) IsNumeric() bool { return t == Int || t == Long || t == Real || t == Decimal }

// IsInteger reports whether t is int or long.
func (t Type) IsInteger() bool { return t == Int || t == Long }

// UsesInts reports whether vectors of t keep their values in Vector.I.
func (t Type) UsesInts() bool {
	return t == Int || t == Long || t == DateTime || t == TimeSpan
}

// UsesFloats reports whether vectors of t keep their values in Vector.F.
func (t Type) UsesFloats() bool { return t == Real || t == Decimal }

// PromoteNumeric is the result type of arithmetic between two numeric types:
// int < long < decimal < real, as Kusto widens.
func PromoteNumeric(a, b Type) Type {
	rank := func(t Type) int {
		switch t {
		case Int:
			return 1
		case Long:
			return 2
		case Decimal:
			return 3
		case Real:
			return 4
		}
		return 0
	}
	if rank(a) >= rank(b) {
		return a
	}
	return b
}

// Column is a named, typed column of a schema.
type Column struct {
	Name string
	Type Type
}

// Schema is an ordered list of columns.
type Schema []Column

// Index returns the position of the column named name, or -1.
func (s Schema) Index(name string) int {
	for i, c := range s {
		if c.Name == name {
			return i
		}
	}
	return -1
}

func (s Schema) String() string {
	out := "("
	for i, c := range s {
		if i > 0 {
			out += ", "
		}
		out += c.Name + ":" + c.Type.String()
	}
	return out + ")"
}
