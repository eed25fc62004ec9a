package users

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/views/internal/viewtest"
)

// A query shaped like a secret (a JWT, a token, a PEM key pasted by
// mistake) is withheld where the tab echoes it, the header and the empty
// line, as the API log withholds it; the pod is still asked the query.
func TestUsersSearchEchoWithholdsSecrets(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 20, Rooms: 1})
	v, _ := newTestUsers(t, h, 200, 20)
	for _, q := range []string{
		"eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzeW10dWktYm90In0.c2lnbmF0dXJlMTIzNDU2Nzg5MA",
		"password=eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzeW10dWktYm90In0.c2lnbmF0dXJlMTIzNDU2Nzg5MA",
		"Qm9vdHN0cmFwVG9rZW4tMTIzNDU2Nzg5MC1hYmNkZWZnaGlq",
	} {
		viewtest.Drive(t, v, func() tea.Msg { return usersCommand(q) })
		frame := v.View()
		viewtest.MustContain(t, "the empty line", frame, "the pod has no user matching")
		viewtest.MustContain(t, "the header", frame, "[redacted]")
		if strings.Contains(frame, "eyJhbGci") || strings.Contains(frame, "Qm9vdHN0cmFw") {
			t.Errorf("the query shows whole:\n%s", frame)
		}
	}
}

// A secret typed into the local filter is withheld where the tab echoes
// the filter (the header and the table's foot); the filter still matches
// the raw text: the user whose title holds it is found.
func TestUsersFilterEchoWithholdsSecrets(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzeW10dWktYm90In0.c2lnbmF0dXJlMTIzNDU2Nzg5MA"
	h := viewtest.New(t, emulator.Options{Users: 20, Rooms: 1})
	if _, err := h.Admin.CreateUser(h.Ctx(t), pod.UserCreate{UserAttributes: pod.UserAttributes{
		UserName: "pasted.token", EmailAddress: "pasted.token@example.com", DisplayName: "Pasted Token",
		Title: "token " + jwt, AccountType: pod.AccountNormal}, Roles: []string{"INDIVIDUAL"}}); err != nil {
		t.Fatal(err)
	}
	v, _ := newTestUsers(t, h, 200, 20)
	viewtest.Press(t, v, viewtest.RuneKey("/"))
	viewtest.Press(t, v, viewtest.RuneKey(jwt))
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEnter))
	frame := v.View()
	ls := strings.Split(frame, "\n")
	header, foot := ls[0], ls[len(ls)-1]
	viewtest.MustContain(t, "the header", header, `filter "[redacted]": 1`)
	viewtest.MustContain(t, "the foot", foot, "/[redacted]")
	viewtest.MustContain(t, "the rows", frame, "Pasted Token")
	if strings.Contains(header, "eyJ") || strings.Contains(foot, "eyJ") {
		t.Errorf("the filter shows whole:\nheader %q\nfoot %q", header, foot)
	}
}
