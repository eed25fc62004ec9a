package soak

import (
	"fmt"
	"strings"
)

// Figure is one measured result of a soak. A figure with a bound passes
// or fails; one without is printed for the record.
type Figure struct {
	Name   string
	Value  string
	Bound  string // e.g. "0" or "<= 1"; "" when the figure has none
	Failed bool
	Detail string // how it was counted, and examples of what failed
}

// Report is a finished soak: what ran, then the figures.
type Report struct {
	Header  []string
	Figures []Figure
}

// Passed and Failed count the figures with a bound.
func (r Report) Passed() int { return r.count(false) }
func (r Report) Failed() int { return r.count(true) }

func (r Report) count(failed bool) int {
	n := 0
	for _, f := range r.Figures {
		if f.Bound != "" && f.Failed == failed {
			n++
		}
	}
	return n
}

// Lines is the report as printed: the header, one line per figure, then
// "N passed, M failed".
func (r Report) Lines() []string {
	out := append([]string(nil), r.Header...)
	for _, f := range r.Figures {
		mark, bound := "ok", "bound "+f.Bound
		switch {
		case f.Bound == "":
			mark, bound = "--", "no bound"
		case f.Failed:
			mark = "FAIL"
		}
		out = append(out, strings.TrimRight(fmt.Sprintf("%-4s %-42s %-10s %-10s %s", mark, f.Name, f.Value, bound, f.Detail), " "))
	}
	return append(out, fmt.Sprintf("%d passed, %d failed", r.Passed(), r.Failed()))
}

func (r Report) String() string { return strings.Join(r.Lines(), "\n") }

// atMost is a figure bounded by max: it fails above it.
func atMost(name string, value, max int, detail string) Figure {
	return Figure{Name: name, Value: fmt.Sprint(value), Bound: fmt.Sprint(max), Failed: value > max, Detail: detail}
}

// examples joins up to three of the lines, saying how many more there were.
func examples(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	const show = 3
	out := strings.Join(lines[:min(show, len(lines))], "; ")
	if len(lines) > show {
		out += fmt.Sprintf("; and %d more", len(lines)-show)
	}
	return out
}
