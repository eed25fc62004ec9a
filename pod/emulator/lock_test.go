package emulator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// The pod's lock is released with defer everywhere, so a handler that
// panics (and is recovered) never leaves every other route waiting. The one
// exception, pathUserOr, returns with the lock held and every caller defers
// the unlock as its next statement.
func TestStateLockReleasedByDefer(t *testing.T) {
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		name := f.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil || fn.Name.Name == "pathUserOr" {
				continue
			}
			checkLockDiscipline(t, fset, fn)
		}
	}
}

func checkLockDiscipline(t *testing.T, fset *token.FileSet, fn *ast.FuncDecl) {
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		block, ok := n.(*ast.BlockStmt)
		if !ok {
			return true
		}
		for i, stmt := range block.List {
			next := func() ast.Stmt {
				if i+1 < len(block.List) {
					return block.List[i+1]
				}
				return nil
			}
			switch {
			case isMuCall(stmt, "Lock"):
				if d, ok := next().(*ast.DeferStmt); !ok || !isMuCallExpr(d.Call, "Unlock") {
					t.Errorf("%s: %s takes the pod's lock without \"defer e.mu.Unlock()\" next", fset.Position(stmt.Pos()), fn.Name.Name)
				}
			case isMuCall(stmt, "Unlock"):
				t.Errorf("%s: %s releases the pod's lock without defer", fset.Position(stmt.Pos()), fn.Name.Name)
			case callsPathUser(stmt):
				// u := e.pathUser(...); if u == nil { return }; defer e.mu.Unlock()
				var d *ast.DeferStmt
				if i+2 < len(block.List) {
					d, _ = block.List[i+2].(*ast.DeferStmt)
				}
				if d == nil || !isMuCallExpr(d.Call, "Unlock") {
					t.Errorf("%s: %s gets a user from pathUser without deferring the unlock after the nil check", fset.Position(stmt.Pos()), fn.Name.Name)
				}
			}
		}
		return true
	})
}

func isMuCall(stmt ast.Stmt, method string) bool {
	es, ok := stmt.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	return ok && isMuCallExpr(call, method)
}

// isMuCallExpr matches e.mu.<method>().
func isMuCallExpr(call *ast.CallExpr, method string) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != method {
		return false
	}
	inner, ok := sel.X.(*ast.SelectorExpr)
	if !ok || inner.Sel.Name != "mu" {
		return false
	}
	recv, ok := inner.X.(*ast.Ident)
	return ok && recv.Name == "e"
}

func callsPathUser(stmt ast.Stmt) bool {
	as, ok := stmt.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 {
		return false
	}
	call, ok := as.Rhs[0].(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && (sel.Sel.Name == "pathUser" || sel.Sel.Name == "pathUserOr")
}
