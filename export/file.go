package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Format is how a file is written, told by its extension.
type Format string

const (
	CSV       Format = "csv"
	JSON      Format = "json"  // one array of objects
	JSONLines Format = "jsonl" // one object a line
)

// FormatOf is the format a path's extension asks for.
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return CSV, nil
	case ".json":
		return JSON, nil
	case ".jsonl":
		return JSONLines, nil
	}
	return "", fmt.Errorf("%s: want a file ending in .csv, .json or .jsonl", path)
}

// Sheet is a table to write: its column titles and its rows, each cell
// the pod's value as it is (the writers make it inert).
type Sheet struct {
	Headers []string
	Rows    [][]string
}

// Key is a column title as a JSON field name: "DISPLAY NAME" ->
// "display_name".
func Key(header string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(header)), " ", "_")
}

// Write writes s to w in format f: CSV with its header line, or each row
// as a JSON object keyed by the columns (Key), in column order.
func Write(w io.Writer, f Format, s Sheet) error {
	if f == CSV {
		return WriteCSV(w, s.Headers, s.Rows)
	}
	keys := make([][]byte, len(s.Headers))
	for i, h := range s.Headers {
		keys[i] = appendJSONString(nil, Key(h))
	}
	sep, open, end := "\n", "", "\n"
	if f == JSON {
		sep, open, end = ",\n  ", "[\n  ", "\n]\n"
		if len(s.Rows) == 0 {
			open, end = "[", "]\n"
		}
	}
	if _, err := io.WriteString(w, open); err != nil {
		return err
	}
	var obj []byte
	for i, row := range s.Rows {
		obj = obj[:0]
		if i > 0 {
			obj = append(obj, sep...)
		}
		obj = appendObject(obj, keys, row)
		if _, err := w.Write(obj); err != nil {
			return err
		}
	}
	if f == JSONLines && len(s.Rows) == 0 {
		return nil
	}
	_, err := io.WriteString(w, end)
	return err
}

// appendObject appends one row as a JSON object, its fields in column
// order.
func appendObject(b []byte, keys [][]byte, row []string) []byte {
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(b, k...), ':')
		v := ""
		if i < len(row) {
			v = row[i]
		}
		b = appendJSONString(b, v)
	}
	return append(b, '}')
}

// appendJSONString appends s as encoding/json writes a string, then
// InertJSON: the same bytes, without a value and a copy per cell.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c == '\b':
				b = append(b, '\\', 'b')
			case c == '\f':
				b = append(b, '\\', 'f')
			case c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f: // DEL: InertJSON's
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == 0x2028 || r == 0x2029 || Invisible(r):
			b = append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// ErrExists is wrapped by the error of ToFile when the file is there and
// it was not asked to overwrite it.
var ErrExists = errors.New("the file exists")

// ToFile writes s to path (a leading "~/" is the home directory) in the
// format of its extension, readable by its owner only (0600), and returns
// the absolute path written. An existing file is refused unless
// overwrite; then it is replaced whole, at once (a new file renamed over
// it), so a failure leaves the old one as it was.
func ToFile(path string, overwrite bool, s Sheet) (string, error) {
	f, err := FormatOf(path)
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(homePath(path))
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if overwrite {
		return abs, replace(abs, f, s)
	}
	file, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return abs, fmt.Errorf("%s: %w (:export! overwrites it)", abs, ErrExists)
	}
	if err != nil {
		return abs, err
	}
	if err := writeClose(file, abs, f, s); err != nil {
		_ = os.Remove(abs)
		return abs, err
	}
	return abs, nil
}

// replace writes a new file beside abs and renames it over abs.
func replace(abs string, f Format, s Sheet) error {
	if info, err := os.Stat(abs); err == nil && info.IsDir() {
		return fmt.Errorf("%s is a directory", abs)
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".*") // 0600
	if err != nil {
		return err
	}
	if err := writeClose(tmp, abs, f, s); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), abs); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	return nil
}

// writeClose writes s to file and closes it, reporting the first failure
// as one about name.
func writeClose(file *os.File, name string, f Format, s Sheet) error {
	w := bufio.NewWriter(file)
	err := Write(w, f, s)
	if err == nil {
		err = w.Flush()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// homePath expands a leading "~/" to the home directory.
func homePath(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}
