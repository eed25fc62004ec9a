package cli

import (
	"fmt"
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

func (v daysDuration) Set(s string) error {
	days, rest := 0, s
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil {
			return fmt.Errorf("%q: want a duration such as 90m, 24h or 7d", s)
		}
		days, rest = n, s[i+1:]
	}
	d := time.Duration(days) * 24 * time.Hour
	if rest != "" {
		r, err := time.ParseDuration(rest)
		if err != nil {
			return fmt.Errorf("%q: want a duration such as 90m, 24h or 7d", s)
		}
		d += r
	}
	*v.d = d
	return nil
}
