package cli

import (
	"time"

	"symtui/pod"
)

// daysDuration is a flag value like time.Duration that also takes days,
// "7d" or "1d12h", because audit windows are counted in days
// (pod.ParsePeriod, which the console's :audit reads too).
type daysDuration struct{ d *time.Duration }

func (v daysDuration) String() string {
	if v.d == nil {
		return "0s"
	}
	return v.d.String()
}

// Set reads "90m", "24h", "7d" or "1d12h": a positive span of at most ten
// years. The flag package names the flag and the value before the error.
func (v daysDuration) Set(s string) error {
	d, err := pod.ParsePeriod(s)
	if err != nil {
		return err
	}
	*v.d = d
	return nil
}
