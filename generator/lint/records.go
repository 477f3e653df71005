package lint

import (
	"time"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// today is the date the date rules measure against: --now, else today (UTC).
func (c *Context) today() time.Time {
	if !c.Now.IsZero() {
		return c.Now
	}
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// day parses a catalog date; ok is false for an empty or malformed one (the
// schema's to report).
func day(d model.Date) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, string(d))
	return t, err == nil
}
