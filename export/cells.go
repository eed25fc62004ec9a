// Package export writes tables for scripts and spreadsheets: CSV whose
// cells are inert and cannot be read as formulas, JSON and JSON lines
// that a terminal cannot be made to act on. `symtui get` prints with it
// and the console's :export writes files with it, so both say the same.
package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"symtui/ui"
)

// WriteCSV writes the header line and the rows, each cell through CSVCell.
func WriteCSV(w io.Writer, headers []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(headers); err != nil {
		return err
	}
	cells := make([]string, 0, len(headers))
	for _, row := range rows {
		cells = cells[:0]
		for _, c := range row {
			cells = append(cells, CSVCell(c))
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// CSVCell sanitizes a cell and defuses spreadsheet formulas (CWE-1236): a
// cell whose text starts with = + - @ (or a tab or CR), after any leading
// whitespace, gets a leading apostrophe. The guard looks at the final text,
// after sanitizing: a tab before "=" has become a space by then, and a
// spreadsheet skips that space and still reads a formula. A cell of
// letters, digits, '-' and '_' only (a pod's ids, a negative number) is
// left exact: with no operator but minus, no call and no reference it
// cannot be a formula that does anything, and a script reading the export
// needs the ids as the pod wrote them ("-88fn_Z…" is a stream id).
func CSVCell(s string) string {
	s = ui.Sanitize(s)
	if isIDLike(s) {
		return s
	}
	if startsFormula(strings.TrimLeftFunc(s, unicode.IsSpace)) || startsFormula(s) {
		return "'" + s
	}
	return s
}

// isIDLike reports whether s is made of ASCII letters, digits, '-' and '_'.
func isIDLike(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != ""
}

func startsFormula(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// InertJSON escapes the runes encoding/json leaves raw but a terminal would
// act on (bidi controls, zero-width and other invisible format characters,
// C1 controls), as \uXXXX. A JSON decoder gets the pod's exact string back;
// a terminal shows nothing dangerous.
func InertJSON(b []byte) []byte { return EscapeRunes(b, Invisible) }

// EscapeRunes writes each rune of b that escape selects as \uXXXX, which
// JSON strings and YAML double-quoted scalars read back as the rune. Only
// runes of the Basic Multilingual Plane may be selected.
func EscapeRunes(b []byte, escape func(rune) bool) []byte {
	var out bytes.Buffer
	out.Grow(len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if escape(r) {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.Write(b[:size])
		}
		b = b[size:]
	}
	return out.Bytes()
}

// Invisible reports the runes InertJSON escapes.
func Invisible(r rune) bool {
	switch {
	case r == 0x7f, r >= 0x80 && r <= 0x9f: // DEL and C1 controls
		return true
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x206f:
		return true
	case r == 0xfeff, r == 0x061c, r == 0x00ad:
		return true
	}
	return false
}
