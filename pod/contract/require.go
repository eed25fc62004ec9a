package contract

import "testing"

// RequireSpec returns the validator for the specification directory. The repository carries the
// specifications, so their absence is a broken checkout, not a reason to skip: the test fails,
// naming where it looked, as it does when a file there does not load.
func RequireSpec(t testing.TB) *Validator {
	t.Helper()
	dir, ok := SpecDir()
	if !ok {
		t.Fatalf("contract: the official specifications are missing from %q (want %s; %s overrides the directory)",
			dir, specNames(), SpecDirEnv)
	}
	v, err := Load(dir)
	if err != nil {
		t.Fatalf("loading the specifications in %s: %v", dir, err)
	}
	return v
}
