package value

import "testing"

func TestLookup(t *testing.T) {
	d := RawJSON(`{"Verb":"x","arr":["10.0.0.7",{"k":[1,2]}],"o":{"a":{"b":true}}}`)
	f := func(want string, keys ...string) {
		t.Helper()
		if got := d.Lookup(keys).JSON(); got != want {
			t.Errorf("Lookup(%q) = %s, want %s", keys, got, want)
		}
	}
	f(`"x"`, "Verb")
	f(`null`, "Verb", "[0]") // an index into a string is null, not the next array
	f(`"10.0.0.7"`, "arr", "[0]")
	f(`2`, "arr", "[1]", "k", "[1]")
	f(`true`, "o", "a", "b")
	f(`null`, "o", "missing", "b")
	f(`null`, "arr", "[7]")
}
