package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var hostile = "Ana \x1b]52;c;LEAK\x07 \u202eevil\u202c \u200bzw \u009b2J =cmd|' /C calc'!A0"

func sheet() Sheet {
	return Sheet{
		Headers: []string{"ID", "DISPLAY NAME", "EMAIL"},
		Rows: [][]string{
			{"71", hostile, "ana@example.com"},
			{"-88fn_Z", "=1+1", "@SUM(A1)"},
		},
	}
}

func TestFormatOf(t *testing.T) {
	for path, want := range map[string]Format{"a.csv": CSV, "b.JSON": JSON, "dir/c.jsonl": JSONLines} {
		if f, err := FormatOf(path); err != nil || f != want {
			t.Errorf("%s: %v %v", path, f, err)
		}
	}
	for _, bad := range []string{"users", "users.txt", "users.csv.gz"} {
		if _, err := FormatOf(bad); err == nil || !strings.Contains(err.Error(), ".csv, .json or .jsonl") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// A file is its owner's only; an existing one is refused unless asked to
// overwrite it, and then replaced whole, still its owner's only.
func TestToFileModeAndOverwrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "users.csv")
	abs, err := ToFile(path, false, sheet())
	if err != nil || abs != path {
		t.Fatalf("%s %v", abs, err)
	}
	mode(t, path, 0o600)
	before, _ := os.ReadFile(path)
	if _, err := ToFile(path, false, Sheet{Headers: []string{"X"}}); !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), path) {
		t.Fatalf("overwrote without being asked: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a refused export changed the file")
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ToFile(path, true, Sheet{Headers: []string{"X"}, Rows: [][]string{{"1"}}}); err != nil {
		t.Fatal(err)
	}
	mode(t, path, 0o600)
	if got, _ := os.ReadFile(path); string(got) != "X\n1\n" {
		t.Errorf("after overwrite: %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	// A directory cannot be overwritten; a missing directory is an error
	// naming the path, and nothing is left behind.
	if _, err := ToFile(dir+"/sub.json", false, sheet()); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "d.csv"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := ToFile(filepath.Join(dir, "d.csv"), true, sheet()); err == nil {
		t.Error("overwrote a directory")
	}
	if _, err := ToFile(filepath.Join(dir, "no", "x.csv"), false, sheet()); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "no", "x.csv")) {
		t.Errorf("missing directory: %v", err)
	}
}

func TestToFileExpandsHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	abs, err := ToFile("~/out.jsonl", false, sheet())
	if err != nil || abs != filepath.Join(home, "out.jsonl") {
		t.Fatalf("%s %v", abs, err)
	}
}

func mode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("%s: mode %o, want %o", path, got, want)
	}
}

// CSV: cells inert and never a formula; ids exact.
func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, CSV, sheet()); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[0][1] != "DISPLAY NAME" || recs[2][0] != "-88fn_Z" || recs[2][1] != "'=1+1" || recs[2][2] != "'@SUM(A1)" {
		t.Errorf("rows %q", recs)
	}
	if c := recs[1][1]; strings.ContainsAny(c, "\x1b\u202e\u200b\u009b") || strings.Contains(c, "LEAK") {
		t.Errorf("a cell is not inert: %q", c)
	}
}

// JSON and JSON lines: one object a row, keyed by the columns in their
// order; a decoder gets the exact values back, a terminal nothing it acts on.
func TestWriteJSON(t *testing.T) {
	for _, f := range []Format{JSON, JSONLines} {
		var b bytes.Buffer
		if err := Write(&b, f, sheet()); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.ContainsAny(out, "\x1b\u202e\u200b\u009b") || !utf8.ValidString(out) {
			t.Errorf("%s: not inert: %q", f, out)
		}
		if !strings.HasPrefix(strings.TrimLeft(out, "[ \n"), `{"id":"71","display_name":`) {
			t.Errorf("%s: keys not in column order: %s", f, out)
		}
		var rows []map[string]string
		if f == JSON {
			if err := json.Unmarshal(b.Bytes(), &rows); err != nil {
				t.Fatalf("%s: %v\n%s", f, err, out)
			}
		} else {
			sc := bufio.NewScanner(&b)
			for sc.Scan() {
				var r map[string]string
				if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
					t.Fatalf("%s line %q: %v", f, sc.Text(), err)
				}
				rows = append(rows, r)
			}
		}
		if len(rows) != 2 || rows[0]["display_name"] != hostile || rows[1]["id"] != "-88fn_Z" || rows[1]["display_name"] != "=1+1" {
			t.Errorf("%s: %q", f, rows)
		}
	}
	for f, want := range map[Format]string{JSON: "[]\n", JSONLines: ""} {
		var b bytes.Buffer
		if err := Write(&b, f, Sheet{Headers: []string{"A"}}); err != nil || b.String() != want {
			t.Errorf("%s of nothing: %q %v", f, b.String(), err)
		}
	}
}

// Writing 100,000 users, as the console exports a pod's whole directory.
func BenchmarkWrite100kUsers(b *testing.B) {
	rows := make([][]string, 100_000)
	for i := range rows {
		rows[i] = []string{"130567005" + strings.Repeat("8", 5), "ana.lopez", "Ana López", "ana.lopez@meridiancapital.example", "Meridian Capital", "FX Trader", "enabled"}
	}
	s := Sheet{Headers: UserHeaders, Rows: rows}
	for _, f := range []Format{CSV, JSONLines} {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, f, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The JSON writer's strings are encoding/json's, made inert: the same
// bytes for every hostile value and every rune class.
func TestJSONStringsAreEncodingJSONsMadeInert(t *testing.T) {
	values := []string{hostile, "", "plain", "<b>&amp;</b>", "quote\" back\\slash", "\x00\x01\x1f\x7f", "\xff\xfe bad", "\u2028\u2029", "東京 🚀", "\u00ad\u061c\ufeff"}
	for r := rune(0); r < 0x3000; r++ {
		values = append(values, "r"+string(r))
	}
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, v); string(got) != string(InertJSON(want)) {
			t.Errorf("%q: %s, want %s", v, got, InertJSON(want))
		}
	}
}
