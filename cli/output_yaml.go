package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode"

	"gopkg.in/yaml.v3"

	"symtui/export"
)

// yamlOf renders v as YAML with the promises of the JSON output: a decoder
// gets the pod's exact values back, and nothing a terminal would act on is
// written raw. v goes through encoding/json first, so the field names, the
// order and the values are those of -o json; then each scalar becomes a
// YAML node. A string holding anything but printable text is written
// double-quoted, where the emitter escapes controls (\e, \t, \x85); the
// invisible runes it would leave raw (bidi controls, zero-width) are
// escaped afterwards as \uXXXX, which only a double-quoted scalar holds.
func yamlOf(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	node, err := yamlNode(dec)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(node); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return inertYAML(out.Bytes()), nil
}

// yamlNode reads one JSON value from dec as a YAML node, keeping key order.
func yamlNode(dec *json.Decoder) (*yaml.Node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		kind, end := yaml.SequenceNode, json.Delim(']')
		if t == '{' {
			kind, end = yaml.MappingNode, '}'
		}
		n := &yaml.Node{Kind: kind, Tag: "!!seq"}
		if kind == yaml.MappingNode {
			n.Tag = "!!map"
		}
		for dec.More() {
			if kind == yaml.MappingNode {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, yamlString(k.(string)))
			}
			child, err := yamlNode(dec)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, child)
		}
		if tok, err := dec.Token(); err != nil || tok != end {
			return nil, errors.Join(fmt.Errorf("yaml: unbalanced JSON"), err)
		}
		if len(n.Content) == 0 {
			n.Style = yaml.FlowStyle // [] and {}, not an empty block
		}
		return n, nil
	case string:
		return yamlString(t), nil
	case json.Number:
		tag := "!!int"
		if bytes.ContainsAny([]byte(t), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: t.String()}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(t)}, nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
	return nil, fmt.Errorf("yaml: unexpected JSON token %v", tok)
}

// yamlString is a string scalar; the encoder quotes it where it would read
// as something else ("yes", "12", "null", ": x").
func yamlString(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if !plainText(s) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// plainText: only printable characters and spaces, none of them invisible.
func plainText(s string) bool {
	for _, r := range s {
		if r != ' ' && (!unicode.IsPrint(r) || yamlEscaped(r)) {
			return false
		}
	}
	return true
}

// yamlEscaped are the runes YAML counts as printable but a terminal would
// act on or hide: the invisible ones, and the line and paragraph
// separators (which JSON escapes too).
func yamlEscaped(r rune) bool { return export.Invisible(r) || r == 0x2028 || r == 0x2029 }

// inertYAML escapes the runes the emitter leaves raw. Every string holding
// one was written double-quoted, where \uXXXX means it.
func inertYAML(b []byte) []byte { return export.EscapeRunes(b, yamlEscaped) }

// yaml prints the listing as one YAML document: a sequence of records, or
// the record itself for a single object.
func (p printer) yaml(l listing) error {
	var doc any = l.records
	if l.single && len(l.records) == 1 {
		doc = l.records[0]
	} else if l.records == nil {
		doc = []any{}
	}
	b, err := yamlOf(doc)
	if err != nil {
		return err
	}
	_, err = io.Copy(p.w, bytes.NewReader(b))
	return err
}
