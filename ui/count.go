package ui

import "strconv"

// Thousands formats n with a comma between groups of three digits
// ("90,012"), as counts of a big pod read best.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	if len(s) <= 3 {
		if neg {
			return "-" + s
		}
		return s
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	head := len(s) % 3
	if head > 0 {
		out = append(out, s[:head]...)
	}
	for i := head; i < len(s); i += 3 {
		if len(out) > 0 && out[len(out)-1] != '-' {
			out = append(out, ',')
		}
		out = append(out, s[i:i+3]...)
	}
	return string(out)
}
