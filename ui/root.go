package ui

import (
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
	pages    []page   // views shown over the tabs (root_pages.go)
	shown    int      // the index in views of the page shown, -1: none

	modal      Modal
	modalOwner int // index in views of the view that opened the modal
	// waiting are modals asked for while another was open (a lost answer's
	// question arriving during a form): shown in turn, never dropped.
	waiting   []waitingModal
	cmdline   commandLine
	commands  []Command
	ctxSource string        // where the contexts come from
	ctxList   []ContextInfo // what :ctx offers
	status    status
	log       messageLog // what the status line and the header said, whole
	conn      ConnStateMsg
	retrying  []loggedMessage // connection retries not logged yet: they may recover
	fresh     FreshnessMsg

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
	w, h, active, pane, page int
	mode                     PaneMode
	statusHeight             int
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
		shown:    -1,
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
			m.views = append(m.views[:m.pane], m.views[m.pane+1:]...)
			m.shiftPages(m.pane)
		}
		m.pane = i
		m.relayout()
	}
}

// SetPaneMode shows, zooms or hides the side pane.
func (m *Model) SetPaneMode(mode PaneMode) {
	m.hidePage()
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
	m.hidePage()
	if m.paneMode == PaneZoomed {
		m.paneMode = m.zoomFrom
	}
	m.relayout()
}

// CapturesKeys reports whether keys now go to a modal, the command line or
// a text input rather than to the key bindings.
func (m *Model) CapturesKeys() bool {
	if m.cmdline.active || m.modal != nil {
		return true
	}
	f := m.focused()
	return f >= 0 && f < len(m.views) && m.views[f].InputFocused()
}

// Views returns the tabs (and the side pane last, when it is not a tab).
func (m *Model) Views() []View { return m.views }

// WindowTitle is the terminal's title while the console runs: the app
// and the pod, so an operator with several terminals sees which is which.
// The context and the pod host come from files: sanitised, as everything
// drawn.
func (m *Model) WindowTitle() string {
	title := "symtui"
	for _, part := range []string{m.c.Context, m.c.Pod} {
		if part != "" {
			title += " · " + Sanitize(part)
		}
	}
	return ansi.Truncate(title, 80, "…")
}

// Init starts every view. The terminal title is written by whoever starts
// the program, before it runs: bubbletea 1.3 writes a title set from a
// command outside its renderer's lock, racing a frame being flushed.
func (m *Model) Init() tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(m.views))
	for _, v := range m.views {
		cmds = append(cmds, v.Init())
	}
	return tea.Batch(cmds...)
}

// focused is the index of the view that gets keys.
func (m *Model) focused() int {
	if m.shown >= 0 {
		return m.shown
	}
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

// update handles what the frame itself owns (size, keys, connection,
// status, modals, commands) and offers any other message to the open modal
// and to every view that Owns it.
func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.sized = true
		return nil
	case tea.KeyMsg:
		return m.handleKeys(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
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
		if m.stale(msg) {
			return nil
		}
		if msg.Verbatim {
			return m.show(msg.Level, msg.Text)
		}
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

// updateView hands msg to view i and keeps the view it returns.
func (m *Model) updateView(i int, msg tea.Msg) tea.Cmd {
	if i < 0 || i >= len(m.views) {
		return nil
	}
	v, cmd := m.views[i].Update(msg)
	m.views[i] = v
	return cmd
}
