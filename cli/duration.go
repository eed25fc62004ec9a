package cli

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// daysDuration is a flag value like time.Duration that also takes days,
// "7d" or "1d12h", because audit windows are counted in days.
type daysDuration struct{ d *time.Duration }

func (v daysDuration) String() string {
	if v.d == nil {
		return "0s"
	}
	return v.d.String()
}

// maxLookBack bounds how far back a duration may reach: further than any
// audit trail keeps, and far below where days in nanoseconds wrap around.
const (
	maxLookBackDays = 3650
	maxLookBack     = maxLookBackDays * 24 * time.Hour
)

// Set reads "90m", "24h", "7d" or "1d12h": a positive span of at most ten
// years. The flag package names the flag and the value before the error.
func (v daysDuration) Set(s string) error {
	const want = "want a duration such as 90m, 24h or 7d"
	tooLong := fmt.Errorf("at most %dd (10 years)", maxLookBackDays)
	if strings.HasPrefix(strings.TrimSpace(s), "-") {
		return errors.New("must be positive: how far back to look, such as 24h or 7d")
	}
	days, rest := 0, s
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		switch {
		case errors.Is(err, strconv.ErrRange):
			return tooLong
		case err != nil:
			return errors.New(want)
		case n > maxLookBackDays:
			return tooLong
		}
		days, rest = n, s[i+1:]
	}
	d := time.Duration(days) * 24 * time.Hour
	if rest != "" {
		r, err := time.ParseDuration(rest)
		switch {
		case err != nil && overflows(rest):
			return tooLong
		case err != nil:
			return errors.New(want)
		case r < 0:
			return errors.New("must be positive: how far back to look, such as 24h or 7d")
		case r > maxLookBack:
			return tooLong
		}
		d += r
	}
	switch {
	case d > maxLookBack:
		return tooLong
	case d == 0:
		return errors.New("must be more than 0, such as 24h or 7d")
	}
	*v.d = d
	return nil
}

// overflows reports whether s reads as a duration that time.ParseDuration
// refused for its size alone: with each number made 1, it parses.
func overflows(s string) bool {
	_, err := time.ParseDuration(number.ReplaceAllString(s, "1"))
	return err == nil
}

var number = regexp.MustCompile(`[0-9]+(\.[0-9]*)?`)
