package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"symtui/cli"
	"symtui/pod"
	"symtui/pod/calllog"
	"symtui/pod/emulator"
	"symtui/session"
	"symtui/settings"
)

// secretTap sits between the console and the emulator and keeps every
// secret that crosses it: the JWTs the logins sign, the session and key
// manager tokens the pod answers and the console sends back. The flows
// then look for them where an operator could read them.
type secretTap struct {
	mu      sync.Mutex
	secrets map[string]bool
	echo    bool // answer the next admin list request with a message quoting the secrets
}

// echoOnce reports whether the next admin list request is to be refused
// with the secrets in its message, once.
func (s *secretTap) echoOnce() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.echo
	s.echo = false
	return e
}

func (s *secretTap) keep(v string) {
	if len(v) >= 8 {
		s.mu.Lock()
		s.secrets[v] = true
		s.mu.Unlock()
	}
}

func (s *secretTap) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.secrets))
	for v := range s.secrets {
		out = append(out, v)
	}
	return out
}

// tappedPod is an emulator seen through a secretTap, with a BDK config
// pointing at the tap, one attempt a call (a fault shows at once), and a
// settings file naming it as the context "see".
type tappedPod struct {
	emu      *emulator.Emulator
	cfg      string // the config through the tap
	tap      *secretTap
	keyBody  []string // the bot key's base64 lines
	settings *settings.File
}

func startTappedPod(t *testing.T, opts emulator.Options) *tappedPod {
	t.Helper()
	emu, direct := startEmulator(t, opts)
	p := &tappedPod{emu: emu, tap: &secretTap{secrets: map[string]bool{}}}
	target, _ := url.Parse(emu.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(r *http.Response) error {
		if !strings.Contains(r.Request.URL.Path, "/authenticate") {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		r.Body.Close()
		var tok struct{ Token string }
		if json.Unmarshal(body, &tok) == nil {
			p.tap.keep(tok.Token)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		return err
	}
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.tap.keep(r.Header.Get("sessionToken"))
		p.tap.keep(r.Header.Get("keyManagerToken"))
		if r.Body != nil {
			body, _ := io.ReadAll(r.Body)
			var tok struct{ Token string }
			if json.Unmarshal(body, &tok) == nil {
				p.tap.keep(tok.Token) // a login's JWT
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		if strings.HasSuffix(r.URL.Path, "/admin/user/list") && p.tap.echoOnce() {
			// A pod (or a proxy) that quotes what it was sent in its error.
			msg := "refused: " + strings.Join(append(p.tap.all(), p.keyBody[0]), " ")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]any{"code": 400, "message": msg})
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	fu, _ := url.Parse(front.URL)

	data, err := os.ReadFile(direct)
	if err != nil {
		t.Fatal(err)
	}
	cfg := regexp.MustCompile(`(?m)^port: \d+$`).ReplaceAllString(string(data), "port: "+fu.Port())
	cfg += "retry:\n  maxAttempts: 1\n"
	p.cfg = filepath.Join(filepath.Dir(direct), "tapped.yaml")
	if err := os.WriteFile(p.cfg, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(emu.Credentials.BotPrivateKeyPEM), "\n") {
		if len(l) >= 16 && !strings.HasPrefix(l, "-----") {
			p.keyBody = append(p.keyBody, l)
		}
	}

	home := t.TempDir()
	t.Setenv("HOME", home)
	path := filepath.Join(home, settings.FileRel)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("contexts:\n  - name: see\n    config: "+p.cfg+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if p.settings, _, err = settings.Load(path); err != nil {
		t.Fatal(err)
	}
	return p
}

// admin is a client of the pod of its own, for setup and checks.
func (p *tappedPod) admin(t *testing.T) *pod.Client {
	t.Helper()
	cfg, _, err := session.LoadConfig(p.cfg)
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(cfg, session.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return pod.New(s, pod.Options{})
}

// screens keeps every byte the console sent the terminal, for the
// secret scan, and waits for texts in what arrives.
type screens struct {
	tm  *teatest.TestModel
	all []byte
}

// wait waits until what arrives from now on holds every text.
func (s *screens) wait(t *testing.T, texts ...string) {
	t.Helper()
	from := len(s.all)
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, _ := io.ReadAll(s.tm.Output())
		s.all = append(s.all, b...)
		var missing []string
		for _, x := range texts {
			if !bytes.Contains(s.all[from:], []byte(x)) {
				missing = append(missing, x)
			}
		}
		if len(missing) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the terminal was never sent %q; it got, last:\n%s", missing, s.all[max(len(s.all)-3000, from):])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *screens) key(k tea.KeyType) { s.tm.Send(tea.KeyMsg{Type: k}) }
func (s *screens) runes(r string)    { s.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(r)}) }

// createHostileUser makes a person whose name carries an escape
// sequence, a bidi override and an 8-bit CSI.
func createHostileUser(t *testing.T, c *pod.Client) pod.UserDetail {
	t.Helper()
	a := pod.UserAttributes{
		UserName: "hostile.see", EmailAddress: "hostile.see@hostile.example", AccountType: pod.AccountNormal,
		DisplayName: "Hostile \x1b[31mRED\x1b[0m \u202eevil\u202c \u009b2J end",
	}
	d, err := c.CreateUser(t.Context(), pod.UserCreate{UserAttributes: a, Roles: []string{"INDIVIDUAL"}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The console shows what the pod said. A call the pod turned away (a
// fault injected: 429) is in :log with its status, and enter shows the
// pod's message; a role granted in the console is in :audit, and enter
// goes to the user; y on a hostile user shows its record with the escape
// sequences written as \u001b, not acted on; :export writes a 0600 CSV
// equal to `symtui get users -o csv` (the whole list, unfiltered and
// unsorted, then the disabled users of both). No screen, no entry of the
// log and no export holds a session token, a JWT or the key.
func TestSeeWhatThePodSaid(t *testing.T) {
	p := startTappedPod(t, emulator.Options{Users: 60, Rooms: 4, Seed: 3})
	admin := p.admin(t)
	hostile := createHostileUser(t, admin)
	var people []pod.UserDetail
	listed := adminList(t, p.cfg)
	for _, u := range listed {
		if a := u.UserAttributes; a.AccountType == "NORMAL" && !strings.ContainsAny(a.DisplayName, "\x1b\u202e") && u.UserSystemInfo.Status == "ENABLED" {
			people = append(people, u)
		}
	}
	person := people[0]
	// Two users disabled, for the export of a status.
	for _, u := range people[1:3] {
		if err := admin.UpdateUserStatus(t.Context(), u.UserSystemInfo.ID, pod.UserDisabled); err != nil {
			t.Fatal(err)
		}
	}

	b := testBuilder(p.settings, false)
	b.interval = 5 * time.Second
	b.calls = calllog.New(calllog.DefaultSize, nil)
	c, tm, _ := startConsole(t, b, "see")
	s := &screens{tm: tm}
	total := strconv.Itoa(len(listed))
	s.wait(t, " 1 Users "+total+" ")

	// A call turned away: one 429, and the next request meets it.
	p.emu.SetFaults(emulator.Faults{RateLimitNext: 1, RetryAfterSeconds: 1})
	s.runes("r")
	waitUntil(t, "the 429 to be served", func() bool { return p.emu.CurrentFaults().RateLimitNext == 0 })
	s.runes("L")
	s.wait(t, "API log: ", "429 Too Many")
	s.runes("/")
	s.runes("429")
	s.key(tea.KeyEnter)
	s.key(tea.KeyEnter)
	s.wait(t, "status:    429 Too Many Requests", "message:   Too many requests", "parameters")
	s.key(tea.KeyEsc) // the detail
	s.key(tea.KeyEsc) // the filter
	s.key(tea.KeyEsc) // the page
	s.wait(t, " 1 Users ")

	// The pod ends every session (its control API): the 401 the next call
	// met and the login that answered it are in the log.
	resp, err := http.Post(p.emu.URL+"/_emulator/expire-sessions", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s.runes("r")
	waitUntil(t, "the login after the 401", func() bool { return len(logEntries(c, "/login/pubkey/authenticate", 0)) >= 2 })
	s.runes("L")
	s.runes("/")
	s.runes("authenticate")
	s.wait(t, "/login/pubkey/authenticate", "200 OK")
	s.key(tea.KeyEsc) // the filter
	s.runes("/")
	s.runes("Invalid session")
	s.wait(t, "401 Unauthorized")
	s.key(tea.KeyEnter)
	s.key(tea.KeyEnter)
	s.wait(t, "status:    401 Unauthorized", "message:   Invalid session")
	s.key(tea.KeyEsc) // the detail
	s.key(tea.KeyEsc) // the filter
	s.key(tea.KeyEsc) // the page
	s.wait(t, " 1 Users ")
	if n := len(logEntries(c, "", 401)); n == 0 {
		t.Error("no 401 in the log after the sessions expired")
	}

	// A pod that quotes the session's secrets in its error: they are
	// withheld on the status line and in the log.
	p.tap.mu.Lock()
	p.tap.echo = true
	p.tap.mu.Unlock()
	s.runes("r")
	s.wait(t, "refused: [redacted] [redacted]")
	s.runes("r") // the list the faults cut short, whole again
	s.wait(t, "all users")

	// A role granted in the console, then the audit trail.
	typeCommand(tm, "user "+strconv.FormatInt(person.UserSystemInfo.ID, 10))
	s.wait(t, person.UserAttributes.UserName)
	s.runes("+")
	s.wait(t, "Add a role to")
	s.runes("L1_SUPPORT")
	s.key(tea.KeyEnter)
	s.wait(t, "Grant role L1_SUPPORT")
	s.runes("y")
	waitUntil(t, "the role to be granted", func() bool {
		d, err := admin.UserDetail(t.Context(), person.UserSystemInfo.ID)
		return err == nil && strings.Contains(strings.Join(d.Roles, ","), "L1_SUPPORT")
	})
	typeCommand(tm, "audit")
	s.wait(t, "privileged actions of the last 24h", "User role added (userRoleAdded)", "user "+strconv.FormatInt(person.UserSystemInfo.ID, 10))
	s.key(tea.KeyEnter) // the newest action: the role just granted
	s.wait(t, "│id        "+strconv.FormatInt(person.UserSystemInfo.ID, 10))
	// Another period, then :audit alone: the last 24 hours again, read afresh.
	typeCommand(tm, "audit 7d")
	s.wait(t, "privileged actions of the last 7d")
	trail := p.emu.Stats().Routes["GET /agent/v1/audittrail/privilegeduser"].Requests
	typeCommand(tm, "audit")
	s.wait(t, "privileged actions of the last 24h")
	waitUntil(t, ":audit to read the trail again", func() bool {
		return p.emu.Stats().Routes["GET /agent/v1/audittrail/privilegeduser"].Requests > trail
	})
	s.key(tea.KeyEsc)

	// The hostile user's record, as the pod sent it.
	typeCommand(tm, "user "+strconv.FormatInt(hostile.UserSystemInfo.ID, 10))
	s.wait(t, "hostile.see")
	s.runes("y")
	s.wait(t, "Raw record: user Hostile", `"displayName": "Hostile \u001b[31mRED\u001b[0m \u202eevil\u202c \u009b2J end"`)
	s.key(tea.KeyEsc)

	// :export of the whole list, then of the disabled users.
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "users.csv")
	typeCommand(tm, "export "+csvPath)
	s.wait(t, "exported "+total+" users to "+csvPath)
	code, want, errOut := runIn("get", "users", "-o", "csv", "--config", p.cfg)
	if code != cli.ExitOK {
		t.Fatalf("get users: exit %d: %s", code, errOut)
	}
	got := readExport(t, csvPath)
	if got != want {
		t.Errorf("the console's export differs from get users -o csv:\n--- console\n%s\n--- get\n%s", got, want)
	}
	typeCommand(tm, "export "+csvPath)
	s.wait(t, "the file exists (:export! overwrites it)")
	s.runes("f")
	s.runes("f") // disabled users
	s.wait(t, "disabled only")
	typeCommand(tm, "export! "+csvPath)
	lines := strings.SplitAfter(want, "\n")
	disabled := lines[0]
	for _, l := range lines[1:] {
		if strings.Contains(l, ",disabled") {
			disabled += l
		}
	}
	n := strings.Count(disabled, "\n") - 1
	s.wait(t, fmt.Sprintf("exported %d users to %s", n, csvPath))
	if got := readExport(t, csvPath); got != disabled || n == 0 {
		t.Errorf("the export of the %d disabled users:\n%s\nwant:\n%s", n, got, disabled)
	}

	_ = tm.Quit()
	final := tm.FinalModel(t, teatest.WithFinalTimeout(30*time.Second)).(*console)
	scanForSecrets(t, p, c, s.all, []byte(final.View()), []byte(readExport(t, csvPath)))
}

// readExport is the file an export wrote, which must be its owner's only.
func readExport(t *testing.T, path string) string {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("%s has mode %o, want 600", path, perm)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// scanForSecrets looks for the secrets the tap saw, the JWT header and
// the bot key's body in the log's every entry and in texts: there must be
// none.
func scanForSecrets(t *testing.T, p *tappedPod, c *console, texts ...[]byte) {
	t.Helper()
	secrets := append(p.tap.all(), p.keyBody...)
	var jwts, tokens int
	for _, sec := range p.tap.all() {
		if head, _, ok := strings.Cut(sec, "."); ok && strings.HasPrefix(sec, "eyJ") {
			jwts++
			secrets = append(secrets, head) // the JWT's header: its prefix
		} else {
			tokens++
		}
	}
	if jwts == 0 || tokens == 0 || len(p.keyBody) == 0 {
		t.Fatalf("the tap saw %d JWTs and %d tokens, the key has %d lines: nothing to look for", jwts, tokens, len(p.keyBody))
	}
	entries := c.b.calls.Entries()
	logins := len(logEntries(c, "/login/", 0))
	if len(entries) < 10 || logins == 0 {
		t.Fatalf("the log holds %d entries, %d of them logins", len(entries), logins)
	}
	var logText bytes.Buffer
	for _, e := range entries {
		fmt.Fprintf(&logText, "%+v\n", e)
	}
	texts = append(texts, logText.Bytes())
	hits := 0
	for _, sec := range secrets {
		for i, text := range texts {
			if bytes.Contains(text, []byte(sec)) {
				hits++
				t.Errorf("text %d holds a secret (%d characters, starting %.6s)", i, len(sec), sec)
			}
		}
	}
	t.Logf("%d secrets (%d JWTs, %d tokens, %d key lines) looked for in %d log entries (%d logins) and %d bytes of screens: %d hits",
		len(secrets), jwts, tokens, len(p.keyBody), len(entries), logins, len(texts[0]), hits)
}

// logEntries are the entries of the console's log whose route starts with
// route and, unless 0, whose status is status.
func logEntries(c *console, route string, status int) []calllog.Entry {
	var out []calllog.Entry
	for _, e := range c.b.calls.Entries() {
		if strings.HasPrefix(e.Route, route) && (status == 0 || e.Status == status) {
			out = append(out, e)
		}
	}
	return out
}

// One API log for the run: after :ctx beta it still holds alpha's
// requests, each entry naming its pod, and the log page of the new
// stack shows both.
func TestTheLogOutlivesAContextSwitch(t *testing.T) {
	pods := startTwoPods(t, "")
	b := testBuilder(pods.settings, false)
	b.interval = 5 * time.Second
	b.calls = calllog.New(calllog.DefaultSize, nil)
	_, tm, _ := startConsole(t, b, "alpha")
	s := &screens{tm: tm}
	s.wait(t, " alpha ", " 1 Users ")
	typeCommand(tm, "ctx beta")
	s.wait(t, " beta ", "switched to beta")
	waitUntil(t, "beta's requests in the log", func() bool {
		for _, e := range b.calls.Entries() {
			if e.Pod == "beta" {
				return true
			}
		}
		return false
	})
	typeCommand(tm, "log")
	s.wait(t, "API log: ")
	s.runes("/")
	s.runes("alpha")
	s.wait(t, " alpha ", "/pod/v2/admin/user/list")
	byPod := map[string]int{}
	for _, e := range b.calls.Entries() {
		byPod[e.Pod]++
	}
	if byPod["alpha"] == 0 || byPod["beta"] == 0 || len(byPod) != 2 {
		t.Errorf("the log's pods: %v", byPod)
	}
}
