package session

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// jsonDuplicate finds the first key given twice in one JSON object, for
// the JSON that only encoding/json reads (which keeps the last value
// silently). It returns the dotted key and both lines, or ok false.
func jsonDuplicate(data []byte) (key string, first, second int, ok bool) {
	type frame struct {
		object bool
		keys   map[string]int
		path   string
		expect bool   // an object expecting a key next
		last   string // the key whose value comes next
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	lineAt := func() int { return 1 + bytes.Count(data[:dec.InputOffset()], []byte("\n")) }
	var stack []*frame
	childPath := func() string {
		if len(stack) == 0 {
			return ""
		}
		top := stack[len(stack)-1]
		if top.object {
			return join(top.path, top.last)
		}
		return top.path
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", 0, 0, false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.expect {
			if k, isKey := tok.(string); isKey {
				if line, dup := top.keys[k]; dup {
					return join(top.path, k), line, lineAt(), true
				}
				top.keys[k] = lineAt()
				top.last, top.expect = k, false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, keys: map[string]int{}, path: childPath(), expect: true})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{path: childPath()})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return "", 0, 0, false
			}
		}
		// A value (scalar or closed container) ends: the object wants a key.
		if top := stack[len(stack)-1]; top.object {
			top.expect = true
		}
	}
}

// duplicateJSONKey is jsonDuplicate as a *ConfigError, or nil.
func duplicateJSONKey(data []byte, file string) error {
	key, first, second, ok := jsonDuplicate(data)
	if !ok {
		return nil
	}
	return &ConfigError{File: file, Key: key, Message: fmt.Sprintf("given twice, on lines %d and %d; keep one", first, second), placed: true}
}
