package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// InertJSONLines lays out a record the pod sent for reading: indented
// two spaces a level (the strings, numbers and order as they came), and
// every character a terminal would act on or an operator could not see
// (those Sanitize drops: controls, bidi and zero-width characters...)
// written as its JSON escape, "\u001b", so the operator sees that it is
// there rather than what it does. Invalid UTF-8 shows as "\ufffd". A body
// that is not JSON is shown as it is, made inert the same way.
func InertJSONLines(body []byte) []string {
	text := body
	var buf bytes.Buffer
	if json.Valid(body) && json.Indent(&buf, body, "", "  ") == nil {
		text = buf.Bytes()
	}
	var out bytes.Buffer
	out.Grow(len(text))
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		switch {
		case r == utf8.RuneError && size == 1:
			out.WriteString(`\ufffd`)
		case r == '\n':
			out.WriteByte('\n')
		case Unsafe(r):
			writeEscape(&out, r)
		default:
			out.Write(text[:size])
		}
		text = text[size:]
	}
	return strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
}

// writeEscape writes r as JSON writes an escaped rune: \uXXXX, a
// surrogate pair beyond the Basic Multilingual Plane.
func writeEscape(b *bytes.Buffer, r rune) {
	if r > 0xffff {
		hi, lo := utf16.EncodeRune(r)
		fmt.Fprintf(b, `\u%04x\u%04x`, hi, lo)
		return
	}
	fmt.Fprintf(b, `\u%04x`, r)
}

// textView is a modal of lines to read (NewTextView, NewRawView): the
// navigation keys scroll it, long lines wrap; esc, q or enter close it.
type textView struct {
	pager
	title string
	lines []string // sanitised

	wrapped  []string // lines wrapped to wrapWidth
	wrapWith int
}

// NewTextView is a modal showing lines under title, each sanitised.
func NewTextView(c *Common, title string, lines []string) Modal {
	clean := make([]string, len(lines))
	for i, l := range lines {
		clean[i] = Sanitize(l)
	}
	return &textView{pager: pager{c: c, width: 80, height: 20}, title: Sanitize(title), lines: clean}
}

// NewRawView is a modal showing body, a record the pod sent, through
// InertJSONLines; title names the record ("user 71 (jdoe)"), source where
// it came from ("GET /pod/v2/admin/user/{uid} at 09:30:02").
func NewRawView(c *Common, title, source string, body []byte) Modal {
	head := "Raw record: " + title
	if source != "" {
		head += " · " + source
	}
	return NewTextView(c, head, InertJSONLines(body))
}

func (m *textView) Update(msg tea.Msg) (Modal, tea.Cmd) {
	m.key(msg, len(m.layout()))
	return m, nil
}

// layout wraps the lines to the width, continuation lines indented as
// the line they continue.
func (m *textView) layout() []string {
	w := max(m.width, 10)
	if m.wrapped != nil && m.wrapWith == w {
		return m.wrapped
	}
	var out []string
	for _, l := range m.lines {
		if cellWidth(l) <= w {
			out = append(out, l)
			continue
		}
		indent := min(len(l)-len(strings.TrimLeft(l, " ")), w/2)
		for i, part := range strings.Split(ansi.Hardwrap(l[indent:], w-indent, true), "\n") {
			if i == 0 {
				out = append(out, l[:indent]+part)
				continue
			}
			out = append(out, strings.Repeat(" ", indent)+part)
		}
	}
	m.wrapped, m.wrapWith = out, w
	return out
}

func (m *textView) View() string { return m.render(m.title, m.layout(), true) }
