package fn

import (
	"github.com/harrier-sec/harrier/internal/value"
)

// The conditional and null-testing functions: iff / iif, case, coalesce,
// not, isnull, isnotnull, isempty, isnotempty.

func init() {
	for _, name := range []string{"iff", "iif"} {
		Register(&Scalar{Name: name, MinArgs: 3, MaxArgs: 3, Check: condCheckIff, Eval: condIff,
			Doc: "Returns then when the condition is true, else otherwise (a null condition counts as false)."})
	}
	Register(&Scalar{Name: "case", MinArgs: 3, MaxArgs: -1, Check: condCheckCase, Eval: condCase,
		Doc: "case(p1, v1, p2, v2, ..., else): the value of the first true predicate, else the last argument."})
	Register(&Scalar{Name: "coalesce", MinArgs: 2, MaxArgs: 64, Check: condCheckCoalesce, Eval: condCoalesce,
		Doc: "Returns the first argument that is not null (not empty for strings)."})
	Register(&Scalar{Name: "not", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Bool, KBool),
		Eval: Map1(value.Bool, GetBool, PutBool, func(b bool) (bool, bool) { return !b, true }),
		Doc:  "Reverses a bool; null stays null."})
	Register(&Scalar{Name: "isnull", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Bool, KAny),
		Eval: condNullTest(func(v *value.Vector, i int) bool { return v.IsNull(i) }),
		Doc:  "True when the value is null; strings are never null, empty arrays and bags are not null."})
	Register(&Scalar{Name: "isnotnull", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Bool, KAny),
		Eval: condNullTest(func(v *value.Vector, i int) bool { return !v.IsNull(i) }),
		Doc:  "True when the value is not null."})
	Register(&Scalar{Name: "isempty", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Bool, KAny),
		Eval: condNullTest(condIsEmpty),
		Doc:  "True when the value is null or the empty string."})
	Register(&Scalar{Name: "isnotempty", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Bool, KAny),
		Eval: condNullTest(func(v *value.Vector, i int) bool { return !condIsEmpty(v, i) }),
		Doc:  "True when the value is neither null nor the empty string."})
}

func condCheckIff(args []Arg) (value.Type, error) {
	if !KBool.Accepts(args[0].Type) {
		return value.Unknown, Errorf("the condition must be bool, got %s", args[0].Type)
	}
	t, ok := condCommonType(args[1].Type, args[2].Type)
	if !ok {
		return value.Unknown, Errorf("then and else must have the same type, got %s and %s", args[1].Type, args[2].Type)
	}
	return t, nil
}

func condIff(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	t, _ := condCommonType(args[1].T, args[2].T)
	res := value.NewVector(t, n)
	c, th, el := args[0], args[1], args[2]
	ForRows(n, sel, func(i int) {
		if b, ok := c.AsBool(i); ok && b {
			convCopyRow(res, i, th, i)
		} else {
			convCopyRow(res, i, el, i)
		}
	})
	return res
}

func condCheckCase(args []Arg) (value.Type, error) {
	if len(args)%2 == 0 {
		return value.Unknown, Errorf("case needs pairs of predicate and value followed by an else value, got %d arguments", len(args))
	}
	types := make([]value.Type, 0, len(args)/2+1)
	for i := 0; i+1 < len(args); i += 2 {
		if !KBool.Accepts(args[i].Type) {
			return value.Unknown, Errorf("argument %d must be a bool predicate, got %s", i+1, args[i].Type)
		}
		types = append(types, args[i+1].Type)
	}
	types = append(types, args[len(args)-1].Type)
	t, ok := condCommonType(types...)
	if !ok {
		return value.Unknown, Errorf("all values of case must have the same type, got %s", condTypeList(types))
	}
	return t, nil
}

func condTypeList(types []value.Type) string {
	args := make([]Arg, len(types))
	for i, t := range types {
		args[i].Type = t
	}
	return TypeList(args)
}

func condCase(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	types := make([]value.Type, 0, len(args)/2+1)
	for i := 1; i < len(args); i += 2 {
		types = append(types, args[i].T)
	}
	types = append(types, args[len(args)-1].T)
	t, _ := condCommonType(types...)
	res := value.NewVector(t, n)
	last := args[len(args)-1]
	ForRows(n, sel, func(i int) {
		for k := 0; k+1 < len(args); k += 2 {
			if b, ok := args[k].AsBool(i); ok && b {
				convCopyRow(res, i, args[k+1], i)
				return
			}
		}
		convCopyRow(res, i, last, i)
	})
	return res
}

func condCheckCoalesce(args []Arg) (value.Type, error) {
	types := make([]value.Type, len(args))
	for i, a := range args {
		types[i] = a.Type
	}
	t, ok := condCommonType(types...)
	if !ok {
		return value.Unknown, Errorf("all arguments of coalesce must have the same type, got %s", TypeList(args))
	}
	return t, nil
}

func condCoalesce(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	types := make([]value.Type, len(args))
	for i, a := range args {
		types[i] = a.T
	}
	t, _ := condCommonType(types...)
	res := value.NewVector(t, n)
	ForRows(n, sel, func(i int) {
		for _, a := range args {
			if !condIsEmpty(a, i) {
				convCopyRow(res, i, a, i)
				return
			}
		}
		res.SetNull(i)
	})
	return res
}

// condNullTest builds a kernel for a predicate that is never null itself.
func condNullTest(f func(v *value.Vector, i int) bool) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Bool, n)
		a := args[0]
		if !a.MaybeHasNulls() && a.T != value.String && a.Len() > 0 {
			// No row is null and, for these types, the predicates depend
			// only on nullness: the answer is the same for every row.
			b := f(a, 0)
			ForRows(n, sel, func(i int) { res.B[i] = b })
			return res
		}
		ForRows(n, sel, func(i int) { res.B[i] = f(a, i) })
		return res
	}
}

// condIsEmpty is isempty(): null, the empty string, or a dynamic empty
// string. Empty arrays and bags are not empty.
func condIsEmpty(v *value.Vector, i int) bool {
	switch v.T {
	case value.String:
		return v.Str(i) == ""
	case value.Dynamic:
		d := v.Dyn(i)
		return d.IsNull() || (d.Kind() == value.DString && d.AsString() == "")
	}
	return v.IsNull(i)
}
