package fn

import (
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

func TestTimeZones(t *testing.T) {
	u := func(want, in, zone string) {
		t.Helper()
		fxExpect(t, fxDT(want), "datetime_utc_to_local", fxDT(in), fxS(zone))
	}
	l := func(want, in, zone string) {
		t.Helper()
		fxExpect(t, fxDT(want), "datetime_local_to_utc", fxDT(in), fxS(zone))
	}
	u("2022-07-11T15:18:48.467862Z", "2022-07-11T22:18:48.467862Z", "US/Pacific")
	u("2022-07-12T08:18:48Z", "2022-07-11T22:18:48Z", "Australia/Canberra")
	u("2024-01-01T05:30:00Z", "2024-01-01T00:00:00Z", "Asia/Kolkata")
	u("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "UTC")
	l("2020-02-03T04:02:20Z", "2020-02-02T20:02:20Z", "US/Pacific")
	l("2022-03-27T00:00:00Z", "2022-03-27T02:00:00Z", "Europe/Brussels")     // gap: offset after
	l("2022-03-27T00:30:00Z", "2022-03-27T02:30:00Z", "Europe/Brussels")     // gap
	l("2022-10-30T01:30:00Z", "2022-10-30T02:30:00Z", "Europe/Brussels")     // overlap: later instant
	l("2022-11-06T09:30:00Z", "2022-11-06T01:30:00Z", "America/Los_Angeles") // overlap
	l("2022-03-13T09:30:00Z", "2022-03-13T02:30:00Z", "America/Los_Angeles") // gap: -7h after
	fxExpectRuntime(t, fxNull(value.DateTime), "datetime_utc_to_local", fxDT("2024-01-01"), fxS("Local"))
	fxExpectRuntime(t, fxNull(value.DateTime), "datetime_local_to_utc", fxDT("2024-01-01"), fxS(""))
	fxExpect(t, fxNull(value.DateTime), "datetime_utc_to_local", fxNull(value.DateTime), fxS("UTC"))
	fxExpect(t, fxNull(value.DateTime), "datetime_local_to_utc", fxDT("0001-01-01"), fxS("Asia/Tokyo"))
	fxCheckConstErr(t, "datetime_utc_to_local", fxDT("2024-01-01"), fxS("Nowhere/Special"))
}

// Every local time maps to a UTC time that maps back to the same local time,
// except inside spring-forward gaps.
func TestTimeZoneRoundTrip(t *testing.T) {
	start := fxMustDT("2022-01-01")
	for _, zone := range []string{"Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Tehran"} {
		for h := int64(0); h < 366*24*4; h++ {
			utc := start + h*value.TicksPerHour/4
			local, ok := tzUTCToLocal(utc, zone)
			if !ok {
				t.Fatalf("%s: no local time", zone)
			}
			back, ok := tzLocalToUTC(local, zone)
			if !ok {
				t.Fatalf("%s: no UTC time", zone)
			}
			if again, _ := tzUTCToLocal(back, zone); again != local {
				t.Fatalf("%s: %s -> local %s -> utc %s -> local %s", zone, value.FormatDateTime(utc),
					value.FormatDateTime(local), value.FormatDateTime(back), value.FormatDateTime(again))
			}
		}
	}
}
