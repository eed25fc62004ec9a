package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// format is how `symtui get` prints: an aligned table for people, JSON,
// YAML or CSV for scripts. Every pod string is made inert for the terminal.
type format string

const (
	formatTable format = "table"
	formatJSON  format = "json"
	formatCSV   format = "csv"
	formatYAML  format = "yaml"
)

// formats are the values -o takes, in the order help lists them.
var formats = []format{formatTable, formatJSON, formatYAML, formatCSV}

func parseFormat(s string) (format, error) {
	f := format(strings.ToLower(s))
	if slices.Contains(formats, f) {
		return f, nil
	}
	return "", fmt.Errorf("-o %q: want table, json, yaml or csv", s)
}

// maxCellWidth keeps one hostile 300-character name from wrecking a table.
const maxCellWidth = 60

// listing is what a get subcommand produces: rows for table and CSV, and
// the typed records (as the pod sent them) for JSON.
type listing struct {
	headers []string
	rows    [][]string
	records []any
	single  bool // one object: JSON prints it bare, not in an array
}

func (l *listing) add(record any, cells ...string) {
	l.records = append(l.records, record)
	l.rows = append(l.rows, cells)
}

// printer writes listings in one format.
type printer struct {
	w     io.Writer
	f     format
	lines bool // JSON lines instead of one document
}

func (p printer) print(l listing) error {
	switch p.f {
	case formatJSON:
		return p.json(l)
	case formatCSV:
		return p.csv(l)
	case formatYAML:
		return p.yaml(l)
	default:
		return p.table(l)
	}
}

// table aligns columns by display width (CJK and emoji take two cells),
// not by rune count, so wide names do not push the next column out.
func (p printer) table(l listing) error {
	rows := make([][]string, 0, len(l.rows)+1)
	rows = append(rows, l.headers)
	for _, row := range l.rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = ansi.Truncate(cleanText(c), maxCellWidth, "…")
		}
		rows = append(rows, cells)
	}
	widths := make([]int, len(l.headers))
	for _, row := range rows {
		for i, c := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], ansi.StringWidth(c))
			}
		}
	}
	var b strings.Builder
	for _, row := range rows {
		b.Reset()
		for i, c := range row {
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
			}
		}
		b.WriteByte('\n')
		if _, err := io.WriteString(p.w, b.String()); err != nil {
			return err
		}
	}
	return nil
}

func (p printer) csv(l listing) error {
	w := csv.NewWriter(p.w)
	if err := w.Write(l.headers); err != nil {
		return err
	}
	for _, row := range l.rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = csvCell(c)
		}
		if err := w.Write(cells); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// csvCell sanitizes a cell and defuses spreadsheet formulas (CWE-1236): a
// cell whose text starts with = + - @ (or a tab or CR), after any leading
// whitespace, gets a leading apostrophe. The guard looks at the final text,
// after sanitizing: a tab before "=" has become a space by then, and a
// spreadsheet skips that space and still reads a formula. A cell of
// letters, digits, '-' and '_' only (a pod's ids, a negative number) is
// left exact: with no operator but minus, no call and no reference it
// cannot be a formula that does anything, and a script reading the export
// needs the ids as the pod wrote them ("-88fn_Z…" is a stream id).
func csvCell(s string) string {
	s = cleanText(s)
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

func (p printer) json(l listing) error {
	if p.lines {
		for _, r := range l.records {
			if err := writeJSONLine(p.w, r); err != nil {
				return err
			}
		}
		return nil
	}
	var doc any = l.records
	if l.single && len(l.records) == 1 {
		doc = l.records[0]
	} else if l.records == nil {
		doc = []any{}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = p.w.Write(append(inertJSON(b), '\n'))
	return err
}

// writeJSONLine prints v as one line of inert JSON.
func writeJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(inertJSON(b), '\n'))
	return err
}

// inertJSON escapes the runes encoding/json leaves raw but a terminal would
// act on (bidi controls, zero-width and other invisible format characters,
// C1 controls), as \uXXXX. A JSON decoder gets the pod's exact string back;
// a terminal shows nothing dangerous.
func inertJSON(b []byte) []byte { return escapeRunes(b, invisible) }

// escapeRunes writes each rune of b that escape selects as \uXXXX, which
// JSON strings and YAML double-quoted scalars read back as the rune. Only
// runes of the Basic Multilingual Plane may be selected.
func escapeRunes(b []byte, escape func(rune) bool) []byte {
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

func invisible(r rune) bool {
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
