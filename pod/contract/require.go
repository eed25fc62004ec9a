package contract

import "testing"

// SkipMessage is what a test says when the specifications are not there.
const SkipMessage = "contract tests skipped: ../shared/spec not found (set SYMTUI_SPEC_DIR)"

// RequireSpec returns the validator for the specification directory, or skips the test when
// there is none. A directory that exists but does not load fails the test.
func RequireSpec(t testing.TB) *Validator {
	t.Helper()
	dir, ok := SpecDir()
	if !ok {
		t.Skip(SkipMessage)
	}
	v, err := Load(dir)
	if err != nil {
		t.Fatalf("loading the specifications in %s: %v", dir, err)
	}
	return v
}
