package session

import (
	"fmt"
	"os"
	"strings"
)

// interpolate expands ${VAR} and ${VAR:-default} from the environment, as the
// Java BDK does for every string in its config. $${x} is a literal ${x}.
// A variable that is unset, with no default, is an error naming the variable.
func interpolate(s string, lookup func(string) (string, bool)) (string, error) {
	if !strings.Contains(s, "${") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "$${"):
			b.WriteString("${")
			i += 3
		case strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				return "", fmt.Errorf("unterminated ${ in value (write $${ for a literal ${)")
			}
			expr := s[i+2 : i+2+end]
			name, def, hasDef := strings.Cut(expr, ":-")
			if name == "" {
				return "", fmt.Errorf("empty variable name in ${%s}", expr)
			}
			val, ok := lookup(name)
			switch {
			case hasDef && val == "":
				val = def // shell semantics: the default also covers set-but-empty
			case !ok:
				return "", fmt.Errorf("environment variable %s is not set (use ${%s:-default} to give a default)", name, name)
			}
			b.WriteString(val)
			i += 2 + end + 1
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String(), nil
}

func lookupEnv(name string) (string, bool) { return os.LookupEnv(name) }
