package viewtest

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/tab"
)

// Program runs a view the way the Bubble Tea program does, without a
// terminal or a renderer: every command in a goroutine of its own
// (batches and sequences opened), every message the view owns through
// Update, one at a time, in arrival order. Benchmarks use it to time what
// the view does with real commands against the emulator.
type Program struct {
	tb   testing.TB
	v    ui.View
	msgs chan tea.Msg
}

// NewProgram runs v; Start sends its first command.
func NewProgram(tb testing.TB, v ui.View) *Program {
	return &Program{tb: tb, v: v, msgs: make(chan tea.Msg, 1024)}
}

// Start runs cmd (and what it leads to).
func (p *Program) Start(cmd tea.Cmd) { p.run(cmd) }

// Send delivers a message from outside, as p.Send does in the program.
func (p *Program) Send(msg tea.Msg) { p.msgs <- msg }

// FollowPresence delivers a PresenceChangedMsg whenever the tracker
// changes, as the presence pane does, until the test ends.
func (p *Program) FollowPresence(tr *presence.Tracker) {
	stop := make(chan struct{})
	p.tb.Cleanup(func() { close(stop) })
	go func() {
		var seq uint64
		for {
			select {
			case <-stop:
				return
			case <-tr.Changes():
			}
			changes, latest, complete := tr.ChangesSince(seq)
			seq = latest
			select {
			case p.msgs <- tab.PresenceChangedMsg{Changes: changes, Complete: complete, Seq: latest, State: tr.Snapshot(0)}:
			case <-stop:
				return
			}
		}
	}()
}

func (p *Program) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if cmds, ok := AsCmds(msg); ok {
			for _, c := range cmds {
				p.run(c)
			}
			return
		}
		if msg != nil {
			p.msgs <- msg
		}
	}()
}

// Until hands messages to the view until done reports true (checked after
// each message and at least every check), and fails the test after wait.
// It returns how many messages the view took.
func (p *Program) Until(done func() bool, check, wait time.Duration) int {
	p.tb.Helper()
	deadline := time.After(wait)
	tick := time.NewTicker(check)
	defer tick.Stop()
	n := 0
	for !done() {
		select {
		case msg := <-p.msgs:
			if !p.v.Owns(msg) {
				continue // status lines and the like: the root's
			}
			_, cmd := p.v.Update(msg)
			p.run(cmd)
			n++
		case <-tick.C:
		case <-deadline:
			p.tb.Fatalf("not done after %s", wait)
		}
	}
	return n
}
