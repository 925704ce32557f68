package syntax

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// ownCorpus covers every construct the parser accepts; each query must
// parse and survive a print/re-parse round trip.
var ownCorpus = []string{
	// literals
	`print 1, 0x1F, 1.5, 1e3, 2., 1.5e-3, true, False, TRUE`,
	`print 1d, 2h, 30m, 10s, 100ms, 10microsecond, 1tick, 2ticks, 1.5h, 1day, 2hours, 3minutes, 4seconds, 5milliseconds, 10microseconds, 1hr, 3nanoseconds`,
	`print time(1.02:03:04), time(2d), timespan(15 seconds), time(2), time(0.12:34:56.7), time(-1d), time(null), timespan(00:01)`,
	`print datetime(2024-01-01), datetime(2024-01-01 10:00:00.123), datetime(2024-01-01T10:00:00Z), datetime(null), datetime(2014-05-25T08:20), date(2024-02-29)`,
	`print datetime(2024-01-01T10:00:00.1234567+02:00), datetime(Sat, 8 Nov 14 15:05:02 GMT)`,
	`print guid(74be27de-1e4e-49d9-b579-fe0b331d3642), guid(null), uuid(74BE27DE1E4E49D9B579FE0B331D3642)`,
	`print long(null), int(null), real(null), double(null), bool(null), decimal(null), long(5), int(3), real(1.5), bool(true), decimal(1.5), real(nan), real(+inf), real(-inf), long(-3), int64(7), int32(8), boolean(false)`,
	`print dynamic([1, "a", {"b": null}]), dynamic({"a": [1, 2.5, true], "b": {"c": 'x'}}), dynamic(null), dynamic(1), dynamic("s"), dynamic([]), dynamic({})`,
	`print dynamic([datetime(2024-01-01), 1d, -1, -2.5, @"c:\x", h"secret", guid(74be27de-1e4e-49d9-b579-fe0b331d3642), long(null), dynamic([1])])`,
	`print "a\"b", 'it\'s', "tab\there", "nl\n", "uni\u00e9", @"verbatim ""quoted""", @'single ''quoted''', h"hidden", h'hidden', h@"hidden\path", H"x"`,
	"print ```multi\nline \"string\"```, ~~~alt\nmulti~~~",
	`print "a" "b" 'c', @"d" "e"`,
	`print x = "concat" // comment
  "enated"`,
	// names
	`T | project ['a b'], ["c-d"], x.['e f'], y["g"], z.h.i[0][-1], $left, ['it''s']`,
	`T | extend count = 1, type = 2, kind = 3, title = 4 | project count, type, kind, title`,
	`T | where kind == "x" and type != "y" and count > 1 and title has "z"`,
	`T | extend ['new col'] = 1, (a, b) = f(x), (['c'], d) = g(y)`,
	// expressions
	`T | where a + b * c - d / e % f > -g and not(h) or +i < 3`,
	`T | where (a or b) and (c == d) == false`,
	`T | where a =~ "x" and b !~ "y" and c <> 1 and d != 2 and e >= 1 and f <= 2`,
	`T | where a has "x" or a !has "x" or a has_cs "x" or a !has_cs "x" or a hasprefix "x" or a !hasprefix "x" or a hasprefix_cs "x" or a !hasprefix_cs "x"`,
	`T | where a hassuffix "x" or a !hassuffix "x" or a hassuffix_cs "x" or a !hassuffix_cs "x" or a contains "x" or a !contains "x" or a contains_cs "x" or a !contains_cs "x"`,
	`T | where a startswith "x" or a !startswith "x" or a startswith_cs "x" or a !startswith_cs "x" or a endswith "x" or a !endswith "x" or a endswith_cs "x" or a !endswith_cs "x"`,
	`T | where a matches regex @"^\d+$" and b in (1, 2, 3) and c !in ("a") and d in~ ("A", "b") and e !in~ ("c") and f has_any ("x", "y") and g has_all (dynamic(["x"]))`,
	`T | where a between (1 .. 10) and b !between (ago(1d) .. now()) and c between(1..2)`,
	`T | where x in ((S | project x)) or y in (S | where b > 1 | project y)`,
	`T | where * has "error" | where * == "x"`,
	`T | extend a = arg_max(x, *), b = count(), c = dcount(y, 2), d = toscalar(S | count), e = f()`,
	`T | extend a = iff(x > 1, "big", "small"), b = case(x == 1, "one", x == 2, "two", "many"), c = strcat("a", tostring(x))`,
	`T | extend a = x.y.z, b = x["k"]["j"], c = x[0].y, d = x.["legacy"], e = bag.['key with space']`,
	`T | extend a = - -1, b = -(1 + 2), c = -x.y, d = 1 - -2`,
	`T | where Timestamp between (datetime(2024-01-01) .. 1d)`,
	`T | extend t = typeof(long), u = typeof(string)`,
	// statements
	`let x = 1; let y = "a"; T | where a == x`,
	`let T2 = T | where a > 1; T2 | count;`,
	`let f = (a:long, b:string = "x", T:(*), S:(x:long, y:string)) { let y = 1; T | where a > y }; f(1, "b", X, Y)`,
	`let g = () { 1 }; print g()`,
	`let h = (x:real = -1.5, y:timespan = 1d) { x * 2 }; print h()`,
	`let v = view () { T | take 1 }; v`,
	`let m = materialize(T | summarize count() by a); m | join (m) on a`,
	`set query_now = datetime(2024-01-01); set notruncation; set truncationmaxrecords = 10; T | take 1`,
	`;;T | take 1;;`,
	`let ['quoted name'] = 1; print ['quoted name']`,
	// sources
	`datatable(a:long, b:string)[1, "x", 2, "y"]`,
	`datatable(a:long, b:string, )[1, "x", 2, "y", ] | where a > 1`,
	`datatable(d:datetime, t:timespan, g:guid, y:dynamic, r:real, i:int, b:bool, c:decimal)[datetime(2024-01-01), 1h, guid(null), dynamic({"a":1}), -1.5, int(3), true, decimal(2.5)]`,
	`print a = 1, b = "x" | extend c = a * 2`,
	`range x from 1 to 10 step 1 | extend y = x * 2`,
	`range t from ago(1d) to now() step 1h`,
	`union T1, T2`,
	`union kind=outer withsource=SourceTable isfuzzy=true T1, T*, (T3 | where a > 1), f(1)`,
	`union kind=inner T1, T2 | count`,
	`table("CloudAuditEvents") | take 1`,
	`(T | where a > 1) | count`,
	`T | union (S | project a), U`,
	`search "error"`,
	`search in (T1, T2) "error" | take 10`,
	`search kind=case_sensitive x == 1`,
	`T | search "x"`,
	`search *`,
	`find where a == 1`,
	`find withsource=Src in (T1, T*) where b has "x" project a, b:long, pack_all() | take 1`,
	`find in (T) where x > 1 project-smart`,
	`T | find where c`,
	// operators
	`T | where a > 1 | filter b < 2`,
	`T | project a, b = c + 1, d`,
	`T | project-away a, b*, *_c, ['d e'] | project-keep f*, g`,
	`T | project-rename a = b, ['c d'] = ['e f']`,
	`T | project-reorder a asc, b desc, c* granny-asc, d granny-desc, e`,
	`T | take 10 | limit 5 | sample 3 | count`,
	`T | sample-distinct 10 of a`,
	`T | sort by a, b asc, c desc nulls first, d nulls last, e asc nulls last | order by f desc`,
	`T | top 10 by a desc nulls first`,
	`T | top 5 by count_ asc`,
	`T | top-nested 3 of a by sum(b), top-nested of c with others = "other" by Total = count() asc, top-nested 2 of Name = d by max(e) desc`,
	`T | top-hitters 5 of a by b | top-hitters 3 of c`,
	`T | distinct a, b | distinct *`,
	`T | distinct hint.strategy=shuffle a`,
	`T | summarize count() | summarize by a | summarize c = count(), dcount(b) by bin(Timestamp, 1h), k = tolower(x)`,
	`T | summarize hint.shufflekey=a hint.num_partitions=10 make_list(b) by a`,
	`T | summarize (a, b) = arg_max(Timestamp, Name) by c`,
	`T | mv-expand a | mv-expand b = c to typeof(long), d limit 100`,
	`T | mv-expand bagexpansion=array with_itemindex=i x to typeof(string)`,
	`T | mv-expand kind=bag x | mvexpand y`,
	`T | mv-apply x to typeof(long) on (top 1 by x)`,
	`T | mv-apply with_itemindex=i e = arr limit 10 on (extend y = e * 2 | where y > 1 | summarize make_list(y))`,
	`T | mvapply x on (take 1)`,
	`T | as X | as hint.materialized=true Y | getschema`,
	`T | serialize | serialize rn = row_number(), p = prev(a)`,
	`T | extend rn = row_number(), n = next(a, 2)`,
	`T | join (S) on a`,
	`T | join kind=leftouter hint.strategy=broadcast (S | where b > 1) on $left.a == $right.b, c`,
	`T | join kind=innerunique S on a | join kind=leftanti (U) on b | join kind=rightsemi (V) on c`,
	`T | join kind=fullouter hint.remote=auto (S) on $left.x == $right.y and $left.z == $right.w`,
	`T | lookup (S) on a | lookup kind=inner S on $left.a == $right.b`,
	`T | parse x with * "a=" a:long "," b:string "," c *`,
	`T | parse kind=regex flags=Ui x with "(?P<y>.*)" y:datetime`,
	`T | parse kind=relaxed x with a:int " " b | parse-where kind=simple y with "k=" k:long`,
	`T | parse ['x y'] with * 'pre' ['the col']:real`,
	`T | parse-kv s as (a:long, b:string) with (pair_delimiter=',', kv_delimiter='=', quote='"', escape='\\', greedy=true)`,
	`T | parse-kv s as (a:string) with (regex=@"(\w+)=(\w+)") | parse-kv t as (b:long)`,
	`T | make-series c = count() default = 0, avg(x) on Timestamp from ago(7d) to now() step 1h by a`,
	`T | make-series kind=nonempty sum(x) on Timestamp in range(ago(1d), now(), 1h)`,
	`T | make-series count() on Timestamp step 1d`,
	`T | render timechart`,
	`T | render timechart with (title="CPU", ycolumns=a, b, xcolumn=Timestamp, kind=stacked, ymin=-1, accumulate=true, legend=hidden)`,
	`T | evaluate bag_unpack(d) | evaluate hint.distribution=per_node pivot(a, count())`,
	`T | invoke f(1) | invoke g()`,
	`T | evaluate ipv4_lookup(R, ip, net, return_unmatched = true) : (ip:string, net:string) | count as n`,
	`print g(a = 1, b = h(c = 2), ['d e'] = T | take 1)`,
	`search kind=default "x"`,
	`T | facet by a, b with (where x > 1 | take 5)`,
	`T | facet by a with take 5`,
	`T | facet by a`,
	`T | fork (where a > 1 | count) (summarize count() by b) named=(take 1)`,
	// names that look like operators in expressions
	`T | extend d = a-b, e = a - b, f = mv-expand`,
	`print x = 1 | extend y = x-1`,
	// tabular expressions in expression positions
	`let n = toscalar(T | summarize count()); T | where a < n`,
	`T | where a in (toscalar(S | take 1 | project a))`,
	`print x = toscalar(range i from 1 to 3 step 1 | count)`,
	`T | join (union S, U | where a > 1) on a`,
	// comments and layout
	"// leading comment\nT\n| where a > 1 // trailing comment\n// between\n| project a\n",
	"T\r\n| where a > 1\r\n| count",
}

// seedQueries splits the reference seed file: each query starts at a run
// of "//" comment lines.
func seedQueries(t testing.TB) []string {
	t.Helper()
	src, err := os.ReadFile("/work/shared/reference/seed-queries.kql")
	if err != nil {
		t.Logf("no seed queries: %v", err)
		return nil
	}
	var out, cur []string
	body := false
	for _, l := range strings.Split(string(src), "\n") {
		comment := strings.HasPrefix(l, "//")
		if comment && body {
			out = append(out, strings.Join(cur, "\n"))
			cur, body = nil, false
		}
		if !comment && strings.TrimSpace(l) != "" {
			body = true
		}
		cur = append(cur, l)
	}
	if body {
		out = append(out, strings.Join(cur, "\n"))
	}
	return out
}

// kqltestQuery is one query text from a .kqltest file.
type kqltestQuery struct {
	where string // file:line
	text  string
	error bool // from "query error": the text may fail to parse
}

// kqltestQueries reads every query and table text of the .kqltest corpus:
// the lines after a "query ..." line up to "----", and after a "table ..."
// line up to a blank line.
func kqltestQueries(t testing.TB) []kqltestQuery {
	t.Helper()
	files, _ := filepath.Glob("../../../testdata/kqltest/*.kqltest")
	var out []kqltestQuery
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
		for i := 0; i < len(lines); i++ {
			l := lines[i]
			isQuery := strings.HasPrefix(l, "query")
			if !isQuery && !strings.HasPrefix(l, "table") {
				continue
			}
			q := kqltestQuery{where: filepath.Base(f) + ":" + strconv.Itoa(i+2), error: isQuery && strings.Contains(l, "error")}
			var body []string
			for i++; i < len(lines); i++ {
				if isQuery && lines[i] == "----" || !isQuery && strings.TrimSpace(lines[i]) == "" {
					break
				}
				body = append(body, lines[i])
			}
			q.text = strings.Join(body, "\n")
			if strings.TrimSpace(q.text) != "" {
				out = append(out, q)
			}
		}
	}
	return out
}
