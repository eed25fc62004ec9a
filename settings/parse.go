package settings

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"symtui/ui"
)

// parser collects the problems of one file, each naming the file and the
// line.
type parser struct {
	path     string
	errs     []error
	warnings []string
}

func (p *parser) fail(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf("%s:%d: %s", p.path, n.Line, fmt.Sprintf(format, args...)))
}

func (p *parser) warn(n *yaml.Node, format string, args ...any) {
	p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: %s", p.path, n.Line, fmt.Sprintf(format, args...)))
}

// Parse checks the settings in data, read from path.
//
//	theme: dark            # auto (default), dark, light, high-contrast
//	mouse: false           # default true
//	context: uat-east      # used when --context is not given
//	contexts:
//	  - name: prod
//	    config: ~/.symphony/prod.yaml
//	    readOnly: true
//	    color: red
func Parse(path string, data []byte) (*File, []string, error) {
	f := Empty(path)
	p := &parser{path: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return f, nil, nil // an empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.fail(root, "want a mapping (theme:, mouse:, context:, contexts:)")
		return nil, nil, errors.Join(p.errs...)
	}
	var defaultNode *yaml.Node
	p.mapping(root, func(k, v *yaml.Node) {
		switch k.Value {
		case "theme":
			if name, ok := p.scalar(k, v); ok {
				if !ui.ValidTheme(name) {
					p.fail(v, "theme: unknown theme %q (themes: %s)", name, strings.Join(ui.ThemeNames(), ", "))
				}
				f.Theme = name
			}
		case "mouse":
			if b, ok := p.boolean(k, v); ok {
				f.Mouse = b
			}
		case "context":
			if name, ok := p.scalar(k, v); ok {
				f.Context, defaultNode = name, v
			}
		case "contexts":
			f.Contexts = p.contexts(v)
		default:
			p.warn(k, "unknown key %q (ignored)", k.Value)
		}
	})
	if defaultNode != nil {
		if _, err := f.Lookup(f.Context); err != nil && !p.failed() {
			p.fail(defaultNode, "context: %s", err)
		}
	}
	if p.failed() {
		return nil, p.warnings, errors.Join(p.errs...)
	}
	return f, p.warnings, nil
}

func (p *parser) failed() bool { return len(p.errs) > 0 }

// mapping calls fn for each key of n; a key given twice is an error naming
// both lines (no last-one-wins).
func (p *parser) mapping(n *yaml.Node, fn func(k, v *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if first, dup := seen[k.Value]; dup {
			p.fail(k, "%s given twice (first on line %d)", k.Value, first)
			continue
		}
		seen[k.Value] = k.Line
		fn(k, v)
	}
}

// scalar is v's text; a list or mapping, or an empty value, is an error.
func (p *parser) scalar(k, v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || strings.TrimSpace(v.Value) == "" {
		p.fail(v, "%s: want a value", k.Value)
		return "", false
	}
	return v.Value, true
}

func (p *parser) boolean(k, v *yaml.Node) (bool, bool) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" {
		var b bool
		if err := v.Decode(&b); err == nil {
			return b, true
		}
	}
	p.fail(v, "%s: want true or false, not %q", k.Value, v.Value)
	return false, false
}

// validUser: a username has no spaces or controls; a number is a user id,
// which is positive.
func validUser(s string) bool {
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }) || len(s) > 256 {
		return false
	}
	if strings.Trim(s, "0123456789") == "" {
		id, err := strconv.ParseInt(s, 10, 64)
		return err == nil && id > 0
	}
	return true
}

// contexts checks the list of contexts: each has a name (unique) and a BDK
// config, and the optional readOnly, asUser and color.
func (p *parser) contexts(n *yaml.Node) []Context {
	if n.Kind != yaml.SequenceNode {
		p.fail(n, "contexts: want a list of contexts (- name: ..., config: ...)")
		return nil
	}
	var out []Context
	names := map[string]int{}
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			p.fail(item, "contexts: each context is a mapping with name: and config:")
			continue
		}
		c := Context{Line: item.Line, File: p.path}
		var hasConfig bool
		p.mapping(item, func(k, v *yaml.Node) {
			switch k.Value {
			case "name":
				if s, ok := p.scalar(k, v); ok {
					if !validName(s) {
						p.fail(v, "name: %q is not a context name (letters, digits, '.', '_' and '-', at most 64)", s)
					}
					c.Name = s
				}
			case "config":
				if s, ok := p.scalar(k, v); ok {
					c.Config, hasConfig = resolvePath(s, p.path), true
				}
			case "readOnly":
				c.ReadOnly, _ = p.boolean(k, v)
			case "asUser":
				if s, ok := p.scalar(k, v); ok {
					if !validUser(s) {
						p.fail(v, "asUser: %q is not a username or a user id (a positive number)", s)
					}
					c.AsUser = s
				}
			case "color":
				if s, ok := p.scalar(k, v); ok {
					if !ui.ValidContextColor(s) {
						p.fail(v, "%s: unknown colour %q (colours: %s)", k.Value, s, strings.Join(ui.ContextColors(), ", "))
					}
					c.Color = s
				}
			default:
				p.warn(k, "unknown key %q in a context (ignored)", k.Value)
			}
		})
		switch {
		case c.Name == "":
			p.fail(item, "a context needs name:")
		case names[c.Name] > 0:
			p.fail(item, "context %q given twice (first on line %d)", c.Name, names[c.Name])
		default:
			names[c.Name] = item.Line
		}
		if !hasConfig {
			p.fail(item, "context %q needs config: (its BDK config file)", c.Name)
		}
		out = append(out, c)
	}
	return out
}
