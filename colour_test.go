package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// themeFile is the one file that may name a colour: every style of the
// console is built from its themes, so a theme changes everything.
const themeFile = "ui/theme.go"

// hostileData are the files whose escape sequences are the hostile values
// the console must render inert, not colours it draws with.
var hostileData = []string{"pod/emulator/seed_names.go", "pod/emulator/seed_streams.go", "views/internal/viewtest/hostile.go"}

// colourNames are the identifiers that make a colour, by package.
var colourNames = map[string][]string{
	"lipgloss": {"Color", "AdaptiveColor", "CompleteColor", "CompleteAdaptiveColor", "ANSIColor"},
	"termenv":  {"RGBColor", "ANSI256Color", "ANSIColor", "ANSIBlack", "ANSIRed", "ANSIGreen", "ANSIYellow", "ANSIBlue", "ANSIMagenta", "ANSICyan", "ANSIWhite", "ANSIBrightBlack", "ANSIBrightRed", "ANSIBrightGreen", "ANSIBrightYellow", "ANSIBrightBlue", "ANSIBrightMagenta", "ANSIBrightCyan", "ANSIBrightWhite"},
	"color":    {"RGBA", "RGBA64", "NRGBA", "NRGBA64", "Gray", "Gray16", "CMYK", "YCbCr"},
}

// colourMethods are the style methods that take a colour.
var colourMethods = []string{"Foreground", "Background", "BorderForeground", "BorderBackground", "BorderTopForeground",
	"BorderRightForeground", "BorderBottomForeground", "BorderLeftForeground", "BorderTopBackground",
	"BorderRightBackground", "BorderBottomBackground", "BorderLeftBackground", "MarginBackground", "UnderlineColor"}

var (
	// sgrColour is an SGR sequence that sets a colour (30-49, 90-107).
	sgrColour = regexp.MustCompile(`\x1b\[(?:[0-9]*;)*(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9]*)*m`)
	hexColour = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
)

// colourViolations lists, one line each, where the Go source of file
// declares a colour: a colour type or constant of lipgloss, termenv or
// image/color, a style method that takes a colour, an escape sequence that
// sets one, a "#rrggbb" string.
func colourViolations(fset *token.FileSet, file string, f *ast.File, hostile bool) []string {
	var out []string
	at := func(n ast.Node, what string) {
		out = append(out, fset.Position(n.Pos()).String()+": "+what+": colours belong in "+themeFile)
	}
	imported := map[string]bool{} // the names the file's imports go by
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		name := p[strings.LastIndex(p, "/")+1:]
		if im.Name != nil {
			name = im.Name.Name
		}
		imported[name] = true
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			pkg, ok := n.X.(*ast.Ident)
			switch {
			case ok && slices.Contains(colourNames[pkg.Name], n.Sel.Name):
				at(n, pkg.Name+"."+n.Sel.Name)
			case ok && imported[pkg.Name]: // a package's function (context.Background), not a style's method
			case slices.Contains(colourMethods, n.Sel.Name):
				at(n, "."+n.Sel.Name+"()")
			}
		case *ast.BasicLit:
			if n.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(n.Value)
			if err != nil {
				return true
			}
			if !hostile && sgrColour.MatchString(s) {
				at(n, "an escape sequence that sets a colour")
			}
			if hexColour.MatchString(s) {
				at(n, "the colour "+s)
			}
		}
		return true
	})
	return out
}

// No file outside the theme declares a colour, so every style comes from
// the theme (and the light theme cannot be undone by a stray colour).
func TestNoColourOutsideTheTheme(t *testing.T) {
	fset := token.NewFileSet()
	for _, path := range moduleGoFiles(t) {
		if strings.HasSuffix(path, "_test.go") || path == themeFile {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range colourViolations(fset, path, f, slices.Contains(hostileData, path)) {
			t.Error(v)
		}
	}
}

// moduleGoFiles are the module's Go files (tests included), with slashes,
// outside hidden directories and testdata.
func moduleGoFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") {
			out = append(out, filepath.ToSlash(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The rule catches each way of writing a colour, and leaves alone what is
// not one.
func TestColourRuleCatchesColours(t *testing.T) {
	for _, c := range []struct {
		name, src string
		caught    bool
	}{
		{"lipgloss.Color", `var c = lipgloss.Color("9")`, true},
		{"adaptive", `var c = lipgloss.AdaptiveColor{Light: "1", Dark: "9"}`, true},
		{"termenv", `var c = termenv.ANSIRed`, true},
		{"image/color", `var c = color.RGBA{R: 255}`, true},
		{"Foreground", `func f(s lipgloss.Style, c lipgloss.TerminalColor) lipgloss.Style { return s.Foreground(c) }`, true},
		{"BorderForeground", `func f(s lipgloss.Style, c lipgloss.TerminalColor) lipgloss.Style { return s.BorderForeground(c) }`, true},
		{"SGR", `const red = "\x1b[31mred\x1b[0m"`, true},
		{"SGR 256", `const red = "\x1b[1;38;5;196mred"`, true},
		{"hex", `var c = "#ff5f5f"`, true},
		{"bold", `const b = "\x1b[1mbold\x1b[0m"`, false},
		{"NoColor", `var c = lipgloss.NoColor{}`, false},
		{"a style", `func f(s lipgloss.Style) lipgloss.Style { return s.Bold(true).Reverse(true) }`, false},
		{"not hex", `var c = "#general"`, false},
		{"context.Background", "import \"context\"\nvar ctx = context.Background()", false},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "x.go", "package x\n"+c.src+"\n", 0)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := colourViolations(fset, "x.go", f, false); (len(got) > 0) != c.caught {
			t.Errorf("%s: violations %v, want caught=%v", c.name, got, c.caught)
		}
	}
}
