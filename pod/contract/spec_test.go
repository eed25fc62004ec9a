package contract

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// skipRecorder is a testing.TB whose Skip is observed instead of ending the test.
type skipRecorder struct {
	testing.TB
	skipped string
	fatal   bool
}

func (s *skipRecorder) Skip(args ...any) {
	s.skipped = args[0].(string)
	runtime.Goexit()
}

func (s *skipRecorder) Fatalf(string, ...any) {
	s.fatal = true
	runtime.Goexit()
}

func TestRequireSpecSkipsWithoutSpecs(t *testing.T) {
	t.Setenv(SpecDirEnv, t.TempDir())
	if dir, ok := SpecDir(); ok {
		t.Fatalf("SpecDir() = %q, true for an empty directory", dir)
	}
	rec := &skipRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		RequireSpec(rec)
	}()
	<-done
	if rec.skipped != SkipMessage || rec.fatal {
		t.Errorf("RequireSpec skipped with %q (fatal %v), want %q", rec.skipped, rec.fatal, SkipMessage)
	}
}

func TestSpecDirBesideModuleRoot(t *testing.T) {
	t.Setenv(SpecDirEnv, "")
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	// Tests run in pod/contract; the module root is two levels up.
	want := filepath.Join(wd, "..", "..", "..", "shared", "spec")
	dir, ok := SpecDir()
	if dir != want {
		t.Errorf("SpecDir() = %q, want %q", dir, want)
	}
	if _, err := os.Stat(filepath.Join(want, "pod-api-public.yaml")); (err == nil) != ok {
		t.Errorf("SpecDir() found = %v, but stat of the pod spec says %v", ok, err)
	}
}

func TestLoadIsCached(t *testing.T) {
	dir, ok := SpecDir()
	if !ok {
		t.Skip(SkipMessage)
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
		t.Skip(SkipMessage)
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
		b.Skip(SkipMessage)
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
