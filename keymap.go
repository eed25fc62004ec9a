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
//	  remove: ctrl+x
//
// Errors name the file, the line and the action.
func loadKeyMap(path string, readOnly bool) (*ui.KeyMap, error) {
	km := ui.DefaultKeyMap()
	if path != "" {
		data, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("key bindings: %w", err)
		default:
			binds, err := parseKeyBindings(data)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			if err := km.Rebind(binds); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
	}
	km.SetReadOnly(readOnly)
	return km, nil
}

// parseKeyBindings reads the YAML into action name -> keys.
func parseKeyBindings(data []byte) (map[string][]string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	if len(doc.Content) == 0 {
		return out, nil // empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: want a mapping of action names to keys", root.Line)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		name, val := root.Content[i], root.Content[i+1]
		if val.Kind == yaml.MappingNode && !strings.Contains(name.Value, ".") {
			for j := 0; j+1 < len(val.Content); j += 2 {
				if err := addBinding(out, name.Value+"."+val.Content[j].Value, val.Content[j+1]); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err := addBinding(out, name.Value, val); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func addBinding(out map[string][]string, name string, val *yaml.Node) error {
	if _, dup := out[name]; dup {
		return fmt.Errorf("line %d: %s: bound twice in the file", val.Line, name)
	}
	switch val.Kind {
	case yaml.ScalarNode:
		out[name] = []string{val.Value}
	case yaml.SequenceNode:
		keys := make([]string, 0, len(val.Content))
		for _, k := range val.Content {
			if k.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: %s: want a key or a list of keys", k.Line, name)
			}
			keys = append(keys, k.Value)
		}
		out[name] = keys
	default:
		return fmt.Errorf("line %d: %s: want a key or a list of keys", val.Line, name)
	}
	return nil
}
