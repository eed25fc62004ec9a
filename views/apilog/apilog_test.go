package apilog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/calllog"
	"symtui/session"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

func logged(r *calllog.Ring, route string, status int, msg string, params ...pod.Param) {
	r.Add("alpha", pod.RequestInfo{Method: "GET", Route: route, Status: status, Latency: 12 * time.Millisecond, Attempt: 1, TraceID: "T" + route[len(route)-2:], Message: msg, Params: params})
}

// Hidden, the page is not woken by the log; shown, it lists every
// request newest first, failures counted and drawn apart, and follows
// new ones while its cursor is on the newest.
func TestLogFollowsOnlyWhileShown(t *testing.T) {
	r := calllog.New(100, func() time.Time { return viewtest.Now })
	v := New(viewtest.NewCommon(false), r)
	v.SetSize(120, 20)
	logged(r, "/pod/v2/sessioninfo", 200, "")
	v.Update(calllog.ChangedMsg{})
	if n, _ := v.Count(); n != 0 {
		t.Fatalf("hidden, the page took %d entries", n)
	}
	v.Shown()
	logged(r, "/pod/v3/room/{id}/info", 404, "Room not found", pod.Param{Name: "id", Value: "AbC"})
	v.Update(calllog.ChangedMsg{})
	frame := v.View()
	viewtest.MustContain(t, "the log", frame, "API log: 2 requests of this run (the last 100 kept), newest first · 1 failed")
	viewtest.MustContain(t, "the log", frame, "404 Not Found")
	ls := strings.Split(frame, "\n")
	if !strings.Contains(ls[2], "/pod/v3/room/{id}/info") || !strings.Contains(ls[3], "/pod/v2/sessioninfo") {
		t.Errorf("not newest first:\n%s", frame)
	}
	if !v.entries[v.table.CursorID()].Failed() {
		t.Error("the failed request is not seen as failed")
	}
	logged(r, "/pod/v1/presence/feed/{feedId}/read", 200, "")
	v.Update(calllog.ChangedMsg{})
	if e := v.entries[v.table.CursorID()]; e.Route != "/pod/v1/presence/feed/{feedId}/read" {
		t.Errorf("the cursor on the newest did not follow: %s", e.Route)
	}
	v.Update(viewtest.RuneKey("j"))
	logged(r, "/pod/v1/connection/list", 200, "")
	v.Update(calllog.ChangedMsg{})
	if e := v.entries[v.table.CursorID()]; e.Route != "/pod/v3/room/{id}/info" {
		t.Errorf("the cursor moved off the newest did not stay: %s", e.Route)
	}
	v.Hidden()
	logged(r, "/pod/v1/admin/user/{uid}/status", 200, "")
	v.Update(calllog.ChangedMsg{})
	if n, _ := v.Count(); n != 4 {
		t.Errorf("hidden, the page followed: %d", n)
	}
}

// enter shows the request whole: status, the pod's message, the
// parameters with secrets withheld; / finds requests by a parameter.
func TestLogDetail(t *testing.T) {
	r := calllog.New(10, nil)
	logged(r, "/pod/v1/room/{id}/membership/add", 403, "This user lacks the entitlement \x1b[31mEXTERNAL",
		pod.Param{Name: "id", Value: "AbC"}, pod.Param{Name: "userId", Value: "71"}, pod.Param{Name: "password", Value: "hunter2"})
	r.Add("beta", pod.RequestInfo{Method: "GET", Route: "/pod/v2/sessioninfo", Attempt: 2, Err: errors.New("connection reset")})
	v := New(viewtest.NewCommon(false), r)
	v.SetSize(100, 20)
	v.Shown()
	v.Update(viewtest.RuneKey("j")) // the 403
	_, cmd := v.Update(tea.KeyMsg{Type: tea.KeyEnter})
	md := viewtest.OpenedModal(t, cmd)
	md.SetSize(100, 20)
	view := md.View()
	for _, want := range []string{"status:    403 Forbidden", "message:   This user lacks the entitlement EXTERNAL", "id: AbC", "userId: 71", "password: [redacted]", "pod:       alpha"} {
		viewtest.MustContain(t, "the detail", view, want)
	}
	if strings.Contains(view, "hunter2") || strings.Contains(view, "\x1b[31m") {
		t.Errorf("detail:\n%s", view)
	}
	viewtest.MustContain(t, "the log", v.View(), "no answer")
	for _, k := range []tea.KeyMsg{viewtest.RuneKey("/"), viewtest.RuneKey("u"), viewtest.RuneKey("s"), viewtest.RuneKey("e"), viewtest.RuneKey("r"), viewtest.RuneKey("I"), viewtest.RuneKey("d"), viewtest.RuneKey("=")} {
		v.Update(k)
	}
	if v.table.Shown() != 1 {
		t.Errorf("the filter userId= shows %d requests", v.table.Shown())
	}
}

// :export writes the requests shown.
func TestLogExport(t *testing.T) {
	r := calllog.New(10, nil)
	logged(r, "/pod/v2/sessioninfo", 200, "")
	logged(r, "/pod/v3/room/{id}/info", 404, "Room not found")
	v := New(viewtest.NewCommon(false), r)
	v.Shown()
	path := filepath.Join(t.TempDir(), "log.csv")
	d := viewtest.Drive(t, v, func() tea.Msg { return ui.CommandMsg{Name: "export", Arg: path} })
	if !strings.Contains(d.LastStatus(), "exported 2 requests to "+path) {
		t.Fatalf("status %q", d.LastStatus())
	}
	data, _ := os.ReadFile(path)
	if lines := strings.Split(strings.TrimSpace(string(data)), "\n"); len(lines) != 3 || !strings.Contains(lines[1], "404") || !strings.Contains(lines[1], "Room not found") {
		t.Errorf("export:\n%s", data)
	}
}

// What following costs: one request more in a full log, then the page
// takes the log again (the frame that follows it aside).
func BenchmarkLogFollowsAFullRing(b *testing.B) {
	r := calllog.New(calllog.DefaultSize, nil)
	for i := range calllog.DefaultSize {
		logged(r, fmt.Sprintf("/pod/v3/room/{id}/info%02d", i%100), 200, "")
	}
	v := New(viewtest.NewCommon(false), r)
	v.SetSize(120, 40)
	v.Shown()
	b.ReportAllocs()
	for b.Loop() {
		logged(r, "/pod/v1/presence/feed/{feedId}/read", 200, "")
		v.Update(calllog.ChangedMsg{})
		_ = v.View()
	}
}

// The session's logins and the 401 that made it log in again are rows of
// the log like the pod clients' calls, and whatever secret-shaped value
// reaches them (a pod quoting a token, a JWT as a user's name, a key in
// an error) is withheld on the page, in the detail and in the filter.
func TestLogLoginEntriesWithholdSecrets(t *testing.T) {
	corpus := []string{
		"eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJib3QiLCJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU",
		"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----",
		"Qm9vdHN0cmFwVG9rZW4tMTIzNDU2Nzg5MC1hYmNkZWZnaGlq",
		strings.Repeat("0a1b2c3d4e5f6789", 8),
	}
	r := calllog.New(10, nil)
	login := r.SessionObserver("alpha")
	login(session.Exchange{Method: "POST", Route: "/pod/v1/presence/feed/{feedId}/read", Status: 401, Attempt: 1, TraceID: "T401",
		Message: "Invalid session " + corpus[2]})
	for i, sec := range corpus {
		login(session.Exchange{Method: "POST", Route: "/login/pubkey/app/username/{username}/authenticate", Status: 200, Attempt: i + 1,
			TraceID: fmt.Sprintf("TL%d", i), Params: []session.ExchangeParam{{Name: "username", Value: sec}, {Name: "token", Value: "plain"}}})
	}
	login(session.Exchange{Method: "POST", Route: "/login/pubkey/authenticate", Attempt: 1, TraceID: "TLE", Err: errors.New("refused " + corpus[0] + " " + corpus[1])})
	v := New(viewtest.NewCommon(false), r)
	v.SetSize(160, 20)
	v.Shown()
	frames := []string{v.View()}
	viewtest.MustContain(t, "the log", frames[0], "/login/pubkey/app/username/{username}/authenticate")
	viewtest.MustContain(t, "the log", frames[0], "401 Unauthorized")
	for range len(corpus) + 2 {
		_, cmd := v.Update(tea.KeyMsg{Type: tea.KeyEnter})
		md := viewtest.OpenedModal(t, cmd)
		md.SetSize(160, 30)
		frames = append(frames, md.View())
		v.Update(viewtest.RuneKey("j"))
	}
	all := strings.Join(frames, "\n")
	viewtest.MustContain(t, "the details", all, "username: [redacted]")
	viewtest.MustContain(t, "the details", all, "token: [redacted]")
	viewtest.MustContain(t, "the details", all, "message:   Invalid session [redacted]")
	var finds []string
	for _, row := range v.entries {
		finds = append(finds, fmt.Sprintf("%+v", row))
	}
	all += strings.Join(finds, "\n")
	for _, sec := range append(corpus, "eyJhbGci", "MIIEvQ", "plain") {
		if strings.Contains(all, sec) {
			t.Errorf("the log shows a secret starting %.8q", sec)
		}
	}
}
