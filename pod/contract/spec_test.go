package contract

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// fatalRecorder is a testing.TB whose Fatalf and Skip are observed instead of ending the test.
type fatalRecorder struct {
	testing.TB
	fatal   string
	skipped bool
}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *fatalRecorder) Skip(...any) {
	r.skipped = true
	runtime.Goexit()
}

// A checkout without the specifications is broken: the contract tests fail and say where they
// looked, they do not pass silently.
func TestRequireSpecFailsWithoutSpecs(t *testing.T) {
	empty := t.TempDir()
	t.Setenv(SpecDirEnv, empty)
	if dir, ok := SpecDir(); ok {
		t.Fatalf("SpecDir() = %q, true for an empty directory", dir)
	}
	rec := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		RequireSpec(rec)
	}()
	<-done
	if rec.skipped || !strings.Contains(rec.fatal, empty) || !strings.Contains(rec.fatal, "pod-api-public.yaml") {
		t.Errorf("RequireSpec without specifications: skipped %v, failed with %q; want a failure naming %s and the files",
			rec.skipped, rec.fatal, empty)
	}
}

// The repository carries the specifications at spec/ in the module root, and that is where they
// are read from unless SYMTUI_SPEC_DIR says otherwise.
func TestSpecDirIsTheRepositoryCopy(t *testing.T) {
	t.Setenv(SpecDirEnv, "")
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	// Tests run in pod/contract; the module root is two levels up.
	want := filepath.Join(filepath.Dir(filepath.Dir(wd)), "spec")
	dir, ok := SpecDir()
	if dir != want || !ok {
		t.Errorf("SpecDir() = %q, %v; want %q, true", dir, ok, want)
	}
	other := t.TempDir()
	t.Setenv(SpecDirEnv, other)
	if dir, _ := SpecDir(); dir != other {
		t.Errorf("with %s=%s, SpecDir() = %q", SpecDirEnv, other, dir)
	}
}

// The copies are the official files unchanged, with their licence and provenance: a file edited
// by hand (or cut short) no longer matches the checksum recorded when it was copied.
func TestRepositorySpecIsTheOfficialCopy(t *testing.T) {
	dir, ok := RepoSpecDir()
	if !ok {
		t.Fatal("no symtui module root above the working directory")
	}
	for _, name := range []string{"LICENSE", "NOTICE", "SOURCE_COMMIT", "README.md"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v (size %v)", name, err, fi)
		}
	}
	commit, err := os.ReadFile(filepath.Join(dir, "SOURCE_COMMIT"))
	if err != nil || !regexp.MustCompile(`^[0-9a-f]{40}\b`).Match(commit) {
		t.Errorf("SOURCE_COMMIT = %q, %v; want the commit the files came from", commit, err)
	}
	sums, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		want, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("SHA256SUMS: malformed line %q", line)
		}
		listed[name] = true
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(data)); got != want {
			t.Errorf("%s: sha256 %s, SHA256SUMS says %s: the official file was changed", name, got, want)
		}
	}
	for _, f := range specFiles {
		if !listed[f.name] {
			t.Errorf("SHA256SUMS does not list %s", f.name)
		}
	}
}

func TestLoadIsCached(t *testing.T) {
	dir, ok := SpecDir()
	if !ok {
		t.Fatalf("no specifications in %q", dir)
	}
	first, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Load(dir + string(filepath.Separator) + ".")
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Error("a second Load of the same directory built a new validator")
	}
	t.Logf("loading the four specifications took %v", first.LoadTime)
}

func TestLoadFailsOnBrokenSpec(t *testing.T) {
	src, ok := SpecDir()
	if !ok {
		t.Fatalf("no specifications in %q", src)
	}
	dir := t.TempDir()
	for _, f := range specFiles {
		data, err := os.ReadFile(filepath.Join(src, f.name))
		if err != nil {
			t.Fatal(err)
		}
		if f.name == "login-api-public.yaml" {
			data = []byte("swagger: '2.0'\npaths: [not, a, map]\n")
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), "login-api-public.yaml") {
		t.Errorf("Load of a malformed login specification: %v, want an error naming the file", err)
	}
}

// BenchmarkLoad measures an uncached load of the four specifications.
func BenchmarkLoad(b *testing.B) {
	dir, ok := SpecDir()
	if !ok {
		b.Fatalf("no specifications in %q", dir)
	}
	for b.Loop() {
		if _, err := load(dir); err != nil {
			b.Fatal(err)
		}
	}
}

func TestPackageNameFromModuleRoot(t *testing.T) {
	// go test runs in the package directory: pod/contract under the module root.
	if got := packageName(); got != "pod_contract" {
		t.Errorf("packageName() = %q, want pod_contract", got)
	}
}
