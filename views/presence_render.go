package views

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"symtui/pod"
	"symtui/ui"
)

// render rebuilds the cached rendering. It runs when the state, the size or
// the names change, never per frame: View returns the cache.
func (v *PresencePane) render() {
	st := v.c.Styles
	w := v.width
	lines := make([]string, 0, v.height)
	lines = append(lines, v.statusLine())
	lines = append(lines, v.countLines()...)
	s := v.state
	if len(s.Events) > 0 {
		e := s.Events[len(s.Events)-1]
		lines = append(lines, st.StatusWarn.Render(presenceFit(presenceClock(e.At)+" "+ui.Sanitize(e.Text), w)))
	}
	if s.LastErr != nil {
		text := "error: " + ui.Sanitize(s.LastErr.Error())
		if !s.NextPoll.IsZero() {
			text = "retry " + presenceClock(s.NextPoll) + " · " + text
		}
		lines = append(lines, st.StatusError.Render(presenceFit(text, w)))
	}
	lines = append(lines, st.Muted.Render(strings.Repeat("─", w)))
	rows := v.height - len(lines)
	switch {
	case rows <= 0:
	case !v.have || !s.Synced && len(s.Recent) == 0:
		lines = append(lines, st.Muted.Render(presenceFit("loading everyone's presence…", w)))
	case len(s.Recent) == 0:
		lines = append(lines, st.Muted.Render(presenceFit("no change yet", w)))
	default:
		for _, c := range s.Recent[:min(rows, len(s.Recent))] {
			lines = append(lines, v.changeLine(c.UserID, c.From, c.To, c.At))
		}
	}
	if len(lines) > v.height {
		lines = lines[:v.height]
	}
	v.out = strings.Join(lines, "\n")
}

// statusLine: the title, live/PAUSED/STALE, the interval, the last poll and
// the in-flight mark.
func (v *PresencePane) statusLine() string {
	st := v.c.Styles
	s := v.state
	var badge string
	switch {
	case !v.have || s.Started.IsZero():
		badge = st.Muted.Render("starting")
	case s.Paused:
		badge = st.Stale.Render("PAUSED")
	case v.stale:
		badge = st.Stale.Render("STALE")
	case !s.Synced:
		badge = st.ConnWarn.Render("loading")
	default:
		badge = st.ConnOK.Render("live")
	}
	parts := []string{st.DialogTitle.Render("Presence"), badge}
	if s.Interval > 0 {
		parts = append(parts, st.Muted.Render("every "+s.Interval.String()))
	}
	if !s.LastOK.IsZero() {
		parts = append(parts, st.Muted.Render("polled "+presenceClock(s.LastOK)))
	}
	if s.InFlight {
		parts = append(parts, "⟳")
	}
	return presenceFit(strings.Join(parts, " "), v.width)
}

// countLines: users known, resyncs, then the non-empty categories, wrapped.
func (v *PresencePane) countLines() []string {
	s := v.state
	head := strconv.Itoa(s.Users) + " users"
	if s.Resyncs > 0 {
		head += fmt.Sprintf(" · %d resync", s.Resyncs)
		if s.Resyncs > 1 {
			head += "s"
		}
	}
	words := []string{head + ":"}
	for _, c := range pod.Categories {
		if n := s.Counts[c]; n > 0 {
			words = append(words, PresenceLabel(c)+" "+strconv.Itoa(n))
		}
	}
	for c, n := range s.Counts { // categories this build does not know
		if _, known := presenceLabels[c]; !known && n > 0 {
			words = append(words, PresenceLabel(c)+" "+strconv.Itoa(n))
		}
	}
	var out []string
	line := ""
	for _, wd := range words {
		switch {
		case line == "":
			line = wd
		case ansi.StringWidth(line)+3+ansi.StringWidth(wd) <= v.width:
			line += " · " + wd
		default:
			out = append(out, presenceFit(line, v.width))
			line = wd
		}
		if len(out) == 3 {
			break
		}
	}
	if line != "" && len(out) < 3 {
		out = append(out, presenceFit(line, v.width))
	}
	return out
}

// changeLine: "09:30:04 Alice Smith        busy → available".
func (v *PresencePane) changeLine(id int64, from, to pod.Category, at time.Time) string {
	st := v.c.Styles
	name := "#" + strconv.FormatInt(id, 10)
	if v.d.Names != nil {
		name = v.d.Names.Label(id)
	}
	move := PresenceLabel(from) + " → " + PresenceLabel(to)
	if from == "" {
		move = "now " + PresenceLabel(to)
	}
	t := presenceClock(at)
	nameW := v.width - len(t) - 2 - ansi.StringWidth(move)
	if nameW < 8 { // narrow: drop the time first
		t = ""
		nameW = v.width - 1 - ansi.StringWidth(move)
	}
	var b strings.Builder
	if t != "" {
		b.WriteString(st.Muted.Render(t))
		b.WriteByte(' ')
	}
	b.WriteString(fitCells(name, max(nameW, 1)))
	b.WriteByte(' ')
	b.WriteString(move)
	return presenceFit(b.String(), v.width)
}

// resolveNames asks for the names of the shown users not known yet, once
// per user.
func (v *PresencePane) resolveNames() tea.Cmd {
	if v.d.Names == nil || v.d.Pod == nil {
		return nil
	}
	var ids []int64
	for _, c := range v.state.Recent[:min(len(v.state.Recent), v.height)] {
		if !v.asked[c.UserID] {
			v.asked[c.UserID] = true
			ids = append(ids, c.UserID)
		}
	}
	ids = v.d.Names.Missing(ids)
	if len(ids) == 0 {
		return nil
	}
	d := v.d
	return ui.Run(PresenceViewID, 0, func() (namesResolved, error) {
		ctx, cancel := d.ctx()
		defer cancel()
		return namesResolved{ids: ids}, d.Names.Resolve(ctx, d.Pod, ids)
	})
}

// View implements ui.View: the cached rendering.
func (v *PresencePane) View() string { return v.out }

// clock is a time of day in the console's local time.
func presenceClock(t time.Time) string { return t.Local().Format("15:04:05") }

// presenceFit truncates s (possibly styled) to w cells.
func presenceFit(s string, w int) string {
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w, "…")
	}
	return s
}
