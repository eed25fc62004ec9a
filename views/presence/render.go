package presence

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// render rebuilds the cached rendering. It runs when the state, the size or
// the names change, never per frame: View returns the cache.
func (v *Pane) render() {
	st := v.c.Styles
	w := v.width
	lines := make([]string, 0, v.height)
	lines = append(lines, v.statusLine())
	s := v.state
	switch {
	case s.Unavailable != "":
		lines = append(lines, st.StatusError.Render(presenceFit("not available: "+ui.Sanitize(s.Unavailable), w)))
	case s.Watched:
		lines = append(lines, st.Muted.Render(presenceFit("the users the tabs show (everyone's presence needs an administrator)", w)))
	}
	lines = append(lines, v.countLines()...)
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
	rule := len(lines)
	lines = append(lines, "")
	rows := v.height - len(lines)
	v.rows = max(rows, 0)
	v.off = v.offset(rows)
	shown := s.Recent[v.off:min(v.off+v.rows, len(s.Recent))]
	lines[rule] = v.ruleLine(v.off, len(shown))
	switch {
	case rows <= 0, s.Unavailable != "":
	case (!v.have || !s.Synced && len(s.Recent) == 0) && s.Watched:
		lines = append(lines, st.Muted.Render(presenceFit("loading presence…", w)))
	case !v.have || !s.Synced && len(s.Recent) == 0:
		lines = append(lines, st.Muted.Render(presenceFit("loading everyone's presence…", w)))
	case len(s.Recent) == 0:
		lines = append(lines, st.Muted.Render(presenceFit("no change yet", w)))
	default:
		for _, c := range shown {
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
func (v *Pane) statusLine() string {
	st := v.c.Styles
	s := v.state
	var badge string
	switch {
	case !v.have || s.Started.IsZero():
		badge = st.Muted.Render("starting")
	case s.Unavailable != "":
		badge = st.Stale.Render("UNAVAILABLE")
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

// countLines: users known and resyncs, then every non-empty category,
// wrapped over as many lines as the width needs. Short labels are used
// when the full ones would take more than presenceCountLines lines and the
// short ones fewer lines than the full.
func (v *Pane) countLines() []string {
	s := v.state
	head := ui.Thousands(s.Users) + " users" // as the tab bar counts them
	if s.Resyncs > 0 {
		head += fmt.Sprintf(" · %d resync", s.Resyncs)
		if s.Resyncs > 1 {
			head += "s"
		}
	}
	head += ":"
	full := wrapCounts(head, v.countWords(tab.PresenceLabel), v.width)
	short := wrapCounts(head, v.countWords(presenceShortLabel), v.width)
	if len(full) > presenceCountLines && len(short) < len(full) {
		return short
	}
	return full
}

// presenceCountLines is how many lines the counts may take with full labels.
const presenceCountLines = 3

// countWords are "label count" for the non-empty categories, the known
// ones in their order, then any this build does not know.
func (v *Pane) countWords(label func(pod.Category) string) []string {
	var words []string
	for _, c := range pod.Categories {
		if n := v.state.Counts[c]; n > 0 {
			words = append(words, label(c)+" "+strconv.Itoa(n))
		}
	}
	var unknown []pod.Category
	for c, n := range v.state.Counts {
		if !slices.Contains(pod.Categories, c) && n > 0 {
			unknown = append(unknown, c)
		}
	}
	slices.Sort(unknown) // map order would make the line flicker
	for _, c := range unknown {
		words = append(words, label(c)+" "+strconv.Itoa(v.state.Counts[c]))
	}
	return words
}

// wrapCounts lays out head then words on lines of w cells: words are
// separated by " · " on a line (head by a space) and never split.
func wrapCounts(head string, words []string, w int) []string {
	var out []string
	line, sep := head, " "
	for _, wd := range words {
		if ansi.StringWidth(line)+len(sep)+ansi.StringWidth(wd) <= w {
			line += sep + wd
		} else {
			out = append(out, presenceFit(line, w))
			line = wd
		}
		sep = " · "
	}
	return append(out, presenceFit(line, w))
}

// Change rows: "09:30:04 Alice Smith     busy → available". The time shows
// on every row of a pane at least presenceTimeMinWidth wide and on none of
// a narrower one; the name gives way first, down to presenceNameMin
// cells, then the move's labels are abbreviated.
const (
	presenceTimeMinWidth = 28
	presenceNameMin      = 10
)

// changeLine lays out one change row.
func (v *Pane) changeLine(id int64, from, to pod.Category, at time.Time) string {
	st := v.c.Styles
	name := "#" + strconv.FormatInt(id, 10)
	if v.d.Names != nil {
		name = v.d.Names.Label(id)
	}
	t := ""
	if v.width >= presenceTimeMinWidth {
		t = presenceClock(at)
	}
	nameW := func(move string) int {
		w := v.width - 1 - ansi.StringWidth(move)
		if t != "" {
			w -= len(t) + 1
		}
		return w
	}
	move := presenceMove(from, to, tab.PresenceLabel)
	if nameW(move) < presenceNameMin {
		move = presenceMove(from, to, presenceShortLabel)
	}
	var b strings.Builder
	if t != "" {
		b.WriteString(st.Muted.Render(t))
		b.WriteByte(' ')
	}
	b.WriteString(tab.FitCells(name, max(nameW(move), 1)))
	b.WriteByte(' ')
	b.WriteString(move)
	return presenceFit(b.String(), v.width)
}

// presenceMove is "busy → available", or "now available" for a user who
// was not known before.
func presenceMove(from, to pod.Category, label func(pod.Category) string) string {
	if from == "" {
		return "now " + label(to)
	}
	return label(from) + " → " + label(to)
}

// resolveNames asks for the names of the shown users not known yet, once
// per user.
func (v *Pane) resolveNames() tea.Cmd {
	if v.d.Names == nil || v.d.Pod == nil {
		return nil
	}
	var ids []int64
	rec := v.state.Recent
	for _, c := range rec[min(v.off, len(rec)):min(v.off+v.rows, len(rec))] {
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
	return ui.Run(ViewID, 0, func() (namesResolved, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		return namesResolved{ids: ids}, d.Names.Resolve(ctx, d.Pod, ids)
	})
}

// View implements ui.View: the cached rendering.
func (v *Pane) View() string { return v.out }

// clock is a time of day in the console's local time.
func presenceClock(t time.Time) string { return t.Local().Format("15:04:05") }

// presenceFit truncates s (possibly styled) to w cells.
func presenceFit(s string, w int) string {
	if ansi.StringWidth(s) > w {
		return ansi.Truncate(s, w, "…")
	}
	return s
}
