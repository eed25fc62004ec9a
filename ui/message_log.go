package ui

import "time"

// maxLogged is how many status-line messages :messages keeps.
const maxLogged = 100

// loggedMessage is one message of the log, whole (sanitised, never cut).
type loggedMessage struct {
	at    time.Time
	level Level
	text  string
	count int // the same message shown this many times in a row
}

// messageLog keeps the last maxLogged messages shown on the status line or
// in the header, oldest first: the status line cuts a long message, the
// log keeps it whole.
type messageLog struct {
	ring  [maxLogged]loggedMessage
	start int // index of the oldest
	n     int
	seq   int // bumped on every change, for the modal's cache
}

// add logs text (already sanitised); the same text as the last one only
// counts again.
func (l *messageLog) add(at time.Time, level Level, text string) {
	if text == "" {
		return
	}
	l.seq++
	if l.n > 0 {
		last := &l.ring[(l.start+l.n-1)%maxLogged]
		if last.text == text && last.level == level {
			last.count++
			last.at = at
			return
		}
	}
	m := loggedMessage{at: at, level: level, text: text, count: 1}
	if l.n < maxLogged {
		l.ring[(l.start+l.n)%maxLogged] = m
		l.n++
		return
	}
	l.ring[l.start] = m
	l.start = (l.start + 1) % maxLogged
}

// all returns the messages, oldest first.
func (l *messageLog) all() []loggedMessage {
	out := make([]loggedMessage, l.n)
	for i := range out {
		out[i] = l.ring[(l.start+i)%maxLogged]
	}
	return out
}
