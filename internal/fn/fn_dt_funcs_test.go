package fn

import (
	"testing"
	"time"

	"github.com/harrier-sec/harrier/internal/value"
)

// TestCalendar compares the civil-date arithmetic with the time package for
// every 13th day from year 1 to 9999.
func TestCalendar(t *testing.T) {
	maxDays := value.MaxDateTime / value.TicksPerDay
	for days := int64(0); days <= maxDays; days += 13 {
		ticks := days*value.TicksPerDay + 5*value.TicksPerHour
		tm := value.TimeFromTicks(ticks)
		y, m, d := dtCivilFromDays(days)
		if y != int64(tm.Year()) || m != int64(tm.Month()) || d != int64(tm.Day()) {
			t.Fatalf("day %d: civil %d-%d-%d, time %s", days, y, m, d, tm)
		}
		if back := dtDaysFromCivil(y, m, d); back != days {
			t.Fatalf("day %d: back to %d", days, back)
		}
		if w := dtWeekday(ticks); w != int64(tm.Weekday()) {
			t.Fatalf("%s: weekday %d, want %d", tm, w, tm.Weekday())
		}
		if doy := dtDayOfYear(ticks); doy != int64(tm.YearDay()) {
			t.Fatalf("%s: day of year %d", tm, doy)
		}
		if _, wk := tm.ISOWeek(); dtISOWeek(ticks) != int64(wk) {
			t.Fatalf("%s: ISO week %d, want %d", tm, dtISOWeek(ticks), wk)
		}
	}
	if got := value.TimeFromTicks(0); got != time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("tick 0 is %s", got)
	}
}

func TestNowAgo(t *testing.T) {
	fxExpect(t, fxDT("2024-01-15T10:30:00Z"), "now")
	fxExpect(t, fxDT("2024-01-15T09:30:00Z"), "now", fxTS("-1h"))
	fxExpect(t, fxDT("2024-01-14T10:30:00Z"), "ago", fxTS("1d"))
	fxExpect(t, fxDT("2024-01-15T10:30:00Z"), "ago", fxTS("0s"))
	fxExpect(t, fxDT("2024-01-15T10:35:00Z"), "ago", fxTS("-5m"))
	fxExpect(t, fxDT("2024-01-15T10:00:00Z"), "ago", fxS("30m"))
	fxExpect(t, fxNull(value.DateTime), "ago", fxNull(value.TimeSpan))
	fxCheckErr(t, "ago", value.Long)
}

func TestDateParts(t *testing.T) {
	f := func(want value.Value, name string, args ...value.Value) { t.Helper(); fxExpect(t, want, name, args...) }
	d := fxDT("2017-10-30 01:02:03.7654321")
	f(fxI(2017), "getyear", d)
	f(fxI(10), "getmonth", d)
	f(fxI(10), "monthofyear", d)
	f(fxI(30), "dayofmonth", d)
	f(fxI(303), "dayofyear", d)
	f(fxI(1), "hourofday", d)
	f(fxI(44), "week_of_year", d)
	f(fxI(53), "week_of_year", fxDT("2020-12-31"))
	f(fxI(25), "week_of_year", fxDT("2020-06-15"))
	f(fxI(1), "week_of_year", fxDT("1970-01-01"))
	f(fxI(52), "week_of_year", fxDT("2000-01-01"))
	f(fxTS("00:00:00"), "dayofweek", fxDT("1947-11-30 10:00:05"))
	f(fxTS("1.00:00:00"), "dayofweek", fxDT("1970-05-11"))
	f(fxTS("2.00:00:00"), "dayofweek", fxDT("1970-05-12"))
	f(fxNull(value.Int), "getyear", fxNull(value.DateTime))
	f(fxI(2024), "getyear", fxS("2024-03-01"))
	f(fxI(2024), "getyear", fxD(`"2024-03-01T00:00:00Z"`))

	p := func(part string, want int64) { t.Helper(); f(fxI(want), "datetime_part", fxS(part), d) }
	p("year", 2017)
	p("quarter", 4)
	p("month", 10)
	p("week_of_year", 44)
	p("day", 30)
	p("dayOfYear", 303)
	p("hour", 1)
	p("minute", 2)
	p("second", 3)
	p("millisecond", 765)
	p("microsecond", 765432)
	p("nanosecond", 765432100)
	p("Year", 2017)
	fxExpectRuntime(t, fxNull(value.Int), "datetime_part", fxS("decade"), d)
	fxCheckConstErr(t, "datetime_part", fxS("decade"), d)
}

func TestStartEndOf(t *testing.T) {
	f := func(want string, name string, args ...value.Value) {
		t.Helper()
		fxExpect(t, fxDT(want), name, args...)
	}
	d := fxDT("2017-01-01 10:10:17")
	f("2016-12-25", "startofweek", d, fxL(-1))
	f("2017-01-01", "startofweek", d)
	f("2017-01-08", "startofweek", d, fxL(1))
	f("2017-01-01", "startofday", d)
	f("2017-01-02", "startofday", d, fxL(1))
	f("2016-12-31", "startofday", d, fxL(-1))
	f("2017-01-01", "startofmonth", d)
	f("2016-12-01", "startofmonth", d, fxL(-1))
	f("2018-02-01", "startofmonth", d, fxL(13))
	f("2017-01-01", "startofyear", fxDT("2017-07-04"))
	f("2019-01-01", "startofyear", fxDT("2017-07-04"), fxL(2))
	f("2016-12-31 23:59:59.9999999", "endofmonth", d, fxL(-1))
	f("2017-01-31 23:59:59.9999999", "endofmonth", d)
	f("2017-02-28 23:59:59.9999999", "endofmonth", d, fxL(1))
	f("2024-02-29 23:59:59.9999999", "endofmonth", fxDT("2024-02-10"))
	f("2017-01-01 23:59:59.9999999", "endofday", d)
	f("2017-01-07 23:59:59.9999999", "endofweek", d)
	f("2017-12-31 23:59:59.9999999", "endofyear", d)
	f("2018-12-31 23:59:59.9999999", "endofyear", d, fxL(1))
	fxExpect(t, fxNull(value.DateTime), "startofday", fxNull(value.DateTime))
	fxExpect(t, fxNull(value.DateTime), "startofyear", d, fxL(1_000_000))
	fxExpect(t, fxDT("9999-12-31 23:59:59.9999999"), "endofyear", fxDT("9999-06-01"))
	fxExpect(t, fxNull(value.DateTime), "startofyear", fxDT("9999-06-01"), fxL(1))
	fxExpect(t, fxNull(value.DateTime), "startofmonth", d, fxNull(value.Long))
}

func TestDateTimeAdd(t *testing.T) {
	f := func(want string, period string, k int64, d string) {
		t.Helper()
		fxExpect(t, fxDT(want), "datetime_add", fxS(period), fxL(k), fxDT(d))
	}
	f("2018-01-01", "year", 1, "2017-01-01")
	f("2017-04-01", "quarter", 1, "2017-01-01")
	f("2017-02-01", "month", 1, "2017-01-01")
	f("2017-01-08", "week", 1, "2017-01-01")
	f("2017-01-02", "day", 1, "2017-01-01")
	f("2017-01-01 01:00", "hour", 1, "2017-01-01")
	f("2017-01-01 00:01", "minute", 1, "2017-01-01")
	f("2017-01-01 00:00:01", "second", 1, "2017-01-01")
	f("2012-01-01", "year", -5, "2017-01-01")
	f("2020-01-01", "quarter", 12, "2017-01-01")
	f("2015-10-01", "month", -15, "2017-01-01")
	f("2018-12-02", "week", 100, "2017-01-01")
	f("2017-02-28", "month", 1, "2017-01-31") // clamped to the month's end
	f("2020-02-29", "month", 1, "2020-01-31")
	f("2021-02-28", "year", 1, "2020-02-29")
	f("2017-01-01 10:00:00.001", "millisecond", 1, "2017-01-01 10:00")
	f("2017-01-01 10:00:00.000001", "microsecond", 1, "2017-01-01 10:00")
	f("2017-01-01 10:00:00.0000001", "nanosecond", 100, "2017-01-01 10:00")
	f("2017-01-01 10:00:00", "Month", 0, "2017-01-01 10:00")
	n := fxNull(value.DateTime)
	fxExpect(t, n, "datetime_add", fxS("year"), fxL(1), fxDT("9999-06-01"))
	fxExpect(t, n, "datetime_add", fxS("day"), fxL(1<<62), fxDT("2017-01-01"))
	fxExpect(t, n, "datetime_add", fxS("year"), fxNull(value.Long), fxDT("2017-01-01"))
	fxExpectRuntime(t, n, "datetime_add", fxS("fortnight"), fxL(1), fxDT("2017-01-01"))
	fxCheckConstErr(t, "datetime_add", fxS("fortnight"), fxL(1), fxDT("2017-01-01"))
	fxCheckErr(t, "datetime_add", value.String, value.String, value.DateTime)
}

func TestDateTimeDiff(t *testing.T) {
	f := func(want int64, period, d1, d2 string) {
		t.Helper()
		fxExpect(t, fxL(want), "datetime_diff", fxS(period), fxDT(d1), fxDT(d2))
	}
	f(17, "year", "2017-01-01", "2000-12-31")
	f(2, "quarter", "2017-07-01", "2017-03-30")
	f(13, "month", "2017-01-01", "2015-12-30")
	f(5, "week", "2017-10-29 00:00", "2017-09-30 23:59")
	f(29, "day", "2017-10-29 00:00", "2017-09-30 23:59")
	f(2, "hour", "2017-10-31 01:00", "2017-10-30 23:59")
	f(5, "minute", "2017-10-30 23:05:01", "2017-10-30 23:00:59")
	f(10, "second", "2017-10-30 23:00:10.100", "2017-10-30 23:00:00.900")
	f(100, "millisecond", "2017-10-30 23:00:00.200100", "2017-10-30 23:00:00.100900")
	f(100, "microsecond", "2017-10-30 23:00:00.1009001", "2017-10-30 23:00:00.1008009")
	f(-700, "nanosecond", "2017-10-30 23:00:00.0000000", "2017-10-30 23:00:00.0000007")
	f(-17, "year", "2000-12-31", "2017-01-01")
	f(1, "year", "2017-01-01", "2016-12-31")
	f(0, "week", "2024-01-20", "2024-01-14") // Saturday and the Sunday before
	f(1, "week", "2024-01-21", "2024-01-20") // Sunday starts a week
	fxExpect(t, fxNull(value.Long), "datetime_diff", fxS("day"), fxNull(value.DateTime), fxDT("2017-01-01"))
	fxCheckConstErr(t, "datetime_diff", fxS("days"), fxDT("2017-01-01"), fxDT("2017-01-01"))
}

func TestFormatDateTime(t *testing.T) {
	f := func(d, format, want string) {
		t.Helper()
		fxExpect(t, fxS(want), "format_datetime", fxDT(d), fxS(format))
	}
	dt := "2017-01-29 09:00:05"
	f(dt, "yy-MM-dd [HH:mm:ss]", "17-01-29 [09:00:05]")
	f(dt, "yyyy-M-dd [H:mm:ss]", "2017-1-29 [9:00:05]")
	f(dt, "yy-MM-dd [hh:mm:ss tt]", "17-01-29 [09:00:05 AM]")
	f("2009-06-15T13:45:30", "h hh H HH tt", "1 01 13 13 PM")
	f("2009-06-01T13:45:30", "d dd M MM", "1 01 6 06")
	f("2009-06-15T01:09:09", "m mm s ss", "9 09 9 09")
	f("0001-01-01", "y yy yyyy", "1 01 0001")
	f("0900-01-01", "y yy yyyy", "0 00 0900")
	f("2019-06-15", "y yy", "19 19")
	f("2009-06-15T00:00:00", "hh tt", "12 AM")
	f("2009-06-15T13:45:30.6175425", "f ff fff ffff fffff ffffff fffffff", "6 61 617 6175 61754 617542 6175425")
	f("2009-06-15T13:45:30.05", "f", "0")
	f("2009-06-15T13:45:30.0001150", "fffffff FFFFFFF", "0001150 000115")
	f("2009-06-15T13:45:30.0500000", "[F]", "[]")
	f("2009-06-15T13:45:30.6170000", "FFF", "617")
	f("2009-06-15T13:45:30", "HH:mm:ss.FFF", "13:45:30")
	f("2009-06-15T13:45:30.5", "HH:mm:ss.FFF", "13:45:30.5")
	f("2024-05-01", "yyyy/MM/dd_HH,mm", "2024/05/01_00,00")
	f("2009-06-15T13:45:30.6175425", "yyyy-MM-dd HH:mm:ss.fffffff", "2009-06-15 13:45:30.6175425")
	f("2009-06-15T13:45:30.6175425", "h:mm tt", "1:45 PM")
	f("2009-06-15T13:45:30.6175425", "d/M/y", "15/6/9")
	fxExpect(t, fxS(""), "format_datetime", fxNull(value.DateTime), fxS("yyyy"))
	fxCheckConstErr(t, "format_datetime", fxDT(dt), fxS("MMMM"))
	fxCheckConstErr(t, "format_datetime", fxDT(dt), fxS(""))
	fxCheckConstErr(t, "format_datetime", fxDT(dt), fxS("yyyy-QQ"))
}

func TestFormatTimeSpan(t *testing.T) {
	f := func(ts, format, want string) {
		t.Helper()
		fxExpect(t, fxS(want), "format_timespan", fxTS(ts), fxS(format))
	}
	ts := "29.09:00:05.12345"
	f(ts, "dd.hh:mm:ss:FF", "29.09:00:05:12")
	f(ts, "ddd.h:mm:ss [fffffff]", "029.9:00:05 [1234500]")
	f("15.13:45:30", "d dd ddd", "15 15 015")
	f("15.01:09:09", "H HH m mm s ss", "1 01 9 09 9 09")
	f("15.13:45:30.0050000", "FF", "")
	f("-01:00:00", "HH:mm", "-01:00")
	fxCheckConstErr(t, "format_timespan", fxTS(ts), fxS("yyyy"))
}

func TestMakeDateTime(t *testing.T) {
	f := func(want value.Value, args ...value.Value) { t.Helper(); fxExpect(t, want, "make_datetime", args...) }
	f(fxDT("2017-10-01"), fxL(2017), fxL(10), fxL(1))
	f(fxDT("2017-10-01 12:10"), fxL(2017), fxL(10), fxL(1), fxL(12), fxL(10))
	f(fxDT("2017-10-01 12:11:00.1234567"), fxL(2017), fxL(10), fxL(1), fxL(12), fxL(11), fxR(0.1234567))
	f(fxDT("2017-10-01 12:00"), fxI(2017), fxI(10), fxI(1), fxI(12))
	f(fxNull(value.DateTime), fxL(2017), fxL(2), fxL(30))
	f(fxNull(value.DateTime), fxL(2017), fxL(13), fxL(1))
	f(fxNull(value.DateTime), fxL(0), fxL(1), fxL(1))
	f(fxNull(value.DateTime), fxL(2017), fxL(1), fxL(1), fxL(24), fxL(0))
	f(fxNull(value.DateTime), fxL(2017), fxL(1), fxL(1), fxL(0), fxL(0), fxR(60))
	f(fxNull(value.DateTime), fxNull(value.Long), fxL(1), fxL(1))
	f(fxDT("2024-02-29"), fxS("2024-02-29"))
	fxCheckErr(t, "make_datetime", value.Long, value.Long)
	fxCheckErr(t, "make_datetime", value.Long, value.String, value.Long)
}

func TestMakeTimeSpan(t *testing.T) {
	f := func(want value.Value, args ...value.Value) { t.Helper(); fxExpect(t, want, "make_timespan", args...) }
	f(fxTS("1.12:30:55.123"), fxL(1), fxL(12), fxL(30), fxR(55.123))
	f(fxTS("12:30:00"), fxL(12), fxL(30))
	f(fxTS("12:30:15"), fxL(12), fxL(30), fxL(15))
	f(fxNull(value.TimeSpan), fxL(24), fxL(0))
	f(fxNull(value.TimeSpan), fxL(1), fxL(60))
	f(fxNull(value.TimeSpan), fxL(1), fxNull(value.Long))
	f(fxTS("00:10:00"), fxS("10m"))
}

func TestUnixTime(t *testing.T) {
	f := func(want value.Value, name string, x value.Value) { t.Helper(); fxExpect(t, want, name, x) }
	f(fxDT("2019-01-01"), "unixtime_seconds_todatetime", fxL(1546300800))
	f(fxDT("2019-01-01T00:00:00.5"), "unixtime_seconds_todatetime", fxR(1546300800.5))
	f(fxDT("1969-12-31T23:59:59"), "unixtime_seconds_todatetime", fxL(-1))
	f(fxDT("2019-01-01"), "unixtime_milliseconds_todatetime", fxL(1546300800000))
	f(fxDT("2019-01-01T00:00:00.123"), "unixtime_milliseconds_todatetime", fxL(1546300800123))
	f(fxDT("2019-01-01"), "unixtime_microseconds_todatetime", fxL(1546300800000000))
	f(fxDT("2019-01-01T00:00:00.123456"), "unixtime_microseconds_todatetime", fxL(1546300800123456))
	f(fxDT("2019-01-01T00:00:00.1234567"), "unixtime_nanoseconds_todatetime", fxL(1546300800123456789))
	f(fxDT("2019-01-01T00:00:00.0000001"), "unixtime_nanoseconds_todatetime", fxL(1546300800000000100))
	f(fxNull(value.DateTime), "unixtime_seconds_todatetime", fxR(1e20))
	f(fxNull(value.DateTime), "unixtime_seconds_todatetime", fxR(-1e12))
	f(fxNull(value.DateTime), "unixtime_seconds_todatetime", fxNull(value.Long))
	f(fxNull(value.DateTime), "unixtime_nanoseconds_todatetime", fxR(1e30))
	fxCheckErr(t, "unixtime_seconds_todatetime", value.String)
}
