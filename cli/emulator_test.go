package cli

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runningEmulator is `symtui emulator` running in the test process.
type runningEmulator struct {
	url, token  string
	out, errOut *followBuffer
	signals     chan os.Signal
	done        chan int
}

// startEmulatorCmd runs the emulator command with args until it says it is
// ready; it fails the test if the command stops first.
func startEmulatorCmd(t *testing.T, args ...string) *runningEmulator {
	t.Helper()
	r := &runningEmulator{out: &followBuffer{}, errOut: &followBuffer{}, signals: make(chan os.Signal, 2), done: make(chan int, 1)}
	args = append([]string{"--users", "30", "--rooms", "3", "--churn", "0"}, args...)
	go func() { r.done <- serveEmulator(args, Env{Stdout: r.out, Stderr: r.errOut}, r.signals) }()
	deadline := time.After(time.Minute) // only a hang trips this
	for !strings.Contains(r.out.String(), "press Ctrl-C to stop") {
		select {
		case code := <-r.done:
			t.Fatalf("emulator %v exited %d: %s%s", args, code, r.out, r.errOut)
		case <-deadline:
			t.Fatalf("emulator %v is not ready: %s%s", args, r.out, r.errOut)
		case <-time.After(5 * time.Millisecond):
		}
	}
	if m := regexp.MustCompile(`pod at (\S+) `).FindStringSubmatch(r.out.String()); m != nil {
		r.url = m[1]
	}
	if m := regexp.MustCompile(`Bearer ([A-Za-z0-9_-]+)"`).FindStringSubmatch(r.out.String()); m != nil {
		r.token = m[1]
	}
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop sends the emulator one stop signal and returns its exit code.
func (r *runningEmulator) stop(t *testing.T) int {
	select {
	case code := <-r.done:
		r.done <- code
		return code
	default:
	}
	r.signals <- os.Interrupt
	select {
	case code := <-r.done:
		r.done <- code
		return code
	case <-time.After(time.Minute):
		t.Fatal("the emulator did not stop on a signal")
		return -1
	}
}

// freePort finds a loopback port nobody listens on.
func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// oneLineError checks a usage error: exit 2 and one line on stderr naming want.
func oneLineError(t *testing.T, code int, errOut, want string) {
	t.Helper()
	if code != ExitUsage || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "symtui emulator: ") || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr %q; want exit 2 and one line naming %q", code, errOut, want)
	}
}

func TestEmulatorRefusesTheNetworkWithoutListenAny(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "example.com:8443"} {
		code, _, errOut := runCmd(t, Emulator, "--addr", addr)
		oneLineError(t, code, errOut, "--listen-any")
	}
}

func TestEmulatorBindErrorIsOneLine(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	code, _, errOut := runCmd(t, Emulator, "--addr", addr, "--users", "20", "--rooms", "2")
	want := "symtui emulator: cannot listen on " + addr + ": the address is already in use (another emulator?); choose another port\n"
	if code != ExitUsage || errOut != want {
		t.Fatalf("exit %d, stderr %q; want exit 2 and %q", code, errOut, want)
	}
}

func TestEmulatorFaultFlags(t *testing.T) {
	for _, c := range []struct{ args []string }{
		{[]string{"--lose-rate", "1.5"}}, {[]string{"--slow-rate", "-0.1"}}, {[]string{"--slow-ms", "-1"}},
		{[]string{"--slow-ms", "600000"}}, {[]string{"--latency", "2h"}}, {[]string{"--churn", "1e9"}},
	} {
		code, _, errOut := runCmd(t, Emulator, c.args...)
		oneLineError(t, code, errOut, c.args[0])
	}
	r := startEmulatorCmd(t, "--addr", "127.0.0.1:0", "--lose-rate", "0.25", "--slow-rate", "0.5", "--slow-ms", "1500")
	resp, err := http.Get(r.url + "/_emulator/faults")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	for _, want := range []string{`"loseRate":0.25`, `"slowRate":0.5`, `"slowMs":1500`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("faults %s lack %s", buf.String(), want)
		}
	}
	if code := r.stop(t); code != ExitOK || !strings.Contains(r.out.String(), "emulator: stopped\n") {
		t.Fatalf("stop: exit %d, %s", code, r.out)
	}
}

// With --listen-any the control API wants the bearer token printed at
// start and saved (0600) beside the config; a restart keeps the token.
func TestEmulatorListenAnyGuardsTheControlAPI(t *testing.T) {
	dir := t.TempDir()
	r := startEmulatorCmd(t, "--addr", "0.0.0.0:0", "--listen-any", "--write-config", dir)
	if r.token == "" {
		t.Fatalf("no token printed: %s", r.out)
	}
	if strings.Count(r.out.String(), r.token) != 1 {
		t.Fatalf("the token is printed more than once: %s", r.out)
	}
	saved, err := os.ReadFile(filepath.Join(dir, "control-token"))
	info, _ := os.Stat(filepath.Join(dir, "control-token"))
	if err != nil || strings.TrimSpace(string(saved)) != r.token || info.Mode().Perm() != 0o600 {
		t.Fatalf("control-token: %v, mode %v, matches %t", err, info.Mode().Perm(), strings.TrimSpace(string(saved)) == r.token)
	}
	status := func(token string) int {
		req, _ := http.NewRequest("POST", r.url+"/_emulator/expire-sessions", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status(""); got != http.StatusUnauthorized {
		t.Fatalf("the control API without the token answered %d", got)
	}
	if got := status(r.token); got != http.StatusOK {
		t.Fatalf("the control API with the token answered %d", got)
	}
	first := r.token
	r.stop(t)
	if again := startEmulatorCmd(t, "--addr", "0.0.0.0:0", "--listen-any", "--write-config", dir); again.token != first {
		t.Fatal("a restart with the same --write-config changed the control token")
	}
}

// snapshotConfig copies a written config directory, as a console holds it in
// memory, with config.yaml pointing at the copies.
func snapshotConfig(t *testing.T, dir string) string {
	t.Helper()
	snap := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.ReplaceAll(data, []byte(strconv.Quote(dir)[1:len(strconv.Quote(dir))-1]), []byte(snap))
		if err := os.WriteFile(filepath.Join(snap, e.Name()), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(snap, "config.yaml")
}

// A config written by a first run still passes `symtui check` against a
// second run on the same address; --new-keys rotates on purpose.
func TestEmulatorKeepsItsIdentityAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	addr := "127.0.0.1:" + freePort(t)
	args := []string{"--addr", addr, "--tls", "--write-config", dir}
	startEmulatorCmd(t, args...).stop(t)
	held := snapshotConfig(t, dir)

	second := startEmulatorCmd(t, args...)
	if code, out, errOut := runCmd(t, Check, "--config", held); code != ExitOK {
		t.Fatalf("check against the restarted emulator: exit %d\n%s%s", code, out, errOut)
	}
	second.stop(t)

	startEmulatorCmd(t, append(args, "--new-keys")...)
	if code, _, _ := runCmd(t, Check, "--config", held); code == ExitOK {
		t.Fatal("after --new-keys the old config still passes check")
	}
	if code, out, errOut := runCmd(t, Check, "--config", filepath.Join(dir, "config.yaml")); code != ExitOK {
		t.Fatalf("check with the rotated config: exit %d\n%s%s", code, out, errOut)
	}
}

func TestEmulatorNewKeysNeedsAConfigDir(t *testing.T) {
	code, _, errOut := runCmd(t, Emulator, "--new-keys")
	oneLineError(t, code, errOut, "--write-config")
}

func TestEmulatorRefusesADamagedKey(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bot-privatekey.pem"), []byte("garbage"), 0o600)
	code, _, errOut := runCmd(t, Emulator, "--addr", "127.0.0.1:0", "--write-config", dir)
	oneLineError(t, code, errOut, "bot-privatekey.pem: not a PEM private key (start with --new-keys to replace it)")
	if data, _ := os.ReadFile(filepath.Join(dir, "bot-privatekey.pem")); string(data) != "garbage" {
		t.Fatal("the damaged key was replaced")
	}
}

// A stop ends the emulator while it holds an answer (here for a minute):
// the held request is cut, the process does not wait for it.
func TestEmulatorStopsWhileAnAnswerIsHeld(t *testing.T) {
	r := startEmulatorCmd(t, "--addr", "127.0.0.1:0", "--slow-rate", "1", "--slow-ms", "60000")
	go func() {
		if resp, err := http.Get(r.url + "/pod/v1/podcert"); err == nil {
			resp.Body.Close()
		}
	}()
	for held := false; !held; time.Sleep(5 * time.Millisecond) {
		resp, err := http.Get(r.url + "/_emulator/stats")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		buf.ReadFrom(resp.Body)
		resp.Body.Close()
		held = strings.Contains(buf.String(), `"slowed":1`)
	}
	start := time.Now()
	if code := r.stop(t); code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	if took := time.Since(start); took > 30*time.Second { // a hang, not a slow machine
		t.Fatalf("the stop waited %v for the held answer", took)
	}
}

func TestEmulatorAppPermissionsFlag(t *testing.T) {
	for _, bad := range []string{"GET_PRESENCE,READ_MINDS", "GET_PRESENCE,,", "\x1b[31m"} {
		code, _, errOut := runCmd(t, Emulator, "--app-permissions", bad)
		oneLineError(t, code, errOut, "--app-permissions")
		if strings.ContainsRune(errOut, 0x1b) {
			t.Errorf("the error echoes an escape sequence: %q", errOut)
		}
	}
	r := startEmulatorCmd(t, "--addr", "127.0.0.1:0", "--app-permissions", "get_presence, MANAGE_ROOMS,GET_PRESENCE")
	if !strings.Contains(r.out.String(), "acts on behalf of users with GET_PRESENCE, MANAGE_ROOMS\n") {
		t.Errorf("start-up output: %s", r.out)
	}
	resp, err := http.Get(r.url + "/_emulator/apps/symtui-app/permissions")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	if got := strings.TrimSpace(buf.String()); got != `{"permissions":["MANAGE_ROOMS","GET_PRESENCE"]}` {
		t.Errorf("granted: %s", got)
	}
	none := startEmulatorCmd(t, "--addr", "127.0.0.1:0", "--app-permissions", "none")
	if !strings.Contains(none.out.String(), "with no permission") {
		t.Errorf("start-up output with none: %s", none.out)
	}
}

// With --listen-any on every interface the banner names how another
// machine reaches the pod (this machine's name and addresses, not
// localhost) and that the control API needs the token; the addresses work.
func TestEmulatorListenAnyNamesANetworkAddress(t *testing.T) {
	r := startEmulatorCmd(t, "--addr", "0.0.0.0:0", "--listen-any")
	m := regexp.MustCompile(`emulator: from other machines: (\S+)( or \S+)* \(the control API, /_emulator/\*, needs the token below\)`).FindStringSubmatch(r.out.String())
	if m == nil {
		t.Fatalf("no network address in the banner:\n%s", r.out)
	}
	host, _ := os.Hostname()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(r.url, "http://"))
	if m[1] != "http://"+net.JoinHostPort(host, port) {
		t.Errorf("the first network URL is %s; want this machine's name, http://%s", m[1], net.JoinHostPort(host, port))
	}
	for _, u := range regexp.MustCompile(`http://\[?[0-9a-f.:]+\]?:[0-9]+`).FindAllString(r.out.String(), -1) {
		if strings.Contains(u, "127.0.0.1") || strings.Contains(u, "[::1]") {
			continue
		}
		req, _ := http.NewRequest("GET", u+"/_emulator/stats", nil)
		req.Header.Set("Authorization", "Bearer "+r.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s/_emulator/stats with the token: %d", u, resp.StatusCode)
		}
	}
	if loop := startEmulatorCmd(t, "--addr", "127.0.0.1:0"); strings.Contains(loop.out.String(), "other machines") {
		t.Errorf("a loopback emulator names network addresses:\n%s", loop.out)
	}
}

// With --write-config DIR and port 0, a restart listens on the port DIR's
// config.yaml records, so what was configured against the first run keeps
// working; when that port is taken it says the port changed.
func TestEmulatorRestartReusesTheRecordedPort(t *testing.T) {
	dir := t.TempDir()
	args := []string{"--addr", "127.0.0.1:0", "--write-config", dir}
	first := startEmulatorCmd(t, args...)
	first.stop(t)
	held := snapshotConfig(t, dir)

	second := startEmulatorCmd(t, args...)
	if second.url != first.url || !strings.Contains(second.out.String(), "as "+filepath.Join(dir, "config.yaml")+" records it") {
		t.Fatalf("restart on %s after %s:\n%s", second.url, first.url, second.out)
	}
	if code, out, errOut := runCmd(t, Check, "--config", held); code != ExitOK {
		t.Fatalf("the first run's config against the restart: exit %d\n%s%s", code, out, errOut)
	}
	second.stop(t)

	ln, err := net.Listen("tcp", strings.TrimPrefix(first.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	third := startEmulatorCmd(t, args...)
	if third.url == first.url || !strings.Contains(third.out.String(), "is taken, so the port changed") {
		t.Fatalf("restart with the port taken, on %s:\n%s", third.url, third.out)
	}
}
