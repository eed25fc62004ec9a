package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// chromeHeight: header, tab bar, status line.
const chromeHeight = 3

// maxErrorLines: an error may take this many status lines, so that its
// cause shows without a dialog; the body gives them back at the next key.
const maxErrorLines = 3

func (m *Model) bodyHeight() int { return max(m.c.Height-chromeHeight+1-m.statusHeight(), 1) }

func (m *Model) statusHeight() int { return max(len(m.errorLines()), 1) }

// errorLines is the error on the status line wrapped to the width (nil when
// no error shows): at most maxErrorLines, and never so many that the body
// has no line; a longer error ends in "…".
func (m *Model) errorLines() []string {
	if m.cmdline.active || m.status.text == "" || m.status.level != LevelError {
		return nil
	}
	w := max(m.c.Width, 1)
	limit := min(maxErrorLines, max(m.c.Height-chromeHeight, 1))
	k := errorWrapKey{m.status.seq, w, limit}
	if k == m.errKey {
		return m.errLines
	}
	ls := strings.Split(ansi.Wrap("error: "+m.status.text, w, ""), "\n")
	if len(ls) > limit {
		last := m.cutLine(strings.Join(ls[limit-1:], " "), w)
		ls = ls[:limit]
		ls[limit-1] = last
	}
	m.errKey, m.errLines = k, ls
	return ls
}

// cutLine fits a status line to w cells: it keeps the start, where a
// message says what happened, and marks the cut with where to read the
// rest ("… :messages"), or with "…" alone when the line is too narrow.
func (m *Model) cutLine(s string, w int) string {
	if cellWidth(s) <= w {
		return s
	}
	more := "… " + KeyHint(m.c.Keys.Global.Command) + messagesCommand
	if w >= cellWidth(more)+12 {
		return ansi.Truncate(s, w-cellWidth(more), "") + more
	}
	return ansi.Truncate(s, max(w-1, 0), "") + "…"
}

// errorWrapKey is what errorLines' result depends on.
type errorWrapKey struct{ seq, w, limit int }

// paneBeside reports whether the side pane is drawn next to the active tab.
func (m *Model) paneBeside() bool {
	return m.paneMode == PaneBeside && m.pane >= 0 && m.pane != m.active && m.c.Width >= paneMinWidth
}

func (m *Model) paneWidth() int {
	return min(max(m.c.Width*2/5, 30), m.c.Width-40)
}

// relayout gives each visible view its size, only when the layout changed.
func (m *Model) relayout() {
	k := layoutKey{m.c.Width, m.c.Height, m.active, m.pane, m.paneMode, m.statusHeight()}
	if k == m.layout && m.sized {
		return
	}
	m.layout = k
	bh := m.bodyHeight()
	switch {
	case m.paneMode == PaneZoomed && m.pane >= 0:
		m.views[m.pane].SetSize(m.c.Width, bh)
	case m.paneBeside():
		pw := m.paneWidth()
		if m.active < m.tabs {
			m.views[m.active].SetSize(m.c.Width-pw-1, bh)
		}
		m.views[m.pane].SetSize(pw, bh)
	case m.active < m.tabs:
		m.views[m.active].SetSize(m.c.Width, bh)
	}
	if m.modal != nil {
		m.modal.SetSize(m.c.Width, bh)
	}
}

// View renders the frame: exactly Height lines of at most Width cells.
func (m *Model) View() string {
	w, bh := m.c.Width, m.bodyHeight()
	var b strings.Builder
	b.Grow(w * (bh + chromeHeight) * 2)
	b.WriteString(m.headerView())
	b.WriteByte('\n')
	b.WriteString(m.tabsView())
	b.WriteByte('\n')
	b.WriteString(m.bodyView(w, bh))
	b.WriteByte('\n')
	b.WriteString(m.statusView())
	frame := b.String()
	safe := guardFrame(frame)
	if safe != frame {
		m.guarded++
	}
	return safe
}

// GuardedFrames is how many frames the last guard had to clean: a
// component drew something unsafe. Always 0 unless there is a bug; the
// render tests hold it there.
func (m *Model) GuardedFrames() int { return m.guarded }

func (m *Model) bodyView(w, h int) string {
	if m.modal != nil {
		return block(m.c.Styles.Renderer.Place(w, h, lipgloss.Center, lipgloss.Center, m.modal.View()), w, h)
	}
	switch {
	case m.paneMode == PaneZoomed && m.pane >= 0:
		return block(m.views[m.pane].View(), w, h)
	case m.active >= m.tabs:
		return block("", w, h)
	case m.paneBeside():
		pw := m.paneWidth()
		left := block(m.views[m.active].View(), w-pw-1, h)
		right := m.c.Styles.Pane.Render(block(m.views[m.pane].View(), pw, h))
		return lipgloss.JoinHorizontal(lipgloss.Top, left, right)
	}
	return block(m.views[m.active].View(), w, h)
}

// block forces s to exactly h lines, each padded or truncated to w cells,
// so a misbehaving view cannot break the frame.
func block(s string, w, h int) string {
	lines := strings.SplitN(s, "\n", h+1)
	if len(lines) > h {
		lines = lines[:h]
	}
	var b strings.Builder
	b.Grow((w + 8) * h)
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		line := ""
		if i < len(lines) {
			line = lines[i]
		}
		lw := cellWidth(line)
		if lw > w {
			line = ansi.Truncate(line, w, "")
			lw = cellWidth(line)
		}
		b.WriteString(line)
		if lw < w {
			b.WriteString(strings.Repeat(" ", w-lw))
		}
	}
	return b.String()
}

// headerView: who and where on the left, connection and freshness on the
// right. When narrow, the identity and the app name go before the pod host,
// the RO badge and the connection state.
func (m *Model) headerView() string {
	st := m.c.Styles
	pod, ro := "", ""
	if m.c.Pod != "" {
		pod = st.Pod.Render(Sanitize(m.c.Pod))
	}
	if m.c.ReadOnly || m.c.Keys.ReadOnly() {
		ro = " " + st.ReadOnly.Render(" RO ")
	}
	who := ""
	if m.c.Identity != "" {
		who = st.Muted.Render(" as ") + Sanitize(m.c.Identity)
	}
	conn := m.connView()
	right := conn
	if f := m.freshnessView(); f != "" {
		right = f + "  " + conn
	}
	app := st.AppName.Render("symtui") + " "
	for _, v := range [][2]string{
		{app + pod + who + ro, right},
		{app + pod + ro, right},
		{pod + ro, right},
		{pod + ro, conn},
	} {
		if ansi.StringWidth(v[0])+ansi.StringWidth(v[1])+1 <= m.c.Width {
			return spread(v[0], v[1], m.c.Width)
		}
	}
	return spread(pod+ro, conn, m.c.Width)
}

func (m *Model) connView() string {
	st := m.c.Styles
	s := m.conn.State
	switch s {
	case ConnConnected:
		return st.ConnOK.Render("● " + s.String())
	case ConnUnknown:
		return st.Muted.Render("○ not connected yet")
	case ConnOffline:
		txt := "✖ offline"
		if m.conn.Err != nil {
			txt += ": " + Sanitize(m.conn.Err.Error())
		}
		return st.ConnBad.Render(ansi.Truncate(txt, max(m.c.Width/2, 12), "…"))
	}
	txt := "◌ " + s.String()
	if m.conn.Err != nil {
		txt += ": " + Sanitize(m.conn.Err.Error())
	}
	return st.ConnWarn.Render(ansi.Truncate(txt, max(m.c.Width/2, 12), "…"))
}

func (m *Model) freshnessView() string {
	f := m.fresh
	if f.Updated.IsZero() {
		return ""
	}
	st := m.c.Styles
	label := Sanitize(f.Label)
	age := ago(m.c.now().Sub(f.Updated))
	if f.Stale {
		return st.Stale.Render(label + " STALE " + age)
	}
	txt := label + " " + age
	if f.Polling {
		txt += " ⟳"
	}
	return st.Muted.Render(txt)
}

// ago formats a duration as a short age: "now", "12s ago", "3m ago".
func ago(d time.Duration) string {
	switch {
	case d < time.Second:
		return "now"
	case d < time.Minute:
		return fmt.Sprintf("%ds ago", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d/time.Minute))
	}
	return fmt.Sprintf("%dh ago", int(d/time.Hour))
}

func (m *Model) tabsView() string {
	st := m.c.Styles
	parts := make([]string, 0, m.tabs)
	for i := 0; i < m.tabs; i++ {
		v := m.views[i]
		label := Sanitize(v.Title())
		if i < 4 {
			label = fmt.Sprintf("%d %s", i+1, label)
		}
		n, loading := v.Count()
		count := fmt.Sprintf(" %d", n)
		if loading {
			count += "…"
		}
		if i == m.active && m.paneMode != PaneZoomed {
			parts = append(parts, st.TabActive.Render(" "+label+count+" "))
		} else {
			parts = append(parts, st.Tab.Render(" "+label)+st.TabCount.Render(count)+" ")
		}
	}
	right := ""
	if m.pane >= 0 {
		title := Sanitize(m.views[m.pane].Title())
		switch {
		case m.paneMode == PaneZoomed:
			right = st.TabActive.Render(" " + title + " (zoomed) ")
		case m.paneBeside():
			right = st.Muted.Render("pane: " + title)
		}
	}
	return spread(strings.Join(parts, "│"), right, m.c.Width)
}

func (m *Model) statusView() string {
	st := m.c.Styles
	w := m.c.Width
	if m.cmdline.active {
		return block(m.cmdline.view(w, st), w, 1)
	}
	if m.status.text != "" {
		switch m.status.level {
		case LevelError:
			ls := m.errorLines()
			styled := make([]string, len(ls)) // not in place: errLines is a cache
			for i, l := range ls {
				styled[i] = st.StatusError.Render(l)
			}
			return block(strings.Join(styled, "\n"), w, len(ls))
		case LevelWarning:
			return block(st.StatusWarn.Render(m.cutLine("! "+m.status.text, w)), w, 1)
		}
		return block(st.StatusInfo.Render(m.cutLine(m.status.text, w)), w, 1)
	}
	if m.modal != nil {
		return block("", w, 1) // dialogs show their own keys; q and : do nothing there
	}
	return block(m.hints(), w, 1)
}

// hints: the focused view's first bindings, then the essentials, fitted to
// the width. The rendered line is reused while the bindings it shows and
// the width are the same.
func (m *Model) hints() string {
	var bs []key.Binding
	if f := m.focused(); f >= 0 && f < len(m.views) {
		bs = append(bs, m.views[f].KeyBindings()...)
	}
	g := m.c.Keys.Global
	var kb strings.Builder
	fmt.Fprintf(&kb, "%d\x00", m.c.Width)
	for _, b := range append(bs, g.Help, g.Command, g.Quit) {
		if b.Enabled() {
			kb.WriteString(b.Help().Key)
			kb.WriteByte(0)
			kb.WriteString(b.Help().Desc)
			kb.WriteByte(0)
		}
	}
	if k := kb.String(); k != m.hintsKey {
		m.hintsKey, m.hintsLine = k, m.renderHints(bs, m.c.Width)
	}
	return m.hintsLine
}

// maxViewHints: more than this many of a view's bindings make the line
// hard to scan even when they fit; help lists them all.
const maxViewHints = 6

// renderHints lays out the view's hints (its own actions first, then the
// table's; moving needs no hint) and "? help  : command  q quit" in w
// cells. When they do not fit, whole hints go from the view's end (and
// ": command" with the first of them), marked by "…"; "? help" always
// stays, "q quit" while there is room.
func (m *Model) renderHints(bs []key.Binding, w int) string {
	st := m.c.Styles
	g := m.c.Keys.Global
	generic := map[string]int{}
	for _, e := range m.c.Keys.Entries() {
		switch e.Group {
		case "Navigation":
			generic[e.Binding.Help().Desc] = 2
		case "Table":
			generic[e.Binding.Help().Desc] = 1
		}
	}
	hint := func(b key.Binding) string {
		return st.HintKey.Render(b.Help().Key) + " " + st.HintDesc.Render(b.Help().Desc)
	}
	var view []string
	for _, pass := range []int{0, 1} {
		for _, b := range bs {
			if generic[b.Help().Desc] == pass && b.Enabled() && len(view) < maxViewHints {
				view = append(view, hint(b))
			}
		}
	}
	var full, short []string // the essentials, and those kept when hints are dropped
	for _, b := range []key.Binding{g.Help, g.Command, g.Quit} {
		if b.Enabled() {
			full = append(full, hint(b))
			if !sameBinding(b, g.Command) {
				short = append(short, hint(b))
			}
		}
	}
	join := func(parts ...[]string) string {
		var all []string
		for _, p := range parts {
			all = append(all, p...)
		}
		return strings.Join(all, "  ")
	}
	if line := join(view, full); ansi.StringWidth(line) <= w {
		return line
	}
	more := []string{st.Muted.Render("…")}
	for len(short) > 0 {
		for n := len(view); n >= 0; n-- {
			if line := join(view[:n], more, short); ansi.StringWidth(line) <= w {
				return line
			}
		}
		if len(short) == 1 {
			break
		}
		short = short[:1] // "? help" alone
	}
	return ansi.Truncate(join(short), w, "…")
}

// spread puts left and right on one line of width w, right-aligned,
// dropping right first when they do not fit.
func spread(left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw+1 > w {
		if lw+1 >= w {
			return block(left, w, 1)
		}
		right = ansi.Truncate(right, w-lw-1, "…")
		rw = ansi.StringWidth(right)
	}
	return left + strings.Repeat(" ", max(w-lw-rw, 1)) + right
}
