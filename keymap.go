package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"symtui/ui"
)

// keysFileRel is where operators rebind keys, under $HOME.
const keysFileRel = ".config/symtui/keys.yaml"

// consoleKeyMap builds the console's keymap: the defaults, the operator's
// rebinding from ~/.config/symtui/keys.yaml when that file exists, and the
// read-only switch (which disables every mutating binding).
func consoleKeyMap(readOnly bool) (*ui.KeyMap, error) {
	path := ""
	if home, err := os.UserHomeDir(); err == nil {
		path = filepath.Join(home, keysFileRel)
	}
	return loadKeyMap(path, readOnly)
}

// loadKeyMap is consoleKeyMap for an explicit file; a missing file (or an
// empty path) means the defaults. The file maps action names to a key or a
// list of keys, flat or grouped:
//
//	nav.down: [j, down]
//	action:
//	  remove: [X, ctrl+k]
//
// Errors name the file, the line and the action, one problem a line.
func loadKeyMap(path string, readOnly bool) (*ui.KeyMap, error) {
	km := ui.DefaultKeyMap()
	if path != "" {
		data, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("key bindings: %w", err)
		default:
			f, err := parseKeyBindings(data)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			if err := km.Rebind(f.keys); err != nil {
				return nil, f.located(path, err)
			}
		}
	}
	km.SetReadOnly(readOnly)
	return km, nil
}

// keyFile is a parsed keys.yaml: action name -> keys, and the line each
// action is written on.
type keyFile struct {
	keys map[string][]string
	line map[string]int
}

// located rewrites the keymap's verdict on f as one error a line, each
// naming the file and the line of the action at fault (for a conflict
// between two actions of the file, the later one).
func (f keyFile) located(path string, err error) error {
	var errs []error
	for _, e := range flattenErrors(err) {
		var ke *ui.KeyError
		if errors.As(e, &ke) {
			if line := max(f.line[ke.Action], f.line[ke.Other]); line > 0 {
				e = fmt.Errorf("line %d: %w", line, e)
			}
		}
		errs = append(errs, fmt.Errorf("%s: %w", path, e))
	}
	return errors.Join(errs...)
}

// flattenErrors lists the errors joined in err (err itself when it joins
// none).
func flattenErrors(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flattenErrors(e)...)
		}
		return out
	}
	return []error{err}
}

// parseKeyBindings reads the YAML into action name -> keys.
func parseKeyBindings(data []byte) (keyFile, error) {
	f := keyFile{keys: map[string][]string{}, line: map[string]int{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return f, err
	}
	if len(doc.Content) == 0 {
		return f, nil // empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return f, fmt.Errorf("line %d: want a mapping of action names to keys", root.Line)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		name, val := root.Content[i], root.Content[i+1]
		if val.Kind == yaml.MappingNode && !strings.Contains(name.Value, ".") {
			for j := 0; j+1 < len(val.Content); j += 2 {
				if err := f.add(name.Value+"."+val.Content[j].Value, val.Content[j], val.Content[j+1]); err != nil {
					return f, err
				}
			}
			continue
		}
		if err := f.add(name.Value, name, val); err != nil {
			return f, err
		}
	}
	return f, nil
}

func (f keyFile) add(name string, at, val *yaml.Node) error {
	if _, dup := f.keys[name]; dup {
		return fmt.Errorf("line %d: %s: bound twice in the file", val.Line, name)
	}
	switch val.Kind {
	case yaml.ScalarNode:
		f.keys[name] = []string{val.Value}
	case yaml.SequenceNode:
		keys := make([]string, 0, len(val.Content))
		for _, k := range val.Content {
			if k.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: %s: want a key or a list of keys", k.Line, name)
			}
			keys = append(keys, k.Value)
		}
		f.keys[name] = keys
	default:
		return fmt.Errorf("line %d: %s: want a key or a list of keys", val.Line, name)
	}
	f.line[name] = at.Line
	return nil
}
