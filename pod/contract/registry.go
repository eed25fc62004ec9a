package contract

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// exercised counts, per operation ("METHOD /mount/template"), the response statuses seen in
// this process (0 = no response: a transport error).
var exercised = struct {
	sync.Mutex
	ops map[string]map[int]int
}{ops: make(map[string]map[int]int)}

func record(op string, status int) {
	exercised.Lock()
	defer exercised.Unlock()
	statuses := exercised.ops[op]
	if statuses == nil {
		statuses = make(map[int]int)
		exercised.ops[op] = statuses
	}
	statuses[status]++
}

// Exercised returns the operations validated so far in this process, sorted, each as
// "METHOD /mount/template", e.g. "POST /pod/v1/user/search".
func Exercised() []string {
	exercised.Lock()
	defer exercised.Unlock()
	return slices.Sorted(maps.Keys(exercised.ops))
}

// Report describes the exercised operations, one a line, with the count of each response
// status: "GET /pod/v2/sessioninfo  200×3 401×1".
func Report() string {
	exercised.Lock()
	defer exercised.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "contract: %d operations exercised\n", len(exercised.ops))
	for _, op := range slices.Sorted(maps.Keys(exercised.ops)) {
		statuses := exercised.ops[op]
		b.WriteString(op)
		b.WriteString(" ")
		for _, status := range slices.Sorted(maps.Keys(statuses)) {
			label := fmt.Sprint(status)
			if status == 0 {
				label = "no-response"
			}
			fmt.Fprintf(&b, " %s×%d", label, statuses[status])
		}
		b.WriteString("\n")
	}
	return b.String()
}

// WriteReport writes Report to path.
func WriteReport(path string) error {
	return os.WriteFile(path, []byte(Report()), 0o644)
}

// ReportDirEnv names a directory where SaveReport leaves one report per test binary.
const ReportDirEnv = "SYMTUI_CONTRACT_REPORT_DIR"

// SaveReport writes Report to $SYMTUI_CONTRACT_REPORT_DIR/<package>.txt when that variable
// is set, and does nothing otherwise. Call it from TestMain after m.Run: go test runs one
// binary per package, so the whole suite's list is the union of the files.
func SaveReport() error {
	dir := os.Getenv(ReportDirEnv)
	if dir == "" || len(Exercised()) == 0 {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return WriteReport(filepath.Join(dir, packageName()+".txt"))
}

// packageName names the package under test from the directory go test runs it in, relative to
// the module root ("pod_contract"), or from the test binary when that fails.
func packageName() string {
	if wd, err := os.Getwd(); err == nil {
		if root, ok := moduleRoot(wd); ok {
			if rel, err := filepath.Rel(root, wd); err == nil && rel != "." {
				return strings.ReplaceAll(filepath.ToSlash(rel), "/", "_")
			}
		}
	}
	return strings.TrimSuffix(filepath.Base(os.Args[0]), ".test")
}

// LogExercised logs Report on t.
func LogExercised(t testing.TB) {
	t.Helper()
	t.Log("\n" + Report())
}
