package session

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"symtui/inert"
)

// decoder walks the YAML node tree of a BDK config. Walking nodes (rather
// than unmarshalling into structs) lets every message name the exact dotted
// key, interpolate ${VAR} before numbers are parsed, and warn on unknown keys.
type decoder struct {
	file     string
	lookup   func(string) (string, bool)
	warnings []Warning
	err      *ConfigError   // the first error; later ones are usually consequences
	lines    map[string]int // the line of every dotted key met so far
}

type fieldFunc func(v *yaml.Node, key string)

func (d *decoder) fail(key, format string, args ...any) {
	if d.err == nil {
		d.err = &ConfigError{File: d.file, Key: key, Message: fmt.Sprintf(format, args...)}
	}
}

func (d *decoder) warn(key, format string, args ...any) {
	d.warnings = append(d.warnings, Warning{File: d.file, Key: key, Message: fmt.Sprintf(format, args...)})
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && (n.Kind == yaml.AliasNode || n.Kind == yaml.DocumentNode) {
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		} else if len(n.Content) > 0 {
			n = n.Content[0]
		} else {
			return nil
		}
	}
	return n
}

func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// mapping calls fields[k] for every key k of the mapping n; keys listed in
// ignored are known BDK keys the console does not use; anything else is
// warned about and skipped.
func (d *decoder) mapping(n *yaml.Node, path string, fields map[string]fieldFunc, ignored ...string) {
	n = resolve(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.fail(path, "expected a mapping of keys")
		return
	}
	if !d.unique(n, path) {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		key := join(path, k)
		if k == "<<" { // YAML merge key: treat the merged mapping's keys as ours
			d.mapping(v, path, fields, ignored...)
			continue
		}
		d.lines[key] = n.Content[i].Line
		if f, ok := fields[k]; ok {
			if !isNull(v) {
				f(v, key)
			}
			continue
		}
		if slices.Contains(ignored, k) {
			continue
		}
		d.warn(key, "unknown key, ignored%s", lineSuffix(n.Content[i]))
	}
}

// unique fails on a key written twice in one mapping: YAML and JSON parsers
// silently keep the last one, so an edit lower in the file would quietly
// undo the one the operator is looking at. (Keys pulled in by a "<<" merge
// may be overridden: that is what merging is for.)
func (d *decoder) unique(n *yaml.Node, path string) bool {
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Value == "<<" {
			continue
		}
		if line, dup := first[k.Value]; dup {
			d.fail(join(path, k.Value), "given twice, on lines %d and %d; keep one", line, k.Line)
			d.err.placed = true
			return false
		}
		first[k.Value] = k.Line
	}
	return true
}

func lineSuffix(n *yaml.Node) string {
	if n.Line == 0 {
		return ""
	}
	return fmt.Sprintf(" (line %d)", n.Line)
}

// str is a scalar value with ${VAR} expanded that names or addresses
// something (a host, a path, a username, a header): it must hold no
// character a terminal would act on or hide. Such a character can only be
// a mistake or an attack, and the value is printed and sent as it is.
func (d *decoder) str(n *yaml.Node, key string) string {
	s := d.secret(n, key)
	if r, at, bad := inert.First(s); bad && d.err == nil {
		from := ""
		if resolve(n).Value != s {
			from = " after ${…} was expanded"
		}
		kind := "invisible"
		if r < 0xa0 || r == 0x2028 || r == 0x2029 {
			kind = "control"
		}
		d.fail(key, "contains the %s character %s at character %d%s; remove it", kind, inert.Name(r), utf8.RuneCountInString(s[:at])+1, from)
		return ""
	}
	return s
}

// secret is a scalar value with ${VAR} expanded, as it is: key material
// (PEM spans lines) and passwords, which are never printed.
func (d *decoder) secret(n *yaml.Node, key string) string {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode {
		d.fail(key, "expected a single value")
		return ""
	}
	s, err := interpolate(n.Value, d.lookup)
	if err != nil {
		d.fail(key, "%v", err)
		return ""
	}
	return s
}

func (d *decoder) integer(n *yaml.Node, key string) (int, bool) {
	s := strings.TrimSpace(d.str(n, key))
	if d.err != nil {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		d.fail(key, "expected a whole number, got %q", s)
		return 0, false
	}
	return v, true
}

func (d *decoder) float(n *yaml.Node, key string) (float64, bool) {
	s := strings.TrimSpace(d.str(n, key))
	if d.err != nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		d.fail(key, "expected a number, got %q", s)
		return 0, false
	}
	return v, true
}

// millis reads a duration given in milliseconds, as the BDK does, within
// [lo, hi] milliseconds: wide enough for any real pod or proxy, narrow
// enough that no sum or product of these settings can overflow.
func (d *decoder) millis(n *yaml.Node, key string, lo, hi int64) (time.Duration, bool) {
	s := strings.TrimSpace(d.str(n, key))
	if d.err != nil {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		d.fail(key, "expected a whole number of milliseconds, got %q", s)
		return 0, false
	}
	if err != nil || v < lo || v > hi {
		d.fail(key, "must be between %d and %d milliseconds (%s), got %s", lo, hi, humanMillis(hi), s)
		return 0, false
	}
	return time.Duration(v) * time.Millisecond, true
}

// Bounds of the millisecond settings.
const (
	maxConnectionTimeoutMs = 10 * 60 * 1000 // 10 min
	maxReadTimeoutMs       = 60 * 60 * 1000 // 1 h
	minRetryIntervalMs     = 10             // the Java BDK rejects less
	maxRetryIntervalMs     = 60 * 60 * 1000 // 1 h
	maxMultiplier          = 100
)

// humanMillis says a bound in the largest whole unit: "10 min", "1 h".
func humanMillis(ms int64) string {
	switch {
	case ms%3600000 == 0:
		return fmt.Sprintf("%d h", ms/3600000)
	case ms%60000 == 0:
		return fmt.Sprintf("%d min", ms/60000)
	case ms%1000 == 0:
		return fmt.Sprintf("%d s", ms/1000)
	}
	return fmt.Sprintf("%d ms", ms)
}

func (d *decoder) headers(n *yaml.Node, key string) map[string]string {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.fail(key, "expected a mapping of header names to values")
		return nil
	}
	if !d.unique(n, key) {
		return nil
	}
	h := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		name := n.Content[i].Value
		d.lines[join(key, name)] = n.Content[i].Line
		if r, _, bad := inert.First(name); bad && d.err == nil {
			d.fail(key, "a header name contains %s; remove it", inert.Name(r))
			d.err.Line = n.Content[i].Line
			return nil
		}
		h[name] = d.str(n.Content[i+1], join(key, name))
	}
	return h
}

func (d *decoder) port(n *yaml.Node, key string) int {
	v, ok := d.integer(n, key)
	if ok && (v < 1 || v > 65535) {
		d.fail(key, "must be between 1 and 65535, got %d", v)
	}
	return v
}
