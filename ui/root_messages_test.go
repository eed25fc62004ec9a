package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// A message too long for the status line keeps its start and says where
// the rest is; :messages shows it whole, with its time.
func TestStatusLineKeepsTheStartAndMessagesShowsItWhole(t *testing.T) {
	m, _, _ := newRoot(t)
	manualTicks(m)
	long := "check host pod.example.com:443: dial tcp 10.1.2.3:443: connect: connection refused; is the pod URL in config.yaml right? (try: symtui check)"
	drive(t, m, StatusMsg{Level: LevelWarning, Text: long})
	status := lines(m.View())[19]
	if !strings.HasPrefix(status, "! check host pod.example.com:443") || !strings.HasSuffix(strings.TrimSpace(status), "… :messages") || ansi.StringWidth(status) != 80 {
		t.Fatalf("status line %q", status)
	}

	drive(t, m, StatusMsg{Level: LevelInfo, Text: "loaded 300 users"}, StatusMsg{Level: LevelInfo, Text: "loaded 300 users"})
	drive(t, m, ConnStateMsg{State: ConnOffline, Err: errors.New("dial tcp: connection refused")})
	// The calls that keep failing meanwhile are not logged again.
	drive(t, m, ConnStateMsg{State: ConnOffline, Err: errors.New("GET /pod/v1/presence/feed: EOF")})
	drive(t, m, keyMsg(":"))
	drive(t, m, typeKeys("messages")...)
	drive(t, m, keyMsg("enter"))
	out := m.View()
	mustShow(t, out, "Messages: the last 3, newest last", "18:00:00 warning check host pod.example.com:443", "config.yaml right? (try:", "symtui check)",
		"loaded 300 users (×2)", "connection offline: dial tcp: connection refused", "esc close")
	drive(t, m, keyMsg("esc"))
	if strings.Contains(m.View(), "Messages:") {
		t.Fatal("esc did not close :messages")
	}
}

// The log keeps the last 100 messages; the modal opens at the newest and
// scrolls back to the oldest kept.
func TestMessagesKeepsTheLastHundred(t *testing.T) {
	m, _, _ := newRoot(t)
	manualTicks(m)
	for i := 1; i <= 130; i++ {
		drive(t, m, StatusMsg{Level: LevelInfo, Text: fmt.Sprintf("message %03d", i)})
	}
	if got := m.log.all(); len(got) != 100 || got[0].text != "message 031" || got[99].text != "message 130" {
		t.Fatalf("log holds %d, first %q", len(got), got[0].text)
	}
	drive(t, m, keyMsg(":"))
	drive(t, m, typeKeys("messages")...)
	drive(t, m, keyMsg("enter"))
	mustShow(t, m.View(), "message 130", "-100 of 100")
	drive(t, m, keyMsg("g"))
	mustShow(t, m.View(), "message 031", "lines 1-")
	if strings.Contains(m.View(), "message 030") {
		t.Fatal("the 101st oldest message is still shown")
	}
}

// :messages is offered by completion and help.
func TestMessagesIsACommand(t *testing.T) {
	m, _, _ := newRoot(t)
	drive(t, m, keyMsg(":"), keyMsg("m"), keyMsg("e"), keyMsg("s"), tea.KeyMsg{Type: tea.KeyTab}) // ":me" is :members too
	if got := m.cmdline.input.Value(); got != "messages " {
		t.Fatalf("completion gives %q", got)
	}
	drive(t, m, keyMsg("esc"), keyMsg("?"), keyMsg("G"))
	mustShow(t, m.View(), ":messages")
}

// A retry that recovers is no change of the connection: it is not logged.
// One that does not (offline follows, or it still lasts when :messages
// opens) is, in order, with the offline state after it.
func TestRetriesThatRecoverAreNotLogged(t *testing.T) {
	m, _, _ := newRoot(t)
	manualTicks(m)
	lost := ConnStateMsg{State: ConnRetrying, Err: errors.New("no answer to POST /pod/v3/room/create: EOF")}
	for range 6 {
		drive(t, m, lost, ConnStateMsg{State: ConnConnected})
	}
	if got := m.log.all(); len(got) != 0 {
		t.Fatalf("recovered retries logged: %+v", got)
	}
	drive(t, m, ConnStateMsg{State: ConnRetrying, Err: errors.New("Service Unavailable from GET /pod/v3/users")},
		ConnStateMsg{State: ConnOffline, Err: errors.New("dial tcp: connection refused")})
	got := m.log.all()
	if len(got) != 2 || !strings.Contains(got[0].text, "connection retrying: Service Unavailable") || got[1].text != "connection offline: dial tcp: connection refused" {
		t.Fatalf("log %+v; want the retry, then offline", got)
	}
	drive(t, m, ConnStateMsg{State: ConnConnected}, lost)
	drive(t, m, keyMsg(":"))
	drive(t, m, typeKeys("messages")...)
	drive(t, m, keyMsg("enter"))
	mustShow(t, m.View(), "connection retrying: no answer to POST /pod/v3/room/create: EOF")
}

// A value shaped like a secret in a message (a JWT typed by the operator
// and echoed by an error, a token in a connection error) is withheld on
// the status line and in :messages, as the API log withholds it.
func TestStatusLineAndMessagesWithholdSecrets(t *testing.T) {
	jwt := "eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzeW10dWktYm90In0.c2lnbmF0dXJlMTIzNDU2Nzg5MA"
	token := "Qm9vdHN0cmFwVG9rZW4tMTIzNDU2Nzg5MC1hYmNkZWZnaGlq"
	pem := "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----"
	for _, level := range []Level{LevelInfo, LevelWarning, LevelError} {
		m, _, _ := newRoot(t)
		manualTicks(m)
		drive(t, m, StatusMsg{Level: level, Text: `user "` + jwt + `": no such user on the pod`})
		if out := m.View(); strings.Contains(out, "eyJhbGci") || !strings.Contains(out, `user "[redacted]"`) {
			t.Errorf("level %v: the status line shows %q", level, lines(out)[19])
		}
		drive(t, m, StatusMsg{Level: level, Text: "key " + pem})
		drive(t, m, ConnStateMsg{State: ConnOffline, Err: errors.New("login refused for token " + token)})
		for _, e := range m.log.all() {
			for _, sec := range []string{"eyJhbGci", "MIIEvQ", token} {
				if strings.Contains(e.text, sec) {
					t.Errorf("level %v: :messages keeps %q", level, e.text)
				}
			}
		}
	}
}
