package cli

import (
	"strconv"
	"time"
)

// parseNow reads --now. Without it the date is the day (UTC) of SOURCE_DATE_EPOCH
// when that is set, so that a build is reproducible on any later day
// (https://reproducible-builds.org/specs/source-date-epoch/), else today on the
// local clock.
func parseNow(env Env, s string) (time.Time, error) {
	if s != "" {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return time.Time{}, usageError("--now %q is not a date: write YYYY-MM-DD, for example 2026-11-01", s)
		}
		return t, nil
	}
	if env.Getenv != nil {
		if v := env.Getenv("SOURCE_DATE_EPOCH"); v != "" {
			secs, err := strconv.ParseInt(v, 10, 64)
			if err != nil || secs < 0 || v[0] < '0' || v[0] > '9' {
				return time.Time{}, usageError("SOURCE_DATE_EPOCH %q is not a number of seconds since 1970-01-01 UTC: set it to one (for example $(git log -1 --format=%%ct)) or unset it", v)
			}
			return day(time.Unix(secs, 0).UTC()), nil
		}
	}
	now := time.Now
	if env.Now != nil {
		now = env.Now
	}
	return day(now()), nil
}

// day is the date of t in its location, as a UTC midnight.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
