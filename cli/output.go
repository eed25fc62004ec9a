package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"symtui/export"
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

func (p printer) csv(l listing) error { return export.WriteCSV(p.w, l.headers, l.rows) }

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

// inertJSON is export.InertJSON: get and the console's exports escape alike.
func inertJSON(b []byte) []byte { return export.InertJSON(b) }
