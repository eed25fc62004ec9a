package main

import (
	"bytes"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The rules of the house (DESIGN.md): a tab is a package directly under
// views/ other than views/tab (what the tabs share) and views/internal
// (their test rig): the four tabs of the tab bar and the pages shown over
// them (views/audit, views/apilog). A tab imports only ui, pod, redact,
// pod/presence, pod/bulk, pod/membership, pod/calllog, export and
// views/tab; nothing but main and views (the whole-console tests) reaches
// a tab, so no tab reaches another; ui reaches nothing under views. `make
// lint` runs these tests.

const module = "symtui"

// tabImports are the module packages a tab's non-test files may import.
var tabImports = []string{"ui", "pod", "redact", "pod/presence", "pod/bulk", "pod/membership", "pod/calllog", "export", "views/tab"}

// wiring are the packages allowed to reach tabs: they put them together.
var wiring = []string{".", "views"}

// modPackage is one package of the module, by directory.
type modPackage struct {
	imports     []string // module packages its non-test files import
	testImports []string // and those only its tests import
	hasCode     bool     // it has non-test files
}

// modulePackages parses the imports of every Go file under root (test
// files included) and returns the module's packages by directory ("." for
// the root, "views/users"...), each with the module packages it imports.
func modulePackages(t *testing.T, root string) map[string]*modPackage {
	t.Helper()
	pkgs := map[string]*modPackage{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		dir = filepath.ToSlash(dir)
		p := pkgs[dir]
		if p == nil {
			p = &modPackage{}
			pkgs[dir] = p
		}
		test := strings.HasSuffix(path, "_test.go")
		p.hasCode = p.hasCode || !test
		for _, spec := range f.Imports {
			ip, _ := strconv.Unquote(spec.Path.Value)
			rel, ok := strings.CutPrefix(ip, module+"/")
			if !ok {
				continue
			}
			if test {
				p.testImports = append(p.testImports, rel)
			} else {
				p.imports = append(p.imports, rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		slices.Sort(p.imports)
		p.imports = slices.Compact(p.imports)
		slices.Sort(p.testImports)
		p.testImports = slices.Compact(p.testImports)
	}
	return pkgs
}

// tabs are the tab packages among pkgs.
func tabs(pkgs map[string]*modPackage) []string {
	var out []string
	for dir, p := range pkgs {
		parent, name := filepath.Split(dir)
		if parent == "views/" && name != "tab" && name != "internal" && p.hasCode {
			out = append(out, dir)
		}
	}
	slices.Sort(out)
	return out
}

// reach is every module package dir reaches through the non-test imports
// of the packages on the way (its own test imports too when tests is
// set), each with the chain that leads to it: "views/tab -> ui".
func reach(pkgs map[string]*modPackage, dir string, tests bool) map[string]string {
	via := map[string]string{}
	var walk func(from, chain string, imports []string)
	walk = func(from, chain string, imports []string) {
		for _, ip := range imports {
			if _, seen := via[ip]; seen || ip == dir {
				continue
			}
			next := chain + " -> " + ip
			via[ip] = next
			if p := pkgs[ip]; p != nil {
				walk(ip, next, p.imports)
			}
		}
	}
	p := pkgs[dir]
	imports := p.imports
	if tests {
		imports = append(slices.Clone(imports), p.testImports...)
	}
	walk(dir, dir, imports)
	return via
}

// Imports point one way: a tab imports only ui, pod, redact, pod/presence, pod/bulk,
// pod/membership, pod/calllog, export and views/tab; no package but main and views reaches a tab, so no tab (nor
// its tests) reaches another; ui reaches nothing under views.
func TestImportsPointOneWay(t *testing.T) {
	pkgs := modulePackages(t, ".")
	ts := tabs(pkgs)
	if len(ts) < 6 {
		t.Fatalf("found tabs %v; want users, rooms, connections, presence, audit and apilog under views/", ts)
	}
	for _, tab := range ts {
		t.Logf("%s imports %s", tab, strings.Join(pkgs[tab].imports, ", "))
	}
	for _, v := range importViolations(pkgs) {
		t.Error(v)
	}
}

// importViolations says, one line each, where pkgs break the rules.
func importViolations(pkgs map[string]*modPackage) []string {
	var out []string
	ts := tabs(pkgs)
	for _, tab := range ts {
		for _, ip := range pkgs[tab].imports {
			if !slices.Contains(tabImports, ip) {
				out = append(out, tab+" imports "+ip+": a tab imports only "+strings.Join(tabImports, ", "))
			}
		}
	}
	for _, dir := range slices.Sorted(maps.Keys(pkgs)) {
		if slices.Contains(wiring, dir) {
			continue
		}
		via := reach(pkgs, dir, true)
		for _, tab := range ts {
			if chain, ok := via[tab]; ok && tab != dir {
				out = append(out, dir+" reaches the tab "+tab+" ("+chain+"): only main and views put tabs together")
			}
		}
	}
	via := reach(pkgs, "ui", true)
	for _, ip := range slices.Sorted(maps.Keys(via)) {
		if ip == "views" || strings.HasPrefix(ip, "views/") {
			out = append(out, "ui reaches "+ip+" ("+via[ip]+"): ui never imports views; main hands it the tabs")
		}
	}
	return out
}

// The rules catch what they are for: a tab (or its tests) importing
// another, directly or through the shared package or the test rig, a tab
// importing what it should not, and ui importing a tab.
func TestImportRulesCatchForbiddenImports(t *testing.T) {
	clean := func() map[string]*modPackage {
		tab := func(imports ...string) *modPackage {
			return &modPackage{imports: imports, testImports: []string{"views/internal/viewtest"}, hasCode: true}
		}
		return map[string]*modPackage{
			".":                       {imports: []string{"ui", "views/apilog", "views/audit", "views/connections", "views/presence", "views/rooms", "views/tab", "views/users"}, hasCode: true},
			"ui":                      {hasCode: true},
			"pod":                     {hasCode: true},
			"pod/presence":            {imports: []string{"pod"}, hasCode: true},
			"pod/calllog":             {imports: []string{"pod"}, hasCode: true},
			"export":                  {imports: []string{"pod", "ui"}, hasCode: true},
			"views":                   {testImports: []string{"views/connections", "views/presence", "views/rooms", "views/users"}},
			"views/tab":               {imports: []string{"export", "pod", "pod/presence", "ui"}, hasCode: true},
			"views/internal/viewtest": {imports: []string{"pod", "ui", "views/tab"}, hasCode: true},
			"views/users":             tab("pod", "pod/presence", "ui", "views/tab"),
			"views/rooms":             tab("pod", "ui", "views/tab"),
			"views/connections":       tab("pod", "ui", "views/tab"),
			"views/presence":          tab("pod", "pod/presence", "ui", "views/tab"),
			"views/audit":             tab("export", "pod", "ui", "views/tab"),
			"views/apilog":            tab("export", "pod/calllog", "ui", "views/tab"),
		}
	}
	if v := importViolations(clean()); len(v) > 0 {
		t.Fatalf("the rules refuse a clean layout: %v", v)
	}
	for _, c := range []struct {
		name  string
		add   func(map[string]*modPackage)
		wants string
	}{
		{"a tab imports another", func(p map[string]*modPackage) {
			p["views/users"].imports = append(p["views/users"].imports, "views/rooms")
		}, "views/users reaches the tab views/rooms (views/users -> views/rooms)"},
		{"a page imports a tab", func(p map[string]*modPackage) {
			p["views/audit"].imports = append(p["views/audit"].imports, "views/users")
		}, "views/audit reaches the tab views/users (views/audit -> views/users)"},
		{"a tab's test imports another", func(p map[string]*modPackage) {
			p["views/presence"].testImports = append(p["views/presence"].testImports, "views/users")
		}, "views/presence reaches the tab views/users"},
		{"the shared package imports a tab", func(p map[string]*modPackage) {
			p["views/tab"].imports = append(p["views/tab"].imports, "views/connections")
		}, "views/rooms reaches the tab views/connections (views/rooms -> views/tab -> views/connections)"},
		{"the test rig imports a tab", func(p map[string]*modPackage) {
			p["views/internal/viewtest"].imports = append(p["views/internal/viewtest"].imports, "views/rooms")
		}, "views/users reaches the tab views/rooms (views/users -> views/internal/viewtest -> views/rooms)"},
		{"a tab imports the session", func(p map[string]*modPackage) {
			p["views/rooms"].imports = append(p["views/rooms"].imports, "session")
		}, "views/rooms imports session: a tab imports only"},
		{"ui imports a tab", func(p map[string]*modPackage) {
			p["ui"].testImports = append(p["ui"].testImports, "views/presence")
		}, "ui reaches views/presence (ui -> views/presence)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			pkgs := clean()
			c.add(pkgs)
			got := importViolations(pkgs)
			if !slices.ContainsFunc(got, func(v string) bool { return strings.HasPrefix(v, c.wants) }) {
				t.Errorf("no violation starting %q among:\n%s", c.wants, strings.Join(got, "\n"))
			}
		})
	}
}

// maxLines is the most lines a non-test Go file may have; the root's files
// (ui/root*.go) get rootMaxLines: a root that only routes is short.
const (
	maxLines     = 500
	rootMaxLines = 300
)

// No non-test Go file is over 500 lines, and none of the root's over 300:
// a longer file is asking to be split along a seam.
func TestFilesStaySmall(t *testing.T) {
	for _, path := range moduleGoFiles(t) {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		n := bytes.Count(data, []byte("\n"))
		limit := maxLines
		if dir, name := filepath.Split(path); dir == "ui/" && strings.HasPrefix(name, "root") {
			limit = rootMaxLines
		}
		if n > limit {
			t.Errorf("%s has %d lines, more than %d: split it along a seam", path, n, limit)
		}
	}
}
