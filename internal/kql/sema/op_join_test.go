package sema

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/value"
)

// TestJoinSchemaNames pins Kusto's naming of clashing join output columns.
func TestJoinSchemaNames(t *testing.T) {
	schema := func(names ...string) value.Schema {
		s := make(value.Schema, len(names))
		for i, n := range names {
			s[i] = value.Column{Name: n, Type: value.Long}
		}
		return s
	}
	both := func(ls, rs value.Schema) []plan.JoinCol {
		var cols []plan.JoinCol
		for i := range ls {
			cols = append(cols, plan.JoinCol{Index: i})
		}
		for i := range rs {
			cols = append(cols, plan.JoinCol{Right: true, Index: i})
		}
		return cols
	}
	tests := []struct {
		left, right []string
		want        []string
	}{
		{[]string{"Key", "Value1"}, []string{"Key", "Value2"}, []string{"Key", "Value1", "Key1", "Value2"}},
		{[]string{"key", "value"}, []string{"key", "value"}, []string{"key", "value", "key1", "value1"}},
		// Names present from the start keep them; clashes skip past them.
		{[]string{"c", "c1"}, []string{"c", "d"}, []string{"c", "c1", "c2", "d"}},
		{[]string{"c"}, []string{"c", "c1"}, []string{"c", "c2", "c1"}},
		{[]string{"a", "a1", "a2"}, []string{"a", "a"}, []string{"a", "a1", "a2", "a3", "a4"}},
		{[]string{"x"}, []string{"y"}, []string{"x", "y"}},
	}
	for _, tc := range tests {
		ls, rs := schema(tc.left...), schema(tc.right...)
		out := joinSchema(both(ls, rs), ls, rs)
		var got []string
		for _, c := range out {
			got = append(got, c.Name)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("left %v right %v: (-want +got)\n%s", tc.left, tc.right, diff)
		}
	}
}
