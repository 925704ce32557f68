package fn

import (
	"os"
	"strings"
	"testing"
)

// Every catalog name must be listed in docs/kql.md so the documentation
// stays complete as functions are added.
func TestDocsListEveryFunction(t *testing.T) {
	data, err := os.ReadFile("../../docs/kql.md")
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(string(data)) {
		words[strings.Trim(w, "`,.;:()")] = true
	}
	for _, n := range Names() {
		if strings.ContainsAny(n, "!=~ ") || n == "has" || strings.HasPrefix(n, "has") && !strings.Contains(n, "_") || strings.HasSuffix(n, "_cs") ||
			n == "contains" || n == "startswith" || n == "endswith" || n == "matches regex" {
			continue // string operators are documented as operators
		}
		if !words[n] {
			t.Errorf("docs/kql.md does not list the function %s", n)
		}
	}
	for _, n := range AggregateNames() {
		if !words[n] {
			t.Errorf("docs/kql.md does not list the aggregate %s", n)
		}
	}
}
