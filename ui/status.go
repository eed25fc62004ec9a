package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Status-line TTLs: long enough to read, short enough not to linger.
const (
	infoTTL    = 5 * time.Second
	warningTTL = 10 * time.Second
)

// status is the flash line: one message with a level. Info and warnings
// expire by a tick scheduled only while they are shown; errors stay until
// the next key.
type status struct {
	level Level
	text  string
	seq   int // identifies the message a pending expiry tick belongs to
}

type statusExpiredMsg struct{ seq int }

// tickFunc is tea.Tick; tests substitute a recorder to fire timers by hand.
type tickFunc func(time.Duration, func(time.Time) tea.Msg) tea.Cmd

func (s *status) show(l Level, text string, tick tickFunc) tea.Cmd {
	s.seq++
	s.level, s.text = l, Sanitize(text)
	if l == LevelError || s.text == "" {
		return nil
	}
	ttl := infoTTL
	if l == LevelWarning {
		ttl = warningTTL
	}
	seq := s.seq
	return tick(ttl, func(time.Time) tea.Msg { return statusExpiredMsg{seq: seq} })
}

func (s *status) expire(seq int) {
	if seq == s.seq {
		s.text = ""
	}
}

// keyPressed clears an error: the operator has seen it.
func (s *status) keyPressed() {
	if s.level == LevelError {
		s.text = ""
	}
}
