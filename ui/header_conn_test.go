package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Offline after a failed login, the header says when the next try is (a
// time of day: nothing needs to tick) and which key tries now, before the
// reason, so a long reason cannot push it out.
func TestHeaderNamesTheNextLoginTry(t *testing.T) {
	m, _, _ := newRoot(t)
	drive(t, m, tea.WindowSizeMsg{Width: 120, Height: 20})
	reason := errors.New("authentication was refused for service account \"ops-bot\" (HTTP 401 from https://pod.example.com:443/login/pubkey/authenticate): is the bot's public key imported")
	drive(t, m, ConnStateMsg{State: ConnOffline, Err: reason, NextTry: fixedNow.Add(42 * time.Second)})
	h := lines(m.View())[0]
	if !strings.Contains(h, "offline, next try 18:00:42 (r: now): authentication") {
		t.Errorf("header: %q", h)
	}
	drive(t, m, ConnStateMsg{State: ConnOffline, Err: reason})
	if h := lines(m.View())[0]; strings.Contains(h, "next try") {
		t.Errorf("header names a try nobody scheduled: %q", h)
	}
}
