package main

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/cli"
	"symtui/ui"
)

// epochMsg is a message of the pod stack numbered epoch: the result of one
// of its commands, or what one of its goroutines sent. Only the current
// stack's reach the tabs, so nothing of a pod left behind lands in the
// tabs of the next.
type epochMsg struct {
	epoch uint64
	msg   tea.Msg
}

// stackBuilt is the new stack of a context switch, or why there is none.
type stackBuilt struct {
	name     string
	stack    *podStack
	warnings string // what the config said on stderr
	err      error
}

// stackClosed says the stack left behind has stopped (err: its presence
// feed could not be deleted).
type stackClosed struct {
	name string
	err  error
}

// closeTimeout bounds the goodbye to a pod: deleting its presence feed.
const closeTimeout = 5 * time.Second

// console is the program's model: the root of the current pod's stack,
// and the switch from one pod context to another (:ctx).
type console struct {
	b         *stackBuilder
	cur       *podStack
	epoch     uint64
	size      *tea.WindowSizeMsg // the last size, for a new root
	switching string             // the context being built ("": none)
	link      *programLink
	title     func(string) // writes the terminal's title
}

func newConsole(b *stackBuilder, first *podStack, link *programLink, title func(string)) *console {
	return &console{b: b, cur: first, epoch: 1, link: link, title: title}
}

// Init starts the first stack's tabs and its header watch.
func (c *console) Init() tea.Cmd {
	return tea.Batch(tag(c.epoch, c.cur.root.Init()), c.cur.start(c.epoch, c.link))
}

// Update routes msg to the current root, drops what a stack left behind
// sent, and switches contexts.
func (c *console) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(epochMsg); ok {
		if m.epoch != c.epoch {
			return c, nil // a result of a pod left behind
		}
		msg = m.msg
	}
	switch msg := msg.(type) {
	case ui.SwitchContextMsg:
		return c, c.startSwitch(msg.Name)
	case stackBuilt:
		return c, c.finishSwitch(msg)
	case stackClosed:
		if msg.err != nil {
			return c, c.forward(ui.StatusMsg{Level: ui.LevelWarning, Text: "the presence feed of " + msg.name +
				" could not be deleted (it expires on the pod by itself): " + msg.err.Error()})
		}
		return c, nil
	case tea.WindowSizeMsg:
		c.size = &msg
	}
	return c, c.forward(msg)
}

// View is the current root's frame.
func (c *console) View() string { return c.cur.root.View() }

// forward hands msg to the current root; what its commands return is
// tagged with the current epoch.
func (c *console) forward(msg tea.Msg) tea.Cmd {
	_, cmd := c.cur.root.Update(msg)
	return tag(c.epoch, cmd)
}

// startSwitch builds the stack of context name in a command (it reads
// files); the current pod stays in use until it is ready.
func (c *console) startSwitch(name string) tea.Cmd {
	if c.switching != "" {
		return c.forward(ui.StatusMsg{Level: ui.LevelWarning, Text: "already switching to " + c.switching})
	}
	def, err := c.b.settings.Lookup(name)
	if err != nil {
		return c.forward(ui.StatusMsg{Level: ui.LevelError, Text: err.Error()})
	}
	c.switching = name
	b := c.b
	build := func() tea.Msg {
		var warnings bytes.Buffer
		st, err := b.build(cli.FromContext(def), &warnings)
		return stackBuilt{name: name, stack: st, warnings: warnings.String(), err: err}
	}
	return tea.Batch(c.forward(ui.StatusMsg{Level: ui.LevelInfo, Text: "switching to " + name + "…"}), build)
}

// finishSwitch puts the new stack in place and closes the old one: its
// calls in flight end, its presence feed is deleted, its session stops,
// and whatever it still sends is dropped by its epoch.
func (c *console) finishSwitch(b stackBuilt) tea.Cmd {
	c.switching = ""
	if b.err != nil {
		return c.forward(ui.StatusMsg{Level: ui.LevelError, Text: "cannot switch to " + b.name + ": " + oneLineErr(b.err)})
	}
	old := c.cur
	c.cur = b.stack
	c.epoch++
	closeOld := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
		defer cancel()
		return stackClosed{name: old.target.Context, err: old.close(ctx)}
	}
	cmds := []tea.Cmd{closeOld, c.cur.start(c.epoch, c.link)}
	if c.size != nil {
		cmds = append(cmds, c.forward(*c.size))
	}
	cmds = append(cmds, tag(c.epoch, c.cur.root.Init()))
	status := ui.StatusMsg{Level: ui.LevelInfo, Text: "switched to " + b.name + " (" + c.cur.common.Pod + ")"}
	if w := strings.TrimSpace(b.warnings); w != "" {
		status = ui.StatusMsg{Level: ui.LevelWarning, Text: "switched to " + b.name + "; " + strings.Join(strings.Fields(w), " ")}
	}
	cmds = append(cmds, c.forward(status))
	if c.title != nil {
		title, write := c.cur.root.WindowTitle(), c.title
		cmds = append(cmds, func() tea.Msg { write(title); return nil })
	}
	return tea.Batch(cmds...)
}

// filter makes the refresh key retry a failed login of the current pod at
// once (see retryLoginOnRefresh). It runs on the program's loop, as Update.
func (c *console) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	cur := c.cur
	return retryLoginOnRefresh(cur.session, cur.common.Keys.Action.Refresh)(cur.root, msg)
}

// oneLineErr is err's text on one line, inert: it may quote the config or the pod.
func oneLineErr(err error) string { return ui.Sanitize(strings.Join(strings.Fields(err.Error()), " ")) }

var (
	cmdType     = reflect.TypeOf((*tea.Cmd)(nil)).Elem()
	runtimePath = reflect.TypeOf(tea.QuitMsg{}).PkgPath()
)

// tag makes cmd's message an epochMsg of epoch.
func tag(epoch uint64, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return tagMsg(epoch, cmd()) }
}

// tagMsg wraps msg in an epochMsg. A batch or a sequence (a list of
// commands the program runs itself) keeps its type, its commands tagged;
// the program's own messages (quit, title, size) pass as they are, for it
// to act on.
func tagMsg(epoch uint64, msg tea.Msg) tea.Msg {
	if msg == nil {
		return nil
	}
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			cmd, _ := v.Index(i).Interface().(tea.Cmd)
			out.Index(i).Set(reflect.ValueOf(tag(epoch, cmd)))
		}
		return out.Interface()
	}
	if v.Type().PkgPath() == runtimePath {
		return msg
	}
	return epochMsg{epoch: epoch, msg: msg}
}

// programLink is how goroutines reach the program: Send, once the program
// exists. Until then they wait (the program is made right after the model).
type programLink struct {
	once  sync.Once
	ready chan struct{}
	fn    func(tea.Msg)
}

func newProgramLink() *programLink { return &programLink{ready: make(chan struct{})} }

// set gives the link the program's Send (once).
func (l *programLink) set(send func(tea.Msg)) {
	l.once.Do(func() {
		l.fn = send
		close(l.ready)
	})
}

func (l *programLink) send(msg tea.Msg) {
	<-l.ready
	l.fn(msg)
}
