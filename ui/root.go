package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// PaneMode is how the side pane is shown.
type PaneMode int

const (
	PaneHidden PaneMode = iota
	PaneBeside          // beside the active tab, which keeps the keys
	PaneZoomed          // full screen; the pane gets the keys
)

// paneMinWidth is the narrowest terminal that shows the pane beside a tab.
const paneMinWidth = 70

// Model is the root of the program: it lays out the header, the tab bar,
// the focused view (with the side pane) and the status line, and routes
// messages. It holds no data of its own beyond the frame.
type Model struct {
	c     *Common
	views []View // the tabs, then the side pane when it is not a tab
	tabs  int    // how many of views are tabs
	// active is the tab shown; pane the index (in views) of the side pane
	// or -1.
	active   int
	pane     int
	paneMode PaneMode
	zoomFrom PaneMode // the mode to return to when the zoom ends

	modal      Modal
	modalOwner int // index in views of the view that opened the modal
	cmdline    commandLine
	commands   []Command
	status     status
	log        messageLog // what the status line and the header said, whole
	conn       ConnStateMsg
	fresh      FreshnessMsg

	sized  bool
	layout layoutKey
	// the status-line hints, cached by the bindings they show
	hintsKey, hintsLine string
	// the error on the status line, wrapped
	errKey   errorWrapKey
	errLines []string
	tick     tickFunc
	guarded  int // frames guardFrame had to clean
}

type layoutKey struct {
	w, h, active, pane int
	mode               PaneMode
	statusHeight       int
}

// New returns the root model with the given tabs (in tab-bar order; the
// first four are reached with 1..4). Until the first tea.WindowSizeMsg it
// lays out for c's size, or 80x24 when c has none, so it paints at once.
func New(c *Common, views ...View) *Model {
	m := &Model{
		c:        c,
		views:    views,
		tabs:     len(views),
		pane:     -1,
		cmdline:  newCommandLine(),
		commands: DefaultCommands(),
		tick:     tea.Tick,
	}
	if c.Width == 0 || c.Height == 0 {
		c.Width, c.Height = 80, 24 // paint something before the first size arrives
	}
	m.relayout()
	return m
}

// SetSidePane sets a view shown beside the tabs (toggled with the pane key,
// zoomed with the zoom key). It is not a tab, but it receives its owned
// messages like one. Init starts it when it is set before the program runs;
// set later, the caller runs its Init.
func (m *Model) SetSidePane(v View) {
	if m.pane >= m.tabs {
		m.views[m.pane] = v
	} else {
		m.views = append(m.views, v)
		m.pane = len(m.views) - 1
	}
	m.relayout()
}

// SetSidePaneTab uses tab i as the side pane as well (one instance, so it
// loads and polls once). While tab i is the active tab the pane is not
// drawn beside it.
func (m *Model) SetSidePaneTab(i int) {
	if i >= 0 && i < m.tabs {
		if m.pane >= m.tabs {
			m.views = m.views[:m.tabs]
		}
		m.pane = i
		m.relayout()
	}
}

// SetPaneMode shows, zooms or hides the side pane.
func (m *Model) SetPaneMode(mode PaneMode) {
	if m.pane < 0 {
		mode = PaneHidden
	}
	if mode == PaneZoomed && m.paneMode != PaneZoomed {
		m.zoomFrom = m.paneMode
	}
	m.paneMode = mode
	m.relayout()
}

// PaneMode reports how the side pane is shown.
func (m *Model) PaneMode() PaneMode { return m.paneMode }

// AddCommand adds a command for completion and help; views handle it by
// owning CommandMsg{Name: cmd.Name}.
func (m *Model) AddCommand(cmd Command) { m.commands = append(m.commands, cmd) }

// Active returns the index of the active tab.
func (m *Model) Active() int { return m.active }

// SetActive switches to tab i (ignored when out of range).
func (m *Model) SetActive(i int) {
	if i < 0 || i >= m.tabs {
		return
	}
	m.active = i
	if m.paneMode == PaneZoomed {
		m.paneMode = m.zoomFrom
	}
	m.relayout()
}

// Views returns the tabs (and the side pane last, when it is not a tab).
func (m *Model) Views() []View { return m.views }

// WindowTitle is the terminal's title while the console runs: the app
// and the pod, so an operator with several terminals sees which is which.
// The pod host comes from the config: sanitised, as everything drawn.
func (m *Model) WindowTitle() string {
	if m.c.Pod == "" {
		return "symtui"
	}
	return ansi.Truncate("symtui · "+Sanitize(m.c.Pod), 80, "…")
}

// Init sets the terminal title and starts every view.
func (m *Model) Init() tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(m.views)+1)
	cmds = append(cmds, tea.SetWindowTitle(m.WindowTitle()))
	for _, v := range m.views {
		cmds = append(cmds, v.Init())
	}
	return tea.Batch(cmds...)
}

// focused is the index of the view that gets keys.
func (m *Model) focused() int {
	if m.paneMode == PaneZoomed && m.pane >= 0 {
		return m.pane
	}
	return m.active
}

// Update routes msg; see View for the rules.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.relayout() // an error may have come or gone on the status line
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.sized = true
		return nil
	case tea.KeyMsg:
		return m.handleKey(msg)
	case ConnStateMsg:
		m.logConnState(msg)
		m.conn = msg
		return nil
	case FreshnessMsg:
		m.fresh = msg
		return nil
	case IdentityMsg:
		m.c.Identity = msg.Identity
		return nil
	case StatusMsg:
		return m.say(msg.Level, msg.Text)
	case statusExpiredMsg:
		m.status.expire(msg.seq)
		return nil
	case OpenModalMsg:
		m.openModal(msg.Modal, m.focused())
		return nil
	case CommandMsg:
		return m.dispatchCommand(msg)
	case PickerQueryMsg:
		if m.modal != nil {
			return m.updateView(m.modalOwner, msg)
		}
		return nil
	}
	var cmds []tea.Cmd
	if m.modal != nil {
		cmds = append(cmds, m.updateModal(msg))
	}
	for i := range m.views {
		if m.views[i].Owns(msg) {
			cmds = append(cmds, m.updateView(i, msg))
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) updateView(i int, msg tea.Msg) tea.Cmd {
	if i < 0 || i >= len(m.views) {
		return nil
	}
	v, cmd := m.views[i].Update(msg)
	m.views[i] = v
	return cmd
}

func (m *Model) openModal(md Modal, owner int) {
	m.modal, m.modalOwner = md, owner
	md.SetSize(m.c.Width, m.bodyHeight())
}

// updateModal passes msg to the open modal and, when it closes, delivers
// its result to the view that opened it.
func (m *Model) updateModal(msg tea.Msg) tea.Cmd {
	md, cmd := m.modal.Update(msg)
	m.modal = md
	res, done := md.Done()
	if !done {
		return cmd
	}
	m.modal = nil
	if res == nil {
		return cmd
	}
	return tea.Batch(cmd, m.updateView(m.modalOwner, res))
}

func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	m.status.keyPressed()
	if m.cmdline.active {
		line, submitted, cmd := m.cmdline.key(k, m.commandNames())
		if submitted {
			return tea.Batch(cmd, m.runCommand(line))
		}
		return cmd
	}
	if m.modal != nil {
		return m.updateModal(k)
	}
	f := m.focused()
	if f < 0 || f >= len(m.views) {
		if key.Matches(k, m.c.Keys.Global.Quit, m.c.Keys.Global.Interrupt) {
			return tea.Quit
		}
		return nil
	}
	if m.views[f].InputFocused() {
		return m.updateView(f, k)
	}
	g := m.c.Keys.Global
	switch {
	case key.Matches(k, g.Interrupt), key.Matches(k, g.Quit):
		return tea.Quit
	case key.Matches(k, g.Help):
		m.openHelp(f)
		return nil
	case key.Matches(k, g.Command):
		return m.cmdline.open()
	case key.Matches(k, g.NextTab):
		m.SetActive((m.active + 1) % max(m.tabs, 1))
		return nil
	case key.Matches(k, g.PrevTab):
		m.SetActive((m.active - 1 + m.tabs) % max(m.tabs, 1))
		return nil
	case key.Matches(k, g.Tab1):
		m.SetActive(0)
		return nil
	case key.Matches(k, g.Tab2):
		m.SetActive(1)
		return nil
	case key.Matches(k, g.Tab3):
		m.SetActive(2)
		return nil
	case key.Matches(k, g.Tab4):
		m.SetActive(3)
		return nil
	case key.Matches(k, g.Pane) && m.pane >= 0:
		if m.paneMode == PaneHidden {
			m.SetPaneMode(PaneBeside)
		} else {
			m.SetPaneMode(PaneHidden)
		}
		return nil
	case key.Matches(k, g.Back) && m.paneMode == PaneZoomed && f == m.pane && !canGoBack(m.views[f]):
		m.SetPaneMode(m.zoomFrom)
		return nil
	case key.Matches(k, g.ZoomPane) && m.pane >= 0:
		if m.paneMode == PaneZoomed {
			m.SetPaneMode(m.zoomFrom)
		} else {
			m.SetPaneMode(PaneZoomed)
		}
		return nil
	}
	return m.updateView(f, k)
}

// canGoBack reports whether v has a state of its own for esc to back out of.
func canGoBack(v View) bool {
	b, ok := v.(Backer)
	return ok && b.CanGoBack()
}

// tabCommand is the command that shows v: its title, lower case, with
// dashes for spaces (":room-members").
func tabCommand(v View) string {
	return strings.ReplaceAll(strings.ToLower(Sanitize(v.Title())), " ", "-")
}

// openHelp shows the keys of view f and every command. Keys that would do
// nothing here are left out: tabs that do not exist, pane keys without a
// pane.
func (m *Model) openHelp(f int) {
	g := m.c.Keys.Global
	hide := []key.Binding{g.Tab1, g.Tab2, g.Tab3, g.Tab4}[min(m.tabs, 4):]
	if m.pane < 0 {
		hide = append(hide, g.Pane, g.ZoomPane)
	}
	v := m.views[f]
	m.openModal(&helpOverlay{c: m.c, groups: helpGroups(m.c.Keys, v.Title(), v.KeyBindings(), hide...), cmds: m.allCommands()}, f)
}

// allCommands: tab names, the registered commands, help, quit.
func (m *Model) allCommands() []Command {
	var out []Command
	for i := 0; i < m.tabs; i++ {
		out = append(out, Command{Name: tabCommand(m.views[i]), Help: "switch tab"})
	}
	if m.pane >= m.tabs {
		out = append(out, Command{Name: tabCommand(m.views[m.pane]), Help: "zoom the side pane"})
	}
	out = append(out, m.commands...)
	return append(out, Command{Name: "help", Help: "keys and commands"}, Command{Name: messagesCommand, Help: "last 100 messages in full"},
		Command{Name: "q", Help: "quit"})
}

func (m *Model) commandNames() []string {
	cmds := m.allCommands()
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.Name
	}
	return names
}

// runCommand executes a command line (without the ":").
func (m *Model) runCommand(line string) tea.Cmd {
	name, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	switch name {
	case "":
		return nil
	case "q", "quit":
		return tea.Quit
	case "help", "h", "?":
		if f := m.focused(); f >= 0 && f < len(m.views) && arg == "" {
			m.openHelp(f)
			return nil
		}
	case messagesCommand:
		if arg == "" {
			m.openModal(newMessagesModal(m.c, m.log.all()), m.focused())
			return nil
		}
	}
	for i := 0; i < m.tabs; i++ {
		if tabCommand(m.views[i]) == strings.ToLower(name) && arg == "" {
			m.SetActive(i)
			return nil
		}
	}
	if m.pane >= m.tabs && tabCommand(m.views[m.pane]) == strings.ToLower(name) && arg == "" {
		m.SetPaneMode(PaneZoomed)
		return nil
	}
	return m.dispatchCommand(CommandMsg{Name: name, Arg: arg})
}

// dispatchCommand hands cmd to the first view that owns it and shows that
// view.
func (m *Model) dispatchCommand(cmd CommandMsg) tea.Cmd {
	for i, v := range m.views {
		if !v.Owns(cmd) {
			continue
		}
		if i < m.tabs {
			m.SetActive(i)
		} else {
			m.SetPaneMode(PaneZoomed)
		}
		return m.updateView(i, cmd)
	}
	return m.say(LevelError, "unknown command :"+cmd.Name+" (tab completes, ? lists commands)")
}

// say shows text on the status line and logs it for :messages.
func (m *Model) say(l Level, text string) tea.Cmd {
	cmd := m.status.show(l, text, m.tick)
	m.log.add(m.c.now(), l, m.status.text)
	return cmd
}

// logConnState logs the error of a new connection state: the header can
// show only the start of it. While the state lasts, the errors of the
// calls that keep failing (each naming its own request) are not logged
// again, or an outage would fill the log.
func (m *Model) logConnState(msg ConnStateMsg) {
	if msg.Err == nil || (m.conn.State == msg.State && m.conn.Err != nil) {
		return
	}
	text := msg.State.String() + ": " + Sanitize(msg.Err.Error())
	l := LevelWarning
	if msg.State == ConnOffline {
		l = LevelError
	}
	m.log.add(m.c.now(), l, "connection "+text)
}
