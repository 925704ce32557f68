package fn

import "github.com/harrier-sec/harrier/internal/value"

// Proleptic Gregorian calendar arithmetic on datetime ticks, without the
// time package: day counts are converted with Howard Hinnant's
// days_from_civil / civil_from_days algorithms, which are exact for every
// year and cost a few integer operations.

// dtEpochDays is the number of days from 0001-01-01 (tick 0) to 1970-01-01.
const dtEpochDays = 719162

// dtDaysFromCivil returns the days since 0001-01-01 of y-m-d.
func dtDaysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := m + 9
	if m > 2 {
		mp = m - 3
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468 + dtEpochDays
}

// dtCivilFromDays returns the date of the given day since 0001-01-01.
func dtCivilFromDays(days int64) (y, m, d int64) {
	z := days - dtEpochDays + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// dtDays splits ticks into whole days since 0001-01-01 and the ticks of the
// time of day.
func dtDays(ticks int64) (days, tod int64) {
	days = mathFloorDiv(ticks, value.TicksPerDay)
	return days, ticks - days*value.TicksPerDay
}

// dtDate returns the year, month and day of ticks.
func dtDate(ticks int64) (y, m, d int64) {
	days, _ := dtDays(ticks)
	return dtCivilFromDays(days)
}

func dtIsLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// dtDaysInMonth returns the number of days of month m of year y.
func dtDaysInMonth(y, m int64) int64 {
	switch m {
	case 2:
		if dtIsLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dtDayOfYear returns the 1-based day of the year of ticks.
func dtDayOfYear(ticks int64) int64 {
	days, _ := dtDays(ticks)
	y, _, _ := dtCivilFromDays(days)
	return days - dtDaysFromCivil(y, 1, 1) + 1
}

// dtWeekday returns the day of the week of ticks, 0 for Sunday.
func dtWeekday(ticks int64) int64 {
	days, _ := dtDays(ticks)
	// 0001-01-01 was a Monday.
	w := (days + 1) % 7
	if w < 0 {
		w += 7
	}
	return w
}

// dtISOWeek returns the ISO 8601 week number of ticks: weeks start on
// Monday and week 1 holds the year's first Thursday.
func dtISOWeek(ticks int64) int64 {
	days, _ := dtDays(ticks)
	wd := dtWeekday(ticks) // 0 = Sunday
	if wd == 0 {
		wd = 7
	}
	thursday := days + 4 - wd
	y, _, _ := dtCivilFromDays(thursday)
	return (thursday-dtDaysFromCivil(y, 1, 1))/7 + 1
}

// dtAddMonths adds k months to ticks, clamping the day to the end of a
// shorter month (Jan 31 + 1 month is Feb 28 or 29), as .NET's AddMonths
// does. ok is false when the result leaves the datetime range.
func dtAddMonths(ticks, k int64) (int64, bool) {
	if k > 120000 || k < -120000 {
		return 0, false
	}
	days, tod := dtDays(ticks)
	y, m, d := dtCivilFromDays(days)
	total := y*12 + (m - 1) + k
	ny := mathFloorDiv(total, 12)
	nm := total - ny*12 + 1
	if dim := dtDaysInMonth(ny, nm); d > dim {
		d = dim
	}
	r := dtDaysFromCivil(ny, nm, d)*value.TicksPerDay + tod
	return r, dtValid(r)
}

// dtFromParts builds ticks from calendar parts; ok is false when a part is
// out of its range.
func dtFromParts(y, mo, d, h, mi int64, secTicks int64) (int64, bool) {
	if y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > dtDaysInMonth(y, mo) ||
		h < 0 || h > 23 || mi < 0 || mi > 59 || secTicks < 0 || secTicks >= 60*value.TicksPerSecond {
		return 0, false
	}
	return dtDaysFromCivil(y, mo, d)*value.TicksPerDay + h*value.TicksPerHour + mi*value.TicksPerMinute + secTicks, true
}
