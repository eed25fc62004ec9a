package membership

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// maxEntryLen bounds one entry: no id, email or username is longer, and a
// binary file fed by mistake stops at its first line.
const maxEntryLen = 320

// ParseList reads a list of users, one a line: an id, an email or a
// username. "#" starts a comment, blank lines are skipped, an entry given
// twice counts once (ignoring case). A line that cannot be one user (two
// words, a control character, too long) is an error naming the list and
// the line, and nothing of the list is used.
func ParseList(r io.Reader, name string) ([]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	seen := map[string]bool{}
	var out []string
	var errs []error
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if line == "" {
			continue
		}
		if err := checkEntry(line); err != nil {
			errs = append(errs, fmt.Errorf("%s: line %d: %w", name, n, err))
			if len(errs) == 5 {
				errs = append(errs, fmt.Errorf("%s: and maybe more", name))
				break
			}
			continue
		}
		if k := strings.ToLower(line); !seen[k] {
			seen[k] = true
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	return out, errors.Join(errs...)
}

// checkEntry says why a line is not one user's id, email or username.
func checkEntry(s string) error {
	if len(s) > maxEntryLen {
		return fmt.Errorf("%d characters is no user id, email or username (at most %d)", len(s), maxEntryLen)
	}
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			return fmt.Errorf("%q: one user a line (an id, an email or a username)", s)
		case unicode.IsControl(r) || r == '\uFFFD' || unicode.In(r, unicode.Cf):
			return fmt.Errorf("%q: a control or invisible character (%U) is in no id, email or username", s, r)
		}
	}
	return nil
}
