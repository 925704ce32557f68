package main

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/harrier-sec/harrier/internal/demo"
	"github.com/harrier-sec/harrier/internal/gen"
)

// benchQuery is one reference query: its KQL text (verbatim from
// internal/demo) and the SQL written to return the same rows.
type benchQuery struct {
	name    string
	kql     string
	sampled bool                    // ends in `sample 10`: compare the count before sampling
	sql     func(v duckView) string // nil when the view cannot answer it
	count   func(v duckView) string // row count before sampling (sampled queries)
}

// duckView abstracts where a field comes from: the JSON column of `ev` or
// the pre-shredded columns of `evt`. Strings are SQL expressions.
type duckView struct {
	table                                        string
	resource, subresource, namespace, name, user string
	uri                                          string
	codeStr, codeNum                             string // ResponseStatus.code as text and as a number
	reqObj                                       string // RequestObject as JSON
	hasRaw                                       bool   // RawEventData is available
}

var views = map[string]duckView{
	"ev": {
		table:       "ev",
		resource:    "json_extract_string(RawEventData, '$.ObjectRef.resource')",
		subresource: "json_extract_string(RawEventData, '$.ObjectRef.subresource')",
		namespace:   "json_extract_string(RawEventData, '$.ObjectRef.namespace')",
		name:        "json_extract_string(RawEventData, '$.ObjectRef.name')",
		user:        "json_extract_string(RawEventData, '$.User.username')",
		uri:         "json_extract_string(RawEventData, '$.RequestURI')",
		codeStr:     "json_extract_string(RawEventData, '$.ResponseStatus.code')",
		codeNum:     "TRY_CAST(json_extract_string(RawEventData, '$.ResponseStatus.code') AS DOUBLE)",
		reqObj:      "json_extract(RawEventData, '$.RequestObject')",
		hasRaw:      true,
	},
	"evt": {
		table: "evt", resource: "resource", subresource: "subresource", namespace: "namespace",
		name: "name", user: "username", uri: "RequestURI",
		codeStr: "CAST(code AS VARCHAR)", codeNum: "code", reqObj: "RequestObject",
	},
}

// KQL's ago(1d) and ago(7d) with now() pinned to the corpus' end.
func sqlTime(d time.Duration) string {
	return "TIMESTAMP '" + gen.DefaultEnd.Add(-d).UTC().Format("2006-01-02 15:04:05.999999") + "'"
}

var queries = func() []benchQuery {
	qs := demo.Split(demo.SeedQueries)
	day, week := sqlTime(24*time.Hour), sqlTime(7*24*time.Hour)
	return []benchQuery{
		{name: "Q1 privileged pod", kql: qs[0].Text, sql: func(v duckView) string {
			// Filter first, then unnest the containers of the few rows left
			// (KQL's mv-expand); tostring(null) in KQL is "", hence coalesce.
			return `WITH f AS (
  SELECT Timestamp, AzureResourceId, OperationName, IPAddress, UserAgent,
    json_extract_string(` + v.reqObj + `, '$.metadata.name') AS PodName,
    ` + v.namespace + ` AS PodNamespace,
    ` + v.user + ` AS Username,
    json_extract(` + v.reqObj + `, '$.spec.containers') AS containers
  FROM ` + v.table + `
  WHERE Timestamp > ` + day + ` AND DataSource = 'Azure Kubernetes Service' AND OperationName = 'create'
    AND ` + v.resource + ` = 'pods' AND ` + v.subresource + ` IS NULL
    AND starts_with(` + v.codeStr + `, '20'))
SELECT Timestamp, AzureResourceId, OperationName, IPAddress, UserAgent, PodName, PodNamespace,
  c ->> '$.name' AS ContainerName, Username
FROM f, unnest(CAST(containers AS JSON[])) AS t(c)
WHERE c ->> '$.securityContext.privileged' = 'true'`
		}},
		{name: "Q2 kube-system exec", kql: qs[1].Text, sql: func(v duckView) string {
			// !startswith is case-insensitive in KQL, hence lower(); KQL's
			// url_decode turns '+' into a space, DuckDB's does not.
			return `WITH f AS (
  SELECT Timestamp, AzureResourceId, OperationName, IPAddress, UserAgent,
    coalesce(` + v.uri + `, '') AS RequestURI,
    coalesce(` + v.name + `, '') AS PodName,
    coalesce(` + v.namespace + `, '') AS PodNamespace,
    coalesce(` + v.user + `, '') AS Username
  FROM ` + v.table + `
  WHERE Timestamp > ` + day + ` AND DataSource = 'Azure Kubernetes Service' AND OperationName = 'create'
    AND ` + v.resource + ` = 'pods' AND ` + v.codeNum + ` = 101
    AND ` + v.namespace + ` = 'kube-system' AND ` + v.subresource + ` = 'exec')
SELECT Timestamp, AzureResourceId, OperationName, IPAddress, UserAgent, PodName, PodNamespace, Username,
  url_decode(replace(array_to_string(regexp_extract_all(RequestURI, 'command=([^&]*)', 1), ' '), '+', '%20')) AS ParsedCommand
FROM f
WHERE NOT starts_with(lower(PodName), 'tunnelfront-') AND NOT starts_with(lower(PodName), 'konnectivity-')
  AND NOT starts_with(lower(PodName), 'aks-link')`
		}},
		{name: "Q3 cluster-admin binding", kql: qs[2].Text, sql: func(v duckView) string {
			return `WITH f AS (
  SELECT Timestamp, AzureResourceId, OperationName, IPAddress, UserAgent,
    coalesce(` + v.user + `, '') AS ActionTakenBy,
    coalesce(` + v.name + `, '') AS BindingName,
    json_extract(` + v.reqObj + `, '$.subjects') AS subjects
  FROM ` + v.table + `
  WHERE Timestamp > ` + day + ` AND OperationName = 'create' AND ` + v.resource + ` = 'clusterrolebindings'
    AND starts_with(` + v.codeStr + `, '20')
    AND json_extract_string(` + v.reqObj + `, '$.roleRef.name') = 'cluster-admin')
SELECT Timestamp, AzureResourceId, OperationName, ActionTakenBy, IPAddress, UserAgent, BindingName,
  coalesce(s ->> '$.name', '') AS SubjectName, coalesce(s ->> '$.kind', '') AS SubjectKind
FROM f, unnest(CAST(subjects AS JSON[])) AS t(s)
WHERE ActionTakenBy <> 'acsService'`
		}},
		{name: "Q4 ARM VM writes (sample 10)", kql: qs[3].Text, sampled: true,
			sql: func(v duckView) string {
				if !v.hasRaw {
					return "" // evt keeps only the Kubernetes paths
				}
				// USING SAMPLE applies before WHERE, so sample a subquery.
				return `SELECT * FROM (
  SELECT *, RawEventData -> '$.status' AS Status, RawEventData -> '$.subStatus' AS SubStatus
  FROM ev WHERE Timestamp > ` + week + `
    AND starts_with(lower(OperationName), lower('Microsoft.Compute/virtualMachines/write'))
) USING SAMPLE reservoir(10 ROWS)`
			},
			count: func(v duckView) string {
				return `SELECT count(*) FROM ev WHERE Timestamp > ` + week + `
  AND starts_with(lower(OperationName), lower('Microsoft.Compute/virtualMachines/write'))`
			}},
	}
}()

func duckPath() string { return filepath.Join(*flagDir, "duck.db") }

func duckSize() int64 { return dirSize(duckPath()) + dirSize(duckPath()+".wal") }

// duckIngest loads the JSON lines with read_json into a table with
// RawEventData as a JSON column, then derives the pre-shredded table.
func duckIngest() (*phaseResult, error) {
	db, err := sql.Open("duckdb", duckPath())
	if err != nil {
		return nil, err
	}
	defer db.Close()
	jsonl := strings.ReplaceAll(filepath.Join(*flagDir, "events.jsonl"), "'", "''")
	t0 := time.Now()
	// The columns are spelled out so DuckDB neither samples for a schema
	// nor turns RawEventData into a STRUCT.
	if _, err := db.Exec(`CREATE TABLE ev AS SELECT * FROM read_json('` + jsonl + `', format = 'newline_delimited',
  columns = {Timestamp: 'TIMESTAMP', ReportId: 'VARCHAR', DataSource: 'VARCHAR', ActionType: 'VARCHAR',
    OperationName: 'VARCHAR', ResourceId: 'VARCHAR', AzureResourceId: 'VARCHAR', AwsResourceName: 'VARCHAR',
    GcpFullResourceName: 'VARCHAR', IPAddress: 'VARCHAR', IsAnonymousProxy: 'BOOLEAN', CountryCode: 'VARCHAR',
    City: 'VARCHAR', Isp: 'VARCHAR', UserAgent: 'VARCHAR', RawEventData: 'JSON', AdditionalFields: 'JSON'})`); err != nil {
		return nil, err
	}
	if _, err := db.Exec(`CHECKPOINT`); err != nil {
		return nil, err
	}
	secs := time.Since(t0).Seconds()
	evBytes := duckSize()

	t1 := time.Now()
	if _, err := db.Exec(`CREATE TABLE evt AS SELECT Timestamp, ReportId, DataSource, ActionType, OperationName,
    AzureResourceId, IPAddress, UserAgent,
    json_extract_string(RawEventData, '$.ObjectRef.resource') AS resource,
    json_extract_string(RawEventData, '$.ObjectRef.subresource') AS subresource,
    json_extract_string(RawEventData, '$.ObjectRef.namespace') AS namespace,
    json_extract_string(RawEventData, '$.ObjectRef.name') AS name,
    TRY_CAST(json_extract_string(RawEventData, '$.ResponseStatus.code') AS INTEGER) AS code,
    json_extract_string(RawEventData, '$.Verb') AS verb,
    json_extract_string(RawEventData, '$.User.username') AS username,
    json_extract_string(RawEventData, '$.RequestURI') AS RequestURI,
    json_extract(RawEventData, '$.RequestObject') AS RequestObject
  FROM ev`); err != nil {
		return nil, err
	}
	if _, err := db.Exec(`CHECKPOINT`); err != nil {
		return nil, err
	}
	evtSecs := time.Since(t1).Seconds()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM ev`).Scan(&n); err != nil {
		return nil, err
	}
	if n != *flagEvents {
		return nil, fmt.Errorf("DuckDB loaded %d rows, want %d", n, *flagEvents)
	}
	return &phaseResult{Events: n, Seconds: secs, DiskBytes: evBytes,
		Extra: map[string]float64{"evt_seconds": evtSecs, "evt_bytes": float64(duckSize() - evBytes)}}, nil
}

// duckQueries runs each query's SQL over ev and evt, warm.
func duckQueries() (*phaseResult, error) {
	db, err := sql.Open("duckdb", duckPath())
	if err != nil {
		return nil, err
	}
	defer db.Close()
	res := &phaseResult{Queries: map[string]queryStat{}}
	for _, q := range queries {
		for _, vn := range []string{"ev", "evt"} {
			text := q.sql(views[vn])
			if text == "" {
				continue
			}
			d, keys, err := median3(func() ([]string, error) { return sqlKeys(db, text) })
			if err != nil {
				return nil, fmt.Errorf("%s over %s: %w\n%s", q.name, vn, err, text)
			}
			qs := queryStat{Seconds: d.Seconds(), Rows: len(keys)}
			if q.sampled {
				if err := db.QueryRow(q.count(views[vn])).Scan(&qs.Count); err != nil {
					return nil, err
				}
			} else {
				qs.Keys = keys
			}
			res.Queries[q.name+"/"+vn] = qs
		}
	}
	return res, nil
}

// sqlKeys runs a query and renders its rows like tableKeys does.
func sqlKeys(db *sql.DB, text string) ([]string, error) {
	rows, err := db.Query(text)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var keys []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		cells := make([]string, len(cols))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				cells[i] = ""
			case time.Time:
				cells[i] = fmt.Sprint(x.UnixMicro())
			case []byte:
				cells[i] = string(x)
			default:
				cells[i] = fmt.Sprint(x)
			}
		}
		keys = append(keys, strings.Join(cells, " | "))
	}
	sort.Strings(keys)
	return keys, rows.Err()
}
