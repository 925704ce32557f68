package fn

import (
	"sync"
	"time"

	// The IANA database built into the binary (+400 KB on cmd/harrier), so
	// that time zones work on hosts without /usr/share/zoneinfo (distroless
	// and scratch images); Go still prefers the host's copy when present.
	_ "time/tzdata"

	"github.com/harrier-sec/harrier/internal/value"
)

// datetime_utc_to_local and datetime_local_to_utc: conversions between UTC
// and the wall clock of an IANA time zone. An unknown zone gives null.

func init() {
	Register(&Scalar{Name: "datetime_utc_to_local", MinArgs: 2, MaxArgs: 2, Check: tzCheck,
		Eval: Map2(value.DateTime, GetDateTime, GetString, PutLong, tzUTCToLocal),
		Doc:  "datetime_utc_to_local(datetime, timezone): the wall-clock time in an IANA time zone ('US/Pacific') of a UTC datetime."})
	Register(&Scalar{Name: "datetime_local_to_utc", MinArgs: 2, MaxArgs: 2, Check: tzCheck,
		Eval: Map2(value.DateTime, GetDateTime, GetString, PutLong, tzLocalToUTC),
		Doc:  "datetime_local_to_utc(datetime, timezone): the UTC datetime of a wall-clock time in an IANA time zone."})
}

func tzCheck(args []Arg) (value.Type, error) {
	if !KDateTime.Accepts(args[0].Type) {
		return value.Unknown, Errorf("argument 1 must be a datetime, got %s", args[0].Type)
	}
	if c := args[1].Const; c != nil && c.T == value.String {
		if _, ok := tzLoad(c.S); !ok {
			return value.Unknown, Errorf("argument 2 (timezone) is not a known time zone: %q", c.S)
		}
	}
	return value.DateTime, nil
}

// tzCache holds loaded zones: LoadLocation reads and parses a file each time.
// Zones are immutable and the set of names is small, so the cache never
// needs eviction beyond a size guard.
var tzCache sync.Map // string -> *time.Location (nil for unknown names)

const tzCacheMax = 1024

var tzCacheLen struct {
	sync.Mutex
	n int
}

func tzLoad(name string) (*time.Location, bool) {
	if v, ok := tzCache.Load(name); ok {
		loc := v.(*time.Location)
		return loc, loc != nil
	}
	// "" and "Local" would mean UTC and the host's zone to LoadLocation;
	// neither is an IANA zone name.
	var loc *time.Location
	if name != "" && name != "Local" {
		loc, _ = time.LoadLocation(name)
	}
	tzCacheLen.Lock()
	if tzCacheLen.n < tzCacheMax {
		tzCacheLen.n++
		tzCache.Store(name, loc)
	}
	tzCacheLen.Unlock()
	return loc, loc != nil
}

// tzOffsetAt is the zone's UTC offset in seconds at unix second u.
func tzOffsetAt(loc *time.Location, u int64) int64 {
	_, off := time.Unix(u, 0).In(loc).Zone()
	return int64(off)
}

func tzUTCToLocal(ticks int64, zone string) (int64, bool) {
	loc, ok := tzLoad(zone)
	if !ok {
		return 0, false
	}
	t := value.TimeFromTicks(ticks)
	r := ticks + tzOffsetAt(loc, t.Unix())*value.TicksPerSecond
	return r, r >= value.MinDateTime && r <= value.MaxDateTime
}

// tzLocalToUTC picks the offset whose UTC instant shows the given wall
// clock. In a spring-forward gap no offset does; Kusto's documented example
// (02:00 in Europe/Brussels on 2022-03-27 becomes 00:00 UTC) applies the
// offset after the transition, and we apply it to fall-back overlaps too
// (the later of the two instants).
func tzLocalToUTC(ticks int64, zone string) (int64, bool) {
	loc, ok := tzLoad(zone)
	if !ok {
		return 0, false
	}
	local := value.TimeFromTicks(ticks).Unix() // wall clock read as UTC
	before := tzOffsetAt(loc, local-86400)
	after := tzOffsetAt(loc, local+86400)
	valid := func(off int64) bool { return tzOffsetAt(loc, local-off) == off }
	off := after
	switch vb, va := valid(before), valid(after); {
	case va && vb:
		off = min(before, after) // the later instant
	case vb:
		off = before
	case !va:
		// A gap: the offset after the transition.
		if cur := tzOffsetAt(loc, local); valid(cur) {
			off = cur
		}
	}
	r := ticks - off*value.TicksPerSecond
	return r, r >= value.MinDateTime && r <= value.MaxDateTime
}
