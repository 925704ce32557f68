package exec

import (
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
)

func init() {
	// A facet's own result is its first table; the others are run by
	// callers that walk plan.Facet.Results.
	registerRunner((*plan.Facet)(nil), func(q *query, n plan.Node) (*table.Table, error) {
		return q.run(n.(*plan.Facet).Tables[0])
	})
}
