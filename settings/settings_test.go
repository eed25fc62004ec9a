package settings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const example = `theme: light
mouse: false
context: uat-east
contexts:
  - name: prod
    config: ~/.symphony/prod.yaml
    readOnly: true
    color: red
  - name: uat-east
    config: uat.yaml
    asUser: ana.lopez
`

func TestParseTheExample(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	path := filepath.Join(home, ".config", "symtui", "config.yaml")
	f, warnings, err := Parse(path, []byte(example))
	if err != nil || len(warnings) > 0 {
		t.Fatalf("err %v, warnings %v", err, warnings)
	}
	if f.Theme != "light" || f.Mouse || f.Context != "uat-east" || len(f.Contexts) != 2 {
		t.Fatalf("parsed %+v", f)
	}
	prod, uat := f.Contexts[0], f.Contexts[1]
	want := Context{Name: "prod", Config: filepath.Join(home, ".symphony/prod.yaml"), ReadOnly: true, Color: "red", Line: 5, File: path}
	if prod != want {
		t.Errorf("prod = %+v, want %+v", prod, want)
	}
	// A relative config is relative to the settings file, where it was written.
	want = Context{Name: "uat-east", Config: filepath.Join(filepath.Dir(path), "uat.yaml"), AsUser: "ana.lopez", Line: 9, File: path}
	if uat != want {
		t.Errorf("uat-east = %+v, want %+v", uat, want)
	}
	if c, err := f.Lookup("prod"); err != nil || c.Name != "prod" {
		t.Errorf("Lookup(prod) = %+v, %v", c, err)
	}
	if _, err := f.Lookup("staging"); err == nil || err.Error() != `no context "staging" in `+path+` (contexts: prod, uat-east)` {
		t.Errorf("Lookup(staging): %v", err)
	}
}

// A missing file, or an empty one, means no contexts and the defaults.
func TestMissingFileIsTheDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	for _, data := range []*string{nil, new(string)} {
		if data != nil {
			if err := os.WriteFile(path, []byte(*data), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		f, w, err := Load(path)
		if err != nil || len(w) > 0 || !f.Mouse || f.Theme != "" || len(f.Contexts) != 0 {
			t.Errorf("file %v: %+v, %v, %v", data != nil, f, w, err)
		}
	}
	if _, err := (&File{Path: path}).Lookup("prod"); err == nil || !strings.Contains(err.Error(), "lists no contexts") {
		t.Errorf("Lookup in no contexts: %v", err)
	}
}

// Every problem is an error naming the file and the line, one a line; the
// file is refused (a half-read contexts list could point at the wrong pod).
func TestErrorsNameFileAndLine(t *testing.T) {
	const path = "/etc/symtui.yaml"
	for _, c := range []struct{ name, yaml, want string }{
		{"not a mapping", "- a\n", path + `:1: want a mapping`},
		{"bad yaml", "contexts: [\n", path + `: `},
		{"unknown theme", "theme: solarized\n", path + `:1: theme: unknown theme "solarized" (themes: auto, dark, light, high-contrast)`},
		{"mouse not a bool", "mouse: maybe\n", path + `:1: mouse: want true or false, not "maybe"`},
		{"contexts not a list", "contexts:\n  prod: x\n", path + `:2: contexts: want a list`},
		{"no name", "contexts:\n  - config: a.yaml\n", path + `:2: a context needs name:`},
		{"no config", "contexts:\n  - name: prod\n", path + `:2: context "prod" needs config:`},
		{"bad name", "contexts:\n  - name: my prod\n    config: a.yaml\n", path + `:2: name: "my prod" is not a context name`},
		{"twice", "contexts:\n  - name: prod\n    config: a.yaml\n  - name: prod\n    config: b.yaml\n", path + `:4: context "prod" given twice (first on line 2)`},
		{"key twice", "contexts:\n  - name: prod\n    config: a.yaml\n    config: b.yaml\n", path + `:4: config given twice (first on line 3)`},
		{"readOnly not a bool", "contexts:\n  - name: prod\n    config: a.yaml\n    readOnly: yes please\n", path + `:4: readOnly: want true or false`},
		{"unknown colour", "contexts:\n  - name: prod\n    config: a.yaml\n    color: chartreuse\n", path + `:4: color: unknown colour "chartreuse" (colours: blue, cyan, gray, green, magenta, orange, red, yellow)`},
		{"asUser with a space", "contexts:\n  - name: prod\n    config: a.yaml\n    asUser: ana lopez\n", path + `:4: asUser: "ana lopez" is not a username or a user id`},
		{"asUser 0", "contexts:\n  - name: prod\n    config: a.yaml\n    asUser: 0\n", path + `:4: asUser: "0" is not a username or a user id (a positive number)`},
		{"hostile name", "contexts:\n  - name: \"\\e[31mprod\"\n    config: a.yaml\n", path + `:2: name: "\x1b[31mprod" is not a context name`},
		{"empty asUser", "contexts:\n  - name: prod\n    config: a.yaml\n    asUser: \"\"\n", path + `:4: asUser: want a value`},
		{"default unknown", "context: staging\ncontexts:\n  - name: prod\n    config: a.yaml\n", path + `:1: context: no context "staging" in ` + path + ` (contexts: prod)`},
		{"empty config", "contexts:\n  - name: prod\n    config:\n", path + `:3: config: want a value`},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, _, err := Parse(path, []byte(c.yaml))
			if err == nil {
				t.Fatalf("accepted: %+v", f)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error %q, want it to start with %q", err, c.want)
			}
			if f != nil {
				t.Errorf("a refused file still gave %+v", f)
			}
		})
	}
}

// Several problems are all reported, one a line.
func TestEveryProblemIsReported(t *testing.T) {
	_, _, err := Parse("s.yaml", []byte("theme: x\nmouse: 3\ncontexts:\n  - name: a\n"))
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "s.yaml:1:") || !strings.HasPrefix(lines[1], "s.yaml:2:") || !strings.HasPrefix(lines[2], "s.yaml:4:") {
		t.Errorf("errors:\n%s", err)
	}
}

// An unknown key is a warning naming the file and the line; the rest is read.
func TestUnknownKeysAreWarnings(t *testing.T) {
	f, warnings, err := Parse("s.yaml", []byte("skin: x\ncontexts:\n  - name: a\n    config: a.yaml\n    colour: red\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`s.yaml:1: unknown key "skin" (ignored)`, `s.yaml:5: unknown key "colour" in a context (ignored)`}
	if strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings %q, want %q", warnings, want)
	}
	if len(f.Contexts) != 1 || f.Contexts[0].Color != "" {
		t.Errorf("contexts %+v", f.Contexts)
	}
}
