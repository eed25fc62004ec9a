package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// headerView: the context, who and where on the left, connection and
// freshness on the right. When narrow, the identity and the app name go
// first, then the pod host; the context, the RO badge and the connection
// state stay.
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
	ctx := ""
	if m.c.Context != "" {
		// The context goes first: it is what tells production from the rest.
		ctx = st.ContextBadge(m.c.ContextColor).Render(" "+ansi.Truncate(Sanitize(m.c.Context), 24, "…")+" ") + " "
	}
	for _, v := range [][2]string{
		{app + ctx + pod + who + ro, right},
		{app + ctx + pod + ro, right},
		{ctx + pod + ro, right},
		{ctx + pod + ro, conn},
		{ctx + ro, conn},
	} {
		if ansi.StringWidth(v[0])+ansi.StringWidth(v[1])+1 <= m.c.Width {
			return spread(v[0], v[1], m.c.Width)
		}
	}
	return spread(ctx+pod+ro, conn, m.c.Width)
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
		if t := m.conn.NextTry; !t.IsZero() {
			txt += fmt.Sprintf(", next try %s (%s: now)", t.In(m.c.now().Location()).Format("15:04:05"), m.c.Keys.Action.Refresh.Help().Key)
		}
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
		count := " " + TallyOf(v).String()
		mark := st.mark(zoneTab+i, cellWidth(label+count)+2, 1)
		if i == m.active && m.paneMode != PaneZoomed && m.shown < 0 {
			parts = append(parts, mark+st.TabActive.Render(" "+label+count+" "))
		} else {
			parts = append(parts, mark+st.Tab.Render(" "+label)+st.TabCount.Render(count)+" ")
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
	if v, ok := m.ShownPage(); ok {
		right = st.TabActive.Render(" " + Sanitize(v.Title()) + " ")
	}
	return spread(strings.Join(parts, "│"), right, m.c.Width)
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
