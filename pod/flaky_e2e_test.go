package pod_test

import (
	"os"
	"path/filepath"
	"testing"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/session"
)

// What `symtui get users` does, forty times over, each with a fresh login,
// against a pod that answers 10% of requests with 500/503 and drops 5% of
// connections: the login and every page are retried per the config's retry
// section, so every run lists the whole pod.
func TestE2EOneShotListingsSurviveAFlakyPod(t *testing.T) {
	if testing.Short() {
		t.Skip("40 logins and listings")
	}
	emu, err := emulator.New(emulator.Options{Users: 2500, Rooms: 1, Faults: emulator.Faults{ErrorRate: 0.1, DropRate: 0.05}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	dir := t.TempDir()
	if err := emu.WriteConfig(dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.yaml")
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The BDK policy with shorter waits, so the test takes seconds.
	_, err = f.WriteString("retry: {maxAttempts: 10, initialIntervalMillis: 20, maxIntervalMillis: 500}\n")
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	local, _ := emu.UserCounts()

	const runs = 40
	ok := 0
	for i := range runs {
		cfg, _, err := session.LoadConfig(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := session.New(cfg, session.Options{Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		users, err := pod.Collect(pod.New(s, pod.Options{ReadOnly: true}).AllUsers(testContext(t)))
		switch {
		case err != nil:
			t.Errorf("run %d: %v", i+1, err)
		case len(users) < local:
			t.Errorf("run %d: %d users, want at least %d", i+1, len(users), local)
		default:
			ok++
		}
	}
	st := emu.Stats().Faults
	t.Logf("%d of %d one-shot listings succeeded; the pod answered %d errors and dropped %d connections", ok, runs, st.Errors, st.Dropped)
}
